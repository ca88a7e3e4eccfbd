"""Hours and facts of a service in the slip's language, rendered from the data, not translated.

A bilingual slip must say "Mon–Fri 8:30–17:15" from the same schedule rows that print
「平日 8:30〜17:15」 beneath it, so the weekday names, separators and fixed phrases come from the
language's texts file and the times from ``index.schedule``. Rules the profile can express but
that are rare (「第2土曜」, every other week) keep their Japanese wording after a translated "Other
days:", so nothing is guessed. No Qt and no reportlab here.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop.slips.translations import SlipTexts
from index.record import ServiceView
from index.schedule import DAY, Block, blocks, clock, is_24h, rule_label

_SPAN = re.compile(r"(\d{1,2}:\d{2})?〜(翌)?(\d{1,2}:\d{2})")


def _days(days: list[int], t: SlipTexts) -> str:
    chosen = sorted(set(days))
    if chosen == list(range(7)):
        return t.get("every_day")
    if chosen == [0, 1, 2, 3, 4]:
        return t.get("weekdays")
    if chosen == [5, 6]:
        return t.get("weekend")
    parts: list[str] = []
    run: list[int] = []
    for day in [*chosen, 99]:
        if run and day == run[-1] + 1:
            run.append(day)
            continue
        if len(run) >= 3:
            parts.append(t.get("day_span", a=t.get(f"day_{run[0]}"), b=t.get(f"day_{run[-1]}")))
        else:
            parts += [t.get(f"day_{d}") for d in run]
        run = [day]
    return ", ".join(parts)


def _time(minutes: int, t: SlipTexts) -> str:
    if minutes > DAY:
        return t.get("next_day", time=clock(minutes - DAY))
    return clock(minutes)


def _span(start: int, end: int, t: SlipTexts) -> str:
    return t.get("time_span", start=_time(start, t), end=_time(end, t))


def hours_lines(view: ServiceView, t: SlipTexts, on: date) -> list[str]:
    """「Mon–Fri 8:30–17:15」, …, then the holiday line, in the language of ``t``."""
    found: list[Block] = [b for b in blocks(view.schedules) if b.valid_on(on)]
    if not found:
        return [t.get("hours_unknown")]
    if is_24h(view.schedules):
        return [t.get("open_24h")]
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for weekday in range(7):
        spans = tuple(
            sorted({(b.start, b.end) for b in found if b.weekly and weekday in b.weekdays})
        )
        if spans:
            groups.setdefault(spans, []).append(weekday)
    lines = [
        f"{_days(days, t)} {', '.join(_span(s, e, t) for s, e in spans)}"
        for spans, days in sorted(groups.items(), key=lambda item: min(item[1]))
    ]
    for block in found:
        if not block.weekly:
            lines.append(
                f"{t.get('other_days')}: {rule_label(block)} {_span(block.start, block.end, t)}"
            )
    return [*lines, t.get("holidays")]


def today_text(view: ServiceView, t: SlipTexts, at: datetime) -> str:
    """Today's hours in the language of ``t``: 「8:30–17:15」, "Closed today", "Open 24 hours"."""
    japanese = view.today(at)
    if japanese == "24時間":
        return t.get("open_24h")
    if japanese == "本日休み":
        return t.get("closed_today")
    if japanese == "時間は要確認":
        return t.get("hours_unknown")

    def one(match: re.Match[str]) -> str:
        start = match.group(1) or ""
        end = match.group(3)
        end = t.get("next_day", time=end) if match.group(2) else end
        return t.get("time_span", start=start, end=end).strip()

    return ", ".join(_SPAN.sub(one, part) for part in japanese.split("、"))


def date_text(day: date, t: SlipTexts) -> str:
    return t.get("date", y=day.year, m=day.month, d=day.day)


def today_label(day: date, t: SlipTexts) -> str:
    return t.get("today_date", m=day.month, d=day.day, weekday=t.get(f"day_{day.weekday()}"))


def facts(view: ServiceView, t: SlipTexts, language: str) -> list[str]:
    """The flags worth a badge, in the language of ``t``: free, anonymous, reservation, language."""
    found = []
    if view.free:
        found.append(t.get("free"))
    if view.anonymous:
        found.append(t.get("anonymous"))
    if view.reservation:
        found.append(t.get("reservation"))
    if language not in ("ja", "easy") and view.speaks(language):
        found.append(t.get("speaks_language"))
    if view.interpreter:
        found.append(t.get("interpreter"))
    return found
