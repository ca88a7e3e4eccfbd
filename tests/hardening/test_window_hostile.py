"""Hostile text in the real window (offscreen): shown literally everywhere, notes kept verbatim.

A feed whose every text field is a trick from ``tests/hardening/hostile.py`` is opened in the main
window. For each service: no label anywhere in the window may render markup (a label holding ``<``
must be plain text), the detail pane shows the name and description character for character, and
a hostile note typed into the note editor reaches the database unchanged. The local resource form
takes hostile text and either saves it verbatim or refuses it beside a field.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt  # noqa: TID251 - the window is what this file tests
from PySide6.QtWidgets import QLabel  # noqa: TID251

from index.directory import Directory
from index.paths import AppPaths, app_paths
from tests.desktop.conftest import write_feed
from tests.desktop.test_window import select, type_query
from tests.hardening.hostile import MARKUP, PATHS, UNICODE, huge
from tests.records import service

TRICKS = [t for t in (*MARKUP, *UNICODE, *PATHS) if t.strip() and "\x00" not in t]
MARKER = "ひょうじ"


def hostile_records() -> list[dict[str, Any]]:
    records = []
    for i, trick in enumerate(TRICKS[:12]):
        record = service(
            f"{MARKER}{i} {trick}",
            sid=f"hostile-{i}",
            phones=[f"0120-000-{i:03d}"],
            description=f"説明 {trick} " + huge(trick, 2000),
        )
        record["alternate_name"] = trick
        record["url"] = trick if i % 2 else "file:///etc/passwd"
        record["organization_id"] = f"org-{i}"
        record["organization"] = {"id": f"org-{i}", "name": f"運営 {trick}"}
        record["phones"][0]["description"] = trick
        records.append(record)
    return records


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    from desktop.app import create_app, remove_translator
    from desktop.controllers.main_window import MainWindow
    from desktop.controllers.settings_dialog import load_settings

    paths: AppPaths = app_paths(tmp_path / "data")
    write_feed(paths, hostile_records())
    directory = Directory.open(paths, seed=False)
    settings = load_settings(directory)
    state = create_app(str(settings["ui_language"]), int(settings["font_size"]))
    win = MainWindow(directory, state, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.search.last_result is not None, timeout=60_000)
    yield win
    remove_translator(state)
    win.close()
    directory.close()


def _no_markup_anywhere(win: Any) -> None:
    for label in win.findChildren(QLabel):
        text = label.text()
        if "<" in text:  # ("&" alone is a mnemonic in static labels: 検索(&F))
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), text[:80])
        assert not label.openExternalLinks()


def test_every_hostile_service_shows_literally_and_keeps_its_note(qtbot: Any, window: Any) -> None:
    records = {r["id"]: r for r in hostile_records()}
    type_query(qtbot, window, MARKER)
    shown = {hit.id for hit in window.results_model.hits()}
    assert set(records) <= shown, sorted(set(records) - shown)
    for number, (sid, record) in enumerate(records.items()):
        select(qtbot, window, sid)
        detail = window.view.detail
        qtbot.waitUntil(lambda d=detail, r=record: d.name.text() == r["name"])  # type: ignore[misc]
        assert detail.description.text() == record["description"]
        _no_markup_anywhere(window)
        for row in range(window.results_model.rowCount()):
            for col in range(window.results_model.columnCount()):
                value = window.results_model.index(row, col).data(Qt.ItemDataRole.DisplayRole)
                assert value is None or isinstance(value, str)
        note = f"メモ {number}: " + TRICKS[(number * 5) % len(TRICKS)] + "\n二行目 <b>x</b>"
        detail.note.setFocus()
        detail.note.setPlainText(note)
        with qtbot.waitSignal(window.detail.note_saved, timeout=10_000):
            window.view.search.search.setFocus()
        assert window.directory.note(sid) == note
        assert detail.note.toPlainText() == note
    # a file: URL from the feed is never opened
    window.detail.url = "file:///etc/passwd"
    assert window.detail.open_url() is False


def test_local_form_with_hostile_text_saves_verbatim_or_refuses_beside_a_field(
    qtbot: Any, window: Any
) -> None:
    from desktop.controllers.local_resource_dialog import LocalResourceDialog

    saved = refused = 0
    for i, trick in enumerate(TRICKS[::3]):
        with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
            window.add_local()
        dialog: LocalResourceDialog = opened.args[0]
        dialog.name.setText(f"事務所の窓口 {i} {trick}")
        dialog.organization.setText(trick)
        dialog.phone_numbers[0].setText(f"011-000-{i:04d}")
        dialog.phone_notes[0].setText(trick)
        dialog.notes.setPlainText(f"{trick}\n{trick}")
        shown = dialog.notes.toPlainText()  # what the counsellor sees (Qt makes "\r" a newline)
        dialog.region.setText("伊達市（北海道）")
        with qtbot.waitSignals([dialog.saved], timeout=10_000, raising=False) as done:
            dialog.save()
        if done.signal_triggered:
            saved += 1
            found = [
                sid
                for (sid,) in window.directory.db.execute(
                    "SELECT id FROM service WHERE layer = 'local' AND name = ?",
                    [f"事務所の窓口 {i} {trick}".strip()],
                )
            ]
            assert len(found) == 1, trick
            record = window.directory.record(found[0])
            assert record is not None
            assert record["description"] == shown.strip()
        else:
            refused += 1
            errors = [e.text() for e in dialog.errors.values() if e.text()]
            assert errors, f"{trick!r}: not saved, and no message beside any field"
            dialog.reject()
        _no_markup_anywhere(dialog)
    assert saved > 0
