"""How every tsunagi process talks to SQLite: one way to connect, one way to write.

Two windows, a background sync and a ``tsunagi import`` may all write the same file. SQLite copes
(WAL, busy timeouts), but only if each write transaction takes the write lock *up front*:
sqlite-utils' ``db.atomic()`` issues a plain (deferred) ``BEGIN``, and a deferred transaction
that reads first and writes later fails at once with "database is locked" when another process
committed in between — the busy handler is never consulted. :func:`write_transaction` uses
``BEGIN IMMEDIATE``, which waits its turn instead, so a counsellor's note save does not fail
because a sync happened to commit. Found by the concurrency stress test.

It also decides what opening a file means when the file system is not friendly (issue 15):

* the database file (or its ``-wal``/``-shm``/``-journal``) must not be a symbolic link: SQLite
  follows one, and a dangling link created a database outside the data folder;
* a read-only data folder is opened so that commits still in the WAL are read (``immutable=1``
  alone ignores them: an old number showed and a note was missing): the database and its WAL are
  copied to a private temporary folder and that copy is read;
* a full disk is named as a full disk, in Japanese, with what to do, never "restore a backup".
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000


LOW_SPACE_BYTES = 256 * 1024
"""Below this much free space an open or a write that fails is taken to have failed for space."""

SIDE_FILES = ("-wal", "-shm", "-journal")


class DiskFull(sqlite3.OperationalError):
    """SQLite reported a full disk; the transaction was rolled back and nothing was saved."""


class LinkedDatabase(sqlite3.DatabaseError):
    """The database file (or a file beside it) is a symbolic link; tsunagi does not follow it."""


def disk_full_message(folder: Path) -> str:
    """What a counsellor or admin reads when the disk is full: what happened and what to do."""
    free = free_bytes(folder)
    space = f"空き {free:,} バイト" if free is not None else "空きなし"
    return (
        f"ディスクがいっぱいです（{folder}、{space}）。保存済みのデータは無事ですが、"
        "いまの変更は保存されていません。不要なファイルを削除するなどして空きを作ってから、"
        "もう一度やり直してください（disk full）。"
    )


def free_bytes(folder: Path) -> int | None:
    """Free bytes for an ordinary user on the file system holding ``folder`` (None if unknown)."""
    for candidate in (folder, *folder.parents):
        try:
            stat = os.statvfs(candidate)
        except (OSError, AttributeError):
            continue
        return stat.f_bavail * stat.f_frsize
    return None


def is_disk_full(exc: BaseException, folder: Path) -> bool:
    """Did ``exc`` happen because the disk is full? SQLite often says only "disk I/O error"."""
    if isinstance(exc, DiskFull) or "full" in str(exc).lower():
        return True
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return True
    free = free_bytes(folder)
    return free is not None and free < LOW_SPACE_BYTES


def check_not_linked(path: Path) -> None:
    """Refuse a database file, or a file SQLite puts beside it, that is a symbolic link."""
    for candidate in (path, *(Path(str(path) + suffix) for suffix in SIDE_FILES)):
        if candidate.is_symlink():
            raise LinkedDatabase(
                f"{candidate} はシンボリックリンクです。データがデータフォルダーの外に書かれるのを"
                "防ぐため、tsunagi はリンクをたどりません。リンクを削除して本物のファイルを置くか、"
                "--data-dir で別のフォルダーを選んでください。"
            )


def connect(path: Path, *, read_only: bool = False) -> Database:
    """Open SQLite the way every tsunagi process must: WAL, foreign keys, full sync, patience.

    ``read_only`` opens an immutable view for a data folder that cannot be written (a locked-down
    PC, a write-protected USB stick): the counsellor can still read the crisis numbers.
    """
    check_not_linked(path)
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
            raise DiskFull(disk_full_message(_folder(db))) from exc
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
                raise DiskFull(disk_full_message(_folder(db))) from exc
            raise


def _folder(db: Database) -> Path:
    """The folder of the database's main file ("." for an in-memory one)."""
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else Path(".")


def open_read_only(path: Path) -> tuple[Database, Path | None]:
    """Open a database that cannot be written, reading the commits still in its WAL.

    ``immutable=1`` on the file itself ignores the WAL. When there is a WAL with content, the
    database and the WAL are copied to a private temporary folder and the copy is opened (SQLite
    reads the WAL there); the caller removes the folder (returned) when it closes. Writes are
    refused on the connection (``query_only``) as well as by the caller.
    """
    check_not_linked(path)
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return connect(path, read_only=True), None
    scratch = Path(tempfile.mkdtemp(prefix="tsunagi-read-only-"))
    try:
        copy = scratch / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, Path(str(copy) + "-wal"))
        conn = sqlite3.connect(str(copy), check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return Database(conn), scratch
