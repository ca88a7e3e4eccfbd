"""Backups of the database file: taken before a migration and once a day, the last three kept.

Apart from :mod:`index.directory` so that opening the directory reads as opening, and so that
``tsunagi restore-backup`` can list and restore without opening a (possibly damaged) database.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from index.paths import AppPaths

KEEP_BACKUPS = 3


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def backup_database(db: Database, paths: AppPaths, reason: str) -> Path:
    """Copy the live database to ``backups/`` with SQLite's online backup; keep the last three."""
    paths.backups.mkdir(parents=True, exist_ok=True)
    target = paths.backups / f"tsunagi-{_timestamp()}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    dest = sqlite3.connect(str(partial))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    partial.replace(target)
    backups = sorted(paths.backups.glob("tsunagi-*.sqlite3"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def restore_file(backup: Path, database: Path) -> None:
    """Put a backup back in place of the live database (its WAL files are discarded)."""
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    tmp = database.with_suffix(".restoring")
    shutil.copyfile(backup, tmp)
    tmp.replace(database)


def list_backups(paths: AppPaths) -> list[Path]:
    return sorted(paths.backups.glob("tsunagi-*.sqlite3")) if paths.backups.exists() else []
