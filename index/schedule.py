"""Opening hours from HSDS 3.0 ``schedules[]``: open now, 24 hours, and hours in plain words.

Search ("open now"), the results list, the detail pane and the referral slips all need the same
reading of a service's schedule, so it lives here once, Qt-free, over the record's raw JSON dicts.

Reading rules (the tsunagi Japan profile, ``sync/PROFILE.md``):

* Times are Japan time (Asia/Tokyo). A naive ``datetime`` is taken as Tokyo time. A schedule whose
  ``timezone`` is given and is not ``9``, or whose times carry another UTC offset, is not used:
  guessing the shift would put hours on the wrong day.
* ``freq`` ``WEEKLY`` with ``byday`` (``MO,TU``); ``MONTHLY`` with ``byday`` ordinals (``2SA`` the
  second Saturday, ``-1FR`` the last Friday) and/or ``bymonthday`` (``10``, ``-1`` the last day).
  When both are given the day must match both (RFC 5545).
* ``closes_at`` earlier than ``opens_at`` runs past midnight: a Monday 22:00–06:00 block covers
  Tuesday 03:00. ``opens_at == closes_at`` is a full 24-hour block (00:00–00:00 is the whole day).
  ``closes_at`` ``23:59`` or ``24:00`` means the end of the day (HSDS has no 24-hour flag).
* ``valid_from``/``valid_to`` (and ``dtstart``/``until``) bound the days a block starts on.
* ``interval`` above 1 (every other week, …) cannot be placed without trusting ``dtstart``
  arithmetic that feeds rarely get right, so such blocks never make a service "open now"; they are
  still listed in words with 「日程は要確认」.
* National holidays come from ``jpholiday`` (:mod:`index.holidays`). A closed-days row
  (「休み: 土曜日・日曜日・祝日」) makes a holiday, 年末年始 or 第N曜 closed; blocks marked 「祝日も受付」
  are the hours on a holiday; a service that says nothing is "unknown" on a holiday (「祝日は要確認」).
  Rows without times (closed days, 要予約, text the parser could not read) are shown as written.

Anything malformed (wrong types, bad times, unknown day codes) makes that one block unusable and
never raises: feed data is data, and a crash here would take the results list down with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from index import plaintext
from index.holidays import HOLIDAY_OPEN, closed_on, closures, holiday_blocks, is_holiday

DAY = 24 * 60
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_JA = ("月", "火", "水", "木", "金", "土", "日")
UNKNOWN_TEXT = "時間は要確認"
HOLIDAY_TEXT = "祝日は要確認"

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


@lru_cache(maxsize=1)
def tokyo() -> ZoneInfo:
    """Asia/Tokyo, loaded on first use rather than at import time."""
    return ZoneInfo("Asia/Tokyo")


def tokyo_now() -> datetime:
    return datetime.now(tokyo())


def _to_tokyo(at: datetime) -> datetime:
    if at.tzinfo is None or at.tzinfo.utcoffset(at) is None:
        return at.replace(tzinfo=tokyo())
    return at.astimezone(tokyo())


@dataclass(frozen=True)
class Block:
    """One usable schedule row: when it starts (which days) and its minutes from that day's 0:00."""

    freq: str  # "WEEKLY" | "MONTHLY"
    weekdays: frozenset[int]  # 0 = Monday; every such weekday (WEEKLY, or MONTHLY without ordinal)
    nth: frozenset[
        tuple[int, int]
    ]  # (ordinal, weekday): (2, 5) second Saturday, (-1, 4) last Friday
    monthdays: frozenset[int]  # 10, or -1 for the last day of the month
    start: int  # minutes after 0:00 of the day the block starts
    end: int  # minutes after that same 0:00; above 1440 runs into the next day
    valid_from: date | None
    valid_to: date | None
    interval: int
    description: str

    @property
    def all_day(self) -> bool:
        return self.start == 0 and self.end >= DAY

    @property
    def weekly(self) -> bool:
        return self.freq == "WEEKLY" and self.interval == 1

    def valid_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)

    def starts_on(self, day: date) -> bool:
        """Whether this block begins on ``day`` (validity not checked)."""
        weekday = day.weekday()
        if self.freq == "WEEKLY":
            return weekday in self.weekdays
        day_rule = bool(self.weekdays or self.nth)
        day_ok = weekday in self.weekdays or any(
            w == weekday and _is_nth(day, n) for n, w in self.nth
        )
        month_ok = any(_is_monthday(day, m) for m in self.monthdays)
        if day_rule and self.monthdays:
            return day_ok and month_ok
        return day_ok if day_rule else month_ok


def _days_in_month(day: date) -> int:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - timedelta(days=1)).day


def _is_nth(day: date, n: int) -> bool:
    if n > 0:
        return (day.day - 1) // 7 + 1 == n
    return (_days_in_month(day) - day.day) // 7 + 1 == -n


def _is_monthday(day: date, m: int) -> bool:
    if m > 0:
        return day.day == m
    return day.day == _days_in_month(day) + m + 1


def _minutes(value: Any) -> int | None:
    """``"HH:MM"`` (seconds and a +09:00 offset allowed) as minutes; None if unusable."""
    text = plaintext.text(value, nfkc=True)
    if not text:
        return None
    match = _TIME.match(text.replace(" ", ""))
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    offset = match.group(4)
    if offset is not None and offset.replace(":", "") not in ("+09", "+0900"):
        return None
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes != 0):
        return None
    return hours * 60 + minutes


def _date(value: Any) -> date | None:
    text = plaintext.text(value, nfkc=True)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _interval(value: Any) -> int | None:
    if value is None or value == "":
        return 1
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    if number != number or number < 1 or number > 1000:  # NaN, zero, negative, absurd
        return None
    return int(number)


def _tokens(value: Any) -> list[str] | None:
    """Comma separated tokens; None when the field is present but not text."""
    if value is None:
        return []
    if isinstance(value, int) and not isinstance(value, bool):
        return [str(value)]
    if not isinstance(value, str):
        return None
    text = plaintext.text(value, nfkc=True)
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def _block(raw: Any) -> Block | None:
    """Read one schedule dict; None when it cannot say when the service is open."""
    if not isinstance(raw, Mapping):
        return None
    timezone = raw.get("timezone")
    if timezone is not None and (
        isinstance(timezone, bool) or not isinstance(timezone, int | float) or timezone != 9
    ):
        return None
    opens, closes = _minutes(raw.get("opens_at")), _minutes(raw.get("closes_at"))
    if opens is None or closes is None or opens >= DAY:
        return None
    interval = _interval(raw.get("interval"))
    if interval is None:
        return None
    byday, bymonthday = _tokens(raw.get("byday")), _tokens(raw.get("bymonthday"))
    if byday is None or bymonthday is None:
        return None
    freq = plaintext.text(raw.get("freq"), nfkc=True).upper()
    if not freq:
        freq = "MONTHLY" if bymonthday or any(t[:1] in "+-0123456789" for t in byday) else "WEEKLY"
    if freq not in ("WEEKLY", "MONTHLY"):
        return None
    weekdays: set[int] = set()
    nth: set[tuple[int, int]] = set()
    for token in byday:
        match = _BYDAY.match(token)
        if match is None:
            return None
        weekday = WEEKDAY_CODES.index(match.group(2))
        if match.group(1) is None:
            weekdays.add(weekday)
            continue
        ordinal = int(match.group(1))
        if freq == "WEEKLY" or ordinal == 0 or not -5 <= ordinal <= 5:
            return None
        nth.add((ordinal, weekday))
    monthdays: set[int] = set()
    if freq == "MONTHLY":
        for token in bymonthday:
            try:
                number = int(token)
            except ValueError:
                return None
            if number == 0 or not -31 <= number <= 31:
                return None
            monthdays.add(number)
    if not (weekdays or nth or monthdays):
        return None
    if closes == 23 * 60 + 59:
        closes = DAY
    end = closes if closes > opens else closes + DAY
    valid_from = _date(raw.get("valid_from")) or _date(raw.get("dtstart"))
    valid_to = _date(raw.get("valid_to")) or _date(raw.get("until"))
    return Block(
        freq=freq,
        weekdays=frozenset(weekdays),
        nth=frozenset(nth),
        monthdays=frozenset(monthdays),
        start=opens,
        end=end,
        valid_from=valid_from,
        valid_to=valid_to,
        interval=interval,
        description=plaintext.text(raw.get("description"), nfkc=True),
    )


def blocks(schedules: Any) -> list[Block]:
    """Every usable block of a ``schedules[]`` list, in order (garbage is skipped, never raised)."""
    if not isinstance(schedules, Iterable) or isinstance(schedules, str | bytes | Mapping):
        return []
    found = []
    for raw in schedules:
        block = _block(raw)
        if block is not None:
            found.append(block)
    return found


def _descriptions(schedules: Any) -> list[str]:
    if not isinstance(schedules, Iterable) or isinstance(schedules, str | bytes | Mapping):
        return []
    seen: list[str] = []
    for raw in schedules:
        if isinstance(raw, Mapping):
            text = plaintext.text(raw.get("description"), nfkc=True)
            if text and text not in seen:
                seen.append(text)
    return seen


def is_open(schedules: Sequence[Mapping[str, Any]], at: datetime) -> bool | None:
    """Whether the service is open at ``at`` (Tokyo time); None when its schedule is unknown.

    Unknown means: no usable block, or none whose validity covers today or yesterday (the hours
    on file are for another period, so "closed" would be a guess).
    """
    now = _to_tokyo(at)
    today = now.date()
    yesterday = today - timedelta(days=1)
    minute = now.hour * 60 + now.minute
    usable = [b for b in blocks(schedules) if b.interval == 1]
    current = [b for b in usable if b.valid_on(today) or b.valid_on(yesterday)]
    if not current:
        return None
    holiday = _holiday_today(schedules, today, current)
    if holiday == "closed":
        return False
    if holiday == "unknown":
        return None
    if holiday == "open":
        special = [b for b in blocks(holiday_blocks(schedules)) if b.valid_on(today)]
        return any(b.start <= minute < b.end for b in special)
    for block in current:
        if block.valid_on(today) and block.starts_on(today) and block.start <= minute < block.end:
            return True
        if block.valid_on(yesterday) and block.starts_on(yesterday) and minute + DAY < block.end:
            return True
    return False


def _covers_day(intervals: Iterable[tuple[int, int]]) -> bool:
    reached = 0
    for start, end in sorted(intervals):
        if start > reached:
            return False
        reached = max(reached, end)
    return reached >= DAY


def _weekly_intervals(found: Sequence[Block], weekday: int) -> list[tuple[int, int]]:
    """Minutes of one weekday covered by weekly blocks, overnight spill from the day before included."""
    intervals = []
    for block in found:
        if not block.weekly:
            continue
        if weekday in block.weekdays:
            intervals.append((block.start, min(block.end, DAY)))
        if (weekday - 1) % 7 in block.weekdays and block.end > DAY:
            intervals.append((0, min(block.end - DAY, DAY)))
    return intervals


def _is_24h(found: Sequence[Block]) -> bool:
    return all(_covers_day(_weekly_intervals(found, weekday)) for weekday in range(7))


def is_24h(schedules: Sequence[Mapping[str, Any]]) -> bool:
    """Open around the clock on all seven days, by weekly blocks (00:00–23:59 or 00:00–24:00)."""
    return _is_24h(blocks(schedules))


def clock(minutes: int) -> str:
    """``8:30``, ``16:00``; minutes past the day (overnight) are shown as 「翌6:00」."""
    if minutes > DAY:
        return "翌" + clock(minutes - DAY)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _spoken(minutes: int) -> str:
    if minutes > DAY:
        return "翌" + _spoken(minutes - DAY)
    return f"{minutes // 60}時"


def span_text(start: int, end: int) -> str:
    """Plain words for one block: 「16時〜21時」, 「8:30〜17:15」, 「22時〜翌6時」, 「24時間」."""
    if start == 0 and end >= DAY:
        return "24時間"
    if start % 60 == 0 and end % 60 == 0:
        return f"{_spoken(start)}〜{_spoken(end)}"
    return f"{clock(start)}〜{clock(end)}"


def today_hours(schedules: Sequence[Mapping[str, Any]], at: datetime) -> str:
    """Today's hours for a results list: 「16:00〜21:00」, 「24時間」, 「本日休み」, 「時間は要確認」.

    A block from last night that is still running is shown as 「〜6:00」 until it ends.
    """
    now = _to_tokyo(at)
    today = now.date()
    yesterday = today - timedelta(days=1)
    minute = now.hour * 60 + now.minute
    usable = [b for b in blocks(schedules) if b.interval == 1]
    if not any(b.valid_on(today) or b.valid_on(yesterday) for b in usable):
        return UNKNOWN_TEXT
    holiday = _holiday_today(schedules, today, usable)
    if holiday == "closed":
        return "本日休み"
    if holiday == "unknown":
        return HOLIDAY_TEXT
    if holiday == "open":
        usable = [b for b in blocks(holiday_blocks(schedules)) if b.valid_on(today)]
        return "、".join(f"{clock(b.start)}〜{clock(b.end)}" for b in usable) or "本日休み"
    own = sorted({(b.start, b.end) for b in usable if b.valid_on(today) and b.starts_on(today)})
    spill = sorted(
        {
            b.end - DAY
            for b in usable
            if b.valid_on(yesterday) and b.starts_on(yesterday) and b.end > DAY
        }
    )
    covered = [(s, min(e, DAY)) for s, e in own] + [(0, min(e, DAY)) for e in spill]
    if _covers_day(covered):
        return "24時間"
    parts = [f"〜{clock(spill[-1])}"] if spill and minute < spill[-1] else []
    parts += [f"{clock(s)}〜{clock(e)}" for s, e in own]
    return "、".join(parts) if parts else "本日休み"


def _runs(days: Sequence[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def days_label(days: Iterable[int]) -> str:
    """「毎日」, 「平日」, 「土日」, 「月〜土」, 「月〜水・金」, 「月・水・金」, 「土曜」."""
    chosen = sorted(set(days))
    named = {
        (0, 1, 2, 3, 4, 5, 6): "毎日",
        (0, 1, 2, 3, 4): "平日",
        (5, 6): "土日",
    }
    if tuple(chosen) in named:
        return named[tuple(chosen)]
    if len(chosen) == 1:
        return f"{WEEKDAY_JA[chosen[0]]}曜"
    parts = []
    for run in _runs(chosen):
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_JA[run[0]]}〜{WEEKDAY_JA[run[-1]]}")
        else:
            parts.extend(WEEKDAY_JA[d] for d in run)
    return "・".join(parts)


def _ordinal(n: int) -> str:
    if n == -1:
        return "最終"
    if n < 0:
        return f"最後から{-n}番目の"
    return f"第{n}"


def rule_label(block: Block) -> str:
    """The days of a non-weekly block: 「第2土曜」, 「第1・第3土曜」, 「最終金曜」, 「毎月10日」."""
    parts: list[str] = []
    if block.freq == "WEEKLY":
        every = "隔週" if block.interval == 2 else f"{block.interval}週ごと"
        return f"{every} {days_label(block.weekdays)}"
    for weekday in sorted({w for _, w in block.nth}):
        ordinals = sorted((n for n, w in block.nth if w == weekday), key=lambda n: (n < 0, abs(n)))
        parts.append("・".join(_ordinal(n) for n in ordinals) + f"{WEEKDAY_JA[weekday]}曜")
    if block.weekdays:
        parts.append("毎週" + "・".join(WEEKDAY_JA[d] for d in sorted(block.weekdays)) + "曜")
    day_rule = "・".join(parts)
    if block.monthdays:
        numbers = sorted(block.monthdays, key=lambda m: (m < 0, abs(m)))
        words = [
            f"{m}日" if m > 0 else ("末日" if m == -1 else f"末日の{-m - 1}日前") for m in numbers
        ]
        month_rule = "毎月" + "・".join(words)
        return f"{month_rule}（{day_rule}）" if day_rule else month_rule
    if block.interval > 1:
        day_rule = f"{block.interval}か月ごと {day_rule}"
    return day_rule


def _join_spans(spans: Iterable[tuple[int, int]]) -> str:
    return "、".join(span_text(s, e) for s, e in sorted(set(spans)))


def _filtered(schedules: Any, on: date | None) -> list[Block]:
    found = blocks(schedules)
    if on is not None:
        found = [b for b in found if b.valid_on(on)]
    return found


def _holiday_lines(schedules: Any) -> list[str]:
    """Notes kept as written (rows without times: closed days, 要予約, what the parser could not
    read), and descriptions about 祝日; else 「祝日は要確認」."""
    rows = schedules if isinstance(schedules, list) else []
    notes = [
        plaintext.text(r.get("description"), nfkc=True)
        for r in rows
        if isinstance(r, Mapping) and not (r.get("opens_at") and r.get("closes_at"))
    ]
    mentions = [t for t in _descriptions(schedules) if "祝日" in t and t != HOLIDAY_OPEN]
    lines = list(dict.fromkeys(t for t in [*notes, *mentions] if t))
    if closures(schedules).holidays is None and not any("祝日" in t for t in lines):
        lines.append(HOLIDAY_TEXT)
    return lines


def _holiday_today(schedules: Any, today: date, found: Sequence[Block]) -> str:
    """「closed」 by a closed-days rule, 「open」 with holiday hours, 「unknown」 on a holiday the
    service says nothing about, 「」 on an ordinary day (or a 24-hour service)."""
    rules = closures(schedules)
    if closed_on(rules, today):
        return "closed"
    if not is_holiday(today) or _is_24h(found):
        return ""
    if holiday_blocks(schedules):
        return "open"
    return "" if rules.holidays is False else "unknown"


def _grouped_rules(found: Sequence[Block]) -> list[tuple[str, str]]:
    """Non-weekly blocks (monthly, every other week) as (days, hours), same days merged."""
    order: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for block in found:
        if block.weekly:
            continue
        label = rule_label(block)
        if label not in spans:
            order.append(label)
            spans[label] = []
        spans[label].append((block.start, block.end))
    rows = []
    for label in order:
        hours = _join_spans(spans[label])
        irregular = "（日程は要確認）" if label.startswith("隔週") or "ごと" in label else ""
        rows.append((label, hours + irregular))
    return rows


def weekly_hours_text(schedules: Sequence[Mapping[str, Any]], on: date | None = None) -> list[str]:
    """Hours in plain words, one line each: 「平日 8:30〜17:15」, 「第2土曜 10時〜12時」, ….

    Days with identical hours are grouped; the last line is 「祝日は要確認」 unless a description
    mentions 祝日 (then that description). With ``on``, blocks not valid that day are left out.
    When nothing usable is known: 「時間は要確認」 and the schedules' own descriptions.
    """
    found = _filtered(schedules, on)
    if not found:
        return [UNKNOWN_TEXT, *_descriptions(schedules)]
    if _is_24h(found):
        # 年中無休 already answers the holiday question; 「祝日は要確認」 would contradict it.
        return ["24時間・年中無休", *[t for t in _descriptions(schedules) if "祝日" in t]]
    per_day: dict[int, tuple[tuple[int, int], ...]] = {}
    for weekday in range(7):
        day_spans = {(b.start, b.end) for b in found if b.weekly and weekday in b.weekdays}
        if day_spans:
            per_day[weekday] = tuple(sorted(day_spans))
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for weekday, key in per_day.items():
        groups.setdefault(key, []).append(weekday)
    lines = [
        f"{days_label(days)} {_join_spans(spans)}"
        for spans, days in sorted(groups.items(), key=lambda item: min(item[1]))
    ]
    lines += [f"{label} {hours}" for label, hours in _grouped_rules(found)]
    return [*lines, *_holiday_lines(schedules)]


def weekly_table(
    schedules: Sequence[Mapping[str, Any]], on: date | None = None
) -> list[tuple[str, str]]:
    """Rows (曜日, hours) for the detail pane: 月〜日 when weekly hours are known, then rows for
    monthly and every-other-week rules. Empty when nothing usable is known (show 「時間は要確認」).
    """
    found = _filtered(schedules, on)
    rows: list[tuple[str, str]] = []
    if any(b.weekly for b in found):
        for weekday in range(7):
            spans = {(b.start, b.end) for b in found if b.weekly and weekday in b.weekdays}
            rows.append((WEEKDAY_JA[weekday], _join_spans(spans) if spans else "休み"))
    rows += _grouped_rules(found)
    return rows
