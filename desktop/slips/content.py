"""What a referral slip says about each service, read from the stored HSDS record.

Kept apart from the drawing code (``render.py``) so the wording rules are plain Python that tests
can read: which phone is the main one, which facts count as free or anonymous, when an address is
worth printing, and which words must never reach the discreet card. No Qt and no reportlab here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from index.plaintext import fold
from index.record import PhoneView, ServiceView
from index.schedule import HOLIDAY_TEXT, tokyo_now
from index.vocabulary import sensitive_worries

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


def has_sensitive_word(text: str) -> bool:
    folded = fold(text)
    return any(word in folded for word in SENSITIVE_WORDS)


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
    view: ServiceView | None = None  # the typed record, for what a translated slip renders itself


def _phone(view: PhoneView) -> Phone:
    return Phone(number=view.number, note=view.note)


def slip_service(
    record: Mapping[str, Any] | ServiceView, now: datetime | None = None
) -> SlipService:
    """Read one stored HSDS record (or its typed view) into what a slip prints."""
    at = now or tokyo_now()
    view = record if isinstance(record, ServiceView) else ServiceView.from_record(record)
    hours = view.hours_lines(on=at.date())
    descriptions = view.schedule_descriptions
    return SlipService(
        id=view.id,
        name=view.name,
        main_phone=_phone(view.phones[0]) if view.phones else None,
        other_phones=tuple(_phone(p) for p in view.phones[1:]),
        sns_url=view.url if view.sns else "",
        email=view.email,
        url=view.url,
        today=view.today(at),
        hours=tuple(hours),
        free=view.free,
        anonymous=view.anonymous,
        address=view.visit_address,
        demo=view.demo,
        worries=view.worries,
        sensitive=has_sensitive_word(view.name) or bool(set(view.worries) & sensitive_worries()),
        card_hours=tuple(
            line
            for line in hours
            if line not in descriptions and line != HOLIDAY_TEXT and not has_sensitive_word(line)
        ),
        view=view,
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
        for code in ServiceView.from_record(record).worries:
            if code not in codes:
                codes.append(code)
    return codes
