"""Zoom keys as people type them: Ctrl++, Ctrl+=, Ctrl+; (JIS), Ctrl+Shift+=, and Ctrl+-.

Giving one QAction several of these sequences made Qt call a key press *ambiguous* whenever two
of them matched it (on X11 Ctrl+Shift+= matches both 「Ctrl++」 and 「Ctrl+Shift+=」), and an
ambiguous shortcut does nothing ("Ambiguous shortcut overload: Ctrl++"). So the keys are read
here, once, from an application event filter, for widgets of the one window that owns it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

ZOOM_IN_KEYS = frozenset({Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Semicolon})
ZOOM_OUT_KEYS = frozenset({Qt.Key.Key_Minus, Qt.Key.Key_Underscore})
IGNORED = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def zoom_step(event: QKeyEvent) -> int:
    """+1, -1 or 0 for a key event, whatever Shift or the keypad added."""
    if event.modifiers() & ~IGNORED != Qt.KeyboardModifier.ControlModifier:
        return 0
    key = Qt.Key(event.key())
    if key in ZOOM_IN_KEYS:
        return 1
    if key in ZOOM_OUT_KEYS:
        return -1
    return 0


class ZoomKeys(QObject):
    def __init__(self, window: QWidget, zoom: Callable[[int], object]) -> None:
        super().__init__(window)
        self.window = window
        self._zoom = zoom
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.destroyed.connect(self._detach)

    def _detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        step = zoom_step(event)
        if not step or watched.window() is not self.window:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut runs; the key press comes here next
            return True
        self._zoom(step)
        return True
