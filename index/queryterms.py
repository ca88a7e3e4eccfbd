"""Building the Whoosh query from a reading (step 5): words, expressions, filters.

Queries are built programmatically; raw text never reaches Whoosh's ``QueryParser``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from whoosh.query.compound import And, Or
from whoosh.query.qcore import NullQuery, Query
from whoosh.query.terms import Prefix, Term
from whoosh.searching import Searcher as WhooshSearcher

from index.analysis import bigrams, digit_trigrams, runs
from index.bestof import BestOf
from index.model import SearchQuery
from index.queryplan import MAX_RUN, Plan, QueryReading, Word

FIELD_BOOSTS = (("title", 3.0), ("terms", 2.0), ("place", 1.5), ("body", 1.0))
WORRY_BOOST = 4.0
COMPLETION_BOOST = 1.0


class QueryBuilding(QueryReading):
    """Whoosh queries for the words, expressions and filters of a reading."""

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
        if word.completes:
            # A half-typed fragment also reaches the categories it may be typing (「やちん」).
            alts.append(self._worry_terms(word.completes, {}, COMPLETION_BOOST))
        if not alts:
            return None
        return alts[0] if len(alts) == 1 else Or(alts)

    def _worry_terms(self, codes: Sequence[str], weights: dict[str, float], boost: float) -> Query:
        """Curated worry attributes and, scoring lower, the categories read from text.

        Both live in one ``cats`` posting list per category (curated written twice, inferred
        once, so BM25 ranks curated first): a union of two lists per category made colloquial
        queries without a region walk twice the services.
        """
        parts: list[Query] = []
        for w in codes:
            weight = boost * weights.get(w, 0.5 if weights else 1.0)
            parts.append(Term("cats", w, boost=weight))
        return parts[0] if len(parts) == 1 else Or(parts)

    def _typed_query(self, plan: Plan) -> Query | None:
        """The chunks holding an expression, as typed: a name or abbreviation keeps counting."""
        # Names and abbreviations live in the title: one field keeps it cheap without a region.
        clauses: list[Query] = []
        for typed in plan.typed:
            for kind, run in runs(typed)[:4]:
                grams = list(dict.fromkeys(bigrams(run[:MAX_RUN]))) if kind == "ja" else [run]
                clauses.extend(Term("title", g, boost=3.0) for g in grams)
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else And(clauses)

    def _expression_query(self, plan: Plan) -> Query | None:
        if not plan.matches:
            return None
        parts: list[Query] = []
        if plan.worries:
            parts.append(self._worry_terms(plan.worries, plan.worry_weights, WORRY_BOOST))
        phrases = [Term("phrases", t.replace(" ", "_")) for t in plan.terms]
        if phrases:
            # Scored by the best phrase, not their sum: Whoosh can then prune (index.bestof).
            parts.append(phrases[0] if len(phrases) == 1 else BestOf(phrases))
        typed = self._typed_query(plan)
        if typed is not None:
            parts.append(typed)
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
