"""Plain domain values passed between the directory, search, sync, the CLI and the window.

Frozen dataclasses, no behaviour and no Qt: the window's table model and the CLI's JSON output both
render these, so neither has to know how SQLite or Whoosh store things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

NATIONAL = "000000"
"""The pseudo-lgcode of a nationwide service area (「全国」)."""


class Layer(StrEnum):
    FEED = "feed"
    LOCAL = "local"


class Scope(StrEnum):
    """Where a service serves, relative to the client's region (市内 / 県内 / 全国)."""

    MUNICIPALITY = "municipality"  # 市内 (the client's municipality, its ward or its city)
    PREFECTURE = "prefecture"  # 県内
    NATIONAL = "national"  # 全国
    OTHER = "other"  # another area, or no region chosen


CHANNELS = ("phone", "sns", "email", "visit")
AUDIENCES = ("women", "youth", "older", "foreign")


@dataclass(frozen=True)
class Region:
    """One entry of the region master: a prefecture, municipality or designated-city ward."""

    lgcode: str  # 6 digits, with check digit
    name: str  # 「伊達市」, 「札幌市 中央区」, 「北海道」
    kana: str  # 「だてし」
    prefecture: str  # 「北海道」
    prefecture_code: str  # 6-digit lgcode of the prefecture
    kind: str  # "prefecture" | "municipality" | "ward"
    parent: str | None  # ward → its city; municipality → prefecture; prefecture → None
    lat: float | None = None
    lng: float | None = None

    @property
    def label(self) -> str:
        """A name that is never ambiguous: 「伊達市（北海道）」."""
        if self.kind == "prefecture":
            return self.name
        return f"{self.name}（{self.prefecture}）"


@dataclass(frozen=True)
class SearchQuery:
    """What the counsellor asked for. Every filter is optional; ``text`` may be anything typed."""

    text: str = ""
    region: str | None = None  # the client's lgcode (municipality, ward or prefecture)
    worries: tuple[str, ...] = ()  # worry category codes (resources/worries/categories.json)
    open_now: bool = False
    free: bool = False
    anonymous: bool = False
    channels: tuple[str, ...] = ()  # subset of CHANNELS: any of them matches
    languages: tuple[str, ...] = ()  # ISO 639-1 codes: any of them matches
    audience: tuple[str, ...] = ()  # subset of AUDIENCES
    age: int | None = None  # the client's age, checked against minimum/maximum_age
    limit: int = 20
    now: datetime | None = None  # defaults to the current time in Asia/Tokyo


@dataclass(frozen=True)
class SearchHit:
    """One result row, ready to show or print."""

    id: str
    name: str
    organization: str
    phones: tuple[str, ...]  # numbers exactly as given, main one first
    open_now: bool | None  # None: no schedule known
    why: tuple[str, ...]  # matched terms and worries, for the counsellor and for `--json`
    score: float = 0.0
    scope: Scope = Scope.OTHER
    today_hours: str = ""  # 「16:00〜21:00」, 「24時間」, 「本日休み」, 「時間は要確認」
    channels: tuple[str, ...] = ()
    open_24h: bool = False
    free: bool = False
    anonymous: bool = False
    languages: tuple[str, ...] = ()
    worries: tuple[str, ...] = ()
    layer: Layer = Layer.FEED
    crisis: bool = False  # put first because the query signalled suicide risk or violence
    assured_date: str | None = None
    last_modified: str | None = None
    demo: bool = False
    warnings: tuple[str, ...] = ()  # crisis-line guard: claims a crisis line's name, not its number


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    message: str = ""  # e.g. 「該当なし — 絞り込みを外してみてください」
    expanded_terms: tuple[str, ...] = ()
    crisis: str | None = None  # "suicide" | "violence" when the query signalled it
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class Problem:
    """One reason a record was refused: where, which field, why. Shown to people verbatim."""

    where: str  # 「file.ndjson:12」, 「file.json record 3 (id=…)」, 「services.csv row 4」
    field: str  # JSON path such as 「phones[0].number」, or 「-」 for the whole record
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class Item:
    """One thing a reader found: a record, or the :class:`Problem` that stopped it.

    Lives here, not in ``index.readers``, so the spreadsheet package and the readers can both use it
    without importing each other.
    """

    where: str
    record: dict[str, Any] | None = None
    problem: Problem | None = None
    warnings: tuple[str, ...] = ()  # what was kept as written (unread hours), shown, never refused


@dataclass
class ImportReport:
    loaded: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # service ids with no resolved region
    warnings: list[Problem] = field(default_factory=list)  # stored, but a person should look
