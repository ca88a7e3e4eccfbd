"""What a referral slip says about each service, read from the stored HSDS record.

Kept apart from the drawing code (``render.py``) so the wording rules are plain Python that tests
can read: which phone is the main one, which facts count as free or anonymous, when an address is
worth printing, and which words must never reach the discreet card. No Qt and no reportlab here.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from index.resources import resource_path
from index.schedule import HOLIDAY_TEXT, today_hours, tokyo_now, weekly_hours_text

ACCESS_TAXONOMY = "tsunagi-access"
WORRY_TAXONOMY = "tsunagi-worry"
FLAG_TAXONOMY = "tsunagi-flag"
DEMO_MARK = "【デモ】"
DEFAULT_MESSAGE = "ひとりで抱え込まず、いつでも相談してください"
WEEKDAYS_JA = "月火水木金土日"

SENSITIVE_WORDS = (
    "dv",
    "d.v",
    "暴力",
    "暴行",
    "性暴力",
    "性被害",
    "性犯罪",
    "レイプ",
    "ストーカー",
    "つきまとい",
    "自殺",
    "自死",
    "死",
    "殺",
    "いのち",
    "命",
    "虐待",
    "被害",
    "犯罪",
    "配偶者",
    "シェルター",
    "避難",
    "保護",
    "夫",
    "妻",
    "女性相談",
    "児童相談",
    "逃げ",
    "助けて",
    "suicide",
    "violence",
    "abuse",
)
"""Words that must never appear on the discreet card (compared after NFKC and case folding).

The card is for someone who may live with the person harming them: anything that says what the
number is for could give them away. Deliberately broad; a false positive only hides a line.
"""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def has_sensitive_word(text: str) -> bool:
    folded = _fold(text)
    return any(word in folded for word in SENSITIVE_WORDS)


@cache
def sensitive_categories() -> frozenset[str]:
    """Worry codes marked ``sensitive`` or ``crisis`` in ``resources/worries/categories.json``."""
    with resource_path("worries", "categories.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return frozenset(
        str(c["code"]) for c in data.get("categories", []) if c.get("sensitive") or c.get("crisis")
    )


@dataclass(frozen=True)
class Phone:
    number: str  # exactly as the record gives it
    note: str = ""  # description and extension, for people


@dataclass(frozen=True)
class SlipService:
    """One service as a slip prints it. Every string is plain text (escaped when drawn)."""

    id: str
    name: str
    main_phone: Phone | None
    other_phones: tuple[Phone, ...] = ()
    sns_url: str = ""
    email: str = ""
    url: str = ""
    today: str = ""  # 「16:00〜21:00」, 「本日休み」, 「時間は要確認」
    hours: tuple[str, ...] = ()  # plain-words lines, 「祝日は要確認」 last
    free: bool = False
    anonymous: bool = False
    address: str = ""
    demo: bool = False
    worries: tuple[str, ...] = ()
    sensitive: bool = False  # a sensitive or crisis category, or a sensitive word in the name
    card_hours: tuple[str, ...] = field(default=())  # hours lines safe for the discreet card


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _phone(raw: Mapping[str, Any]) -> Phone | None:
    number = _text(raw.get("number"))
    if not number:
        return None
    notes = []
    extension = _text(raw.get("extension"))
    if extension:
        notes.append(f"内線 {extension}")
    description = _text(raw.get("description"))
    if description:
        notes.append(description)
    return Phone(number=number, note="　".join(notes))


def _attribute_codes(record: Mapping[str, Any], taxonomy: str) -> list[str]:
    codes = []
    for attribute in _dicts(record.get("attributes")):
        term = attribute.get("taxonomy_term")
        if isinstance(term, Mapping) and term.get("taxonomy") == taxonomy:
            code = _text(term.get("code"))
            if code and code not in codes:
                codes.append(code)
    return codes


def _locations(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = []
    for link in _dicts(record.get("service_at_locations")):
        location = link.get("location")
        if isinstance(location, Mapping):
            found.append(location)
    return found


def _address(record: Mapping[str, Any], visit: bool) -> str:
    """The first physical address, when the service is visited in person; else empty."""
    for location in _locations(record):
        physical = location.get("location_type") == "physical"
        if not (visit or physical):
            continue
        for address in _dicts(location.get("addresses")):
            if _text(address.get("address_type")) not in ("", "physical"):
                continue
            postal = _text(address.get("postal_code"))
            parts = [
                _text(address.get(key))
                for key in ("state_province", "city", "region", "address_1", "address_2")
            ]
            line = "".join(p for p in parts if p)
            name = _text(location.get("name"))
            if not line:
                continue
            text = f"〒{postal} {line}" if postal else line
            return f"{text}（{name}）" if name else text
    return ""


def _is_free(record: Mapping[str, Any], access: Sequence[str]) -> bool:
    if "free" in access:
        return True
    for cost in _dicts(record.get("cost_options")):
        amount = cost.get("amount")
        if isinstance(amount, int | float) and not isinstance(amount, bool) and amount == 0:
            return True
    return False


def slip_service(record: Mapping[str, Any], now: datetime | None = None) -> SlipService:
    """Read one stored HSDS record (its raw JSON dict) into what a slip prints."""
    at = now or tokyo_now()
    access = _attribute_codes(record, ACCESS_TAXONOMY)
    worries = tuple(_attribute_codes(record, WORRY_TAXONOMY))
    name = _text(record.get("name")) or "（名称なし）"
    demo = name.startswith(DEMO_MARK) or "demo" in _attribute_codes(record, FLAG_TAXONOMY)
    if demo and not name.startswith(DEMO_MARK):
        name = DEMO_MARK + name
    phones = [p for p in (_phone(raw) for raw in _dicts(record.get("phones"))) if p is not None]
    schedules = _dicts(record.get("schedules"))
    url = _text(record.get("url"))
    visit = "channel-visit" in access
    hours = weekly_hours_text(schedules, on=at.date())
    descriptions = {_text(s.get("description")) for s in schedules} - {""}
    return SlipService(
        id=_text(record.get("id")),
        name=name,
        main_phone=phones[0] if phones else None,
        other_phones=tuple(phones[1:]),
        sns_url=url if "channel-sns" in access else "",
        email=_text(record.get("email")),
        url=url,
        today=today_hours(schedules, at),
        hours=tuple(hours),
        free=_is_free(record, access),
        anonymous="anonymous" in access,
        address=_address(record, visit),
        demo=demo,
        worries=worries,
        sensitive=has_sensitive_word(name) or bool(set(worries) & sensitive_categories()),
        card_hours=tuple(
            line
            for line in hours
            if line not in descriptions and line != HOLIDAY_TEXT and not has_sensitive_word(line)
        ),
    )


def today_label(at: datetime | date) -> str:
    """「11月26日（木）」 — the date a slip's "today" refers to."""
    day = at.date() if isinstance(at, datetime) else at
    return f"{day.month}月{day.day}日（{WEEKDAYS_JA[day.weekday()]}）"


def long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def slip_worries(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """The worry category codes of the services on a slip, for the anonymous referral log."""
    codes: list[str] = []
    for record in records:
        for code in _attribute_codes(record, WORRY_TAXONOMY):
            if code not in codes:
                codes.append(code)
    return codes
