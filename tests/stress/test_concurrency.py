"""Two app processes and a sync, all at once, on one data folder, for ``TSUNAGI_STRESS_SECONDS``.

"App processes" here are two processes each holding a ``Directory`` and a ``Searcher`` on the same
folder, as two open windows would, doing random counsellor work: notes, local resources, searches,
index catch-ups. Driving two real Qt windows with random input is not practical; the window does
its work through exactly these calls on its database worker, so this is the same load on SQLite
and Whoosh. The third process syncs the feed over and over with ``sync_feed`` (the code behind
``tsunagi sync``) while this test publishes new versions of that feed into its folder. Loopback
only: the feed is a local folder.

At the end: ``integrity_check`` ok, every note each worker reported committed is there with that
exact text, every local resource is there, the feed holds the last version synced and its rows hash
to the signed digest, a known query never came back empty, and the search index catches up.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from index.paths import app_paths
from index.regions import RegionMaster
from index.search import open_index
from sync.apply import add_feed, feed_digest, get_feed
from sync.minisign import SecretKey
from sync.publish import publish
from tests.hardening.dbcheck import integrity
from tests.stress.faults import Victim, record, stress_seconds
from tests.synth import generate

pytestmark = pytest.mark.stress

VERSIONS = 12


def _feed_records(version: int) -> list[dict[str, Any]]:
    records = list(generate(120, seed=21))
    for rec in records[: version * 5]:
        rec["name"] = f"{rec['name']}（v{version}）"
    return records[: 120 - version]  # one service leaves the feed per version: tombstones too


def _publish(feed: Path, key: SecretKey, version: int, work: Path) -> None:
    source = work / f"feed-v{version}.ndjson"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _feed_records(version)), "utf-8"
    )
    publish(
        [source],
        key,
        feed,
        regions=RegionMaster.load(),
        feed_id="jp-stress",
        confirm_phone_changes=True,
        now=datetime.now(UTC),
    )


def test_two_apps_and_a_sync_at_once(tmp_path: Path) -> None:
    seconds = stress_seconds()
    key = SecretKey.generate()
    feed = tmp_path / "feed"
    _publish(feed, key, 0, tmp_path)
    data = tmp_path / "data"
    keep = {"orphan-1": "昔の窓口のメモ", "orphan-2": "<b>タグも文字</b>"}
    with Directory.open(app_paths(data)) as directory:
        add_feed(directory.db, "national", str(feed), key.public_key.to_file_text())
        for sid, body in keep.items():
            directory.set_note(sid, body)
        open_index(directory).close()

    workers = [
        Victim.start("mixed", str(data), str(seconds), "101", "0"),
        Victim.start("mixed", str(data), str(seconds), "202", "1"),
    ]
    syncer = Victim.start("syncloop", str(data), str(seconds), str(feed))
    for victim in [*workers, syncer]:
        victim.wait_ready()
    published = 0
    while published < VERSIONS:  # new versions while everything runs; paced by the workers' life
        try:
            workers[0].proc.wait(timeout=seconds / (VERSIONS + 2))
            break
        except subprocess.TimeoutExpired:
            published += 1
            _publish(feed, key, published, tmp_path)
    for victim in [*workers, syncer]:
        victim.finish(timeout=seconds + 600)

    # Every check is collected, so the figures are recorded even when one fails.
    problems: list[str] = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    check(integrity(data / "tsunagi.sqlite3") == "ok", "integrity_check failed")
    notes = locals_ = searches = lost = misses = 0
    lock_errors = [line for w in workers for line in w.lines if line.startswith("lockerr ")]
    check(not lock_errors, f"{len(lock_errors)} saves failed: {lock_errors[:1]}")
    with Directory.open(app_paths(data)) as directory:
        for sid, body in keep.items():
            check(directory.note(sid) == body, f"old note on {sid} changed")
        for worker in workers:
            last: dict[str, str] = {}
            for line in worker.lines:
                kind, _, rest = line.partition(" ")
                if kind == "note":
                    sid, sha = rest.split(" ")
                    last[sid] = sha
                    notes += 1
                elif kind == "local":
                    locals_ += 1
                    check(directory.record(rest) is not None, f"local resource {rest} lost")
                elif kind == "search":
                    searches += 1
                elif line == "miss":
                    misses += 1
            seed = worker.proc.args[6] if isinstance(worker.proc.args, list) else ""
            for sid, sha in last.items():
                body = directory.note(sid)
                if hashlib.sha256(body.encode()).hexdigest() != sha:
                    lost += 1
                    how = "missing" if not body else f"now {body[:30]!r}"
                    problems.append(f"note on {sid} by worker {seed}: {how}")
        check(lost == 0, f"{lost} committed notes lost or changed")
        check(misses == 0, f"a known query came back empty {misses} times during the run")
        synced = [line.split()[1] for line in syncer.lines if line.startswith("synced ")]
        refused = [line for line in syncer.lines if line.startswith("refused ")]
        row = get_feed(directory.db, "national")
        check(
            bool(synced) and row.version == int(synced[-1]), "feed version is not the last synced"
        )
        check(row.version >= 1, "no sync ever applied")
        check(feed_digest(directory.db, "national") == row.content_digest, "feed digest mismatch")
        index = open_index(directory)
        index.catch_up()
        dirty = directory.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0]
        check(dirty == 0, f"{dirty} services never reached the search index")
        index.close()
    check(notes > 0 and locals_ > 0 and searches > 0, "the workers did no work")
    record(
        "concurrency",
        seconds=seconds,
        processes=3,
        notes_committed=notes,
        local_resources_saved=locals_,
        searches=searches,
        searches_empty_for_a_known_query=misses,
        versions_published=published,
        syncs=len(synced),
        sync_refusals=len(refused),
        refusal_kinds=sorted({r.split()[1] for r in refused}),
        final_feed_version=row.version,
        notes_lost=lost,
        saves_failed_database_locked=len(lock_errors),
        problems=problems,
    )
    assert not problems, problems
