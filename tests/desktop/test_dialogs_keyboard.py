"""Dialogs by keyboard: first focus, Tab order, Enter, and one Alt+letter per control."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from desktop.controllers.welcome import WelcomeDialog
from index.directory import Directory
from index.paths import app_paths
from tests.desktop.test_window_keyboard import assert_unique_mnemonics


@pytest.fixture
def directory(tmp_path: Path) -> Iterator[Directory]:
    with Directory.open(app_paths(tmp_path / "data")) as opened:
        yield opened


def close_file_dialogs(opened: list[str]) -> None:
    """A watchdog: a file chooser that opens is noted and closed, so the test cannot hang."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QFileDialog) and widget.isVisible():
            opened.append(widget.windowTitle())
            widget.reject()


def test_enter_in_the_welcome_finishes_it(qtbot: Any, directory: Directory) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    opened: list[str] = []
    watchdog = QTimer()
    watchdog.timeout.connect(lambda: close_file_dialogs(opened))
    watchdog.start(200)
    # the office name has the focus first
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.office_name)
    for field in (dialog.office_name, dialog.default_region, dialog.feed_url):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Tab)  # walk past the bundle button
    # the bundled directory is the default; feeds are explained in a sentence
    assert dialog.use_bundled.isChecked() and not dialog.more.isEnabled()
    assert "フィードとは" in dialog.feed_intro.text()
    dialog.office_phone.setText("0142-23-0009")  # printed on slips
    dialog.office_name.setFocus()
    dialog.office_name.setText("つなぎ相談室")
    qtbot.keyClick(dialog.office_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    watchdog.stop()
    assert opened == []  # Enter used to open the USB file chooser
    assert dialog.result() == WelcomeDialog.DialogCode.Accepted
    assert directory.get_setting("office_name") == "つなぎ相談室"
    assert directory.get_setting("office_phone") == "0142-23-0009"
    assert_unique_mnemonics(dialog)


def tab_walk(qtbot: Any, dialog: QWidget, steps: int) -> list[QWidget]:
    """The widgets Tab visits from the first focus, as a person pressing Tab sees them."""
    seen: list[QWidget] = []
    for _ in range(steps):
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return seen


def open_dialog(qtbot: Any, window: Any, opener: Any) -> Any:
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        opener()
    dialog = opened.args[0]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_local_resource_form_starts_at_the_name_and_tabs_in_form_order(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    dialog = open_dialog(qtbot, window, window.add_local)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    walked = tab_walk(qtbot, dialog, len(dialog.tab_chain()))
    worry = walked.index(next(iter(dialog.worries.values())))
    save = walked.index(dialog.buttons.buttons()[0])
    assert walked.index(dialog.region) < worry < walked.index(dialog.url) < save
    assert_unique_mnemonics(dialog)
    dialog.reject()


def test_settings_starts_at_the_office_name(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    dialog = open_dialog(qtbot, window, window.open_settings)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.office_name)
    assert_unique_mnemonics(dialog)
    dialog.reject()
