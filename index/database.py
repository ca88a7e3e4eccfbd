"""How every tsunagi process talks to SQLite: one way to connect, one way to write.

Two windows, a background sync and a ``tsunagi import`` may all write the same file. SQLite copes
(WAL, busy timeouts), but only if each write transaction takes the write lock *up front*:
sqlite-utils' ``db.atomic()`` issues a plain (deferred) ``BEGIN``, and a deferred transaction
that reads first and writes later fails at once with "database is locked" when another process
committed in between — the busy handler is never consulted. :func:`write_transaction` uses
``BEGIN IMMEDIATE``, which waits its turn instead, so a counsellor's note save does not fail
because a sync happened to commit. Found by the concurrency stress test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000


class DiskFull(sqlite3.OperationalError):
    """SQLite reported a full disk; the transaction was rolled back and nothing was saved."""


def connect(path: Path, *, read_only: bool = False) -> Database:
    """Open SQLite the way every tsunagi process must: WAL, foreign keys, full sync, patience.

    ``read_only`` opens an immutable view for a data folder that cannot be written (a locked-down
    PC, a write-protected USB stick): the counsellor can still read the crisis numbers.
    """
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        return Database(conn)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db = Database(conn)
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return db


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write: ``BEGIN IMMEDIATE`` at the top level, a savepoint when nested.

    A full disk surfaces as :class:`DiskFull` after the rollback, so callers can say so plainly.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except sqlite3.OperationalError as exc:
        db.conn.rollback()
        if "full" in str(exc).lower():
            raise DiskFull("the disk is full; nothing was saved") from exc
        raise
    except BaseException:
        db.conn.rollback()
        raise
    else:
        try:
            db.conn.commit()
        except sqlite3.OperationalError as exc:
            db.conn.rollback()
            if "full" in str(exc).lower():
                raise DiskFull("the disk is full; nothing was saved") from exc
            raise
