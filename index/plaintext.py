"""Plain text from loosely typed values, and the folded form used to compare what people type.

Records, spreadsheet cells and typed queries arrive as strings, numbers, dates or nothing; the
store, the detail pane, the slips and the readers all want "the text of this value, or empty".
Comparisons (a typed region name, a spreadsheet word, a sensitive word) want one folded form.
Both are defined once here, so every part of tsunagi reads a value the same way.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from typing import Any


def text(value: Any, *, nfkc: bool = False) -> str:
    """The text of one value: strings trimmed, numbers in their plain form, dates in ISO form.

    ``None`` and containers give ``""``; a boolean gives ``"true"`` / ``"false"``. ``nfkc``
    also folds full-width letters and digits to their usual form (「９：００」 → "9:00").
    """
    if isinstance(value, str):
        return (unicodedata.normalize("NFKC", value) if nfkc else value).strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return ""


def text_or_none(value: Any) -> str | None:
    """:func:`text`, with an empty value as ``None`` (a NULL column)."""
    return text(value) or None


def fold(value: str, *, spaces: bool = False, kana: bool = False) -> str:
    """NFKC, case folded, white space removed (``spaces``: kept as single spaces between words).

    ``kana`` also folds katakana to hiragana, for names matched against their reading.
    """
    folded = unicodedata.normalize("NFKC", value).casefold()
    folded = " ".join(folded.split()) if spaces else "".join(folded.split())
    if kana:
        folded = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in folded)
    return folded
