"""The 受付時間 cell: opening hours as staff write them → HSDS schedule rows."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from index.spreadsheet.cells import CellError, _short

# --- opening hours ---------------------------------------------------------------------------------

_DAY_CHARS = "月火水木金土日"
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME_RE = r"(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分|(半))?)"
_RANGE_RE = re.compile(rf"(?:(24時間|終日)|{_TIME_RE}\s*-\s*(翌朝?|翌日)?\s*{_TIME_RE})")
_DASHES = "〜~ー−–—‐―－"
_HOURS_HINT = (
    "「月-金 8:30-17:15」「毎日 16:00-21:00」「土日 10:00-17:00」「24時間」"
    "「第2土 10:00-12:00」「22:00-翌6:00」のように書いてください"
)


class HoursError(CellError):
    pass


def _normalise_hours(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text


def _clock(hours: str, minutes: str | None, mins_ja: str | None, half: str | None) -> int:
    h = int(hours)
    m = int(minutes or mins_ja or 0) + (30 if half else 0)
    if m >= 60 or h > 24 or (h == 24 and m):
        raise ValueError
    return h * 60 + m


def _weekdays(spec: str) -> tuple[list[int], bool] | None:
    """Weekday numbers (0 = Monday) from 「月-金」「土日祝」「平日」「月・水・金」; None if unreadable."""
    days: list[int] = []
    holidays = False
    rest = spec.replace("曜日", "").replace("曜", "")
    rest = rest.replace("祝日", "祝").replace("祭日", "祝")
    tokens = re.findall(
        r"毎日|平日|[月火水木金土日祝]-[月火水木金土日]|[月火水木金土日祝]|[・,、\s]", rest
    )
    if "".join(tokens) != rest or not rest.strip(" ・,、"):
        return None
    for token in tokens:
        if token == "毎日":
            new = list(range(7))
        elif token == "平日":
            new = list(range(5))
        elif token == "祝":
            holidays = True
            new = []
        elif len(token) == 3:
            a, b = _DAY_CHARS.index(token[0]), _DAY_CHARS.index(token[2])
            new = [(a + i) % 7 for i in range((b - a) % 7 + 1)]
        elif token in _DAY_CHARS:
            new = [_DAY_CHARS.index(token)]
        else:
            continue
        days.extend(d for d in new if d not in days)
    if not days:
        return None
    return sorted(days), holidays


def parse_hours(text: str) -> list[dict[str, Any]]:
    """Written opening hours → HSDS schedule rows (without ids). Raises :class:`HoursError`."""
    out: list[dict[str, Any]] = []
    for raw in re.split(r"[/／;；\n]", text):
        if raw.strip():
            out.extend(_parse_entry(raw.strip(" \t\r\u3000")))
    return out


def _parse_entry(original: str) -> list[dict[str, Any]]:
    """One entry; messages quote it as typed, and a note or 祝 keeps it as the description."""
    entry = _normalise_hours(original).strip()
    note = ""
    match = re.search(r"\(([^()]*)\)\s*$", entry)
    if match is not None:
        note = match.group(1).strip()
        entry = entry[: match.start()].strip()
    rule: dict[str, Any]
    if re.fullmatch(r"24時間|終日", entry):
        rule, times = {"freq": "WEEKLY", "byday": ",".join(_DAY_CODES)}, entry
        holidays = False
    else:
        found = _RANGE_RE.search(entry)
        if found is None:
            raise HoursError(f"「{_short(original)}」の時間を読み取れません。{_HOURS_HINT}")
        days_text, times = entry[: found.start()], entry[found.start() :]
        rule, holidays = _day_rule(days_text, original)
    blocks = _time_ranges(times, original)
    description = original if note or holidays else ""
    rows = []
    for opens, closes in blocks:
        row = dict(rule)
        row["opens_at"] = opens
        row["closes_at"] = closes
        row["timezone"] = 9
        if description:
            row["description"] = description
        rows.append(row)
    return rows


def _day_rule(days_text: str, original: str) -> tuple[dict[str, Any], bool]:
    days_text = days_text.strip()
    if not days_text:
        raise HoursError(
            f"「{_short(original)}」に曜日がありません（毎日なら「毎日 9:00-17:00」のように書いてください）"
        )
    monthly = re.fullmatch(r"第([\d・,、第\s]+)([月火水木金土日])(?:曜日|曜)?", days_text)
    if monthly is not None:
        numbers = re.findall(r"\d", monthly.group(1))
        if not numbers or any(not 1 <= int(n) <= 5 for n in numbers):
            raise HoursError(f"「{_short(original)}」の「第◯」は 1〜5 で書いてください")
        code = _DAY_CODES[_DAY_CHARS.index(monthly.group(2))]
        return {"freq": "MONTHLY", "byday": ",".join(f"{n}{code}" for n in numbers)}, False
    last = re.fullmatch(r"最終([月火水木金土日])(?:曜日|曜)?", days_text)
    if last is not None:
        return {
            "freq": "MONTHLY",
            "byday": f"-1{_DAY_CODES[_DAY_CHARS.index(last.group(1))]}",
        }, False
    monthday = re.fullmatch(r"毎月((?:\d{1,2}日?[・,、\s]*)+|末日?)", days_text)
    if monthday is not None:
        if monthday.group(1).startswith("末"):
            return {"freq": "MONTHLY", "bymonthday": "-1"}, False
        numbers = re.findall(r"\d{1,2}", monthday.group(1))
        if any(not 1 <= int(n) <= 31 for n in numbers):
            raise HoursError(f"「{_short(original)}」の日付は 1〜31 で書いてください")
        return {"freq": "MONTHLY", "bymonthday": ",".join(numbers)}, False
    weekly = _weekdays(days_text)
    if weekly is None:
        raise HoursError(
            f"「{_short(original)}」の「{_short(days_text, 20)}」を曜日として読み取れません。{_HOURS_HINT}"
        )
    days, holidays = weekly
    return {"freq": "WEEKLY", "byday": ",".join(_DAY_CODES[d] for d in days)}, holidays


def _time_ranges(times: str, original: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    times = times.strip()
    while pos < len(times):
        sep = re.match(r"[\s,、・]*", times[pos:])
        pos += sep.end() if sep else 0
        if pos >= len(times):
            break
        match = _RANGE_RE.match(times, pos)
        if match is None:
            raise HoursError(f"「{_short(original)}」の時間を読み取れません。{_HOURS_HINT}")
        pos = match.end()
        if match.group(1):
            out.append(("00:00", "23:59"))
            continue
        g = match.groups()
        try:
            start = _clock(g[1], g[2], g[3], g[4])
            end = _clock(g[6], g[7], g[8], g[9])
        except ValueError:
            raise HoursError(
                f"「{_short(original)}」の時刻が正しくありません（0:00〜24:00）"
            ) from None
        if start >= 24 * 60:
            raise HoursError(f"「{_short(original)}」の開始時刻は 23:59 までです")
        if start == end:
            raise HoursError(
                f"「{_short(original)}」は開始と終了が同じです（一日中なら「24時間」と書いてください）"
            )
        if g[5] and end > start:
            raise HoursError(
                f"「{_short(original)}」の「翌」の時刻が開始より後で、24時間を超えます"
            )
        if g[5] and end == 24 * 60:
            raise HoursError(f"「{_short(original)}」の「翌24:00」は書けません")
        out.append((f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
    if not out:
        raise HoursError(f"「{_short(original)}」に時間がありません。{_HOURS_HINT}")
    return out
