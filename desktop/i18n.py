"""The window's language: Japanese by default, English from a compiled Qt translation.

Strings are written in Japanese in the code (``self.tr("…")``) and ``pyside6-lupdate`` collects
them into ``resources/translations/tsunagi_en.ts``; ``pyside6-lrelease`` compiles that to the
``.qm`` loaded here. The choice is the ``ui_language`` setting, applied at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from index.resources import resource_path

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


def translation_file(language: str) -> str:
    return str(resource_path("translations", f"tsunagi_{language}.qm"))


def install_qt_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Qt's own words (「閉じる」, 「保存」, 「ファイルの場所」 in QFileDialog and QMessageBox) in
    the window's language, from the ``qtbase_*.qm`` files PySide6 ships.

    Without it a Japanese window opened English dialogs ("Close", "Save", "Look in").
    """
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", folder):
        return None
    app.installTranslator(translator)
    return translator


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load the translation for ``language``; Japanese needs none. Returns it to keep it alive."""
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return None
    translator = QTranslator(app)
    if not translator.load(translation_file(language)):
        return None
    app.installTranslator(translator)
    return translator
