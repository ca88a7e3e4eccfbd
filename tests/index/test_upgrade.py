"""Upgrades: an older database is backed up, migrated, and keeps notes and local resources."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from index import migrations as migrations_module
from index.directory import Directory, MigrationFailed, list_backups
from index.paths import AppPaths
from tests.fixtures.make_v1_database import LOCAL_ID, TARGET


def dump(path: Path) -> list[str]:
    """The database's logical content (opening in WAL mode changes header bytes, not content)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def old_database(paths: AppPaths) -> AppPaths:
    paths.ensure()
    shutil.copyfile(TARGET, paths.database)
    return paths


def test_v1_database_migrates_and_keeps_everything(old_database: AppPaths) -> None:
    with Directory.open(old_database) as directory:
        assert directory.note(LOCAL_ID) == "火曜は午後から"
        assert directory.note("gone-from-feed") == "フィードから消えた窓口のメモ"
        assert "gone-from-feed" in directory.orphaned_notes()
        record = directory.record(LOCAL_ID)
        assert record is not None and record["name"].startswith("【デモ】")
        created = directory.db.execute(
            "SELECT created_at FROM note WHERE service_id = ?", [LOCAL_ID]
        ).fetchone()[0]
        assert created == "2026-01-02T00:00:00+00:00"
    (backup,) = list_backups(old_database)
    assert "pre-migration" in backup.name
    assert backup.read_bytes()[:16] == b"SQLite format 3\x00"


def test_failed_migration_restores_the_backup(
    old_database: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(old_database.database)

    def broken(db: Database) -> None:
        db.execute("ALTER TABLE note ADD COLUMN created_at TEXT")
        raise RuntimeError("disk went away")

    step = next(m for m in migrations_module.migrations._migrations if m.name.startswith("m002"))
    monkeypatch.setattr(step, "fn", broken)
    with pytest.raises(MigrationFailed, match=r"backup .* was restored"):
        Directory.open(old_database)
    monkeypatch.undo()
    assert dump(old_database.database) == before
    with Directory.open(old_database) as directory:
        assert directory.note(LOCAL_ID) == "火曜は午後から"


def test_fixture_really_is_old() -> None:
    db = Database(str(Path(TARGET)))
    names = [r["name"] for r in db["_sqlite_migrations"].rows]
    assert names == ["m001_core"]
    db.close()
