"""The window on a small office screen: 1024×768 and 1366×768, at every zoom step."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop.models.results_model import COL_NAME, COL_PHONE
from desktop.views.results_table import NAME_MIN_CHARS, phone_font
from tests.desktop.test_window import type_query

SIZES = [(1024, 768), (1366, 768)]


def name_chars(window: Any) -> float:
    bold = QFont(window.view.results.font())
    bold.setBold(True)
    return window.view.results.name_width() / QFontMetrics(bold).horizontalAdvance("あ")


def settle_layout(qtbot: Any, window: Any, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    QApplication.processEvents()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("zoom", [0, 1, 2])
def test_name_column_keeps_twelve_characters(
    qtbot: Any, make_window: Any, size: tuple[int, int], zoom: int
) -> None:
    window = make_window()
    window.zoom(zoom, persist=False)
    settle_layout(qtbot, window, size)
    type_query(qtbot, window, "伊達市")
    assert window.results_model.rowCount() >= 2
    # the name column is never narrower than 12 characters (it was about 60 px at 1024)
    assert name_chars(window) >= NAME_MIN_CHARS
    # and at zoom 0 it fits without scrolling sideways
    if zoom == 0:
        assert window.view.results.horizontalHeader().sectionResizeMode(COL_NAME).name == "Stretch"


@pytest.mark.parametrize("size", SIZES)
def test_numbers_never_wrap_at_any_zoom(
    qtbot: Any, make_window: Any, size: tuple[int, int]
) -> None:
    window = make_window()
    settle_layout(qtbot, window, size)
    type_query(qtbot, window, "伊達市")
    for step in (1, 1, -1, -1, -1):  # in, in, and back out below where we started
        window.zoom(step, persist=False)
        QApplication.processEvents()
        metrics = QFontMetrics(phone_font(window.view.results.font()))
        width = window.view.results.horizontalHeader().sectionSize(COL_PHONE)
        for hit in window.results_model.hits():
            assert metrics.horizontalAdvance(hit.phones[0]) < width, (step, hit.phones[0])
        assert name_chars(window) >= NAME_MIN_CHARS


def test_detail_number_and_name_follow_the_zoom(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, 0))
    qtbot.waitUntil(lambda: bool(window.view.detail.phone_labels))
    before = window.view.detail.phone_labels[0].font().pointSizeF()
    name_before = window.view.detail.name.font().pointSizeF()
    window.zoom(2, persist=False)
    after = window.view.detail.phone_labels[0].font().pointSizeF()
    assert after > before
    assert window.view.detail.name.font().pointSizeF() > name_before
    # the bold headings follow too (they used to keep the size they were built with)
    QApplication.processEvents()
    assert window.view.detail.phones_title.font().pointSizeF() == window.font().pointSizeF()
    window.zoom(-2, persist=False)
    assert window.view.detail.phone_labels[0].font().pointSizeF() == before


def test_default_window_fits_inside_the_screen(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    # on a large screen it is the preferred size, never wider than it
    assert window.width() <= 1280 and window.height() <= 800


def test_gui_size_option_parses() -> None:
    import argparse

    from desktop.commands.gui import window_size

    assert window_size("1024x768") == (1024, 768)
    assert window_size("1366×768") == (1366, 768)
    with pytest.raises(argparse.ArgumentTypeError):
        window_size("big")
