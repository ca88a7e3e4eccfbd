"""National holidays and closed days, for open-now and today's hours.

Why a library: Japan's holidays move (春分・秋分 by observation, 振替休日, 国民の休日, laws changing
dates for events), so a hand-made table goes stale. ``jpholiday`` is small, pure Python with no
dependencies, Japan-only and maintained against the Cabinet Office list; the multi-country
``holidays`` package would bring ``python-dateutil`` and data for 150 countries we never use.

What a service says about holidays lives in its schedule rows (written by :mod:`index.hours`, see
``sync/PROFILE.md``): a closed-days row (description 「休み: …」, weekdays or 第N曜 in ``byday``) and
blocks marked 「祝日も受付」. When a service says nothing, a holiday stays 「祝日は要確認」.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from index import plaintext

CLOSED_PREFIX = "休み"
HOLIDAY_OPEN = "祝日も受付"
_HOLIDAY_WORD = re.compile(r"祝|(?<!祝)休日")
_CLOSED_HOLIDAY = re.compile(r"(祝|休日)[^／/。]*?(除|休み|休館|休業|閉庁|閉館|休)")
_YEAR_END = re.compile(r"年末年始|12月\s*29日")
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def is_holiday(day: date) -> bool:
    """Whether ``day`` is a national holiday of Japan (振替休日 and 国民の休日 included)."""
    # Imported here: only open-now and the slip need it, not every import of index.
    import jpholiday

    return bool(jpholiday.is_holiday(day))


def holiday_name(day: date) -> str:
    import jpholiday

    return str(jpholiday.is_holiday_name(day) or "")


def is_year_end(day: date) -> bool:
    """12月29日〜1月3日, the 年末年始 most public windows close for."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def _has_times(raw: Mapping[str, Any]) -> bool:
    return bool(raw.get("opens_at")) and bool(raw.get("closes_at"))


@dataclass(frozen=True)
class Closures:
    """What a service's schedule rows say about days it is closed, and about holidays."""

    weekdays: frozenset[int]
    nth: frozenset[tuple[int, int]]
    holidays: bool | None  # True closed on holidays, False open, None not said
    year_end: bool


def closures(schedules: Any) -> Closures:
    rows = [r for r in schedules if isinstance(r, Mapping)] if isinstance(schedules, list) else []
    weekdays: set[int] = set()
    nth: set[tuple[int, int]] = set()
    holidays: bool | None = None
    year_end = False
    for raw in rows:
        text = plaintext.text(raw.get("description"), nfkc=True)
        if _has_times(raw):
            if HOLIDAY_OPEN in text:
                holidays = False if holidays is None else holidays
            continue
        closed_row = text.startswith(CLOSED_PREFIX)
        if closed_row:
            for token in plaintext.text(raw.get("byday"), nfkc=True).upper().split(","):
                match = _BYDAY.match(token.strip())
                if match is None:
                    continue
                weekday = _CODES.index(match.group(2))
                if match.group(1):
                    nth.add((int(match.group(1)), weekday))
                else:
                    weekdays.add(weekday)
        if (closed_row and _HOLIDAY_WORD.search(text)) or _CLOSED_HOLIDAY.search(text):
            holidays = True
        if (closed_row or "除" in text or "休" in text) and _YEAR_END.search(text):
            year_end = True
    return Closures(frozenset(weekdays), frozenset(nth), holidays, year_end)


def holiday_blocks(schedules: Iterable[Any]) -> list[Mapping[str, Any]]:
    """The time blocks a service keeps on national holidays (their days include 祝日)."""
    return [
        r
        for r in schedules
        if isinstance(r, Mapping)
        and _has_times(r)
        and HOLIDAY_OPEN in plaintext.text(r.get("description"), nfkc=True)
    ]


def closed_on(found: Closures, day: date) -> bool:
    """Whether a closed-days rule (not a weekly gap) shuts the service on ``day``."""
    if found.year_end and is_year_end(day):
        return True
    if found.holidays and is_holiday(day):
        return True
    weekday = day.weekday()
    return any(w == weekday and _nth_matches(day, n) for n, w in found.nth)


def _nth_matches(day: date, n: int) -> bool:
    if n > 0:
        return (day.day - 1) // 7 + 1 == n
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    last = (following - date.resolution).day
    return (last - day.day) // 7 + 1 == -n
