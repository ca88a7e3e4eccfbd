"""One normalisation for indexed text and queries: what the index, the worry dictionary, the place
readings and the query planner all fold the same way.

It lives apart from :mod:`index.analysis` (the Whoosh analysers) so that :mod:`index.readings`,
which the analysers call, can use it without importing them back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Variant and old-form kanji that names use interchangeably with the common form. NFKC already
# folds compatibility ideographs that have a canonical mapping (塚 → 塚); these have none.
_VARIANT_KANJI = str.maketrans(
    {
        "髙": "高",
        "﨑": "崎",
        "嵜": "崎",
        "碕": "崎",
        "德": "徳",
        "邉": "辺",
        "邊": "辺",
        "濵": "浜",
        "濱": "浜",
        "齋": "斎",
        "齊": "斉",
        "櫻": "桜",
        "澤": "沢",
        "國": "国",
        "廣": "広",
        "冨": "富",
        "槇": "槙",
        "舘": "館",
        "曻": "昇",
        "靜": "静",
        "惠": "恵",
        "眞": "真",
        "條": "条",
        "ヵ": "か",
        "ヶ": "が",
        "ゕ": "か",
        "ゖ": "が",
    }
)

# Spellings that welfare texts and people mix freely; folded to one form on both sides.
_ORTHOGRAPHIC = (
    ("引きこもり", "ひきこもり"),
    ("引き籠もり", "ひきこもり"),
    ("引籠り", "ひきこもり"),
    ("障がい", "障害"),
    ("障碍", "障害"),
    ("子供", "子ども"),
    ("こども", "子ども"),
    ("一人ぼっち", "ひとりぼっち"),
    ("独りぼっち", "ひとりぼっち"),
    ("寂しい", "さみしい"),
    ("淋しい", "さみしい"),
    ("さびしい", "さみしい"),
    ("命の電話", "いのちの電話"),
)

# 霞ケ関 / 霞ヶ関 / 霞が関: a full-size ケ between kanji is the place-name particle が.
_KE_BETWEEN_KANJI = re.compile(r"(?<=[\u3400-\u9fff])[ケけ](?=[\u3400-\u9fff])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def clean(text: str) -> str:
    """Drop what no search should see: control characters and lone surrogates."""
    if not text:
        return ""
    text = "".join(ch for ch in text if not ("\ud800" <= ch <= "\udfff"))
    return _CONTROL.sub(" ", text)


# ァ (30A1) .. ヶ (30F6) map to ぁ..ゖ; ヽヾ to ゝゞ. ー and ・ stay.
_KATA_TO_HIRA = str.maketrans(
    {chr(code): chr(code - 0x60) for code in (*range(0x30A1, 0x30F7), 0x30FD, 0x30FE)}
)


def _kata_to_hira(text: str) -> str:
    return text.translate(_KATA_TO_HIRA)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """NFKC, lower case, variant kanji, katakana folded to hiragana, common spellings folded.

    The same function runs on indexed text and on queries, so whatever it folds matches both ways.
    """
    text = unicodedata.normalize("NFKC", clean(text)).lower()
    text = _KE_BETWEEN_KANJI.sub("が", text.translate(_VARIANT_KANJI))
    text = _kata_to_hira(text)
    for variant, canonical in _ORTHOGRAPHIC:
        if variant in text:
            text = text.replace(variant, canonical)
    return text


def is_japanese(ch: str) -> bool:
    """Hiragana, katakana, kanji and the marks that live inside Japanese words."""
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana, ー
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or ch in "々〆〇"
    ) and ch not in "・゠"
