"""Search while the input method is still composing (preedit), with synthetic IME events."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from tests.desktop.test_window import names, type_text


def compose(widget: Any, preedit: str, commit: str = "") -> None:
    """What an input method sends: the composition so far, and text it commits."""
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(widget, event)


def test_results_follow_the_composition_before_conversion(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    box = window.view.search.search
    box.setFocus()
    # 「しにた」 is still being composed: nothing is committed, textChanged never fired
    for partial in ("し", "しに", "しにた"):
        compose(box, partial)
    assert box.text() == ""
    qtbot.waitUntil(
        lambda: window.search.last_query is not None and window.search.last_query.text == "しにた",
        timeout=30_000,
    )
    qtbot.waitUntil(window.search.settled, timeout=30_000)
    assert "全国いのちの電話" in names(window)
    # converting commits 死にた; the search follows the committed text
    compose(box, "", commit="死にたい")
    assert box.text() == "死にたい"
    qtbot.waitUntil(lambda: window.search.last_query.text == "死にたい", timeout=30_000)
    assert "全国いのちの電話" in names(window)


def test_composition_is_inserted_at_the_cursor(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    box = window.view.search.search
    box.setFocus()
    type_text(box, "伊達市 ")
    compose(box, "やちん")
    assert window.search.typed_text() == "伊達市 やちん"
    qtbot.waitUntil(lambda: window.search.last_query.text == "伊達市 やちん", timeout=30_000)
    compose(box, "")  # composition abandoned (Escape): back to the committed text
    qtbot.waitUntil(lambda: window.search.last_query.text == "伊達市 ", timeout=30_000)
