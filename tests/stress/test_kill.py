"""SIGKILL at random moments during import, note saves, index rebuild, migration and sync apply.

For each kind: one undisturbed run measures the operation's window, then ``TSUNAGI_STRESS_TRIALS``
(default 30) fresh copies of the same data folder each get a victim process killed at a random
moment in that window (a few land just after it: kills after the commit count too). After each:

* ``PRAGMA integrity_check`` is ``ok`` and the next ``Directory.open`` succeeds;
* every note the office had before is there, byte for byte;
* the interrupted operation is all or nothing (import: 0 or all records; sync: old version with
  old rows or new version whose rows hash to the signed digest; migration: old or new schema with
  every note; notes: every note the driver reported committed);
* the next start repairs the search index (search answers, the journal is empty after catch-up).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from index.model import SearchQuery
from index.paths import app_paths
from index.regions import RegionMaster
from index.search import open_index
from sync.apply import add_feed, feed_digest, get_feed
from sync.minisign import SecretKey
from sync.publish import publish
from tests.hardening.dbcheck import integrity
from tests.records import service
from tests.stress.faults import Victim, calibrate, clone, delays, record, trials
from tests.synth import generate

pytestmark = pytest.mark.stress

BASE_NOTES = 12


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kill")


def _write_ndjson(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture(scope="module")
def base(work: Path) -> Iterator[tuple[Path, dict[str, str], list[Any]]]:
    """A seeded office: sample data, a local resource, notes, a built index, a feed to follow."""
    data = work / "base"
    with Directory.open(app_paths(data)) as directory:
        directory.save_local(service("事務所の独自窓口", sid="local-own", phones=["03-0000-0000"]))
        ids = [str(r[0]) for r in directory.db.execute("SELECT id FROM service ORDER BY id")]
        notes = {sid: f"以前からのメモ {i} " + "大切" * i for i, sid in enumerate(ids[:BASE_NOTES])}
        notes["orphan-from-old-feed"] = "フィードから消えた窓口のメモ"
        for sid, body in notes.items():
            directory.set_note(sid, body)
        open_index(directory).close()
        local = _local_rows(directory.db.conn)
    yield data, notes, local


def _local_rows(conn: sqlite3.Connection) -> list[Any]:
    return [
        conn.execute(
            "SELECT service_id, body, created_at FROM note ORDER BY service_id"
        ).fetchall(),
        conn.execute(
            "SELECT id, raw_json FROM service WHERE layer = 'local' ORDER BY id"
        ).fetchall(),
    ]


def _after_kill(data: Path, notes: dict[str, str], *, search: bool = True) -> Directory:
    """The checks every trial shares; returns the reopened directory (caller closes it)."""
    assert integrity(data / "tsunagi.sqlite3") == "ok"
    directory = Directory.open(app_paths(data))
    for sid, body in notes.items():
        assert directory.note(sid) == body, f"note on {sid} lost or changed"
    if search:
        index = open_index(directory)
        assert index.catch_up() >= 0
        assert directory.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 0
        from index.search import Searcher

        assert Searcher(index).search(SearchQuery(text="いのちの電話")).hits
        index.close()
    return directory


# --- notes -----------------------------------------------------------------------------------------


def test_kill_during_note_saves(work: Path, base: tuple[Path, dict[str, str], list[Any]]) -> None:
    data0, notes, _ = base
    count = 400
    window = calibrate(data0, work, "notes", str(count), until="done")
    committed_total = 0
    for trial, delay in enumerate(delays(1, window, trials())):
        data = clone(data0, work / f"notes-{trial}")
        victim = Victim.start("notes", str(data), str(count))
        victim.wait_ready()
        victim.kill_after(delay)
        done = [int(line.split()[1]) for line in victim.lines if line.startswith("committed ")]
        committed_total += len(done)
        directory = _after_kill(data, {}, search=False)
        try:
            ids = [str(r[0]) for r in directory.db.execute("SELECT id FROM service ORDER BY id")]
            last: dict[str, int] = {}
            for i in done:
                last[ids[i % len(ids)]] = i
            for sid, i in last.items():
                body = directory.note(sid)
                # Later, unreported saves may have landed too; never a torn or missing one.
                assert body.startswith("note "), body[:40]
                assert int(body.split()[1]) >= i
            for sid, body in notes.items():
                if sid not in last:
                    assert directory.note(sid) in (body, *_possible_notes(sid, ids, count))
        finally:
            directory.close()
    record(
        "kill-notes", trials=trials(), window_s=round(window, 2), notes_committed=committed_total
    )


def _possible_notes(sid: str, ids: list[str], count: int) -> list[str]:
    return [f"note {i} " + "本文" * (i % 50) for i in range(count) if ids[i % len(ids)] == sid]


# --- import ----------------------------------------------------------------------------------------


def test_kill_during_import(work: Path, base: tuple[Path, dict[str, str], list[Any]]) -> None:
    data0, notes, local = base
    records = list(generate(300, seed=7))
    source = _write_ndjson(work / "import.ndjson", records)
    ids = [r["id"] for r in records]
    window = calibrate(data0, work, "import", str(source), until="imported")
    outcomes = {"in": 0, "out": 0}
    for trial, delay in enumerate(delays(2, window, trials())):
        data = clone(data0, work / f"import-{trial}")
        victim = Victim.start("import", str(data), str(source))
        victim.wait_ready()
        victim.kill_after(delay)
        directory = _after_kill(data, notes)
        try:
            marks = ",".join("?" for _ in ids)
            present = directory.db.execute(
                f"SELECT count(*) FROM service WHERE id IN ({marks})", ids
            ).fetchone()[0]
            assert present in (0, len(ids)), f"a torn import: {present} of {len(ids)}"
            outcomes["in" if present else "out"] += 1
            if any(line.startswith("imported") for line in victim.lines):
                assert present == len(ids), "reported imported, but not there"
            rows = _local_rows(directory.db.conn)
            assert rows[0] == local[0], "notes changed"
            assert [r for r in rows[1] if r[0] not in set(ids)] == local[1]
        finally:
            directory.close()
    record("kill-import", trials=trials(), window_s=round(window, 2), **outcomes)


# --- index rebuild ---------------------------------------------------------------------------------


def test_kill_during_index_rebuild(
    work: Path, base: tuple[Path, dict[str, str], list[Any]]
) -> None:
    data0, notes, _ = base
    bigger = clone(data0, work / "rebuild-base")
    with Directory.open(app_paths(bigger)) as directory:
        directory.import_files([_write_ndjson(work / "rb.ndjson", list(generate(200, seed=11)))])
        open_index(directory).close()
    window = calibrate(bigger, work, "rebuild", until="rebuilt")
    outcomes = {"switched": 0, "old-kept": 0}
    for trial, delay in enumerate(delays(3, window, trials())):
        data = clone(bigger, work / f"rebuild-{trial}")
        before = _generation(data)
        victim = Victim.start("rebuild", str(data))
        victim.wait_ready()
        victim.kill_after(delay)
        outcomes["switched" if _generation(data) > before else "old-kept"] += 1
        directory = _after_kill(data, notes)
        directory.close()
    record("kill-rebuild", trials=trials(), window_s=round(window, 2), **outcomes)


def _generation(data: Path) -> int:
    conn = sqlite3.connect(data / "tsunagi.sqlite3")
    try:
        row = conn.execute("SELECT value FROM index_state WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0
    finally:
        conn.close()


# --- migration -------------------------------------------------------------------------------------


def test_kill_during_migration(work: Path) -> None:
    from tests.fixtures.make_v1_database import build

    old = work / "v1"
    old.mkdir()
    build(old / "tsunagi.sqlite3")
    conn = sqlite3.connect(old / "tsunagi.sqlite3")
    with conn:
        conn.executemany(
            "INSERT INTO note (service_id, body, updated_at) VALUES (?, ?, ?)",
            [(f"svc-{i}", f"古いメモ {i}", "2026-01-01T00:00:00+00:00") for i in range(30_000)],
        )
    expected = dict(conn.execute("SELECT service_id, body FROM note").fetchall())
    conn.close()
    window = calibrate(old, work, "migrate", until="migrated")
    outcomes = {"migrated": 0, "not-yet": 0}
    for trial, delay in enumerate(delays(4, window, trials())):
        data = clone(old, work / f"migrate-{trial}")
        victim = Victim.start("migrate", str(data))
        victim.wait_ready()
        victim.kill_after(delay)
        assert integrity(data / "tsunagi.sqlite3") == "ok"
        conn = sqlite3.connect(data / "tsunagi.sqlite3")
        columns = [r[1] for r in conn.execute("PRAGMA table_info(note)")]
        conn.close()
        outcomes["migrated" if "created_at" in columns else "not-yet"] += 1
        with Directory.open(app_paths(data), seed=False) as directory:  # the next start finishes
            got = dict(directory.db.execute("SELECT service_id, body FROM note").fetchall())
            assert got == expected, "notes lost across an interrupted migration"
            assert (
                directory.db.execute(
                    "SELECT count(*) FROM note WHERE created_at IS NULL"
                ).fetchone()[0]
                == 0
            )
    record("kill-migration", trials=trials(), window_s=round(window, 2), **outcomes)


# --- sync apply ------------------------------------------------------------------------------------


def test_kill_during_sync_apply(work: Path, base: tuple[Path, dict[str, str], list[Any]]) -> None:
    data0, notes, local = base
    key = SecretKey.generate()
    feed = work / "feed"
    publish(
        [_write_ndjson(work / "feed.ndjson", list(generate(150, seed=9)))],
        key,
        feed,
        regions=RegionMaster.load(),
        feed_id="jp-stress",
        now=datetime.now(UTC),
    )
    follower = clone(data0, work / "sync-base")
    with Directory.open(app_paths(follower)) as directory:
        add_feed(directory.db, "national", str(feed), key.public_key.to_file_text())
    window = calibrate(follower, work, "sync", str(feed), until="synced")
    outcomes = {"old": 0, "new": 0}
    for trial, delay in enumerate(delays(5, window, trials())):
        data = clone(follower, work / f"sync-{trial}")
        victim = Victim.start("sync", str(data), str(feed))
        victim.wait_ready()
        victim.kill_after(delay)
        directory = _after_kill(data, notes)
        try:
            row = get_feed(directory.db, "national")
            held = directory.db.execute(
                "SELECT count(*) FROM service WHERE feed = 'national'"
            ).fetchone()[0]
            if row.version == 0:
                assert held == 0, "old version, but new rows"
                outcomes["old"] += 1
            else:
                assert row.version == 1 and held == 150
                assert feed_digest(directory.db, "national") == row.content_digest
                outcomes["new"] += 1
            assert _local_rows(directory.db.conn) == local, "local tables changed"
        finally:
            directory.close()
    record("kill-sync", trials=trials(), window_s=round(window, 2), **outcomes)
