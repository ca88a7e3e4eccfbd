"""The window's sync runner: real feeds from a folder, the index brought up to date off the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.controllers.sync_runner import make_runner
from index.directory import Directory
from index.model import SearchQuery
from index.paths import app_paths
from index.search import Searcher
from sync.apply import add_feed
from sync.minisign import SecretKey
from sync.publish import publish
from tests.records import service

KEY = SecretKey.generate()


def publish_folder(tmp: Path, host: Path, records: list[dict[str, Any]], name: str) -> None:
    source = tmp / f"{name}.ndjson"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    with Directory.open(app_paths(tmp / "scratch"), seed=False) as scratch:
        regions = scratch.regions
    publish([source], KEY, host, regions=regions, feed_id="test", confirm_phone_changes=True)


def test_runner_updates_and_compacts_the_index_for_the_window(tmp_path: Path) -> None:
    host = tmp_path / "host"
    records = [service(f"runner窓口{i}", sid=f"svc-{i}") for i in range(6)]
    publish_folder(tmp_path, host, records, "v1")
    paths = app_paths(tmp_path / "data")
    window_dir = Directory.open(paths, seed=False)
    add_feed(window_dir.db, "test", str(host), KEY.public_key.to_file_text())
    window = Searcher(window_dir)  # the window's searcher, opened before any sync
    assert window.search(SearchQuery(text="runner窓口")).hits == ()
    steps: list[str] = []

    run = make_runner(paths)
    run(lambda _fraction, message: steps.append(message))
    assert "検索索引を更新中" in steps
    # The runner caught up the journal itself: the window finds the services without it.
    assert window_dir.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 0
    assert len(window.search(SearchQuery(text="runner窓口")).hits) == 6

    changed = [dict(r) for r in records[:5]]
    changed[0]["name"] = "改名された窓口"
    publish_folder(tmp_path, host, changed, "v2")
    run(lambda _fraction, message: steps.append(message))
    hits = window.search(SearchQuery(text="改名された窓口")).hits
    assert [h.id for h in hits] == ["svc-0"]
    assert len(window.search(SearchQuery(text="runner窓口", limit=50)).hits) == 4
    # Compacted: the live generation carries no deleted documents.
    with window.index.searcher() as s:
        assert not any(sub.reader().has_deletions() for sub, _off in s.leaf_searchers())
    window.index.close()
    window_dir.close()


def test_a_dictionary_from_the_feed_reaches_the_open_window(tmp_path: Path) -> None:
    """The runner rebuilds the index with the feed's dictionary; the window's backend reopens."""
    from desktop.search_backend import SearchBackend

    host = tmp_path / "host"
    lonely = service("つながりサロン", sid="svc-lonely", worries=["kodoku"])
    publish_folder(tmp_path, host, [lonely], "v1")
    paths = app_paths(tmp_path / "data")
    window_dir = Directory.open(paths, seed=False)
    add_feed(window_dir.db, "test", str(host), KEY.public_key.to_file_text())
    backend = SearchBackend(window_dir)
    run = make_runner(paths)
    run(lambda _fraction, _message: None)
    query = SearchQuery(text="推しがいなくなった")
    assert backend.search(query).hits == ()

    words = tmp_path / "worries.json"
    words.write_text(
        json.dumps(
            {
                "version": 1,
                "expressions": [
                    {
                        "text": "推しがいなくなった",
                        "worries": ["kodoku"],
                        "terms": ["孤独", "居場所"],
                    }
                ],
                "synonyms": [],
            },
            ensure_ascii=False,
        )
    )
    source = tmp_path / "v2.ndjson"
    source.write_text(json.dumps(lonely, ensure_ascii=False) + "\n")
    publish([source], KEY, host, regions=window_dir.regions, worries=words)
    run(lambda _fraction, _message: None)
    assert [h.id for h in backend.search(query).hits] == ["svc-lonely"]
    backend.close()
    window_dir.close()
