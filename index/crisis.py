"""The crisis-line guard: a fake よりそいホットライン never passes for the real one.

A review's local feed added services named よりそいホットライン with other numbers: nothing was
flagged, the fakes ranked first for 死にたい in 伊達市, and the bundled sample's real record took
the local feed's number. A counsellor reading a crisis line's name trusts the number beside it.

So the well-known lines (``resources/crisis/lines.json``: name, operator, numbers, from the bundled
national data) are known here, and a record from any **non-national** source whose name is such a
line's (or whose operator is), but which lists a number that is not the line's, is *flagged*, not
refused (an office may have good reasons, and a refused feed would hide its other services):

* the import, publish and sync reports say so (:func:`record_warnings`, :func:`stored_warnings`);
* ``tsunagi show --json`` carries them in ``tsunagi.warnings`` and the window marks the service;
* search never ranks it above the real line (:func:`guard_hits`).

National sources are the bundled sample and feeds whose ``feed_id`` is national
(:func:`is_national_feed_id`); only those may take over a sample record (``index.store``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sqlite_utils import Database

from index.model import Item, Problem, SearchHit
from index.resources import resource_path
from index.store import SAMPLE_FEED

_NOT_NAME = re.compile(r"[^\w+]|_")
"""What a name key drops: anything but letters, digits (and marks) and ``+``."""
NATIONAL_FEED_IDS = ("jp-national",)
"""``feed_id``s of national-level feeds; ``jp-national-staging`` and the like count too."""


@dataclass(frozen=True)
class CrisisLine:
    name: str
    names: tuple[str, ...]
    operator: str
    numbers: tuple[str, ...]
    source: str

    @property
    def digits(self) -> frozenset[str]:
        return frozenset(_digits(n) for n in self.numbers)

    def listed(self) -> str:
        return "、".join(self.numbers) if self.numbers else "電話番号なし"


def _digits(number: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", number) if ch.isdigit())


def name_key(text: str) -> str:
    """A name as compared: NFKC, case-folded, letters, digits and ``+`` only (no spaces, dots,
    brackets or invisible characters), so 「よりそい ホットライン」 and 「よりそいホットライン（伊達）」
    both begin with the real line's key."""
    return _NOT_NAME.sub("", unicodedata.normalize("NFKC", text).casefold())


def is_national_feed_id(feed_id: str | None) -> bool:
    """True for a national-level feed's ``feed_id`` (``jp-national``, ``jp-national-test``, …)."""
    if not feed_id:
        return False
    return any(feed_id == f or feed_id.startswith(f + "-") for f in NATIONAL_FEED_IDS)


@cache
def crisis_lines() -> tuple[CrisisLine, ...]:
    with resource_path("crisis", "lines.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple(
        CrisisLine(
            name=str(line["name"]),
            names=tuple(str(n) for n in line["names"]),
            operator=str(line["operator"]),
            numbers=tuple(str(n) for n in line["numbers"]),
            source=str(line["source"]),
        )
        for line in data["lines"]
    )


@cache
def _keys() -> tuple[tuple[str, CrisisLine], ...]:
    """(name key, line), longest key first: 「DV相談+」 is tried before a shorter prefix."""
    pairs = [(name_key(n), line) for line in crisis_lines() for n in line.names]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _prefixes() -> tuple[str, ...]:
    return tuple(key for key, _line in _keys())


@cache
def _operators() -> dict[str, tuple[CrisisLine, ...]]:
    found: dict[str, list[CrisisLine]] = {}
    for line in crisis_lines():
        found.setdefault(name_key(line.operator), []).append(line)
    return {key: tuple(lines) for key, lines in found.items()}


def claimed_lines(names: Iterable[str | None], operator: str | None) -> tuple[CrisisLine, ...]:
    """The crisis lines a record presents itself as: by its name(s), or by its operator."""
    found: list[CrisisLine] = []
    for name in names:
        key = name_key(name or "")
        if not key or not key.startswith(_prefixes()):  # the common case, in C
            continue
        for line_key, line in _keys():
            if key.startswith(line_key):
                if line not in found:
                    found.append(line)
                break
    for line in _operators().get(name_key(operator or ""), ()) if operator else ():
        if line not in found:
            found.append(line)
    return tuple(found)


@dataclass(frozen=True)
class CrisisWarning:
    """A record uses a crisis line's name (or operator) with numbers that are not the line's."""

    line: CrisisLine
    numbers: tuple[str, ...]  # the record's numbers that are not the line's, as given

    def __str__(self) -> str:
        shown = "、".join(self.numbers)
        return (
            f"「{self.line.name}」を名乗っていますが、電話番号 {shown} は{self.line.name}の番号"
            f"（{self.line.listed()}）ではありません。かける前に公式の番号を確かめてください"
        )


def warnings_for(
    names: Iterable[str | None], operator: str | None, numbers: Sequence[str]
) -> list[CrisisWarning]:
    """Warnings for one non-national record, from its names, operator and phone numbers."""
    found: list[CrisisWarning] = []
    for line in claimed_lines(names, operator):
        wrong = tuple(n for n in numbers if _digits(n) and _digits(n) not in line.digits)
        if wrong:
            found.append(CrisisWarning(line, wrong))
    return found


def record_warnings(record: dict[str, Any]) -> list[CrisisWarning]:
    """Warnings for one HSDS record from a non-national source (import and publish reports)."""
    organization = record.get("organization")
    operator = organization.get("name") if isinstance(organization, dict) else None
    phones = record.get("phones") if isinstance(record.get("phones"), list) else []
    numbers = [
        str(p.get("number")) for p in phones or [] if isinstance(p, dict) and p.get("number")
    ]
    names = [record.get("name"), record.get("alternate_name")]
    return warnings_for(
        [n for n in names if isinstance(n, str)],
        operator if isinstance(operator, str) else None,
        numbers,
    )


def item_warnings(items: Iterable[Item]) -> list[Problem]:
    """The warnings for records read from files (``tsunagi import``), naming where each came from."""
    return [
        Problem(item.where, "name", str(warning))
        for item in items
        if item.record is not None
        for warning in record_warnings(item.record)
    ]


def national_feeds(db: Database) -> set[str]:
    """Names of the feeds this office follows that are national-level, plus the bundled sample."""
    found = {SAMPLE_FEED}
    for name, feed_id in db.execute("SELECT name, feed_id FROM feed"):
        if is_national_feed_id(feed_id):
            found.add(str(name))
    return found


def stored_warnings(
    db: Database, ids: Sequence[str] | None = None, *, feed: str | None = None
) -> dict[str, list[CrisisWarning]]:
    """Warnings for stored services (some ids, one feed's, or all), keyed by service id.

    Read from SQLite, so the sync report, ``show --json``, search and the window agree. Names are
    tested first (cheap); phones are read only for services that claim to be a crisis line.
    """
    national = national_feeds(db)
    where, params = "", []  # type: ignore[var-annotated]
    if ids is not None:
        if not ids:
            return {}
        where, params = f"WHERE id IN ({', '.join('?' for _ in ids)})", list(ids)
    elif feed is not None:
        where, params = "WHERE layer = 'feed' AND feed = ?", [feed]
    claims: dict[str, tuple[str | None, str | None, str | None]] = {}
    for sid, layer, owner, name, alternate, operator in db.execute(
        f"SELECT id, layer, feed, name, alternate_name, organization_name FROM service {where}",
        params,
    ):
        if layer == "feed" and owner in national:
            continue
        if claimed_lines([name, alternate], operator):
            claims[str(sid)] = (name, alternate, operator)
    found: dict[str, list[CrisisWarning]] = {}
    for sid, (name, alternate, operator) in claims.items():
        numbers = [
            str(r[0])
            for r in db.execute("SELECT number FROM phone WHERE service_id = ? ORDER BY seq", [sid])
        ]
        warnings = warnings_for([name, alternate], operator, numbers)
        if warnings:
            found[sid] = warnings
    return found


def crisis_report(
    db: Database, ids: Sequence[str] | None = None, *, feed: str | None = None
) -> list[str]:
    """One line per flagged service, for the import and sync reports."""
    found = stored_warnings(db, ids, feed=feed)
    if not found:
        return []
    names = dict(
        db.execute(
            f"SELECT id, name FROM service WHERE id IN ({', '.join('?' for _ in found)})",
            list(found),
        ).fetchall()
    )
    return [
        f"要確認: {names.get(sid, sid)} (id={sid}): {warning}"
        for sid, warnings in found.items()
        for warning in warnings
    ]


def guard_hits(db: Database, hits: Sequence[SearchHit]) -> tuple[SearchHit, ...]:
    """Mark imitations of a crisis line, and move each below the real line it imitates.

    The ranking rule is only this: a flagged hit that came above a hit of the line it claims to
    be (one that is not flagged) is put just after that hit. Everything else keeps its order.
    """
    if not hits:
        return tuple(hits)
    flagged = stored_warnings(db, [h.id for h in hits])
    if not flagged:
        return tuple(hits)
    marked = [
        replace(h, warnings=tuple(str(w) for w in flagged[h.id])) if h.id in flagged else h
        for h in hits
    ]
    order = list(marked)
    for hit in [h for h in marked if h.id in flagged]:
        lines = {w.line.name for w in flagged[hit.id]}
        genuine = [
            i
            for i, other in enumerate(order)
            if other.id not in flagged
            and any(line.name in lines for line in claimed_lines([other.name], None))
        ]
        here = order.index(hit)
        if genuine and here < genuine[-1]:
            order.insert(genuine[-1], order.pop(here))  # just after it (the list shrank by one)
    return tuple(order)
