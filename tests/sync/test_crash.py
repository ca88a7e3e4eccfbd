"""Crash safety: SIGKILL a sync process at random points; a full disk mid-apply.

After every kill the database passes ``PRAGMA integrity_check``, holds entirely the old version or
entirely the new one (its content digest is that version's signed digest), and the office's local
tables are byte-identical. The child waits for a line on stdin before syncing, so the random kill
time covers the sync itself, not Python's start-up.
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from index.paths import app_paths
from sync.apply import (
    CHECK_APART_AT,
    DatabaseWriteError,
    add_feed,
    feed_digest,
    get_feed,
    sync_feed,
)
from sync.fetch import FolderSource
from sync.minisign import SecretKey
from sync.publish import publish
from tests.records import service

KEY = SecretKey.generate()
TRIALS = 30


def records(n: int, tag: str) -> list[dict[str, Any]]:
    return [
        service(f"窓口{i}", sid=f"svc-{i:04d}", phones=[f"0120-{i:03d}-000"], description=tag)
        for i in range(n)
    ]


def write(path: Path, recs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
    return path


def local_tables(db: sqlite3.Connection) -> list[Any]:
    return [
        db.execute("SELECT * FROM note ORDER BY service_id").fetchall(),
        db.execute("SELECT * FROM service WHERE layer = 'local' ORDER BY id").fetchall(),
    ]


@pytest.fixture
def prepared(tmp_path: Path) -> tuple[Path, Path, dict[int, str]]:
    """A data folder synced to version 1, and a host with version 2 (a big delta)."""
    host = tmp_path / "host"
    inputs = tmp_path / "in"
    inputs.mkdir()
    regions = Directory.open(app_paths(tmp_path / "scratch"), seed=False).regions
    v1 = publish(
        [write(inputs / "1.ndjson", records(400, "v1"))],
        KEY,
        host,
        regions=regions,
        feed_id="jp-national",
    )
    data = tmp_path / "base"
    d = Directory.open(app_paths(data), seed=False)
    add_feed(d.db, "national", str(host), KEY.public_key.to_file_text())
    d.save_local(service("事務所の窓口", sid="local-1"))
    d.set_note("svc-0001", "メモ")
    sync_feed(d.db, d.paths, d.regions, "national", source=FolderSource(host))
    d.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    d.close()
    # 380 changed (each grown by ~1 KB, so the apply must allocate pages), 20 removed
    v2_records = records(380, "v2" + "。改訂された説明" * 60)
    v2 = publish(
        [write(inputs / "2.ndjson", v2_records)],
        KEY,
        host,
        regions=regions,
        confirm_phone_changes=True,
    )
    return data, host, {1: v1.manifest.content_digest, 2: v2.manifest.content_digest}


def sync_national(d: Directory, host: Path, apart_at: int, **kwargs: Any) -> Any:
    return sync_feed(
        d.db,
        d.paths,
        d.regions,
        "national",
        source=FolderSource(host),
        check_apart_at=apart_at,
        **kwargs,
    )


def run_child(data: Path, host: Path, kill_after: float | None, apart_at: int) -> float:
    """Fork a sync of ``data``; SIGKILL it ``kill_after`` seconds into its apply step.

    Forking (rather than starting Python afresh) keeps each trial cheap; the child opens its own
    database connection after the fork. Returns how long the apply step ran (for the uncut run).
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.close(read_end)
            d = Directory.open(app_paths(data), seed=False)

            def progress(step: str, _fraction: float) -> None:
                if step == "apply":
                    os.write(write_end, b"a")

            sync_national(d, host, apart_at, progress=progress)
            os.write(write_end, b"d")
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        marker = os.read(read_end, 1)  # blocks until the child reaches its apply step
        assert marker == b"a", "the child died before applying"
        started = time.monotonic()
        ready, _, _ = select.select([read_end], [], [], 60 if kill_after is None else kill_after)
        finished = bool(ready) and os.read(read_end, 1) == b"d"
        elapsed = time.monotonic() - started
        if not finished:
            assert kill_after is not None, "the uncut sync did not finish"
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return elapsed
    finally:
        os.close(read_end)


@pytest.mark.parametrize("apart_at", [CHECK_APART_AT, 0], ids=["checked-first", "checked-apart"])
def test_sigkill_mid_apply_is_all_or_nothing(
    prepared: tuple[Path, Path, dict[int, str]], tmp_path: Path, apart_at: int
) -> None:
    """``checked-apart``: the records are checked in a helper process during the apply (as a
    big snapshot is), so kills also land while the helper runs."""
    base, host, digests = prepared
    with sqlite3.connect(base / "tsunagi.sqlite3") as conn:
        local_before = local_tables(conn)
    rng = random.Random(20261126)
    outcomes = {1: 0, 2: 0}

    def trial(n: int, kill_after: float | None) -> float:
        data = tmp_path / f"trial-{n}"
        shutil.copytree(base, data)
        elapsed = run_child(data, host, kill_after, apart_at)
        conn = sqlite3.connect(data / "tsunagi.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            version = conn.execute("SELECT version FROM feed").fetchone()[0]
            assert feed_digest_conn(conn) == digests[version], f"trial {n}: mixed data"
            assert local_tables(conn) == local_before
        finally:
            conn.close()
        outcomes[version] += 1
        shutil.rmtree(data)
        return elapsed

    window = trial(0, None)  # an uncut sync: how long its apply step takes
    assert outcomes == {1: 0, 2: 1}
    for n in range(1, TRIALS + 1):
        trial(n, rng.uniform(0, window * 1.2))
    print(f"SIGKILL trials: {TRIALS}: committed {outcomes[2] - 1}, rolled back {outcomes[1]}")
    assert outcomes[1] + outcomes[2] == TRIALS + 1
    assert outcomes[1] > 0  # the kills did land inside the transaction


def feed_digest_conn(conn: sqlite3.Connection) -> str:
    from sync.manifest import content_digest

    return content_digest(
        conn.execute("SELECT id, raw_sha256 FROM service WHERE layer = 'feed'").fetchall()
    )


@pytest.mark.parametrize("apart_at", [CHECK_APART_AT, 0], ids=["checked-first", "checked-apart"])
def test_disk_full_mid_apply_rolls_back(
    prepared: tuple[Path, Path, dict[int, str]], apart_at: int
) -> None:
    base, host, digests = prepared
    d = Directory.open(app_paths(base), seed=False)
    try:
        local_before = local_tables(d.db.conn)
        pages = d.db.execute("PRAGMA page_count").fetchone()[0]
        d.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(DatabaseWriteError, match="full"):
            sync_national(d, host, apart_at)
        d.db.execute("PRAGMA max_page_count = 1073741823")
        assert feed_digest(d.db, "national") == digests[1]
        assert get_feed(d.db, "national").version == 1
        assert local_tables(d.db.conn) == local_before
        assert d.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # With room again, the same sync goes through.
        assert (
            sync_feed(d.db, d.paths, d.regions, "national", source=FolderSource(host)).version == 2
        )
    finally:
        d.close()
