"""The English translation ships complete and compiled."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import xml.etree.ElementTree as ET
from typing import Any

from PySide6.QtCore import QTranslator

from index.resources import resource_path


def test_every_window_string_has_an_english_translation() -> None:
    tree = ET.parse(resource_path("translations", "tsunagi_en.ts"))
    messages = list(tree.iter("message"))
    assert len(messages) > 200
    unfinished = [
        m.findtext("source")
        for m in messages
        if not (m.findtext("translation") or "").strip() or m.find("translation").get("type")  # type: ignore[union-attr]
    ]
    assert unfinished == []


def test_compiled_translation_loads(qapp: Any) -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("translations", "tsunagi_en.qm")))
    assert translator.translate("MainWindow", "ファイル(&F)") == "&File"
    assert translator.translate("LocalResourceDialog", "名称(&N) *") == "&Name *"


def test_qt_own_dialogs_speak_japanese(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.app import create_app, remove_translator

    state = create_app("ja")
    try:
        assert state.qt_translator is not None
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Save
        )
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert texts & {"閉じる", "閉じる(C)"} and any("保存" in t for t in texts), texts
        look_in = QCoreApplication.translate("QFileDialog", "Look in:")
        assert look_in == "アドレス:", look_in
    finally:
        remove_translator(state)
