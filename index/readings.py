"""Hiragana readings of kanji, so that typing a name as it sounds finds it.

Counsellors hear names on the phone and type them in kana: 「いのちのでんわ」 must find
「いのちの電話」. pykakasi gives a plausible reading; it is slow (about 1 ms a string), so readings
are cached per kanji run, and the runs of a directory repeat a great deal (place names, 相談,
支援センター, …).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


_KANJI_RUN = re.compile(r"([\u3400-\u9fff々〆ヶ]+)")


def reading(text: str) -> str:
    """The hiragana reading of ``text``; kana and Latin pass through unchanged.

    Only the kanji runs go through kakasi, one cached call per distinct run: 「世田谷区」 and
    「相談窓口」 recur across thousands of names, whole names rarely do.
    """
    return "".join(
        _kanji_reading(part) if i % 2 else part for i, part in enumerate(_KANJI_RUN.split(text))
    )


@lru_cache(maxsize=100_000)
def _kanji_reading(run: str) -> str:
    return "".join(str(item["hira"]) for item in _kakasi().convert(run))
