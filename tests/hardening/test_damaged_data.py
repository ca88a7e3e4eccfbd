"""Damaged data: a broken search index is rebuilt; a broken database is refused, never replaced.

* Whoosh index deleted, truncated or garbage-filled → rebuilt at start-up, search works, logged.
* SQLite file corrupted (header, a middle page, truncated) → ``DatabaseCorrupt`` at open, the file
  is left byte-for-byte as it was, the CLI says so with exit 1 and points at ``restore-backup``,
  which restores the last backup with the office's notes.
* A full disk (``PRAGMA max_page_count``) mid-import, mid-note and mid-local-save → an error, and the
  database content digest is unchanged. Read-only folders and a real full file system are in
  ``test_readonly_and_full_disk.py``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index.directory import (
    DatabaseCorrupt,
    Directory,
    ImportRefused,
    backup_database,
    list_backups,
)
from index.model import SearchQuery
from index.paths import AppPaths, app_paths
from index.search import Searcher, open_index
from tests.hardening.dbcheck import content_digest, integrity
from tests.records import service

TSUNAGI = [sys.executable, "-m", "desktop.cli"]
NOTE = "この窓口は火曜だけ担当者が不在。代表番号に回すこと。"


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[AppPaths, str]]:
    """A data folder with the sample, a built index, and one office note on a service."""
    paths = app_paths(tmp_path / "data")
    with Directory.open(paths) as directory:
        sid = str(directory.db.execute("SELECT id FROM service ORDER BY id").fetchone()[0])
        directory.set_note(sid, NOTE)
        open_index(directory).close()
    yield paths, sid


def _live_folder(paths: AppPaths) -> Path:
    conn = sqlite3.connect(paths.database)
    try:
        state = dict(conn.execute("SELECT key, value FROM index_state").fetchall())
    finally:
        conn.close()
    return paths.index_root / state["live_folder"]


def _generation(paths: AppPaths) -> int:
    conn = sqlite3.connect(paths.database)
    try:
        return int(
            conn.execute("SELECT value FROM index_state WHERE key='generation'").fetchone()[0]
        )
    finally:
        conn.close()


# --- the Whoosh index ---------------------------------------------------------------------------


def _delete(folder: Path) -> None:
    shutil.rmtree(folder)


def _truncate(folder: Path) -> None:
    for file in folder.iterdir():
        if file.is_file() and file.suffix in (".toc", ".seg", ".trm", ".pst", ".fdt", ".dci"):
            with file.open("r+b") as fh:
                fh.truncate(file.stat().st_size // 3)


def _garbage(folder: Path) -> None:
    for file in folder.iterdir():
        if file.is_file() and not file.name.endswith(".lock"):
            size = max(file.stat().st_size, 64)
            file.write_bytes(hashlib.sha512(file.name.encode()).digest() * (size // 64 + 1))


def _empty_files(folder: Path) -> None:
    for file in folder.iterdir():
        if file.is_file():
            file.write_bytes(b"")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "deleted": _delete,
    "truncated": _truncate,
    "garbage": _garbage,
    "emptied": _empty_files,
}


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_damaged_search_index_is_rebuilt_at_start_up(
    seeded: tuple[AppPaths, str], how: str, caplog: pytest.LogCaptureFixture
) -> None:
    paths, _sid = seeded
    before = _generation(paths)
    DAMAGE[how](_live_folder(paths))
    caplog.set_level(logging.INFO)
    with Directory.open(paths) as directory:
        searcher = Searcher(directory)  # what the window and `tsunagi search` do at start-up
        hits = searcher.search(SearchQuery(text="いのちの電話")).hits
        assert hits, "search does not work after the rebuild"
        assert _generation(paths) > before, "the damaged index was not replaced"
        searcher.index.close()
    assert _live_folder(paths).is_dir()


@pytest.mark.parametrize("how", ["truncated", "garbage", "emptied"])
def test_rebuild_of_an_unreadable_index_is_reported(
    seeded: tuple[AppPaths, str], how: str, caplog: pytest.LogCaptureFixture
) -> None:
    paths, _sid = seeded
    DAMAGE[how](_live_folder(paths))
    caplog.set_level(logging.INFO)
    with Directory.open(paths) as directory:
        open_index(directory).close()
    assert any("rebuild" in r.getMessage() for r in caplog.records), caplog.text


def test_rebuild_of_a_deleted_index_is_reported(
    seeded: tuple[AppPaths, str], caplog: pytest.LogCaptureFixture
) -> None:
    paths, _sid = seeded
    _delete(_live_folder(paths))
    caplog.set_level(logging.INFO)
    with Directory.open(paths) as directory:
        open_index(directory).close()
    assert any("rebuild" in r.getMessage() for r in caplog.records), caplog.text


def test_search_cli_works_with_a_garbage_index(seeded: tuple[AppPaths, str]) -> None:
    paths, _sid = seeded
    _garbage(_live_folder(paths))
    proc = subprocess.run(
        [*TSUNAGI, "--data-dir", str(paths.data), "search", "いのちの電話", "--json"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout), "no hits after the rebuild"


# --- the SQLite database -----------------------------------------------------------------------


def _corrupt_header(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.write(b"this is not sqlite" + bytes(82))


def _corrupt_middle(db: Path) -> None:
    size = db.stat().st_size
    page = 4096
    with db.open("r+b") as fh:
        for n in range(2, size // page, 3):  # every third page from page 3: b-tree pages hit
            fh.seek(n * page)
            fh.write(b"\xa5" * page)


def _truncate_db(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 2 + 123)


CORRUPTION: dict[str, Callable[[Path], None]] = {
    "header": _corrupt_header,
    "pages": _corrupt_middle,
    "truncated": _truncate_db,
}


def _checkpoint(paths: AppPaths) -> None:
    """Fold the WAL into the main file, as a clean shutdown does, so damage hits real data."""
    conn = sqlite3.connect(paths.database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", sorted(CORRUPTION))
def test_corrupt_database_is_refused_and_left_untouched(
    seeded: tuple[AppPaths, str], how: str
) -> None:
    paths, _sid = seeded
    _checkpoint(paths)
    CORRUPTION[how](paths.database)
    damaged = _sha(paths.database)
    for _ in range(2):  # a second start must refuse too: the first did not "repair" it empty
        with pytest.raises(DatabaseCorrupt) as refused:
            Directory.open(paths)
        assert "restore-backup" in str(refused.value)
        assert str(paths.database) in str(refused.value)
    assert _sha(paths.database) == damaged, "tsunagi wrote to a damaged database"


def test_cli_refuses_a_corrupt_database_and_restore_backup_brings_notes_back(
    seeded: tuple[AppPaths, str],
) -> None:
    paths, sid = seeded
    with Directory.open(paths) as directory:
        backup_database(directory.db, paths, "manual")
    _checkpoint(paths)
    _corrupt_middle(paths.database)
    damaged = _sha(paths.database)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*TSUNAGI, "--data-dir", str(paths.data), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    shown = cli("show", sid)
    assert shown.returncode == 1
    assert "will not write" in shown.stderr and "restore-backup" in shown.stderr
    assert "Traceback" not in shown.stderr
    assert _sha(paths.database) == damaged
    listed = cli("restore-backup", "--list")
    assert listed.returncode == 0 and "manual" in listed.stdout
    restored = cli("restore-backup")
    assert restored.returncode == 0, restored.stderr
    assert (paths.data / "tsunagi.sqlite3.damaged").exists(), "the damaged file was not kept"
    assert integrity(paths.database) == "ok"
    with Directory.open(paths) as directory:
        assert directory.note(sid) == NOTE


def test_restore_backup_refuses_a_damaged_backup(seeded: tuple[AppPaths, str]) -> None:
    paths, _sid = seeded
    with Directory.open(paths) as directory:
        backup = backup_database(directory.db, paths, "manual")
    _corrupt_middle(backup)
    live = _sha(paths.database)
    proc = subprocess.run(
        [*TSUNAGI, "--data-dir", str(paths.data), "restore-backup", str(backup)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2 and "damaged" in proc.stderr
    assert _sha(paths.database) == live


def test_an_emptied_database_with_backups_is_not_silently_replaced(
    seeded: tuple[AppPaths, str],
) -> None:
    paths, _sid = seeded
    with Directory.open(paths) as directory:
        backup_database(directory.db, paths, "manual")
    _checkpoint(paths)
    paths.database.write_bytes(b"")  # a copy tool or a crash left an empty file
    with pytest.raises(DatabaseCorrupt):
        Directory.open(paths).close()


def test_a_normal_session_leaves_a_backup_to_restore(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "data")
    with Directory.open(paths) as directory:
        directory.set_note(str(directory.db.execute("SELECT id FROM service").fetchone()[0]), NOTE)
    with Directory.open(paths):
        pass
    assert list_backups(paths), "a corrupted database would have nothing to restore"


# --- a full disk, simulated with max_page_count --------------------------------------------------


def _fill_to_the_brim(directory: Directory) -> None:
    pages = directory.db.execute("PRAGMA page_count").fetchone()[0]
    directory.db.execute(f"PRAGMA max_page_count = {pages + 1}")


def test_full_disk_mid_import_writes_nothing(seeded: tuple[AppPaths, str], tmp_path: Path) -> None:
    paths, sid = seeded
    records = [service(f"大きな窓口 {i}", description="説明" * 2000) for i in range(200)]
    source = tmp_path / "big.json"
    source.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    with Directory.open(paths) as directory:
        before = content_digest(directory.db.conn)
        _fill_to_the_brim(directory)
        with pytest.raises(sqlite3.OperationalError, match="full"):
            directory.import_files([source])
        assert content_digest(directory.db.conn) == before
        assert directory.note(sid) == NOTE
    assert integrity(paths.database) == "ok"


def test_full_disk_mid_note_keeps_the_old_note(seeded: tuple[AppPaths, str]) -> None:
    paths, sid = seeded
    with Directory.open(paths) as directory:
        before = content_digest(directory.db.conn)
        _fill_to_the_brim(directory)
        with pytest.raises(sqlite3.OperationalError, match="full"):
            directory.set_note(sid, "新しいメモ " * 50_000)
        assert directory.note(sid) == NOTE
        assert content_digest(directory.db.conn) == before
    assert integrity(paths.database) == "ok"


def test_full_disk_mid_local_save_and_retry_after_space_frees(
    seeded: tuple[AppPaths, str],
) -> None:
    paths, _sid = seeded
    record = service("私たちの窓口", description="長い説明。" * 15_000)
    with Directory.open(paths) as directory:
        before = content_digest(directory.db.conn)
        pages = directory.db.execute("PRAGMA page_count").fetchone()[0]
        _fill_to_the_brim(directory)
        with pytest.raises((sqlite3.OperationalError, ImportRefused)):
            directory.save_local(record)
        assert content_digest(directory.db.conn) == before
        assert directory.record(record["id"]) is None
        directory.db.execute(f"PRAGMA max_page_count = {pages * 10}")  # space freed
        directory.save_local(record)
        assert directory.record(record["id"]) == record
    assert integrity(paths.database) == "ok"
