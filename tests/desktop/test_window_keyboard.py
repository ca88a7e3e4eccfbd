"""Keyboard traps a counsellor fell into, each driven by keys through the real event loop."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenuBar,
    QWidget,
)

from tests.desktop.conftest import DATE_FUKUSHIMA, DATE_HOKKAIDO
from tests.desktop.test_window import type_query, type_text

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the texts that claim it, among the visible controls of one window."""
    claimed: dict[str, list[str]] = {}

    def claim(text: str) -> None:
        for letter in MNEMONIC.findall(text):
            claimed.setdefault(letter.upper(), []).append(text)

    for bar in root.findChildren(QMenuBar):
        for action in bar.actions():
            claim(action.text())
    for widget in root.findChildren(QWidget):
        if widget.window() is not root:
            continue
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(
            widget, QAbstractButton
        ):
            claim(widget.text())
        elif isinstance(widget, QGroupBox):
            claim(widget.title())
    return claimed


def assert_unique_mnemonics(root: QWidget) -> None:
    doubled = {k: v for k, v in mnemonics(root).items() if len(v) > 1}
    assert not doubled, f"Alt+letter belongs to more than one control: {doubled}"


def test_region_picked_by_keyboard_from_the_list_is_the_region_filtered(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    box = window.view.search.region_text
    box.setFocus()
    type_text(box, "だてし")
    popup = window.region._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    labels = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert labels[:2] == ["伊達市（北海道）", "伊達市（福島県）"]
    # ↓↓Enter: the second suggestion, 伊達市（福島県）
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.region.current() == DATE_FUKUSHIMA
    assert window.view.search.municipality.currentText() == "伊達市（福島県）"
    qtbot.waitUntil(lambda: box.text() == "")  # the chosen place left the box
    # Enter on a typed full label also takes exactly that place
    type_text(box, "伊達市（北海道）")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.region.current() == DATE_HOKKAIDO)


def test_mnemonics_are_unique_in_the_main_window(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    assert_unique_mnemonics(window)
    # Alt+R and Alt+F each used to belong to a menu and a field
    assert len(mnemonics(window)["F"]) == 1


def test_every_zoom_in_key_zooms_in(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    box = window.view.search.search
    box.setFocus()
    size = window.settings["font_size"]
    presses = [
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Semicolon, Qt.KeyboardModifier.ControlModifier),
        (
            Qt.Key.Key_Plus,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        ),
        (
            Qt.Key.Key_Equal,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        ),
    ]
    for key, modifiers in presses:
        qtbot.keyClick(box, key, modifiers)
        size += 1
        assert window.settings["font_size"] == size, QKeySequence(key | modifiers).toString()
    qtbot.keyClick(box, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.settings["font_size"] == size - 1
    assert box.text() == ""  # no key typed a character into the search box


def test_finish_resets_the_call_and_can_be_undone(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.apply_settings({**window.settings, "default_region": DATE_HOKKAIDO})
    type_query(qtbot, window, "家賃")
    window.region.set_region(DATE_FUKUSHIMA)
    window.view.search.chips["seikatsu"].click()
    qtbot.waitUntil(window.search.settled, timeout=30_000)
    assert window.results_model.rowCount() >= 1
    window.view.results.setCurrentIndex(window.results_model.index(0, 0))
    qtbot.waitUntil(lambda: window.view.detail.name.isVisible())
    window.referral.add_current()
    # 相談終了: nothing of the call stays on screen, and the window says so
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.view.referral.finish.click()
    qtbot.waitUntil(window.search.settled, timeout=30_000)
    assert window.view.search.search.text() == ""
    assert window.region.current() == DATE_HOKKAIDO  # the office default
    assert not window.view.search.chips["seikatsu"].isChecked()
    assert window.referral_model.rowCount() == 0
    assert not window.view.detail.name.isVisible()
    assert not window.view.results.currentIndex().isValid()
    assert "相談を終了しました" in window.statusBar().currentMessage()
    assert QApplication.focusWidget() is window.view.search.search
    # Ctrl+Z brings the call back (a mis-pressed key is not the end of a call)
    qtbot.keyClick(window.view.search.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.referral_model.rowCount() == 1)
    assert window.view.search.search.text() == "家賃"
    assert window.region.current() == DATE_FUKUSHIMA
    assert window.view.search.chips["seikatsu"].isChecked()
