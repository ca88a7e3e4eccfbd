"""Opening hours as offices write them → HSDS 3.0 schedule rows: the one parser.

The template (``index.spreadsheet``), the くらし支援ナビ converter (``sync.convert``) and the
local-resource form all read written hours here, so 「月曜日から金曜日 午前8時45分から午後5時15分」 means
the same everywhere. :mod:`index.schedule` reads the rows back (open now, plain words).

What is read: から/～/〜/-, 午前/午後, 時/分/半, 正午, full-width digits, days before the times or on
the line above or below them, several blocks (／, new lines, 、), 毎週, 平日, 毎日, 土日祝, 第1・第3水曜
(``MONTHLY``), 最終金曜, 毎月10日, 24時間, 365日, 年中無休, 翌 for overnight, and a separate closed-days
cell (土曜日・日曜日・祝日・年末年始, 休日, 第2土曜, 12月29日～1月3日).

What is not read is never refused: it is kept **as written** in a schedule row that has only a
``description`` (shown by the window and the slip), and a warning says so. Rows this module writes:

* a time block: ``freq``/``byday``/``bymonthday``, ``opens_at``/``closes_at``, ``timezone`` 9; a
  block whose days include 祝日 carries the description :data:`HOLIDAY_OPEN`;
* a closed-days row: no times, description 「休み: …」 as written, and ``freq``/``byday`` when it
  names weekdays or 第N曜 (:mod:`index.holidays` reads it for open-now);
* a note row: no times, the words as written (（ ）notes, 随時, 要予約, anything unread).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_CHARS = "月火水木金土日"
HOLIDAY_OPEN = "祝日も受付"
"""The description of a block whose days include 祝日 (open on national holidays)."""
CLOSED_PREFIX = "休み: "
"""How a closed-days row's description starts; the rest is the cell as written."""
ANYTIME = "随時"
BY_APPOINTMENT = "要予約"

_DASHES = "〜~ー−–—‐―－～"
_TIME = r"(\d{1,2}):(\d{2})"
_RANGE = re.compile(rf"{_TIME}\s*-\s*(翌朝?|翌日)?\s*{_TIME}")
_ALL_WEEK = re.compile(
    r"24時間\s*365日|365日\s*24時間|24時間年中無休|24時間対応|24時間受付|24時間|終日"
)
_APPOINTMENT = re.compile(r"要予約|予約制|事前予約|予約が必要|予約必要|要事前予約")
_DAY = r"[月火水木金土日](?:曜日?)?"
_DAY_TOKEN = re.compile(
    r"(?P<monthly>第\s*\d(?:\s*[・,、]\s*第?\s*\d)*\s*(?P<mday>[月火水木金土日])(?:曜日?)?)"
    r"|(?P<last>最終\s*(?P<lday>[月火水木金土日])(?:曜日?)?)"
    r"|(?P<monthday>毎月\s*(?:\d{1,2}日?(?:\s*[・,、]\s*\d{1,2}日?)*|末日?))"
    r"|(?P<range>(?P<a>[月火水木金土日])(?:曜日?)?\s*-\s*(?P<b>[月火水木金土日])(?:曜日?)?)"
    r"|(?P<named>毎日|平日|土日祝日?|土日|祝祭日|祝休日|祝日|祭日|休日|祝)"
    r"|(?P<one>[月火水木金土日](?:曜日?)?)"
)
_FILLER = re.compile(
    r"[\s・,、:()\[\]【】]|毎週|及び|および|並びに|または|の|は|と|まで|より|から|も|開庁日|開所日"
)
_EXCLUDE = re.compile(r"を?除(?:く|き)|は休み|休み|は除く|以外")
_YEAR_END = re.compile(r"年末年始|12月\s*29日\s*-\s*1月\s*[34]日|1月\s*1日\s*-\s*1月\s*3日")


@dataclass
class ReadHours:
    """The rows read from one hours cell (and its closed-days cell), with what could not be read."""

    schedules: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (kind, message)
    blocks: int = 0  # time blocks read
    unread: list[str] = field(default_factory=list)  # parts kept as written
    days_assumed: bool = False
    anytime: bool = False  # 随時
    by_appointment: bool = False  # 要予約

    @property
    def parsed(self) -> bool:
        """At least one time block was read (the rest, if any, is shown as written)."""
        return self.blocks > 0

    @property
    def complete(self) -> bool:
        return self.blocks > 0 and not self.unread and not self.days_assumed


@dataclass
class _Days:
    weekly: list[int] = field(default_factory=list)
    nth: list[str] = field(default_factory=list)  # "2SA"
    monthdays: list[str] = field(default_factory=list)
    holidays: bool = False

    def empty(self) -> bool:
        return not (self.weekly or self.nth or self.monthdays or self.holidays)

    def rule(self) -> dict[str, Any]:
        if self.nth or self.monthdays:
            out: dict[str, Any] = {"freq": "MONTHLY"}
            if self.nth:
                out["byday"] = ",".join(self.nth)
            if self.monthdays:
                out["bymonthday"] = ",".join(self.monthdays)
            return out
        return {"freq": "WEEKLY", "byday": ",".join(DAY_CODES[d] for d in sorted(self.weekly))}


def normalise(text: str) -> str:
    """NFKC, one dash, clock times as ``H:MM`` (午前/午後, 時/分/半, 正午), から between as ``-``."""
    text = unicodedata.normalize("NFKC", text)
    for dash in _DASHES:
        text = text.replace(dash, "-")
    text = text.replace("正午", "午後0時").replace("深夜0時", "24時")

    def clock(match: re.Match[str]) -> str:
        half, hour = match.group(1), int(match.group(2))
        minute = int(match.group(3) or match.group(4) or (30 if match.group(5) else 0))
        if half == "午後" and hour < 12:
            hour += 12
        return f"{hour}:{minute:02d}"

    text = re.sub(
        r"(午前|午後)?\s*(\d{1,2})(?::(\d{2})|時(?!間)(?:\s*(\d{1,2})\s*分|(半))?)", clock, text
    )
    text = re.sub(r"(?<=\d)\s*(?:から|より)\s*(?=(?:翌朝?|翌日)?\s*\d)", "-", text)
    text = re.sub(rf"({_DAY})\s*(?:から)\s*(?={_DAY})", r"\1-", text)
    return text


def _add_days(days: _Days, match: re.Match[str]) -> None:
    kind = match.lastgroup
    groups = match.groupdict()
    if groups["monthly"]:
        code = DAY_CODES[_DAY_CHARS.index(groups["mday"])]
        for n in re.findall(r"\d", groups["monthly"]):
            if 1 <= int(n) <= 5 and f"{n}{code}" not in days.nth:
                days.nth.append(f"{n}{code}")
    elif groups["last"]:
        days.nth.append(f"-1{DAY_CODES[_DAY_CHARS.index(groups['lday'])]}")
    elif groups["monthday"]:
        spec = groups["monthday"]
        if "末" in spec:
            days.monthdays.append("-1")
        days.monthdays += [n for n in re.findall(r"\d{1,2}", spec) if 1 <= int(n) <= 31]
    elif groups["range"]:
        a, b = _DAY_CHARS.index(groups["a"]), _DAY_CHARS.index(groups["b"])
        new = [(a + i) % 7 for i in range((b - a) % 7 + 1)]
        days.weekly += [d for d in new if d not in days.weekly]
    elif groups["named"]:
        word = groups["named"]
        named: dict[str, list[int]] = {"毎日": list(range(7)), "平日": list(range(5))}
        new = named.get(word, [5, 6] if "土日" in word else [])
        days.weekly += [d for d in new if d not in days.weekly]
        if "祝" in word or "祭" in word or word == "休日":
            days.holidays = True
    elif kind == "one" or groups["one"]:
        d = _DAY_CHARS.index(groups["one"][0])
        if d not in days.weekly:
            days.weekly.append(d)


def _minutes(hours: str, minutes: str) -> int | None:
    h, m = int(hours), int(minutes)
    if m >= 60 or h > 24 or (h == 24 and m):
        return None
    return h * 60 + m


@dataclass
class _Segment:
    original: str
    days: _Days
    excluded: _Days  # days named with 除く
    spans: list[tuple[str, str]]
    all_week: bool
    leftover: str


def _segment(original: str) -> _Segment:
    text = normalise(original)
    days, excluded = _Days(), _Days()
    spans: list[tuple[str, str]] = []
    all_week = False
    if _ALL_WEEK.search(text) or "年中無休" in text or "365日" in text:
        all_week = "24時間" in text or "終日" in text
        if all_week:
            spans.append(("00:00", "23:59"))
        days.weekly = list(range(7))
        days.holidays = True
        text = re.sub(_ALL_WEEK, " ", text).replace("年中無休", " ").replace("365日", " ")
    rest = []
    pos = 0
    pending: _Days | None = None
    for match in re.finditer(rf"{_RANGE.pattern}|{_DAY_TOKEN.pattern}", text):
        rest.append(text[pos : match.start()])
        pos = match.end()
        piece = match.group(0)
        ranged = _RANGE.fullmatch(piece)
        if ranged is not None:
            start, end = _minutes(ranged[1], ranged[2]), _minutes(ranged[4], ranged[5])
            bad = start is None or end is None or start >= 24 * 60 or start == end
            if bad or (ranged[3] and end is not None and start is not None and end > start):
                rest.append(piece)
                continue
            assert start is not None and end is not None
            spans.append((f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
            continue
        after = text[match.end() :]
        target = days
        if _EXCLUDE.match(after.lstrip("・、 ")) or (pending is not None and _EXCLUDE.match(after)):
            target = excluded
        found = re.match(_DAY_TOKEN, piece)
        assert found is not None
        _add_days(target, found)
        pending = target
    rest.append(text[pos:])
    leftover = _FILLER.sub("", _EXCLUDE.sub("", "".join(rest)))
    return _Segment(original, days, excluded, spans, all_week, leftover)


def _split(text: str) -> list[str]:
    parts = re.split(r"[/／;；\n。]|、(?=\s*(?:毎|平日|土|日|[月火水木金]曜|第|最終))", text)
    return [p.strip(" \t\r\u3000") for p in parts if p.strip(" \t\r\u3000")]


def _notes(text: str) -> tuple[str, list[str]]:
    """Take out （ ）and ※ notes: they are shown as written, and also read for days to leave out."""
    notes = [m.strip() for m in re.findall(r"[（(]([^（）()]*)[）)]", text) if m.strip()]
    text = re.sub(r"[（(][^（）()]*[）)]", " ", text)
    if "※" in text:
        text, _, tail = text.partition("※")
        notes.append(tail.strip())
    return text, notes


def read_closed(text: str) -> tuple[_Days, bool, list[str]]:
    """A closed-days cell → (days closed, 年末年始 closed, parts not read)."""
    days = _Days()
    year_end = bool(_YEAR_END.search(normalise(text)))
    unread: list[str] = []
    for part in re.split(r"[・、,／/\n]", normalise(text)):
        part = _YEAR_END.sub("", part).strip()
        if not part:
            continue
        found = _DAY_TOKEN.fullmatch(re.sub(r"(は除く|を除く|除く|は休み|休み)$", "", part))
        if found is None:
            if re.search(r"[月火水木金土日](?:曜)|祝|休日", part):
                segment = _segment(part)
                days.weekly += [d for d in segment.days.weekly if d not in days.weekly]
                days.holidays = days.holidays or segment.days.holidays
                days.nth += [n for n in segment.days.nth if n not in days.nth]
            if not re.fullmatch(
                r"(?:[月火水木金土日](?:曜日?)?|祝(?:休)?日|休日|[・、,\s])*(?:は除く|を除く|除く|は休み|休み)?",
                part,
            ):
                unread.append(part)
            continue
        _add_days(days, found)
    if days.holidays and not days.weekly and re.search(r"(?<!祝)休日", normalise(text)):
        days.weekly = [5, 6]  # 「休日」 alone is the 行政機関の休日: 土日祝
    return days, year_end, unread


def read_hours(
    text: str, closed: str = "", *, default_days: tuple[int, ...] | None = (0, 1, 2, 3, 4)
) -> ReadHours:
    """Read an hours cell and its closed-days cell. Never raises; see the module docstring.

    ``default_days`` are the weekdays used when the times name no days and the closed-days cell
    does not settle them (a municipal window: 平日); ``None`` keeps such times as text.
    """
    out = ReadHours()
    text = (text or "").strip()
    closed_days, year_end, closed_unread = (
        read_closed(closed) if closed.strip() else (_Days(), False, [])
    )
    if text:
        out.anytime = ANYTIME in text
        out.by_appointment = bool(_APPOINTMENT.search(unicodedata.normalize("NFKC", text)))
    body, notes = _notes(text)
    for note in notes:
        # （土・日・祝日を除く）: read as days closed as well as shown.
        if _EXCLUDE.search(note) or "休み" in note:
            extra, end, _ = read_closed(note)
            closed_days.weekly += [d for d in extra.weekly if d not in closed_days.weekly]
            closed_days.holidays = closed_days.holidays or extra.holidays
            year_end = year_end or end
    parts = []
    for part in _split(body):
        label = re.match(r"^([^\d:：()（）]{1,12})[:：]\s*(?=.*\d)", part)
        if label is not None:  # 「電話受付：8時30分から…」: the label is shown, the times read
            notes.append(label.group(1).strip())
            part = part[label.end() :]
        parts.append(part)
    segments = [_segment(part) for part in parts]
    used: set[int] = set()
    # Days on a line of their own apply to times on the line below (or above).
    for i, seg in enumerate(segments):
        if seg.spans or seg.days.empty() or seg.leftover:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(segments) and segments[j].spans and segments[j].days.empty():
                segments[j].days = seg.days
                used.add(i)
                break
    for seg in segments:
        if seg.excluded.holidays or seg.excluded.weekly:
            closed_days.holidays = closed_days.holidays or seg.excluded.holidays
            closed_days.weekly += [d for d in seg.excluded.weekly if d not in closed_days.weekly]
    for i, seg in enumerate(segments):
        if i in used:
            continue
        if not seg.spans:
            if (seg.leftover or seg.days.empty()) and _keep(seg.original):
                out.unread.append(seg.original)
            continue
        days = seg.days
        if days.empty() or (days.holidays and not (days.weekly or days.nth or days.monthdays)):
            if closed_days.weekly:
                days.weekly = [d for d in range(7) if d not in closed_days.weekly]
            elif days.holidays:
                pass
            elif default_days is not None:
                days.weekly = list(default_days)
                out.days_assumed = True
            else:
                out.unread.append(seg.original)
                continue
        if days.weekly and not (days.nth or days.monthdays):
            days.weekly = [d for d in days.weekly if d not in seg.excluded.weekly]
        for opens, closes in seg.spans:
            row: dict[str, Any] = {**days.rule(), "opens_at": opens, "closes_at": closes}
            row["timezone"] = 9
            if days.holidays and not seg.excluded.holidays:
                row["description"] = HOLIDAY_OPEN
            if row.get("byday") or row.get("bymonthday"):
                out.schedules.append(row)
                out.blocks += 1
        if seg.leftover and _keep(seg.leftover):
            out.unread.append(seg.original)
    for note in notes:
        out.schedules.append({"description": note})
    for part in out.unread:
        out.schedules.append({"description": part})
    if text and not out.blocks:
        if not out.unread and text not in [s.get("description") for s in out.schedules]:
            out.schedules.append({"description": text})
        out.warnings.append(
            (
                "hours-kept-as-text",
                f"「{_short(text)}」は受付時間として読めないため、書かれたとおり表示します",
            )
        )
    elif out.unread:
        shown = "、".join(f"「{_short(u)}」" for u in out.unread)
        out.warnings.append(
            ("hours-partly-read", f"{shown} は読めないため、書かれたとおり表示します")
        )
    if out.days_assumed:
        out.warnings.append(
            ("hours-days-assumed", f"「{_short(text)}」に曜日がないため、平日として読みました")
        )
    if closed.strip():
        row = {"description": CLOSED_PREFIX + closed.strip(), "timezone": 9}
        if closed_days.nth:
            row |= {"freq": "MONTHLY", "byday": ",".join(closed_days.nth)}
        elif closed_days.weekly:
            row |= {
                "freq": "WEEKLY",
                "byday": ",".join(DAY_CODES[d] for d in sorted(closed_days.weekly)),
            }
        out.schedules.append(row)
        if closed_unread:
            shown = "、".join(f"「{_short(u)}」" for u in closed_unread)
            out.warnings.append(
                ("closed-days-partly-read", f"休み {shown} は書かれたとおり表示します")
            )
    elif closed_days.holidays or year_end:
        words = "・".join(
            w for w, on in (("祝日", closed_days.holidays), ("年末年始", year_end)) if on
        )
        out.schedules.append({"description": f"{CLOSED_PREFIX}{words}", "timezone": 9})
    return out


def with_appointment_note(schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the note row 「要予約」 unless one says so: the window and slips show notes as written."""
    if any(BY_APPOINTMENT in str(s.get("description") or "") for s in schedules):
        return schedules
    return [*schedules, {"description": BY_APPOINTMENT}]


def _keep(text: str) -> bool:
    return bool(_FILLER.sub("", normalise(text)))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
