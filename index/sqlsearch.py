"""The plain SQL search: answers when the Whoosh index cannot (missing, damaged, not built).

Moved from the window (``desktop/search_backend.py``): which search answers, and with what
scope rules, is the index's business. Every typed word must appear somewhere (LIKE, escaped), the
client's region admits its own area, the areas inside it, and the areas above it. Slow on a big
directory (a scan), so it is the fallback, never the first choice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from index.crisis import guard_hits
from index.model import NATIONAL, Layer, Scope, SearchHit, SearchQuery, SearchResult
from index.plaintext import fold
from index.regions import RegionMaster
from index.schedule import is_open, today_hours, tokyo_now

NOTHING_MESSAGE = "該当なし — 絞り込みを外してみてください"
FALLBACK_SCAN = 5000
MAX_QUERY_CHARS = 120
MAX_QUERY_WORDS = 12


def _scope(codes: set[str], chain: Sequence[str], allowed: set[str]) -> Scope:
    """市内 / 県内 / 全国 for a service serving ``codes``, seen from the client's region.

    ``chain`` is the client's region, its city (for a ward), its prefecture and 全国
    (:meth:`RegionMaster.ancestors`); ``allowed`` adds the region's own municipalities or wards.
    """
    if not chain:
        return Scope.OTHER
    local = [c for c in chain if c != NATIONAL]
    prefecture = local[-1] if local else None
    inner = (codes & allowed) - {NATIONAL, prefecture}
    if inner and len(local) > 1:
        return Scope.MUNICIPALITY
    if inner or (prefecture is not None and prefecture in codes):
        return Scope.PREFECTURE
    if NATIONAL in codes:
        return Scope.NATIONAL
    return Scope.OTHER


def sql_search(
    db: Database, regions: RegionMaster, query: SearchQuery, *, notes: bool = False
) -> SearchResult:
    """A simple, always-available search: every typed word must appear somewhere (LIKE).

    With ``notes``, every word must appear in the office's note on the service instead: the
    window adds those services to its results (notes are local, never in the search index).
    """
    started = time.perf_counter()
    where: list[str] = ["s.status != 'inactive'"]
    params: list[Any] = []
    # Typed text is data: no wildcards of its own, no broken UTF-16, and a sane length
    # (the same cap as index.search), so nothing typed can make SQLite refuse the query.
    text = fold(query.text, spaces=True)[:MAX_QUERY_CHARS]
    text = text.encode("utf-8", "ignore").decode("utf-8")
    for word in text.split()[:MAX_QUERY_WORDS]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        if notes:
            where.append(
                "s.id IN (SELECT service_id FROM note WHERE lower(body) LIKE ? ESCAPE '\\')"
            )
            params.append(like)
            continue
        digits = "".join(ch for ch in word if ch.isdigit())
        phone = (
            " OR EXISTS (SELECT 1 FROM phone p WHERE p.service_id = s.id AND p.digits LIKE ?)"
            if digits
            else ""
        )
        where.append(
            "(lower(s.name) LIKE ? ESCAPE '\\' "
            "OR lower(coalesce(s.description, '')) LIKE ? ESCAPE '\\' "
            "OR lower(coalesce(s.organization_name, '')) LIKE ? ESCAPE '\\' "
            f"OR lower(coalesce(s.alternate_name, '')) LIKE ? ESCAPE '\\'{phone})"
        )
        params += [like, like, like, like] + ([f"%{digits}%"] if digits else [])
    if notes and len(where) == 1:
        return SearchResult(hits=())  # nothing typed: no note matches
    chain: list[str] = []
    allowed_set: set[str] = set()
    if query.region:
        region = regions.get(query.region)
        if region is not None:
            chain = regions.ancestors(region.lgcode)
            allowed = list(chain)
            if region.kind != "ward":
                allowed += regions.descendants(region.lgcode)
            allowed_set = set(allowed)
            marks = ", ".join("?" for _ in allowed)
            where.append(
                "EXISTS (SELECT 1 FROM service_region r WHERE r.service_id = s.id "
                f"AND r.lgcode IN ({marks}))"
            )
            params += allowed
    for code in query.worries:
        where.append("s.worries LIKE ?")
        params.append(f'%"{code}"%')
    if query.free:
        where.append("s.free = 1")
    if query.anonymous:
        where.append("s.anonymous = 1")
    for column, wanted in (
        ("channels", query.channels),
        ("languages", query.languages),
        ("audience", query.audience),
    ):
        if wanted:
            where.append("(" + " OR ".join(f"s.{column} LIKE ?" for _ in wanted) + ")")
            params += [f'%"{w}"%' for w in wanted]
    sql = (
        "SELECT s.id, s.name, s.organization_name, s.layer, s.free, s.anonymous, s.open_24h, "
        "s.channels, s.languages, s.worries, s.assured_date, s.last_modified, s.demo, s.raw_json "
        f"FROM service s WHERE {' AND '.join(where)} ORDER BY s.name LIMIT {FALLBACK_SCAN}"
    )
    now: datetime = query.now or tokyo_now()
    hits: list[SearchHit] = []
    try:
        rows = db.execute(sql, params).fetchall()
    except sqlite3.Error:
        return SearchResult(hits=(), message=NOTHING_MESSAGE)
    for row in rows:
        sid = row[0]
        record = json.loads(row[13])
        schedules = record.get("schedules") or []
        open_now = is_open(schedules, now)
        if query.open_now and open_now is not True:
            continue
        phones = tuple(
            str(p[0])
            for p in db.execute("SELECT number FROM phone WHERE service_id = ? ORDER BY seq", [sid])
        )
        codes = {
            str(r[0])
            for r in db.execute("SELECT lgcode FROM service_region WHERE service_id = ?", [sid])
        }
        hits.append(
            SearchHit(
                id=sid,
                name=row[1],
                organization=row[2] or "",
                phones=phones,
                open_now=open_now,
                why=(),
                scope=_scope(codes, chain, allowed_set),
                today_hours=today_hours(schedules, now),
                channels=tuple(json.loads(row[7])),
                open_24h=bool(row[6]),
                free=bool(row[4]),
                anonymous=bool(row[5]),
                languages=tuple(json.loads(row[8])),
                worries=tuple(json.loads(row[9])),
                layer=Layer(row[3]),
                assured_date=row[10],
                last_modified=row[11],
                demo=bool(row[12]),
            )
        )
        if len(hits) >= query.limit:
            break
    rank = {Scope.MUNICIPALITY: 0, Scope.PREFECTURE: 1, Scope.NATIONAL: 2, Scope.OTHER: 3}
    hits.sort(key=lambda h: (rank[h.scope], h.open_now is not True))
    message = NOTHING_MESSAGE if not hits else ""
    return SearchResult(
        hits=guard_hits(db, hits),  # a fake crisis line never leads the real one
        message=message,
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )
