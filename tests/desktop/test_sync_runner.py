"""The window's sync runner: real feeds from a folder, the index brought up to date off the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.controllers.sync_runner import make_runner
from index.directory import Directory
from index.model import SearchQuery
from index.paths import AppPaths, app_paths
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


# --- the window and the one sync session (issue 15 and 18) --------------------------------------


def _feed_with_min_client(folder: Path, feed_id: str, wanted: str) -> None:
    from tests.sync.feedkit import write_feed

    write_feed(folder, KEY, feed_id=feed_id, version=1, min_client_version=wanted)


def test_the_window_names_each_feeds_result_and_one_refusal_stops_none(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths, tmp_path: Path
) -> None:
    """The probe: the window stopped at the first refusal, and "local" sorted before "national"."""
    good = tmp_path / "national"
    publish_folder(tmp_path, good, [service("全国の窓口", sid="svc-national")], "national")
    with Directory.open(seeded_paths, seed=False) as own:
        other = SecretKey.generate().public_key.to_file_text()  # local: a key we never signed with
        add_feed(own.db, "local", str(good), other)
        add_feed(own.db, "national", str(good), KEY.public_key.to_file_text())
    window = make_window(sync_runner=make_runner(seeded_paths))
    with qtbot.waitSignal(window.status.sync_finished, timeout=60_000) as finished:
        assert window.status.start_sync()
    assert finished.args == [False]  # one feed was refused …
    message = window.status_view.sync_message.text()
    assert message.index("national:") < message.index("local:")  # … national ran first …
    assert "版0→版1を取り込みました" in message  # … and was applied all the same
    banner = window.view.sync_banner
    assert banner.isVisible() and "local: フィードの署名が信頼できません" in banner.text()
    with Directory.open(seeded_paths, seed=False) as own:
        assert own.record("svc-national") is not None


def test_a_feed_needing_a_newer_tsunagi_has_its_own_banner_not_offline(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths, tmp_path: Path
) -> None:
    folder = tmp_path / "newer"
    _feed_with_min_client(folder, "jp-national", "99.0.0")
    with Directory.open(seeded_paths, seed=False) as own:
        add_feed(own.db, "national", str(folder), KEY.public_key.to_file_text())
    window = make_window(sync_runner=make_runner(seeded_paths))
    with qtbot.waitSignal(window.status.sync_finished, timeout=60_000):
        assert window.status.start_sync()
    qtbot.waitUntil(lambda: "tsunagiの更新が必要です" in window.view.stale_banner.text())
    assert window.view.stale_banner.isVisible()
    assert "更新が必要" in window.status_view.online.text()
    assert "オフライン" not in window.status_view.online.text()
    # A restart remembers it from the stored refusal, still not 「オフライン」.
    again = make_window(sync_runner=make_runner(seeded_paths))
    qtbot.waitUntil(lambda: "tsunagiの更新が必要です" in again.view.stale_banner.text())
    assert "オフライン" not in again.status_view.online.text()


def test_closing_the_window_cancels_a_sync_at_once(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    """A server that accepts and never answers: closing must not wait for the 900 s deadline."""
    import socket
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/feed/"
    with Directory.open(seeded_paths, seed=False) as own:
        add_feed(own.db, "national", url, KEY.public_key.to_file_text())
    window = make_window(sync_runner=make_runner(seeded_paths))
    with qtbot.waitSignal(window.tasks.progress, timeout=10_000):
        assert window.status.start_sync()
    held, _ = server.accept()  # the sync is waiting for an answer that never comes
    started = time.monotonic()
    window.close()
    closed_in = time.monotonic() - started
    held.close()
    server.close()
    assert closed_in < 5, f"closing waited {closed_in:.1f} s for the sync"
