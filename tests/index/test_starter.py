"""The real starter directory: a first start is seeded with くらし支援ナビ (credited), not 【デモ】."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.directory import SAMPLE_ENV, Directory, sample_files
from index.model import SearchQuery
from index.paths import app_paths
from index.readers import read_path
from index.search import Searcher, open_index
from tests.conftest import REPO

NAGOYA = "231002"


def test_default_sample_is_national_lines_and_the_real_starter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SAMPLE_ENV, raising=False)
    names = [p.name for p in sample_files()]
    assert names == ["kurashi-navi.ndjson.gz", "national.ndjson"]
    assert (REPO / "resources" / "sample" / "KURASHI_NAVI_LICENSE.md").is_file()
    assert (REPO / "resources" / "demo" / "demo-local.ndjson").is_file()


def test_bundled_starter_is_real_credited_and_has_no_demo() -> None:
    path = REPO / "resources" / "sample" / "kurashi-navi.ndjson.gz"
    items = list(read_path(path))
    assert len(items) >= 7540
    assert all(i.problem is None for i in items)
    for item in items:
        record = item.record
        assert record is not None
        taxonomies = {a["taxonomy_term"]["taxonomy"] for a in record["attributes"]}
        assert "tsunagi-credit" in taxonomies
        assert not record["name"].startswith("【デモ】")


def test_first_start_finds_the_own_municipality_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SAMPLE_ENV, raising=False)
    with Directory.open(app_paths(tmp_path / "data")) as directory:
        assert directory.get_setting("seeded") == "sample"
        assert directory.demo_count() == 0
        searcher = Searcher(open_index(directory))
        result = searcher.search(SearchQuery(text="家賃が払えない", region=NAGOYA, limit=10))
        names = [h.name for h in result.hits]
        assert any("名古屋市" in n for n in names), names
        assert not any(n.startswith("【デモ】") for n in names)
        hit = result.hits[0]
        record = directory.record(hit.id)
        assert record is not None
        credit = [
            a["value"]
            for a in record["attributes"]
            if a["taxonomy_term"]["taxonomy"] == "tsunagi-credit"
        ]
        assert credit and "くらし支援ナビ" in credit[0]
        assert json.dumps(record, ensure_ascii=False).count("【デモ】") == 0


def test_an_office_with_demo_services_can_remove_them(tmp_path: Path) -> None:
    with Directory.open(app_paths(tmp_path / "data")) as directory:  # the small test sample
        demo = directory.demo_count()
        assert demo > 0
        national = directory.feed_service_count("sample") - demo
        assert directory.remove_demo() == demo
        assert directory.demo_count() == 0
        assert directory.feed_service_count("sample") == national


def test_demo_services_leave_results_once_a_real_feed_covers_their_place(tmp_path: Path) -> None:
    from index.model import Layer
    from index.store import Owner, write_records
    from tests.records import service

    date_city = "012335"  # 伊達市: the small test sample has 【デモ】 services there
    query = SearchQuery(text="生活 相談", region=date_city, limit=50)
    with Directory.open(app_paths(tmp_path / "before")) as directory:
        before = Searcher(open_index(directory)).search(query)
        assert any(h.demo for h in before.hits)
    with Directory.open(app_paths(tmp_path / "after")) as directory:
        real = service("伊達市 生活相談窓口", phones=["0142-23-3331"], lgcode=date_city)
        with directory.writing():
            write_records(
                directory.db,
                [("real", real)],
                Owner(Layer.FEED, "real-feed", feed="real", feed_version=1),
                directory.regions,
            )
        after = Searcher(open_index(directory)).search(query)
        assert real["id"] in [h.id for h in after.hits]
        assert not any(h.demo for h in after.hits)
