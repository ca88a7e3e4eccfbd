"""Search: from what the counsellor typed to ranked, explained, filtered hits.

Queries are built programmatically, never by Whoosh's ``QueryParser``: the text is whatever the
client said (quotes, 「AND (」, emoji, 10,000 characters), and none of it may become syntax.

How a query is read (docs/search.md has the measurements behind each step):

1. Clean and :func:`~index.analysis.normalise` it; keep the first ``MAX_CHARS`` characters.
2. **Places**: a word that names a region exactly (「世田谷区」, 「せたがや」, 「札幌」) becomes the
   region, instead of the client's region, rather than a word to match.
3. **Worry expressions** from the dictionary (「死にたい」, 「夫に殴られる」) become their worry
   categories and search terms; a crisis expression brings the crisis lines first.
4. **Words**: what is left, split by script, particles after a kanji word dropped. Every word must
   match somewhere (name, organisation, category terms, place, description, kana reading, phone
   digits) — that is the minimum match quality that keeps 「ラーメン屋」 and 「asdfgh」 empty.
   A word's bigrams are joined with AND, not as a phrase; one character searches name and place
   only; the last Latin word is a prefix; abbreviations expand to their synonyms.
5. **Rank**: BM25F with field boosts, then a region proximity factor (municipality > city >
   prefecture > nationwide), computed on the top hits only.
"""

from __future__ import annotations

import json
import logging
import re
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlite_utils import Database
from whoosh.query.compound import And, Or
from whoosh.query.qcore import Every, NullQuery, Query
from whoosh.query.terms import Prefix, Term
from whoosh.searching import Searcher as WhooshSearcher

from index.analysis import bigrams, clean, digit_trigrams, is_japanese, normalise, runs
from index.filtered import Filtered
from index.model import NATIONAL, Layer, Scope, SearchHit, SearchQuery, SearchResult
from index.regions import RegionMaster
from index.searchindex import SearchIndex
from index.worries import Match, WorryDictionary

log = logging.getLogger(__name__)

MAX_CHARS = 120
MAX_WORDS = 8
MAX_RUN = 16
CANDIDATES = 100  # ranked by Whoosh, then re-ranked by region proximity (region set)

FIELD_BOOSTS = (("title", 3.0), ("terms", 2.0), ("place", 1.5), ("body", 1.0))
WORRY_BOOST = 4.0
PROXIMITY = {"own": 1.6, "city": 1.45, "prefecture": 1.25, "national": 1.0, "other": 0.8}

CRISIS_WORRIES = {"suicide": ("shinitai",), "violence": ("dv", "gyakutai", "hanzai")}
CRISIS_LINES = 3

NO_MATCH = "該当なし — 言葉を変えるか、絞り込みを外してみてください"
EMPTY = "検索語を入力するか、地域や悩みを選んでください"

# Particles and endings dropped when they follow a kanji/katakana word or an expression.
_PARTICLES = re.compile(
    r"^(?:から|まで|より|って|けど|ので|のに|とか|など|には|では|へは|とは|でも|にも|"
    r"について|したい|したくて|して|する|した|です|ます|ない|たい|[のにがをはでともへやてた])+$"
)
_SPLIT = re.compile(r"[\s、。，．・,.!?！？「」『』（）()\[\]{}<>＜＞\"'`/\\|:;＝=+*&^%$#@~]+")


@dataclass
class Word:
    text: str  # normalised, as shown in ``why``
    forms: tuple[tuple[str, ...], ...]  # any form matches; all parts of a form must match
    must: bool = True


@dataclass
class Plan:
    """The reading of one query, before it touches the index (also what ``--json`` explains)."""

    text: str = ""
    words: list[Word] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    worries: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    crisis: str | None = None
    places: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()
    worry_weights: dict[str, float] = field(default_factory=dict)


class Searcher:
    """Searches one directory; cheap to keep open (the CLI's ``--batch`` keeps one)."""

    def __init__(
        self,
        index: Any,
        db: Database | None = None,
        regions: RegionMaster | None = None,
        worries: WorryDictionary | None = None,
    ) -> None:
        if not isinstance(index, SearchIndex):
            index = open_index(index)
        self.index: SearchIndex = index
        self.db = db if db is not None else index.db
        self.regions = regions if regions is not None else index.regions
        self.worries = worries if worries is not None else index.worries
        self._places: dict[str, tuple[str, ...]] | None = None
        self._crisis_cache: weakref.WeakKeyDictionary[WhooshSearcher, dict[Any, list[str]]] = (
            weakref.WeakKeyDictionary()
        )

    # --- the public call -----------------------------------------------------------------

    def warm(self) -> None:
        """Load what the first query would otherwise pay for (place names, readings, caches)."""
        self._place_keys()
        self.search(SearchQuery(text="いのちの電話 相談"))

    def search(self, request: SearchQuery) -> SearchResult:
        """Never raises for any text: a failure is logged and reported as an empty result."""
        started = time.perf_counter()
        try:
            result = self._search(request)
        except Exception:
            log.exception("search failed for a query of %d characters", len(request.text or ""))
            result = SearchResult(hits=(), message=NO_MATCH)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(
            hits=result.hits,
            message=result.message,
            expanded_terms=result.expanded_terms,
            crisis=result.crisis,
            elapsed_ms=elapsed,
        )

    def plan(self, text: str, region: str | None = None) -> Plan:
        """Read a query: places, worry expressions, and the words that must match."""
        norm = normalise(clean(text or "")[: MAX_CHARS * 4])[:MAX_CHARS]
        plan = Plan(text=norm)
        chunks = [c for c in _SPLIT.split(norm) if c]
        places: list[str] = []
        place_words: list[str] = []
        rest: list[str] = []
        for chunk in chunks:
            codes, used = self._place_prefix(chunk, region)
            if codes:
                places.extend(codes)
                place_words.append(chunk[:used])
                chunk = chunk[used:]
                if not chunk or _PARTICLES.match(chunk):
                    continue
                rest.append("\x00" + chunk)  # follows a place: leading particles may go
            else:
                rest.append(chunk)
        plan.places = tuple(dict.fromkeys(places))
        plan.place_words = tuple(place_words)
        joined = " ".join(rest)
        plan.matches = self.worries.match(joined)
        worries: list[str] = []
        terms: list[str] = []
        crisis: str | None = None
        for m in plan.matches:
            worries.extend(m.expression.worries)
            for rank, code in enumerate(m.expression.worries):
                # An expression's first worry is what it is about; the others are nearby.
                weight = 1.0 if rank == 0 else 0.5
                plan.worry_weights[code] = max(plan.worry_weights.get(code, 0.0), weight)
            terms.extend(m.expression.terms)
            if m.expression.crisis == "suicide" or (m.expression.crisis and crisis is None):
                crisis = m.expression.crisis
        plan.worries = tuple(dict.fromkeys(worries))
        plan.terms = tuple(dict.fromkeys(normalise(t) for t in terms if t.strip()))[:12]
        plan.crisis = crisis
        # Cut the expressions out; what remains is words.
        pieces: list[tuple[str, bool]] = []  # (text, follows something consumed)
        pos = 0
        for m in plan.matches:
            pieces.append((joined[pos : m.start], pos > 0))
            pos = m.end
        pieces.append((joined[pos:], bool(plan.matches)))
        words: list[Word] = []
        for piece, after in pieces:
            for chunk in piece.split(" "):
                follows = after or chunk.startswith("\x00")
                chunk = chunk.replace("\x00", "")
                after = False
                if chunk:
                    words.extend(self._words(chunk, follows, bool(plan.matches)))
        seen: set[str] = set()
        for word in words:
            if word.text not in seen and len(seen) < MAX_WORDS:
                seen.add(word.text)
                plan.words.append(word)
        return plan

    # --- reading the text ----------------------------------------------------------------

    def _words(self, chunk: str, follows: bool, has_expressions: bool) -> list[Word]:
        """One word per chunk, with the forms that may match it.

        A chunk matches as typed, or through its content segments (「家賃が払えない」 → 「家賃」;
        「ひきこもりの相談」 → 「ひきこもり」 and 「相談」), or through a synonym. A chunk left over
        beside a worry expression (「夫に」 from 「夫に殴られる」) is optional: the expression
        already says what the query is about.
        """
        hira = all("\u3040" <= c <= "\u309f" or c == "ー" for c in chunk)
        if hira and (follows or has_expressions) and (_PARTICLES.match(chunk) or len(chunk) <= 2):
            return []
        forms: list[tuple[str, ...]] = [(alt,) for alt in self.worries.alternatives(chunk)]
        content = _content_segments(chunk)
        if content and content != [chunk]:
            forms.append(tuple(content))
        return [Word(chunk, tuple(dict.fromkeys(forms)), must=not has_expressions)]

    def _place_prefix(self, chunk: str, region: str | None) -> tuple[tuple[str, ...], int]:
        """Regions named by the longest prefix of ``chunk`` (at least 2 characters)."""
        places = self._place_keys()
        for end in range(min(len(chunk), 12), 1, -1):
            codes = places.get(chunk[:end])
            if not codes:
                continue
            key = chunk[:end]
            rest = chunk[end:]
            kana_key = all("\u3040" <= c <= "\u309f" for c in key)
            if kana_key and rest and rest[0] not in "のでにへ" and "\u3040" <= rest[0] <= "\u309f":
                continue  # 「あさひかわ…」 is not 「あさひ」 + something
            return self._disambiguate(codes, region), end
        return (), 0

    def _disambiguate(self, codes: tuple[str, ...], region: str | None) -> tuple[str, ...]:
        if len(codes) > 1 and region:
            client = self.regions.get(region)
            if client is not None:
                near = tuple(
                    c
                    for c in codes
                    if (r := self.regions.get(c)) and r.prefecture == client.prefecture
                )
                if near:
                    codes = near
        if len(codes) > 1:
            # 「大阪」「福岡」 name a prefecture and its capital city: people mean the city, and
            # the prefecture still comes in as the city's wider area.
            found = [r for c in codes if (r := self.regions.get(c)) is not None]
            prefs = {r.lgcode for r in found if r.kind == "prefecture"}
            inner = tuple(
                r.lgcode for r in found if r.kind != "prefecture" and r.prefecture_code in prefs
            )
            if inner:
                return inner
        return codes

    def _place_keys(self) -> dict[str, tuple[str, ...]]:
        if self._places is None:
            self._places = _place_keys(self.regions)
        return self._places

    # --- building the Whoosh query --------------------------------------------------------

    def _word_query(self, word: str, last: bool) -> Query | None:
        clauses: list[Query] = []
        parts = runs(word)[:4]
        for i, (kind, run) in enumerate(parts):
            run = run[:MAX_RUN]
            is_last = last and i == len(parts) - 1
            if kind == "ja":
                clauses.append(_ja_clause(run))
            else:
                clauses.append(_latin_clause(run, is_last))
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else And(clauses)

    def _alternatives_query(self, word: Word, last: bool) -> Query | None:
        alts: list[Query] = []
        for form in word.forms:
            parts = [q for a in form if (q := self._word_query(a, last)) is not None]
            if len(parts) == len(form) and parts:
                alts.append(parts[0] if len(parts) == 1 else And(parts))
        if not alts:
            return None
        return alts[0] if len(alts) == 1 else Or(alts)

    def _expression_query(self, plan: Plan) -> Query | None:
        if not plan.matches:
            return None
        parts: list[Query] = [
            Term("worries", w, boost=WORRY_BOOST * plan.worry_weights.get(w, 0.5))
            for w in plan.worries
        ]
        parts.extend(Term("phrases", t.replace(" ", "_")) for t in plan.terms)
        return Or(parts) if parts else None

    def _region_filter(self, regions: Sequence[str]) -> Query | None:
        """``within:R`` for each client region R (R and all inside it), plus its ancestors.

        At most a handful of terms even for a prefecture (whose municipalities would otherwise
        be a 190-term OR for 北海道).
        """
        keys: dict[tuple[str, str], None] = {}
        for code in regions:
            region = self.regions.get(code) if code else None
            if region is None:
                continue
            keys[("within", region.lgcode)] = None
            for up in self.regions.ancestors(region.lgcode)[1:]:
                keys[("regions", up)] = None
        terms: list[Query] = [Term(f, v) for f, v in keys]
        if not terms:
            return None
        return terms[0] if len(terms) == 1 else Or(terms)

    def _filters(self, request: SearchQuery, region: Sequence[str]) -> list[Query]:
        filters: list[Query] = []
        area = self._region_filter(region)
        if area is not None:
            filters.append(area)
        if request.worries:
            filters.append(_any("worries", request.worries))
        if request.free:
            filters.append(Term("facets", "free"))
        if request.anonymous:
            filters.append(Term("facets", "anonymous"))
        if request.channels:
            filters.append(_any("facets", [f"channel-{c}" for c in request.channels]))
        if request.languages:
            filters.append(_any("facets", [f"lang-{x.lower()}" for x in request.languages]))
        if request.audience:
            filters.append(_any("facets", [f"audience-{a}" for a in request.audience]))
        return filters

    # --- running it ----------------------------------------------------------------------

    def _search(self, request: SearchQuery) -> SearchResult:
        limit = max(1, min(int(request.limit or 20), 500))
        plan = self.plan(request.text, request.region)
        client = plan.places[0] if plan.places else request.region
        zones = self._zones(plan.places or ((request.region,) if request.region else ()))
        client_regions = plan.places or ((request.region,) if request.region else ())
        filters = self._filters(request, client_regions)

        musts: list[Query] = []
        shoulds: list[Query] = []
        for i, word in enumerate(plan.words):
            clause = self._alternatives_query(word, last=i == len(plan.words) - 1)
            if clause is None:
                continue
            (musts if word.must else shoulds).append(clause)
        expr = self._expression_query(plan)
        if expr is not None:
            musts.append(expr)
        if not musts and shoulds:
            musts, shoulds = [Or(shoulds)], []  # nothing required: the optional words lead
        if not musts:
            if plan.words and not shoulds:
                return SearchResult(hits=(), message=NO_MATCH)
            if not filters and not shoulds and request.age is None:
                return SearchResult(hits=(), message=EMPTY)
            musts.append(Every())  # type: ignore[no-untyped-call]
        scored: Query = musts[0] if len(musts) == 1 else And(musts)
        optional: Query | None = Or(shoulds) if shoulds else None
        # Filters (and deleted documents) are cached per searcher, and Whoosh keeps skipping by
        # block quality (index.filtered).
        needed = (filters[0] if len(filters) == 1 else And(filters)) if filters else None
        filtered = Filtered(scored, needed)

        now = request.now or _tokyo_now()
        with self.index.searcher() as searcher:
            crisis_ids = self._crisis_lines(searcher, plan, client_regions, client)
            # Few candidates keep Whoosh's block-quality skipping effective: 300 made a common
            # word like 相談 cost ten times more than 20 at 100k services.
            wanted = CANDIDATES if zones or optional is not None else limit + 10
            results = searcher.search(filtered, limit=wanted)
            bonus = _optional_scores(searcher, optional, [hit.docnum for hit in results])
            ranked = self._rerank(searcher, results, client, zones, bonus)
        if crisis_ids:
            # The crisis line the query itself names (「DV相談ナビ」: words beyond the worry
            # expression, best text match) leads the block whatever its hours: the counsellor
            # asked for it. Then the ones that answer now.
            qualified = set(crisis_ids)
            named = [sid for sid, _s, _sc in ranked[:1] if sid in qualified and plan.words]
            rest = self._answering_first(
                [sid for sid, _s, _sc in ranked[1:CRISIS_LINES] if sid in qualified] + crisis_ids,
                now,
            )
            crisis_ids = list(dict.fromkeys([*named, *rest]))[:CRISIS_LINES]
        crisis_set = set(crisis_ids)
        order = [(sid, 0.0, None) for sid in crisis_ids] + [
            r for r in ranked if r[0] not in crisis_set
        ]
        hits = self._hits(order, request, plan, crisis_set, zones, now, limit)
        message = "" if hits else NO_MATCH
        if hits and plan.crisis:
            message = "命に関わる相談の窓口を先頭に表示しています"
        expanded = tuple(self.worries.label(w) for w in plan.worries) + plan.terms
        return SearchResult(
            hits=tuple(hits), message=message, expanded_terms=expanded, crisis=plan.crisis
        )

    def _zones(self, regions: Iterable[str]) -> dict[str, str]:
        """Region codes a client's region admits, each with its proximity tier."""
        zones: dict[str, str] = {}
        for code in regions:
            if not code:
                continue
            region = self.regions.get(code)
            if region is None:
                continue
            zones.setdefault(region.lgcode, "own")
            for child in self.regions.descendants(region.lgcode):
                zones.setdefault(child, "own")
            for parent in self.regions.ancestors(region.lgcode)[1:]:
                kind = "national" if parent == NATIONAL else None
                if kind is None:
                    up = self.regions.get(parent)
                    kind = "prefecture" if up is not None and up.kind == "prefecture" else "city"
                zones.setdefault(parent, kind)
        return zones

    def _crisis_lines(
        self,
        searcher: WhooshSearcher,
        plan: Plan,
        allowed: Sequence[str],
        client: str | None,
    ) -> list[str]:
        if not plan.crisis:
            return []
        wanted = [w for w in CRISIS_WORRIES.get(plan.crisis, ()) if w in plan.worries] or list(
            CRISIS_WORRIES.get(plan.crisis, ())
        )
        # The same few (crisis, area) pairs recur all day, and each answer is fixed until the
        # next commit opens a new searcher: keep them with that searcher.
        key = (plan.crisis, tuple(wanted), tuple(allowed), client)
        cached = self._crisis_cache.setdefault(searcher, {})
        if key not in cached:
            cached[key] = self._find_crisis_lines(searcher, wanted, allowed, client)
        return list(cached[key])

    def _find_crisis_lines(
        self,
        searcher: WhooshSearcher,
        wanted: list[str],
        allowed: Sequence[str],
        client: str | None,
    ) -> list[str]:
        area = self._region_filter(allowed) or Term("regions", NATIONAL)
        q = Filtered(And([_any("worries", wanted), Term("facets", "has-phone")]), area)
        results = searcher.search(q, limit=60)
        zones = self._zones((client,)) if client else {NATIONAL: "national"}
        ranked: list[tuple[float, float, str]] = []
        for hit in results:
            fields = hit.fields()
            codes = str(fields.get("regions", "")).split()
            tier = _best_tier(codes, zones)
            h24 = "open24h" in str(fields.get("facets", ""))
            ranked.append((-(PROXIMITY[tier] + (0.5 if h24 else 0.0)), -hit.score, fields["id"]))
        ranked.sort()
        return [sid for _a, _b, sid in ranked]

    def _answering_first(self, ids: Sequence[str], now: datetime) -> list[str]:
        """In a crisis, the line that answers this minute comes first.

        At 2 a.m. a closed local line above an open 24-hour one costs a caller time they may not
        have: open (or 24 hours) first, then unknown hours, then closed; the order within each
        group is kept.
        """
        from index.schedule import is_open

        rows = self._rows(ids)

        def rank(sid: str) -> int:
            row = rows.get(sid)
            if row is None:
                return 3
            if row["open_24h"]:
                return 0
            state = is_open(row["schedules"], now) if row["schedules"] else None
            return 0 if state else (1 if state is None else 2)

        return sorted(ids, key=rank)

    def _rerank(
        self,
        searcher: WhooshSearcher,
        results: Any,
        client: str | None,
        zones: dict[str, str],
        bonus: dict[int, float],
    ) -> list[tuple[str, float, Scope | None]]:
        out: list[tuple[str, float, Scope | None]] = []
        for hit in results:
            fields = hit.fields()
            codes = str(fields.get("regions", "")).split()
            tier = _best_tier(codes, zones) if zones else "national"
            factor = PROXIMITY[tier] if zones else 1.0
            score = (float(hit.score) + bonus.get(hit.docnum, 0.0)) * factor
            out.append((fields["id"], score, _scope(tier, bool(zones))))
        out.sort(key=lambda r: -r[1])
        return out

    # --- hits ----------------------------------------------------------------------------

    def _hits(
        self,
        order: Sequence[tuple[str, float, Scope | None]],
        request: SearchQuery,
        plan: Plan,
        crisis: set[str],
        zones: dict[str, str],
        now: datetime,
        limit: int,
    ) -> list[SearchHit]:
        from index.schedule import is_open, today_hours

        hits: list[SearchHit] = []
        position = 0
        while position < len(order) and len(hits) < limit:
            batch = order[position : position + max(limit * 2, 20)]
            position += len(batch)
            rows = self._rows([sid for sid, _s, _sc in batch])
            for sid, score, scope in batch:
                row = rows.get(sid)
                if row is None or len(hits) >= limit:
                    continue
                if request.age is not None and not _age_fits(request.age, row["ages"]):
                    continue
                schedules = row["schedules"]
                open_now = is_open(schedules, now) if schedules else None
                if request.open_now and open_now is not True and not row["open_24h"]:
                    continue
                if row["open_24h"] and open_now is None:
                    open_now = True
                if scope is None:
                    tier = _best_tier(row["regions"], zones) if zones else "national"
                    scope = _scope(tier, bool(zones))
                hits.append(
                    SearchHit(
                        id=sid,
                        name=row["name"],
                        organization=row["organization"],
                        phones=row["phones"],
                        open_now=open_now,
                        why=self._why(plan, row, sid in crisis),
                        score=round(score, 4),
                        scope=scope,
                        today_hours=today_hours(schedules, now) if schedules else "時間は要確認",
                        channels=row["channels"],
                        open_24h=row["open_24h"],
                        free=row["free"],
                        anonymous=row["anonymous"],
                        languages=row["languages"],
                        worries=row["worries"],
                        layer=row["layer"],
                        crisis=sid in crisis,
                        assured_date=row["assured_date"],
                        last_modified=row["last_modified"],
                        demo=row["demo"],
                    )
                )
        return hits

    def _why(self, plan: Plan, row: dict[str, Any], crisis: bool) -> tuple[str, ...]:
        why: list[str] = []
        if crisis:
            why.append("緊急: " + ("いのちの相談" if plan.crisis == "suicide" else "暴力の相談"))
        matched = [w for w in plan.worries if w in row["worries"]]
        why.extend(f"悩み: {self.worries.label(w)}" for w in matched)
        why.extend(w.text for w in plan.words if w.must)
        why.extend(f"地域: {p}" for p in plan.place_words)
        return tuple(dict.fromkeys(why))

    def _rows(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        marks = ",".join("?" for _ in ids)
        out: dict[str, dict[str, Any]] = {}
        for r in self.db.execute(
            "SELECT id, name, organization_name, open_24h, free, anonymous, channels, languages, "
            "worries, layer, assured_date, last_modified, demo, status, minimum_age, maximum_age "
            f"FROM service WHERE id IN ({marks})",
            list(ids),
        ):
            if (r[13] or "").lower() in ("inactive", "defunct"):
                continue
            out[r[0]] = {
                "name": r[1],
                "organization": r[2] or "",
                "open_24h": bool(r[3]),
                "free": bool(r[4]),
                "anonymous": bool(r[5]),
                "channels": tuple(_json_list(r[6])),
                "languages": tuple(_json_list(r[7])),
                "worries": tuple(_json_list(r[8])),
                "layer": Layer(r[9]) if r[9] in ("feed", "local") else Layer.FEED,
                "assured_date": r[10],
                "last_modified": r[11],
                "demo": bool(r[12]),
                "ages": (r[14], r[15]),
                "phones": [],
                "schedules": [],
                "regions": [],
            }
        for sid, number in self.db.execute(
            f"SELECT service_id, number FROM phone WHERE service_id IN ({marks}) ORDER BY seq",
            list(ids),
        ):
            if sid in out:
                out[sid]["phones"].append(number)
        for sid, code in self.db.execute(
            f"SELECT service_id, lgcode FROM service_region WHERE service_id IN ({marks})",
            list(ids),
        ):
            if sid in out:
                out[sid]["regions"].append(code)
        cols = (
            "freq, interval, byday, bymonthday, opens_at, closes_at, valid_from, valid_to, "
            "dtstart, until, timezone, description, notes"
        )
        names = [c.strip() for c in cols.split(",")]
        for row in self.db.execute(
            f"SELECT service_id, {cols} FROM schedule WHERE service_id IN ({marks}) ORDER BY seq",
            list(ids),
        ):
            if row[0] in out:
                out[row[0]]["schedules"].append(
                    {k: v for k, v in zip(names, row[1:], strict=True) if v is not None}
                )
        for item in out.values():
            item["phones"] = tuple(item["phones"])
        return out


def open_index(directory: Any) -> SearchIndex:
    """The search index of an open ``index.directory.Directory`` (rebuilt or caught up as needed).

    Admins extend the worry dictionary by publishing it with their feed (``tsunagi-admin publish
    --worries FILE``) or by putting files shaped like ``resources/worries/dictionary.json`` into
    ``<data>/worries/*.json``.
    """
    return SearchIndex(
        directory.db, directory.paths.index_root, directory.regions, load_worries(directory)
    ).open()


def load_worries(directory: Any) -> WorryDictionary:
    """The bundled dictionary, then admin files in ``<data>/worries/``, then feeds' dictionaries.

    A feed's dictionary arrives with a sync (``worries`` in its manifest) and lives in SQLite's
    ``feed_worries``; one that cannot be read is logged and skipped, like an admin file.
    """
    extra = sorted((directory.paths.data / "worries").glob("*.json"))
    shipped: list[tuple[str, Any]] = []
    for feed, body in directory.db.execute("SELECT feed, body FROM feed_worries ORDER BY feed"):
        try:
            shipped.append((f"feed {feed} worry dictionary", json.loads(body)))
        except ValueError as exc:
            log.warning("feed %s worry dictionary unreadable: %s", feed, exc)
    return WorryDictionary.load(extra, shipped)


# --- helpers ------------------------------------------------------------------------------


def _segments(chunk: str) -> list[tuple[str, str]]:
    """Split at script changes: 「家賃が払えない」 → 家賃 / が / 払 / えない (h = hiragana)."""
    out: list[tuple[str, str]] = []
    for ch in chunk:
        kind = "h" if "\u3040" <= ch <= "\u309f" else ("j" if is_japanese(ch) else "w")
        if ch == "ー" and out:
            kind = out[-1][0]
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + ch)
        else:
            out.append((kind, ch))
    return out


_PARTICLE_CHARS = "のにがをはでともへや"


def _content_segments(chunk: str) -> list[str]:
    """The parts of a chunk that carry meaning: kanji/katakana/Latin words, longer kana words."""
    segs = _segments(chunk)
    others = [text for kind, text in segs if kind != "h"]
    out: list[str] = []
    for kind, text in segs:
        if kind == "h":
            text = text.strip(_PARTICLE_CHARS)
            if len(text) >= 3 and not _PARTICLES.match(text):
                out.append(text)
        elif len(text) >= 2 or len(others) == 1:
            out.append(text)
    return out


def _ja_clause(run: str) -> Query:
    if len(run) == 1:
        return Or([Term("title", run, boost=3.0), Term("place", run, boost=1.5)])
    grams = list(dict.fromkeys(bigrams(run)))
    fields: list[tuple[str, float]] = list(FIELD_BOOSTS)
    per_field: list[Query] = []
    for fname, boost in fields:
        if len(grams) == 1:
            per_field.append(Term(fname, grams[0], boost=boost))
        else:
            per_field.append(And([Term(fname, g) for g in grams], boost=boost))
    return Or(per_field)


def _latin_clause(run: str, last: bool) -> Query:
    per_field: list[Query] = []
    for fname, boost in FIELD_BOOSTS:
        if last and not run.isdigit() and len(run) >= 2:
            per_field.append(Prefix(fname, run, boost=boost))
        else:
            per_field.append(Term(fname, run, boost=boost))
    if run.isdigit() and len(run) >= 3:
        grams = list(dict.fromkeys(digit_trigrams(run)))
        per_field.append(
            And([Term("phone", g) for g in grams], boost=3.0)
            if len(grams) > 1
            else Term("phone", grams[0], boost=3.0)
        )
    return Or(per_field)


def _any(fname: str, values: Iterable[str]) -> Query:
    terms = [Term(fname, v) for v in dict.fromkeys(values) if v]
    if not terms:
        return NullQuery
    return terms[0] if len(terms) == 1 else Or(terms)


def _optional_scores(
    searcher: WhooshSearcher, optional: Query | None, docnums: Sequence[int]
) -> dict[int, float]:
    """What the optional words add to each candidate (what ``AndMaybe`` would add).

    Only the candidates are looked at: ``AndMaybe`` over the whole index advanced the optional
    words' matchers (often common bigrams such as 「生活」) to every required match, which cost
    up to ~300 ms at 100k services; here it is one skip per candidate.
    """
    if optional is None or not docnums:
        return {}
    out: dict[int, float] = {}
    wanted = sorted(docnums)
    context = searcher.context()  # type: ignore[no-untyped-call]
    for sub, offset in searcher.leaf_searchers():  # type: ignore[no-untyped-call]
        end = offset + sub.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < end]
        if not local:
            continue
        matcher = optional.matcher(sub, context)
        for doc in local:
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
                if not matcher.is_active():
                    break
            if matcher.id() == doc:
                out[doc + offset] = float(matcher.score())
    return out


def _best_tier(codes: Iterable[str], zones: dict[str, str]) -> str:
    order = ("own", "city", "prefecture", "national")
    tiers = {zones.get(c, "other") for c in codes}
    for tier in order:
        if tier in tiers:
            return tier
    return "other"


def _scope(tier: str, has_region: bool) -> Scope:
    if not has_region:
        return Scope.OTHER
    return {
        "own": Scope.MUNICIPALITY,
        "city": Scope.MUNICIPALITY,
        "prefecture": Scope.PREFECTURE,
        "national": Scope.NATIONAL,
    }.get(tier, Scope.OTHER)


def _age_fits(age: int, ages: tuple[Any, Any]) -> bool:
    """Age is checked on the candidates, not indexed: rare as a filter, costly as postings."""
    low, high = ages
    return (low is None or float(low) <= age) and (high is None or age <= float(high))


def _json_list(value: Any) -> list[str]:
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return [str(x) for x in data] if isinstance(data, list) else []


def _tokyo_now() -> datetime:
    from index.schedule import tokyo_now

    return tokyo_now()


_SUFFIXES = ("市", "区", "町", "村", "都", "道", "府", "県")
_KANA_SUFFIXES = ("し", "く", "ちょう", "まち", "そん", "むら", "けん", "と", "ふ")


@lru_cache(maxsize=4)
def _place_keys(regions: RegionMaster) -> dict[str, tuple[str, ...]]:
    """Exact place words → region codes: names, names without 市/区/町, kana, short kana."""
    keys: dict[str, list[str]] = {}

    def add(key: str, code: str, kana: bool) -> None:
        key = normalise(key).replace(" ", "")
        if len(key) < (3 if kana else 2):
            return
        keys.setdefault(key, [])
        if code not in keys[key]:
            keys[key].append(code)

    for region in regions.all():
        name = region.name.split()[-1]
        add(name, region.lgcode, False)
        add(region.name, region.lgcode, False)
        if region.kind != "prefecture":
            add(region.prefecture + region.name, region.lgcode, False)
        for suffix in _SUFFIXES:
            short = name[: -len(suffix)]
            if name.endswith(suffix) and len(short) >= 2 and any(is_japanese(c) for c in short):
                # 「いの町」 must not make 「いの」 (いのちの電話) a place: kana stems need 3+.
                kana_only = all("\u3040" <= c <= "\u309f" for c in short)
                add(short, region.lgcode, kana_only)
        kana = region.kana.split()[-1] if region.kana else ""
        if kana:
            add(kana, region.lgcode, True)
            for suffix in _KANA_SUFFIXES:
                if kana.endswith(suffix) and len(kana) - len(suffix) >= 3:
                    add(kana[: -len(suffix)], region.lgcode, True)
    keys.pop(normalise("全国"), None)
    # A designated city and its ward can share a short key; prefer the city alone.
    return {k: tuple(v) for k, v in keys.items()}
