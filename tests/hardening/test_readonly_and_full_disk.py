"""A read-only data folder and a really full file system, through the real ``tsunagi`` command.

How the conditions are made, without mocks:

* **read-only**: a read-only bind mount of the data folder (root with mount rights, as in CI here);
  otherwise, when not root, ``chmod -R a-w``. The data folder must come out byte-identical.
* **full disk**: the data folder is copied into a small ``tmpfs`` mount and the free space is
  filled with a ballast file; without mount rights the child process gets ``RLIMIT_FSIZE`` instead
  (writes past the limit fail with ``EFBIG``, as on a full disk). Then an import, and a big note,
  must fail with a one-line message, exit 1 or 2, and leave the content digest unchanged.

Mounts are undone in the fixture's ``finally``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from index.paths import app_paths
from tests.hardening.dbcheck import file_digest, integrity, tree
from tests.records import service

TSUNAGI = [sys.executable, "-m", "desktop.cli"]


def _can_mount(probe: Path) -> bool:
    probe.mkdir(exist_ok=True)
    ok = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
        capture_output=True,
        check=False,
    )
    if ok.returncode != 0:
        return False
    subprocess.run(["umount", str(probe)], check=True)
    return True


@pytest.fixture
def seeded_data(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    with Directory.open(app_paths(data)) as directory:
        sid = str(directory.db.execute("SELECT id FROM service ORDER BY id").fetchone()[0])
        directory.set_note(sid, "大切なメモ")
        directory.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return data, sid


@contextlib.contextmanager
def read_only(folder: Path, probe: Path) -> Iterator[str]:
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield "chmod"
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if not _can_mount(probe):
        pytest.fail("read-only test needs mount rights as root (CI runs privileged), or non-root")
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield "ro-bind-mount"
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _cli(data: Path, *args: str, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            import resource
            import signal

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a core dump
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [*TSUNAGI, "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limit if fsize is not None else None,
    )


def _one_clear_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode in (1, 2), (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines, "failed without saying why"
    return lines[0]


def test_read_only_data_folder_changes_nothing(
    seeded_data: tuple[Path, str], tmp_path: Path
) -> None:
    data, sid = seeded_data
    source = tmp_path / "in.json"
    source.write_text(json.dumps(service("新しい窓口")), "utf-8")
    digest, files = file_digest(data / "tsunagi.sqlite3"), tree(data)
    with read_only(data, tmp_path / "probe"):
        imported = _cli(data, "import", str(source))
        _one_clear_line(imported)
    assert tree(data) == files, "something was written into the read-only folder"
    assert file_digest(data / "tsunagi.sqlite3") == digest
    with Directory.open(app_paths(data)) as directory:
        assert directory.note(sid) == "大切なメモ"


def test_read_only_data_folder_is_named_as_such(
    seeded_data: tuple[Path, str], tmp_path: Path
) -> None:
    data, sid = seeded_data
    with read_only(data, tmp_path / "probe"):
        shown = _cli(data, "show", sid)
        line = _one_clear_line(shown) if shown.returncode else ""
    # Either it still shows the service (read-only open), or it says *read-only*, never "restore".
    assert shown.returncode == 0 or (
        ("read-only" in line or "permission" in line.lower()) and "restore" not in line
    )


@contextlib.contextmanager
def small_disk(folder: Path, size_kb: int) -> Iterator[Path]:
    folder.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)], check=True
    )
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(folder: Path, leave: int) -> None:
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with (folder / "ballast").open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def _fill_up(path: Path) -> None:
    """Write until the file system says no: the last pages statvfs does not count go too."""
    with path.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass


def test_full_disk_import_and_note_fail_cleanly(
    seeded_data: tuple[Path, str], tmp_path: Path
) -> None:
    data, sid = seeded_data
    records = [service(f"窓口 {i}", description="説明文" * 3000) for i in range(100)]
    source = tmp_path / "big.json"
    source.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    db_size = (data / "tsunagi.sqlite3").stat().st_size
    if os.geteuid() == 0 and _can_mount(tmp_path / "probe"):
        with small_disk(tmp_path / "disk", size_kb=db_size // 1024 + 12 * 1024) as disk:
            target = disk / "data"
            shutil.copytree(data, target)
            before = file_digest(target / "tsunagi.sqlite3")
            _fill(disk, leave=96 * 1024)
            line = _one_clear_line(_cli(target, "import", str(source)))
            assert "full" in line.lower(), line
            assert file_digest(target / "tsunagi.sqlite3") == before
            assert integrity(target / "tsunagi.sqlite3") == "ok"
            (disk / "ballast").unlink()
            ok = _cli(target, "import", str(source))  # space freed: the same import succeeds
            assert ok.returncode == 0, ok.stderr
            with Directory.open(app_paths(target)) as directory:
                assert directory.note(sid) == "大切なメモ"
        return
    before = file_digest(data / "tsunagi.sqlite3")
    _one_clear_line(_cli(data, "import", str(source), fsize=db_size + 64 * 1024))
    assert file_digest(data / "tsunagi.sqlite3") == before
    assert integrity(data / "tsunagi.sqlite3") == "ok"


# --- issue 15: a linked database file, the WAL of a read-only folder, 0 bytes free ----------------


@pytest.mark.parametrize("target", ["dangling", "existing", "wal"])
def test_a_symlinked_database_file_is_refused(tmp_path: Path, target: str) -> None:
    """A dangling link at the database's place created a database outside the data folder."""
    data = tmp_path / "data"
    outside = tmp_path / "elsewhere" / "tsunagi.sqlite3"
    outside.parent.mkdir()
    if target == "dangling":
        data.mkdir()
        (data / "tsunagi.sqlite3").symlink_to(outside)
    else:
        with Directory.open(app_paths(data)):
            pass
        if target == "existing":
            shutil.move(data / "tsunagi.sqlite3", outside)
            (data / "tsunagi.sqlite3").symlink_to(outside)
        else:
            (data / "tsunagi.sqlite3-wal").symlink_to(outside)
    before = sorted(p.name for p in outside.parent.iterdir())
    shown = _cli(data, "search", "死にたい")
    line = _one_clear_line(shown)
    assert "シンボリックリンク" in line and "restore" not in line, line
    assert sorted(p.name for p in outside.parent.iterdir()) == before, "written outside the folder"


def _with_commits_in_the_wal(source: Path, target: Path, sid: str) -> None:
    """``target``: a copy of ``source`` whose last commits are still in the WAL (not checkpointed),
    as a PC switched off (or a stick pulled out) leaves it."""
    assert _cli(source, "search", "死にたい").returncode == 0  # the search index exists too
    with Directory.open(app_paths(source)) as directory:
        directory.db.execute("PRAGMA wal_autocheckpoint = 0")
        directory.set_note(sid, "新しいメモ（WALの中）")
        directory.save_local(service("WALの中の窓口", sid="in-the-wal", phones=["0142-00-7777"]))
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*-shm", "backups"))
    assert (target / "tsunagi.sqlite3-wal").stat().st_size > 0


def test_a_read_only_folder_shows_the_commits_still_in_the_wal(
    seeded_data: tuple[Path, str], tmp_path: Path
) -> None:
    data, sid = seeded_data
    stick = tmp_path / "stick"
    _with_commits_in_the_wal(data, stick, sid)
    files = tree(stick)
    with read_only(stick, tmp_path / "probe"):
        shown = _cli(stick, "show", sid, "--json")
        found = _cli(stick, "show", "in-the-wal", "--json")
        refused = _cli(stick, "import", str(tmp_path / "nothing.json"))
        # Search still answers: the index is read as it is (the journal it cannot write waits).
        searched = _cli(stick, "search", "死にたい")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["tsunagi"]["note"] == "新しいメモ（WALの中）"
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["phones"][0]["number"] == "0142-00-7777"
    assert "読み取り専用" in shown.stderr, shown.stderr  # it says so
    assert refused.returncode != 0
    assert searched.returncode == 0, searched.stderr
    assert "いのちの電話" in searched.stdout
    assert tree(stick) == files, "something was written into the read-only folder"


def test_at_zero_bytes_free_it_still_shows_and_names_the_full_disk(
    seeded_data: tuple[Path, str], tmp_path: Path
) -> None:
    """At 0 bytes free the app advised `restore-backup`: the data was fine, the disk was full."""
    data, sid = seeded_data
    if os.geteuid() != 0 or not _can_mount(tmp_path / "probe"):
        pytest.fail("the full-disk test needs a tmpfs mount (root, as CI runs)")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(service("新しい窓口")), "utf-8")
    db_size = (data / "tsunagi.sqlite3").stat().st_size
    with small_disk(tmp_path / "disk", size_kb=db_size // 1024 + 2048) as disk:
        target = disk / "data"
        before = file_digest(data / "tsunagi.sqlite3")  # (opening the copy would make its -shm)
        shutil.copytree(data, target, ignore=shutil.ignore_patterns("*-shm", "*-wal"))
        _fill(disk, leave=0)  # the next open cannot even make SQLite's shared-memory file
        _fill_up(disk / "ballast-2")
        assert os.statvfs(disk).f_bavail == 0
        shown = _cli(target, "show", sid, "--json")
        assert shown.returncode == 0, shown.stderr  # the numbers can still be read
        assert json.loads(shown.stdout)["tsunagi"]["note"] == "大切なメモ"
        assert "ディスクがいっぱい" in shown.stderr, shown.stderr
        assert "restore" not in shown.stderr and "Traceback" not in shown.stderr
        line = _one_clear_line(_cli(target, "import", str(source)))
        assert "ディスクがいっぱい" in line and "空きを作って" in line, line
        assert "restore" not in line
        (disk / "ballast").unlink()
        (disk / "ballast-2").unlink()
        assert file_digest(target / "tsunagi.sqlite3") == before


def test_the_window_says_the_folder_is_read_only_and_keeps_notes_closed(
    qtbot: Any, seeded_data: tuple[Path, str], tmp_path: Path
) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.app import create_app, remove_translator
    from desktop.controllers.main_window import MainWindow
    from desktop.controllers.settings_dialog import load_settings

    data, sid = seeded_data
    stick = tmp_path / "stick"
    _with_commits_in_the_wal(data, stick, sid)
    with read_only(stick, tmp_path / "probe"):
        directory = Directory.open(app_paths(stick))
        assert directory.read_only and directory.note(sid) == "新しいメモ（WALの中）"
        settings = load_settings(directory)
        state = create_app(str(settings["ui_language"]), int(settings["font_size"]))
        window = MainWindow(directory, state, settings)
        qtbot.addWidget(window)
        window.show()
        try:
            banner = window.view.stale_banner
            qtbot.waitUntil(lambda: banner.isVisible() and "読み取り専用" in banner.text())
            qtbot.waitUntil(lambda: window.view.detail.note.isReadOnly())
        finally:
            remove_translator(state)
            window.close()
            directory.close()
