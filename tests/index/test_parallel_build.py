"""A rebuild in two processes gives the index one process gives, and falls back to one process."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from index.model import SearchQuery
from index.regions import RegionMaster
from index.search import Searcher
from index.searchindex import SearchIndex
from index.worries import WorryDictionary
from tests.index.judged.directory import load, open_db, sample_records
from tests.synth import generate

QUERIES = [
    SearchQuery(text="死にたい"),
    SearchQuery(text="家賃が払えない", region="131016"),
    SearchQuery(text="ひきこもり", region="271004"),
    SearchQuery(text="いのちの電話"),
    SearchQuery(text="相談", region="011002", limit=50),
    SearchQuery(text="", region="131130", limit=50),
]


def _open(db: Database, root: Path, parallel_at: int) -> SearchIndex:
    return SearchIndex(
        db, root, RegionMaster.load(), WorryDictionary.load(), parallel_at=parallel_at
    ).open()


def _doc_ids(ix: SearchIndex) -> list[str]:
    with ix.searcher() as s:
        return [s.stored_fields(n)["id"] for n in range(s.doc_count_all())]


def _segments(ix: SearchIndex) -> int:
    with ix.searcher() as s:
        return len(s.leaf_searchers())


def _results(ix: SearchIndex) -> list[list[tuple[str, float]]]:
    searcher = Searcher(ix)
    return [[(h.id, round(h.score, 6)) for h in searcher.search(q).hits] for q in QUERIES]


def test_two_processes_build_the_same_index_in_two_segments(tmp_path: Path) -> None:
    records = [*sample_records(), *generate(400, seed=5)]
    dbs = [open_db(tmp_path / f"{name}.sqlite3") for name in ("one", "two")]
    for db in dbs:
        load(db, records, RegionMaster.load())
    one = _open(dbs[0], tmp_path / "one", parallel_at=10**9)
    two = _open(dbs[1], tmp_path / "two", parallel_at=1)
    assert (_segments(one), _segments(two)) == (1, 2)
    assert _doc_ids(two) == _doc_ids(one)  # the same documents in the same order
    results = _results(one)
    assert all(results)
    assert _results(two) == results  # same scores: statistics span both segments
    assert two.compact() is False  # a fresh two-segment build has nothing to rewrite
    one.close()
    two.close()


def test_the_background_compaction_leaves_a_core_to_the_window(tmp_path: Path) -> None:
    """Nobody waits for a compaction, but a counsellor may be typing: it uses one process."""
    records = [*sample_records(), *generate(100, seed=6)]
    db = open_db(tmp_path / "tsunagi.sqlite3")
    load(db, records, RegionMaster.load())
    ix = _open(db, tmp_path / "index", parallel_at=1)
    assert _segments(ix) == 2
    load(db, [dict(records[0], name="圧縮試験窓口")], RegionMaster.load())
    assert ix.catch_up() == 1
    assert ix.compact() is True
    assert _segments(ix) == 1
    assert [h.id for h in Searcher(ix).search(SearchQuery(text="圧縮試験")).hits] == [
        records[0]["id"]
    ]
    ix.close()


def test_without_a_file_to_share_the_build_stays_in_one_process(tmp_path: Path) -> None:
    """An in-memory database cannot be read by a helper: the build falls back, complete."""
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys=ON")
    from index.migrations import migrations

    migrations.apply(db)
    load(db, sample_records(), RegionMaster.load())
    ix = _open(db, tmp_path / "index", parallel_at=1)
    assert _segments(ix) == 1
    visible = "SELECT count(*) FROM service WHERE status NOT IN ('inactive', 'defunct')"
    assert len(_doc_ids(ix)) == db.execute(visible).fetchone()[0]
    ix.close()
