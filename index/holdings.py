"""What the directory holds, read-only: its feeds, how many services each layer has, and whether
the file (or a backup of it) is sound.

The window's status line, the About box, ``tsunagi feeds list`` and ``restore-backup`` ask these
questions. They are answered here, behind :class:`index.directory.Directory`, so that desktop code
never writes SQL of its own.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database


@dataclass(frozen=True)
class FeedState:
    """One subscribed feed as last synced: version, when it last worked, its last error."""

    name: str
    version: int
    last_success: str | None
    last_error: str | None
    expires: str | None
    url: str = ""


@dataclass(frozen=True)
class LayerCount:
    """Services held per feed (``local`` for the office's own): the newest version and a count."""

    feed: str
    version: int | None
    services: int


def feed_states(db: Database) -> list[FeedState]:
    return [
        FeedState(str(r[0]), int(r[1] or 0), r[2], r[3], r[4], str(r[5]))
        for r in db.execute(
            "SELECT name, version, last_success, last_error, expires, url FROM feed ORDER BY name"
        )
    ]


def services_by_feed(db: Database) -> list[LayerCount]:
    return [
        LayerCount(str(r[0]), r[1], int(r[2]))
        for r in db.execute(
            "SELECT coalesce(feed, 'local'), max(feed_version), count(*) "
            "FROM service GROUP BY 1 ORDER BY 1"
        )
    ]


def feed_service_count(db: Database, feed: str) -> int:
    """Services the feed layer holds from ``feed`` (the bundled sample counts as a feed)."""
    row = db.execute(
        "SELECT count(*) FROM service WHERE layer = 'feed' AND feed = ?", [feed]
    ).fetchone()
    return int(row[0])


def quick_check(db: Database) -> str:
    """SQLite's ``PRAGMA quick_check``: ``ok``, or its report of the damage."""
    return str(db.execute("PRAGMA quick_check").fetchone()[0])


def backup_is_sound(path: Path) -> bool:
    """Whether a backup file opens read-only and passes ``PRAGMA integrity_check``."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
