"""Office notes: marked in the results, found by search (locally), exported with local records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from index.directory import Directory
from index.model import SearchQuery
from index.paths import AppPaths
from tests.desktop.test_cli_slip import tsunagi
from tests.desktop.test_window import names, select, type_query, type_text
from tests.records import service


def test_a_note_is_marked_and_searchable(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    select(qtbot, window, "svc-date-rent")
    with qtbot.waitSignal(window.detail.note_saved, timeout=10_000):
        type_text(window.view.detail.note, "月末は混む。午前中に電話すると早い。")
    row = window.results_model.row_of("svc-date-rent")
    qtbot.waitUntil(lambda: "メモ" in window.results_model.index(row, 0).data())
    other = window.results_model.row_of("svc-fukushima")
    assert "メモ" not in window.results_model.index(other, 0).data()
    # the note's words find the service, though no feed text has them
    type_query(qtbot, window, "午前中に電話")
    assert names(window) == ["伊達市くらし相談センター"]
    assert window.results_model.hit(0).why == ("メモ",)


def test_note_search_keeps_the_query_filters(seeded_paths: AppPaths) -> None:
    with Directory.open(seeded_paths, seed=False) as directory:
        directory.set_note("svc-date-rent", "大家さんとの交渉に強い")
        directory.set_note("svc-fukushima", "大家さんとの交渉に強い")
        found = directory.note_search(SearchQuery(text="大家さん"))
        assert {h.id for h in found.hits} == {"svc-date-rent", "svc-fukushima"}
        only_hokkaido = directory.note_search(SearchQuery(text="大家さん", region="012335"))
        assert [h.id for h in only_hokkaido.hits] == ["svc-date-rent"]
        assert directory.note_search(SearchQuery(text="")).hits == ()
        assert directory.noted_ids(["svc-date-rent", "svc-national"]) == {"svc-date-rent"}


def test_export_of_the_local_layer_carries_notes(tmp_path: Path, seeded_paths: AppPaths) -> None:
    with Directory.open(seeded_paths, seed=False) as directory:
        directory.save_local(service("事務所の居場所", sid="local-ibasho", phones=["0142-23-0100"]))
        directory.set_note("local-ibasho", "火曜は職員が少ない")
        directory.set_note("svc-national", "フィードの窓口のメモ")
    out = tmp_path / "local.ndjson"
    run = tsunagi(seeded_paths.data, "export", "--layer", "local", "-o", str(out))
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(r["id"], r.get("x-tsunagi-note")) for r in records] == [
        ("local-ibasho", "火曜は職員が少ない")
    ]
    # a feed export never carries the office's notes
    everything = tmp_path / "all.ndjson"
    tsunagi(seeded_paths.data, "export", "--layer", "all", "-o", str(everything))
    assert "x-tsunagi-note" not in everything.read_text("utf-8")


def test_settings_are_reloaded_on_the_database_worker(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    import threading

    window = make_window()
    with Directory.open(seeded_paths, seed=False) as other:
        other.set_setting("office_name", "つなぎ相談室")
    seen: list[str] = []
    original = window.directory.get_setting

    def spy(key: str, default: Any = None) -> Any:
        seen.append(threading.current_thread().name)
        return original(key, default)

    window.directory.get_setting = spy
    window.reload_settings()
    qtbot.waitUntil(lambda: window.settings.get("office_name") == "つなぎ相談室")
    assert seen and threading.main_thread().name not in seen
