"""Hiragana readings of kanji, so that typing a name as it sounds finds it.

Counsellors hear names on the phone and type them in kana: 「いのちのでんわ」 must find
「いのちの電話」. pykakasi gives a plausible reading; it is slow (about 1 ms a string), so readings
are cached per kanji run, and the runs of a directory repeat a great deal (place names, 相談,
支援センター, …).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=200_000)
def reading(text: str) -> str:
    """The hiragana reading of ``text``; kana and Latin pass through unchanged."""
    if not text:
        return ""
    if all(not ("\u3400" <= ch <= "\u9fff" or ch in "々〆") for ch in text):
        return text
    return "".join(str(item["hira"]) for item in _kakasi().convert(text))
