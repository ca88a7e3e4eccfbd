"""Forward compatibility: what this tsunagi cannot fully show is kept and reported, never refused.

A newer publisher adds a worry category, an access code or a field; a municipality code changes
after a merger. If any of these refused a record, one new code in a feed would stop every later
delta at every office that has not upgraded yet, crisis-number corrections included. So an unknown
code keeps its record and its attribute, is shown by the term's own ``name``, and becomes a
:class:`Note`: a warning in Japanese for the admin, counted per kind for a sync.

The same module decides the other direction, for the publisher: which ``min_client_version`` a
feed needs so that no office shows it wrongly (:func:`min_client_version`), and whether a feed's
``schema_version`` is one this tsunagi reads (:func:`check_schema_version`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from index.plaintext import text
from index.regions import RegionMaster
from index.spreadsheet.areas import with_check_digit
from index.store import resolve_regions
from index.vocabulary import (
    ACCESS_SINCE,
    ACCESS_TAXONOMY,
    CREDIT_TAXONOMY,
    EASY_JAPANESE,
    FLAG_SINCE,
    FLAG_TAXONOMY,
    SOURCE_TAXONOMY,
    WORRY_TAXONOMY,
    known_code,
    term_label,
    worry_since,
)

SCHEMA_VERSION = (1, 0)
"""The record schema this tsunagi reads: HSDS 3.0 + the Japan profile, major.minor.

A newer **minor** version only adds what older clients may ignore (accepted with a warning); a newer
**major** version changes meaning (refused: 「tsunagiの更新が必要です」)."""

FIRST_VERSION = "0.1.0"
"""The oldest tsunagi in the field: it refuses any code it does not know."""
FORWARD_COMPATIBLE = "0.2.0"
"""The first tsunagi that keeps an unknown code and shows the term's own name."""

_SCHEMA_TEXT = re.compile(r"([0-9]{1,4})(?:\.([0-9]{1,4}))?")
_KIND_NAMES = {
    "worry": "相談分野",
    "access": "利用条件",
    "flag": "印",
    "lgcode": "自治体コード",
    "schema": "データの版",
}


class SchemaVersionError(ValueError):
    """``schema_version`` is not a version at all (not a newer one: see the sync error)."""


@dataclass(frozen=True)
class Note:
    """Something this tsunagi keeps but cannot fully show. ``message`` is for the admin."""

    kind: str  # "worry" | "access" | "flag" | "lgcode"
    field: str  # JSON path, e.g. 「attributes[3].taxonomy_term.code」
    code: str
    shown_as: str
    message: str


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def record_notes(record: Mapping[str, Any], regions: RegionMaster) -> list[Note]:
    """Every unknown code in one (valid) record, with how it is shown instead."""
    notes: list[Note] = []
    attributes = record.get("attributes")
    for i, attr in enumerate(attributes if isinstance(attributes, list) else []):
        term = attr.get("taxonomy_term") if isinstance(attr, Mapping) else None
        if not isinstance(term, Mapping):
            continue
        taxonomy, code = text(term.get("taxonomy")), text(term.get("code"))
        if known_code(taxonomy, code) is not False:
            continue
        kind = {WORRY_TAXONOMY: "worry", ACCESS_TAXONOMY: "access"}.get(taxonomy, "flag")
        shown = term_label(taxonomy, code, text(term.get("name")))
        what = _KIND_NAMES[kind]
        message = (
            f"{what}コード「{_short(code)}」はこの tsunagi にありません。"
            f"「{_short(shown)}」として表示します（tsunagi を更新すると正しく扱えます）"
            if kind != "flag"
            else f"印「{_short(code)}」はこの tsunagi にありません。無視して読み込みます"
        )
        notes.append(Note(kind, f"attributes[{i}].taxonomy_term.code", code, shown, message))
    areas = record.get("service_areas")
    unknown = [
        (i, text(area.get("extent")))
        for i, area in enumerate(areas if isinstance(areas, list) else [])
        if isinstance(area, Mapping)
        and area.get("extent_type") == "jp_lgcode"
        and text(area.get("extent")) not in regions
    ]
    if unknown:
        found, _reason = resolve_regions(dict(record), regions)
        places = [regions.get(code) for code, _how in found]
        names = "、".join(r.label for r in places if r is not None) or ("全国" if found else "")
        for i, code in unknown:
            head = f"自治体コード「{_short(code, 12)}」は地域マスタにありません（市町村合併などで変わった可能性があります）。"
            right = (
                regions.get(with_check_digit(code[:5])) if re.fullmatch(r"\d{6}", code) else None
            )
            if right is not None and right.lgcode != code:
                head += f"6桁目の検査数字が違うかもしれません（「{right.lgcode}」{right.label}）。"
            tail = (
                f"地域名・住所から「{names}」として扱います"
                if names
                else "地域を特定できません。地域名か住所を加えてください（tsunagi regions --unresolved）"
            )
            notes.append(Note("lgcode", f"service_areas[{i}].extent", code, names, head + tail))
    return notes


@dataclass
class NoteTally:
    """Notes of many records, counted by kind and code (a sync reports a summary, not 100k lines)."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    shown: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, notes: Iterable[Note]) -> None:
        for note in notes:
            key = (note.kind, note.code)
            self.counts[key] = self.counts.get(key, 0) + 1
            self.shown.setdefault(key, note.shown_as)

    def __bool__(self) -> bool:
        return bool(self.counts)

    def summary(self, limit: int = 5) -> list[str]:
        """One Japanese line per kind: 「この tsunagi が知らない相談分野 2 種類（3 件）…」."""
        lines = []
        for kind, what in _KIND_NAMES.items():
            keys = sorted(k for k in self.counts if k[0] == kind)
            if not keys:
                continue
            total = sum(self.counts[k] for k in keys)
            shown = "、".join(
                f"「{_short(self.shown[k] or k[1], 20)}」" if kind != "lgcode" else f"「{k[1]}」"
                for k in keys[:limit]
            )
            more = " ほか" if len(keys) > limit else ""
            if kind == "lgcode":
                lines.append(
                    f"地域マスタにない{what} {len(keys)} 種類（{total} 件）: {shown}{more}。"
                    "地域名・住所から地域を判断しました"
                )
            else:
                lines.append(
                    f"この tsunagi が知らない{what} {len(keys)} 種類（{total} 件）: {shown}{more}。"
                    "名前のまま表示します。tsunagi の更新をおすすめします"
                )
        return lines


# --- versions --------------------------------------------------------------------------------------


def _version(text_: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text_.split("."))


def _needs(since: str | None) -> str:
    """A code 0.1.0 knew needs nothing more; any other is shown by name from 0.2.0 on."""
    if since is not None and _version(since) <= _version(FIRST_VERSION):
        return FIRST_VERSION
    return FORWARD_COMPATIBLE


def record_needs(record: Mapping[str, Any]) -> str:
    """The oldest tsunagi that can show this record (the codes and fields it uses).

    0.1.0 refuses a code it does not know and drops fields it cannot show; every later tsunagi
    shows an unknown code by the term's own name, so nothing here ever asks for more than
    :data:`FORWARD_COMPATIBLE`.
    """
    needed = FIRST_VERSION
    attributes = record.get("attributes")
    for attr in attributes if isinstance(attributes, list) else []:
        term = attr.get("taxonomy_term") if isinstance(attr, Mapping) else None
        if not isinstance(term, Mapping):
            continue
        taxonomy, code = text(term.get("taxonomy")), text(term.get("code"))
        since = FIRST_VERSION
        if taxonomy == WORRY_TAXONOMY:
            since = _needs(worry_since(code))
        elif taxonomy == ACCESS_TAXONOMY:
            since = _needs(ACCESS_SINCE.get(code))
        elif taxonomy == FLAG_TAXONOMY:
            since = _needs(FLAG_SINCE.get(code))
        elif taxonomy in (CREDIT_TAXONOMY, SOURCE_TAXONOMY):
            since = FORWARD_COMPATIBLE  # 0.1.0 drops them: a licence credit must be shown
        needed = max(needed, since, key=_version)
    phones = record.get("phones")
    if any(
        isinstance(p, Mapping) and text(p.get("type")).lower() == "fax"
        for p in (phones if isinstance(phones, list) else [])
    ):
        needed = max(needed, FORWARD_COMPATIBLE, key=_version)  # 0.1.0 would offer a FAX as a phone
    languages = record.get("languages")
    if any(
        isinstance(lang, Mapping) and text(lang.get("code")).lower() == EASY_JAPANESE
        for lang in (languages if isinstance(languages, list) else [])
    ):
        needed = max(needed, FORWARD_COMPATIBLE, key=_version)
    return needed


def min_client_version(records: Iterable[Mapping[str, Any]], floor: str = FIRST_VERSION) -> str:
    """The ``min_client_version`` a feed of ``records`` needs (never below ``floor``)."""
    needed = floor
    for record in records:
        needed = max(needed, record_needs(record), key=_version)
    return needed


def parse_schema_version(value: Any) -> tuple[int, int]:
    """``1`` (= 1.0) or ``"1.2"`` as (major, minor); raise :class:`SchemaVersionError`."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value, 0
    if isinstance(value, str):
        match = _SCHEMA_TEXT.fullmatch(value)
        if match and int(match[1]) >= 1:
            return int(match[1]), int(match[2] or 0)
    raise SchemaVersionError(f'{value!r} is not a schema version (1 or "1.2")')


def schema_version_text(version: tuple[int, int]) -> int | str:
    """How a publisher writes it: an integer while the minor is 0 (what every client reads)."""
    return version[0] if version[1] == 0 else f"{version[0]}.{version[1]}"


def check_schema_version(value: Any) -> tuple[bool, str | None]:
    """(readable, warning) for a feed's ``schema_version``.

    Not readable: a newer major version (the caller raises its "update tsunagi" error). A newer
    minor version is readable with a Japanese warning.
    """
    major, minor = parse_schema_version(value)
    if major > SCHEMA_VERSION[0]:
        return False, None
    if major == SCHEMA_VERSION[0] and minor > SCHEMA_VERSION[1]:
        return True, (
            f"このフィードはデータの版 {major}.{minor} で作られています（この tsunagi は "
            f"{SCHEMA_VERSION[0]}.{SCHEMA_VERSION[1]} まで）。読み込みましたが、新しい項目は表示されません。"
            "tsunagi の更新をおすすめします"
        )
    return True, None
