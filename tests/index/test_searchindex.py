"""Index lifecycle: rebuilt when missing, broken or outdated; caught up from the journal; locks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.model import Layer, SearchQuery
from index.regions import RegionMaster
from index.search import Searcher
from index.searchindex import SearchIndex
from index.store import Owner, delete_services, write_records
from index.worries import WorryDictionary
from tests.index.judged.directory import build, sample_records

OWNER = Owner(layer=Layer.FEED, source="feed:test", feed="test", feed_version=1)


def state(demo_db: object) -> dict[str, str]:
    return dict(demo_db.execute("SELECT key, value FROM index_state").fetchall())  # type: ignore[attr-defined]


def reopen(folder: Path, db: object) -> SearchIndex:
    return SearchIndex(db, folder / "index", RegionMaster.load(), WorryDictionary.load()).open()  # type: ignore[arg-type]


def test_generation_recorded_and_rebuilt_when_missing_or_broken(tmp_path: Path) -> None:
    demo = build(tmp_path, sample_records())
    first = state(demo.db)
    assert first["live_folder"] == f"index-{first['generation']}"
    assert demo.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 0
    demo.index.close()

    shutil.rmtree(tmp_path / "index" / first["live_folder"])  # missing
    again = reopen(tmp_path, demo.db)
    second = state(demo.db)
    assert int(second["generation"]) > int(first["generation"])
    assert Searcher(again).search(SearchQuery(text="いのちの電話")).hits
    again.close()

    live = tmp_path / "index" / second["live_folder"]
    for f in live.iterdir():  # unreadable
        if f.suffix == ".toc":
            f.write_bytes(b"garbage")
    third = reopen(tmp_path, demo.db)
    assert int(state(demo.db)["generation"]) > int(second["generation"])
    assert Searcher(third).search(SearchQuery(text="いのちの電話")).hits
    # Old generations are cleaned up; only the live folder remains.
    assert [p.name for p in (tmp_path / "index").iterdir()] == [state(demo.db)["live_folder"]]
    third.close()


def test_outdated_schema_triggers_rebuild(tmp_path: Path) -> None:
    demo = build(tmp_path, sample_records())
    demo.index.close()
    with demo.db.atomic():
        demo.db.execute("UPDATE index_state SET value = 'old' WHERE key = 'schema'")
    gen = int(state(demo.db)["generation"])
    reopen(tmp_path, demo.db).close()
    assert int(state(demo.db)["generation"]) == gen + 1


def test_catch_up_touches_only_changed_services_and_clears_journal(tmp_path: Path) -> None:
    records = sample_records()
    demo = build(tmp_path, records)
    regions = RegionMaster.load()
    changed = json.loads(json.dumps(records[0]))
    changed["name"] = "つなぎ試験窓口"
    gone = records[3]["id"]
    with demo.db.atomic():
        write_records(demo.db, [("edit", changed)], OWNER, regions)
        delete_services(demo.db, [gone], OWNER)
    assert demo.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 2
    assert demo.index.catch_up() == 2
    assert demo.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 0
    hits = demo.searcher.search(SearchQuery(text="つなぎ試験窓口")).hits
    assert [h.id for h in hits] == [changed["id"]]
    assert gone not in {
        h.id for h in demo.searcher.search(SearchQuery(text="0120", limit=100)).hits
    }
    with demo.index.searcher() as s:
        assert s.doc_count() == len([r for r in records if r["status"] == "active"]) - 1


def test_a_long_journal_is_caught_up_by_a_fresh_generation(tmp_path: Path) -> None:
    records = sample_records()
    demo = build(tmp_path, records)
    demo.index.rebuild_at = 10
    before = int(state(demo.db)["generation"])
    regions = RegionMaster.load()
    batch = []
    for i, record in enumerate(records[:40]):
        edited = json.loads(json.dumps(record))
        edited["name"] = f"世代交代試験{i:02d}"
        batch.append((f"edit{i}", edited))
    with demo.db.atomic():
        write_records(demo.db, batch, OWNER, regions)
    assert demo.index.catch_up() == 40
    assert int(state(demo.db)["generation"]) == before + 1
    assert demo.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 0
    hits = demo.searcher.search(SearchQuery(text="世代交代試験", limit=100)).hits
    assert len(hits) == len([r for r in records[:40] if r["status"] == "active"])
    # A short journal is still an in-place update of the live generation.
    edited = json.loads(json.dumps(records[0]))
    edited["name"] = "小さな更新"
    with demo.db.atomic():
        write_records(demo.db, [("small", edited)], OWNER, regions)
    assert demo.index.catch_up() == 1
    assert int(state(demo.db)["generation"]) == before + 1


def test_replaced_and_removed_versions_never_match_after_an_update(tmp_path: Path) -> None:
    """Deleted documents are checked once per search (index.filtered), never found."""
    records = sample_records()
    demo = build(tmp_path, records)
    regions = RegionMaster.load()
    first = json.loads(json.dumps(records[0]))
    first["name"] = "旧名称テスト窓口"
    with demo.db.atomic():
        write_records(demo.db, [("a", first)], OWNER, regions)
    demo.index.catch_up()
    assert [h.id for h in demo.searcher.search(SearchQuery(text="旧名称テスト")).hits] == [
        first["id"]
    ]
    renamed = dict(first, name="新名称テスト窓口")
    with demo.db.atomic():
        write_records(demo.db, [("b", renamed)], OWNER, regions)
        delete_services(demo.db, [records[2]["id"]], OWNER)
    assert demo.index.catch_up() == 2
    with demo.index.searcher() as s:
        assert any(sub.reader().has_deletions() for sub, _off in s.leaf_searchers())
    assert demo.searcher.search(SearchQuery(text="旧名称テスト")).hits == ()
    assert [h.id for h in demo.searcher.search(SearchQuery(text="新名称テスト")).hits] == [
        first["id"]
    ]
    for text, region in (("相談", None), ("相談", "131121"), ("死にたい", None)):
        ids = [
            h.id
            for h in demo.searcher.search(SearchQuery(text=text, region=region, limit=500)).hits
        ]
        assert records[2]["id"] not in ids
        assert len(ids) == len(set(ids))


def test_an_empty_directory_opens_searches_and_fills(tmp_path: Path) -> None:
    demo = build(tmp_path, [])
    assert demo.searcher.search(SearchQuery(text="相談")).hits == ()
    with demo.db.atomic():
        write_records(demo.db, [("a", sample_records()[0])], OWNER, RegionMaster.load())
    assert demo.index.catch_up() == 1
    assert demo.searcher.search(SearchQuery(text=sample_records()[0]["name"])).hits


def test_compact_rewrites_updates_and_other_readers_follow(tmp_path: Path) -> None:
    """The sync runner compacts with its own SearchIndex; the window's follows the new folder."""
    records = sample_records()
    demo = build(tmp_path, records)
    window = demo.index
    runner = reopen(tmp_path, demo.db)
    assert runner.compact() is False  # a fresh build has nothing to rewrite
    edited = dict(records[0], name="圧縮試験窓口")
    with demo.db.atomic():
        write_records(demo.db, [("c", edited)], OWNER, RegionMaster.load())
    assert runner.catch_up() == 1
    before = int(state(demo.db)["generation"])
    assert runner.compact() is True
    assert int(state(demo.db)["generation"]) == before + 1
    with runner.searcher() as s:
        assert not any(sub.reader().has_deletions() for sub, _off in s.leaf_searchers())
    assert runner.compact() is False
    # The window's index never caught up itself, yet searches the runner's generation.
    assert [h.id for h in demo.searcher.search(SearchQuery(text="圧縮試験")).hits] == [
        records[0]["id"]
    ]
    assert window.generation == before + 1
    runner.close()


def test_while_another_object_rebuilds_the_journal_is_left_for_after_the_switch(
    tmp_path: Path,
) -> None:
    """A change caught up into the old folder and forgotten could be missing from the new one."""
    import time

    records = sample_records()
    demo = build(tmp_path, records)
    window = demo.index
    assert "rebuilding" not in state(demo.db)
    with demo.db.atomic():
        demo.db.execute(
            "INSERT INTO index_state (key, value) VALUES ('rebuilding', ?)",
            [f"{time.time()} {os.getpid()}"],
        )
        write_records(
            demo.db, [("e", dict(records[0], name="再構築中の変更"))], OWNER, RegionMaster.load()
        )
    assert window.catch_up() == -1
    assert demo.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 1
    # The builder (another object) switches; its marker goes; the window catches up after it.
    builder = reopen(tmp_path, demo.db)
    builder.rebuild()
    assert "rebuilding" not in state(demo.db)
    assert [h.id for h in demo.searcher.search(SearchQuery(text="再構築中の変更")).hits] == [
        records[0]["id"]
    ]
    # A marker left by a builder that was killed, or that died long ago, is ignored.
    with demo.db.atomic():
        demo.db.execute(
            "INSERT INTO index_state (key, value) VALUES ('rebuilding', ?)",
            [f"{time.time()} {_finished_pid()}"],
        )
        write_records(
            demo.db, [("f", dict(records[1], name="古い印の後の変更"))], OWNER, RegionMaster.load()
        )
    assert window.catch_up() == 1
    with demo.db.atomic():
        demo.db.execute(
            "UPDATE index_state SET value = ? WHERE key = 'rebuilding'",
            [f"{time.time() - 7200} {os.getpid()}"],
        )
        write_records(
            demo.db, [("g", dict(records[2], name="古い印の後の変更"))], OWNER, RegionMaster.load()
        )
    assert window.catch_up() == 1
    builder.close()


def _finished_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_lock_held_by_another_writer_keeps_the_journal(tmp_path: Path) -> None:
    records = sample_records()
    demo = build(tmp_path, records)
    changed = json.loads(json.dumps(records[1]))
    changed["name"] = "ロック試験"
    with demo.db.atomic():
        write_records(demo.db, [("edit", changed)], OWNER, RegionMaster.load())
    other = demo.index._ix.writer()  # a second writer holds the lock
    try:
        assert demo.index.catch_up(wait_s=0.1) == -1
        assert demo.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 1
    finally:
        other.cancel()
    assert demo.index.catch_up() == 1
    assert demo.searcher.search(SearchQuery(text="ロック試験")).hits[0].id == changed["id"]


def test_journal_replayed_at_start_up(tmp_path: Path) -> None:
    records = sample_records()
    demo = build(tmp_path, records)
    demo.index.close()
    changed = json.loads(json.dumps(records[2]))
    changed["name"] = "再起動後の窓口"
    with demo.db.atomic():
        write_records(demo.db, [("edit", changed)], OWNER, RegionMaster.load())
    gen = state(demo.db)["generation"]
    index = reopen(tmp_path, demo.db)
    assert state(demo.db)["generation"] == gen  # caught up, not rebuilt
    assert Searcher(index).search(SearchQuery(text="再起動後の窓口")).hits
    index.close()


_SAMPLE: dict[str, object] = {}


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    text=st.one_of(
        st.text(max_size=60),
        st.text(
            alphabet=st.sampled_from('"()*?:^~[]{}ANDORNOT \\/-+!あ死にたい電話０１２😀\x00\ud800'),
            max_size=40,
        ),
        st.just("あ" * 10_000),
        st.just("AND ("),
    ),
    region=st.sampled_from([None, "131121", "000000", "999999", "bogus"]),
    limit=st.integers(-5, 1000),
)
def test_any_string_returns_results_or_empty_never_raises(
    tmp_path_factory: object,
    caplog: pytest.LogCaptureFixture,
    text: str,
    region: str | None,
    limit: int,
) -> None:
    if "demo" not in _SAMPLE:
        folder = tmp_path_factory.mktemp("robust")  # type: ignore[attr-defined]
        _SAMPLE["demo"] = build(folder, sample_records())
    demo = _SAMPLE["demo"]
    result = demo.searcher.search(SearchQuery(text=text, region=region, limit=limit))  # type: ignore[attr-defined]
    assert isinstance(result.hits, tuple)
    assert result.hits or result.message
    assert result.elapsed_ms < 5000
    # search() never raises because it catches: make sure nothing was caught either.
    assert not [r for r in caplog.records if r.name == "index.search" and r.levelname == "ERROR"]
