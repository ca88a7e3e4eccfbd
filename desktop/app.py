"""The QApplication: bundled Japanese font, translation and the remembered zoom.

A bare Linux machine has only DejaVu, which has no kana or kanji: without the bundled BIZ UDGothic
registered here every Japanese string would render as boxes. The font size (Ctrl+ / Ctrl−) is
the ``font_size`` setting, so the counsellor's zoom survives a restart.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.gui_gc import collect_on_gui_thread
from desktop.i18n import install_qt_translator, install_translator
from index.resources import resource_path

FONT_FILES = ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf")
FONT_FAMILY = "BIZ UDGothic"
DEFAULT_POINT_SIZE = 11
MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 28


@dataclass
class AppState:
    """What start-up set up and the window may change later (font size)."""

    app: QApplication
    family: str | None
    translator: QTranslator | None = None
    fonts: list[int] = field(default_factory=list)
    qt_translator: QTranslator | None = None


def register_fonts() -> tuple[str | None, list[int]]:
    """Register the bundled fonts; return the family name (None if the files are missing).

    Registered once per process: a second QApplication setup (tests) finds the family already.
    """
    family: str | None = None
    ids: list[int] = []
    if FONT_FAMILY in QFontDatabase.applicationFontFamilies(0):
        return FONT_FAMILY, ids
    for name in FONT_FILES:
        path = resource_path("fonts", name)
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            continue
        ids.append(font_id)
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families and family is None:
            family = families[0]
    return family, ids


def clamp_point_size(size: object) -> int:
    try:
        value: int = int(size)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_POINT_SIZE
    return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, value))


def apply_point_size(app: QApplication, family: str | None, size: int) -> None:
    font = QFont(family) if family else QFont(app.font())
    font.setPointSize(clamp_point_size(size))
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)


def create_app(language: str = "ja", point_size: int = DEFAULT_POINT_SIZE) -> AppState:
    """The one QApplication (reused when it exists, as under pytest-qt)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("tsunagi")
    app.setApplicationDisplayName("tsunagi")
    app.setOrganizationName("tsunagi")
    # Search runs pure-Python Whoosh on a worker thread; with the default 5 ms GIL switch interval
    # every Python slot on the GUI thread may wait 5 ms for the GIL, and a timer tick runs several,
    # which showed as 25–40 ms stalls while typing. 1 ms keeps the window answering.
    sys.setswitchinterval(0.001)
    collect_on_gui_thread(app)  # a worker thread must never destroy a widget (desktop/gui_gc.py)
    family, ids = register_fonts()
    apply_point_size(app, family, point_size)
    translator = install_translator(app, language)
    qt_translator = install_qt_translator(app, language)
    return AppState(
        app=app, family=family, translator=translator, fonts=ids, qt_translator=qt_translator
    )


def remove_translator(state: AppState) -> None:
    if state.translator is not None:
        state.app.removeTranslator(state.translator)
        state.translator = None
    if state.qt_translator is not None:
        state.app.removeTranslator(state.qt_translator)
        state.qt_translator = None
