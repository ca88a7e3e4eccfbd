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

import json
import logging
import time
import weakref
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database
from whoosh.query.compound import And, Or
from whoosh.query.qcore import Every, Query
from whoosh.searching import Searcher as WhooshSearcher

from index.crisis import guard_hits
from index.crisislines import CRISIS_LINES, CrisisLines
from index.filtered import Filtered, top
from index.indexdocs import name_key
from index.loose import loose_plan
from index.model import SearchQuery, SearchResult
from index.queryplan import Plan, Word
from index.queryterms import _any, _optional_scores
from index.regions import RegionMaster
from index.searchhits import NAMED
from index.searchindex import SearchIndex
from index.worries import WorryDictionary

__all__ = ["EMPTY", "NO_MATCH", "Plan", "Searcher", "Word", "load_worries", "open_index"]

log = logging.getLogger(__name__)

CANDIDATES = 100  # ranked by Whoosh, then re-ranked by region proximity (region set)

NO_MATCH = "該当なし — 言葉を変えるか、絞り込みを外してみてください"
LOOSE = "言葉どおりの窓口が見つからないため、近い言葉でゆるく探した結果です"
EMPTY = "検索語を入力するか、地域や悩みを選んでください"


class Searcher(CrisisLines):
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
        self.worries.complete("あいう")  # reads the expressions' kana once (pykakasi, ~0.6 s)
        self.search(SearchQuery(text="いのちの電話 相談"))

    def search(self, request: SearchQuery) -> SearchResult:
        """Never raises for any text: a failure is logged and reported as an empty result."""
        started = time.perf_counter()
        try:
            result = self._search(request)
            hits = guard_hits(self.db, result.hits)  # a fake crisis line never leads the real one
        except Exception:
            log.exception("search failed for a query of %d characters", len(request.text or ""))
            result = SearchResult(hits=(), message=NO_MATCH)
            hits = ()
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(
            hits=hits,
            message=result.message,
            expanded_terms=result.expanded_terms,
            crisis=result.crisis,
            elapsed_ms=elapsed,
        )

    def _search(self, request: SearchQuery) -> SearchResult:
        plan = self.plan(request.text, request.region)
        # A fragment's completions (「やちん」 → 家賃…) join only when the fragment alone finds
        # little: as a union with common categories they would walk every service (「相談」).
        result = self._run(request, _without_completions(plan))
        wanted = max(1, min(int(request.limit or 20), 10))
        if plan.words and plan.words[-1].completes and len(result.hits) < wanted:
            completed = self._run(request, plan)
            if len(completed.hits) > len(result.hits):
                result = completed
        if result.hits or result.message == EMPTY or not plan.text.strip():
            return result
        if plan.places and plan.place_words:
            # 「上川中部こころの電話」: a name that starts with a place name is still a name.
            whole = self.plan(request.text, request.region, places=False)
            retry = self._run(request, whole)
            if retry.hits:
                return retry
        loose = loose_plan(plan, self.worries)
        if loose is not None:
            retry = self._run(request, loose)
            if retry.hits:
                return SearchResult(
                    hits=retry.hits,
                    message=LOOSE,
                    expanded_terms=retry.expanded_terms,
                    crisis=retry.crisis,
                )
        return result

    def _run(self, request: SearchQuery, plan: Plan) -> SearchResult:
        limit = max(1, min(int(request.limit or 20), 500))
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
        if plan.languages:
            # 「ベトナム語」, 「English」: services offering the language; the 外国語 category helps.
            musts.append(_any("facets", [f"lang-{c}" for c in plan.languages]))
            shoulds.append(self._worry_terms(("gaikokugo",), {}, 1.0))
        if plan.loose is not None:
            musts.append(plan.loose)
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
            wide = zones or optional is not None or plan.phone
            wanted = CANDIDATES if wide else limit + 10
            results = top(searcher, filtered, wanted)
            bonus = _optional_scores(searcher, optional, [hit.docnum for hit in results])
            ranked = self._rerank(searcher, results, client, zones, bonus, name_key(plan.text))
        if plan.phone:
            ranked = self._phone_order(ranked, plan.phone)
        named = [r[0] for r in ranked[:1] if r[1] >= NAMED]
        if crisis_ids:
            # The line the query itself names (「DV相談＋」) leads whatever its hours: the
            # counsellor asked for it. Then the crisis lines that answer now.
            qualified = set(crisis_ids)
            rest = self._answering_first(
                [sid for sid, _s, _sc in ranked[:CRISIS_LINES] if sid in qualified] + crisis_ids,
                now,
            )
            lead = [sid for sid in named if sid in qualified]
            crisis_ids = list(dict.fromkeys([*lead, *rest]))[:CRISIS_LINES]
        crisis_set = set(crisis_ids)
        first = [r for r in ranked if r[0] in named and r[0] not in crisis_set]
        order = [
            *first,
            *((sid, 0.0, None) for sid in crisis_ids),
            *(r for r in ranked if r[0] not in crisis_set and r[0] not in named),
        ]
        hits = self._hits(order, request, plan, crisis_set, zones, now, limit)
        message = "" if hits else NO_MATCH
        if hits and plan.crisis:
            message = "命に関わる相談の窓口を先頭に表示しています"
        expanded = tuple(self.worries.label(w) for w in plan.worries) + plan.terms
        return SearchResult(
            hits=tuple(hits), message=message, expanded_terms=expanded, crisis=plan.crisis
        )


def open_index(directory: Any) -> SearchIndex:
    """The search index of an open ``index.directory.Directory`` (rebuilt or caught up as needed).

    Admins extend the worry dictionary by publishing it with their feed (``tsunagi-admin publish
    --worries FILE``) or by putting files shaped like ``resources/worries/dictionary.json`` into
    ``<data>/worries/*.json``.
    """
    found = SearchIndex(
        directory.db, directory.paths.index_root, directory.regions, load_worries(directory)
    )
    found.read_only = bool(getattr(directory, "read_only", False))
    return found.open()


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


def _tokyo_now() -> datetime:
    from index.schedule import tokyo_now

    return tokyo_now()


def _without_completions(plan: Plan) -> Plan:
    if not plan.words or not plan.words[-1].completes:
        return plan
    return replace(plan, words=[*plan.words[:-1], replace(plan.words[-1], completes=())])
