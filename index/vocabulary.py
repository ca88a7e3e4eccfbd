"""The words of the Japan profile: worry categories, access codes, flags and languages.

Validation, the store, the spreadsheet reader, statistics, the search bar and the slips all need
the same codes and labels. They read them here, so ``resources/worries/categories.json`` is parsed
once (on first use, never at import) and a new code is added in one place.

A code tsunagi does not know (a newer publisher's category) is not an error anywhere: it is shown
by the term's own ``name`` (:func:`term_label`) and reported as a warning.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from index.resources import resource_path

WORRY_TAXONOMY = "tsunagi-worry"
ACCESS_TAXONOMY = "tsunagi-access"
FLAG_TAXONOMY = "tsunagi-flag"
SOURCE_TAXONOMY = "tsunagi-source"
CREDIT_TAXONOMY = "tsunagi-credit"

ACCESS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "free": "無料",
        "anonymous": "匿名可",
        "channel-phone": "電話",
        "channel-sns": "SNS・チャット",
        "channel-email": "メール",
        "channel-visit": "来所",
        "audience-women": "女性",
        "audience-youth": "若者",
        "audience-older": "高齢者",
        "audience-foreign": "外国人住民",
        "reservation": "要予約",
        "interpreter": "通訳あり",
        "easy-japanese": "やさしい日本語",
    }
)
ACCESS_CODES = frozenset(ACCESS_LABELS)
ACCESS_SINCE: Mapping[str, str] = MappingProxyType(
    {
        **{code: "0.1.0" for code in ACCESS_LABELS},
        "reservation": "0.2.0",
        "interpreter": "0.2.0",
        "easy-japanese": "0.2.0",
    }
)
"""The first tsunagi that knows each access code (``index.compat`` sets min_client_version)."""
FLAG_CODES = frozenset({"demo", "review-required", "reservation-required"})
FLAG_SINCE: Mapping[str, str] = MappingProxyType(
    {"demo": "0.1.0", "review-required": "0.2.0", "reservation-required": "0.2.0"}
)
"""The first tsunagi that knows each flag."""

LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "ja": "日本語",
        "en": "英語",
        "zh": "中国語",
        "ko": "韓国語",
        "es": "スペイン語",
        "pt": "ポルトガル語",
        "tl": "タガログ語",
        "th": "タイ語",
        "vi": "ベトナム語",
        "id": "インドネシア語",
        "ne": "ネパール語",
        "my": "ミャンマー語",
        "fr": "フランス語",
        "ru": "ロシア語",
        "uk": "ウクライナ語",
        "si": "シンハラ語",
        "bn": "ベンガル語",
        "hi": "ヒンディー語",
        "mn": "モンゴル語",
        "km": "クメール語",
        "fa": "ペルシャ語",
        "ar": "アラビア語",
        "de": "ドイツ語",
        "it": "イタリア語",
        "jsl": "日本手話",
    }
)
"""ISO 639 code → Japanese name (``jsl``: Japanese Sign Language)."""

LANGUAGE_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "中国語(簡体字)": "zh",
        "中国語(繁体字)": "zh",
        "韓国・朝鮮語": "ko",
        "朝鮮語": "ko",
        "フィリピノ語": "tl",
        "フィリピン語": "tl",
        "手話": "jsl",
    }
)
"""Other names offices write for a language (the spreadsheet reads them)."""

EASY_JAPANESE = "ja-easy"
"""Pseudo language code of やさしい日本語 in the ``languages`` column and the 言語 filter."""
INTERPRETER = "interpreter"
"""Pseudo language code of 通訳あり (an interpreter or an interpreting service can be arranged)."""


def language_name(code: str) -> str:
    """「ベトナム語」 for ``vi``; the code itself when tsunagi has no name for it."""
    key = code.lower()
    if key == EASY_JAPANESE:
        return "やさしい日本語"
    if key == INTERPRETER:
        return "通訳あり"
    return LANGUAGE_NAMES.get(key, code)


MENU_LANGUAGES = ("en", "zh", "ko", "vi", "tl", "pt", "es", "ne", "id", "th", "my")
"""The languages the search bar offers, most asked for first."""


@dataclass(frozen=True)
class WorryCategory:
    code: str
    ja: str
    en: str
    menu9999: bool = False  # one of the #9999 trial menu's categories
    crisis: str | None = None  # "suicide" / "violence": shows the crisis banner
    sensitive: bool = False  # never named on the discreet card
    since: str = "0.1.0"  # the first tsunagi that knows the code (``since`` in the file)


@cache
def worry_categories() -> tuple[WorryCategory, ...]:
    """Every worry category, in the file's order (the #9999 menu ones first)."""
    with resource_path("worries", "categories.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple(
        WorryCategory(
            code=str(c["code"]),
            ja=str(c["ja"]),
            en=str(c.get("en") or c["ja"]),
            menu9999=bool(c.get("menu9999")),
            crisis=str(c["crisis"]) if c.get("crisis") else None,
            sensitive=bool(c.get("sensitive")),
            since=str(c.get("since") or "0.1.0"),
        )
        for c in data["categories"]
    )


@cache
def _worry_labels() -> Mapping[str, str]:
    return MappingProxyType({c.code: c.ja for c in worry_categories()})


def worry_labels() -> Mapping[str, str]:
    """Worry code → Japanese label (read only)."""
    return _worry_labels()


@cache
def worry_codes() -> frozenset[str]:
    return frozenset(c.code for c in worry_categories())


def worry_since(code: str) -> str | None:
    """The first tsunagi that knows worry ``code``; None when this one does not know it."""
    return next((c.since for c in worry_categories() if c.code == code), None)


@cache
def sensitive_worries() -> frozenset[str]:
    """Codes marked ``sensitive`` or ``crisis``: never named on the discreet card."""
    return frozenset(c.code for c in worry_categories() if c.sensitive or c.crisis)


def known_code(taxonomy: str, code: str) -> bool | None:
    """Whether this tsunagi knows ``code``; None for a taxonomy the profile does not define."""
    if taxonomy == WORRY_TAXONOMY:
        return code in worry_codes()
    if taxonomy == ACCESS_TAXONOMY:
        return code in ACCESS_CODES
    if taxonomy == FLAG_TAXONOMY:
        return code in FLAG_CODES
    return None


def worry_term_names(record: Mapping[str, Any]) -> dict[str, str]:
    """Worry code → the record's own term ``name`` (what to show for a code we lack)."""
    names: dict[str, str] = {}
    attributes = record.get("attributes")
    for attr in attributes if isinstance(attributes, list) else []:
        term = attr.get("taxonomy_term") if isinstance(attr, Mapping) else None
        if isinstance(term, Mapping) and term.get("taxonomy") == WORRY_TAXONOMY:
            code, name = term.get("code"), term.get("name")
            if isinstance(code, str) and isinstance(name, str) and name.strip():
                names.setdefault(code, name.strip())
    return names


def term_label(taxonomy: str, code: str, name: str | None = None) -> str:
    """How to show one term: our label when we know the code, else the term's own ``name``."""
    if taxonomy == WORRY_TAXONOMY and code in worry_codes():
        return worry_labels()[code]
    if taxonomy == ACCESS_TAXONOMY and code in ACCESS_LABELS:
        return ACCESS_LABELS[code]
    return (name or "").strip() or code
