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
