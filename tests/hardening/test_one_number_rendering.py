"""One number everywhere: what a person reads in each place is the digits stored.

A phone is rendered in the window's result list, the detail pane, the clipboard, the A5 slip and
the discreet card, and each is read back the way a person reads it: for Qt, the string the widget
draws laid out with the direction the widget uses (a ``QTextLayout``'s glyphs in visual order);
for the PDF, the characters pypdfium2 finds on the page, left to right. Then compared with the
digits stored.

The numbers are the hard cases: ``(0120) 833-972`` with an Arabic description (a label would lay
it out right to left: 833-972 (0120)), the same in a right-to-left interface (the table cell took
its direction from the view), and the probe's ``0120-\\u202e833-972\\u202c`` as a database written
before validation refused it may still hold (drawn 0120-279-338).
"""

from __future__ import annotations

import os
import unicodedata

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt  # noqa: TID251 - the window is what this file tests
from PySide6.QtGui import QFont, QGuiApplication, QTextLayout, QTextOption  # noqa: TID251
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem  # noqa: TID251

from desktop.models.results_model import COL_PHONE
from desktop.slips import SlipOptions, render_slip
from index.directory import Directory
from index.paths import AppPaths, app_paths
from index.store import digits_only
from tests.desktop.conftest import write_feed
from tests.desktop.test_window import select, type_query
from tests.records import service

MARKER = "ばんごう"
PHONES = {
    "arabic-note": ("(0120) 833-972", "العربية"),
    "probe-in-old-db": ("0120-\u202e833-972\u202c", ""),
    "plain": ("0142-23-0001", "相談専用"),
}


def _records() -> list[dict[str, Any]]:
    records = []
    for i, (key, (number, note)) in enumerate(PHONES.items()):
        record = service(f"{MARKER}{i} 窓口", sid=key, phones=[number])
        if note:
            record["phones"][0]["description"] = note
        records.append(record)
    return records


def visual(text: str, direction: Qt.LayoutDirection, font: QFont) -> str:
    """The visible characters of ``text`` in the order they are drawn, left to right.

    Each character's glyph is asked for on its own (``glyphRuns(i, 1)``): a run's string indexes
    come back as zeros after a font fallback splits the line, so they cannot be trusted.
    """
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setTextDirection(direction)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    placed: list[tuple[float, str]] = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cf":
            continue  # invisible: a person reads around it
        xs = [p.x() for run in line.glyphRuns(i, 1) for p in run.positions()]
        if xs:
            placed.append((min(xs), ch))
    return "".join(ch for _x, ch in sorted(placed, key=lambda p: p[0]))


def pdf_lines(pdf: bytes) -> list[str]:
    """Every text line of every page, its characters sorted left to right by their boxes."""
    lines: list[str] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            text = page.get_textpage()
            rows: dict[int, list[tuple[float, str]]] = {}
            for i in range(text.count_chars()):
                ch = text.get_text_range(i, 1)
                left, bottom, right, top = text.get_charbox(i)
                if not ch.strip() or right <= left:
                    continue
                rows.setdefault(round((bottom + top) / 4), []).append((left, ch))
            lines.extend("".join(c for _x, c in sorted(row)) for _y, row in sorted(rows.items()))
    finally:
        document.close()
    return lines


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    from desktop.app import create_app, remove_translator
    from desktop.controllers.main_window import MainWindow
    from desktop.controllers.settings_dialog import load_settings

    paths: AppPaths = app_paths(tmp_path / "data")
    write_feed(paths, _records())  # as sync wrote them, before validation refused the probe
    directory = Directory.open(paths, seed=False)
    settings = load_settings(directory)
    state = create_app(str(settings["ui_language"]), int(settings["font_size"]))
    win = MainWindow(directory, state, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.search.last_result is not None, timeout=60_000)
    yield win
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    remove_translator(state)
    win.close()
    directory.close()


def _cell(window: Any, sid: str) -> str:
    """The phone cell as the view draws it: its delegate's text, in its delegate's direction."""
    view = window.view.results
    index = window.results_model.index(window.results_model.row_of(sid), COL_PHONE)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    return visual(option.text, option.direction, option.font)


@pytest.mark.parametrize(
    "direction",
    [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft],
    ids=["ltr", "rtl"],
)
@pytest.mark.parametrize("sid", list(PHONES))
def test_every_place_reads_the_stored_digits(
    qtbot: Any, window: Any, sid: str, direction: Qt.LayoutDirection
) -> None:
    number, _note = PHONES[sid]
    stored = window.directory.record(sid)["phones"][0]["number"]
    assert stored == number
    digits = digits_only(stored)
    QApplication.setLayoutDirection(direction)  # an interface in a right-to-left language
    type_query(qtbot, window, MARKER)
    select(qtbot, window, sid)

    # The result list
    assert digits_only(_cell(window, sid)) == digits
    # The detail pane: each phone label as laid out (a label picks direction from its text)
    labels = window.view.detail.phone_labels
    assert labels
    read = visual(labels[0].text(), Qt.LayoutDirection.LayoutDirectionAuto, labels[0].font())
    assert digits_only(read) == digits, read
    # The clipboard: the stored string itself
    assert window.nav.copy_phone() == stored
    assert QGuiApplication.clipboard().text() == stored
    # The slip and the discreet card, drawn by reportlab in logical order
    record = window.directory.record(sid)
    for fmt in ("a5", "card"):
        lines = pdf_lines(render_slip([record], SlipOptions(format=fmt)))
        assert any(digits in digits_only(line) for line in lines), (fmt, lines)
        assert not any(digits[::-1] in digits_only(line) for line in lines)
