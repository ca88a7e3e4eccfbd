"""The crisis block: lines for a suicide or violence signal, the ones answering now first."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from whoosh.query.compound import And, Or
from whoosh.query.terms import Term
from whoosh.searching import Searcher as WhooshSearcher

from index.filtered import Filtered, top
from index.model import NATIONAL
from index.queryplan import Plan
from index.queryterms import _any
from index.searchhits import PROXIMITY, HitReading, _best_tier

CRISIS_WORRIES = {"suicide": ("shinitai",), "violence": ("dv", "gyakutai", "hanzai")}
CRISIS_LINES = 3


class CrisisLines(HitReading):
    """Up to three crisis lines for the signal, cached per Whoosh searcher."""

    _crisis_cache: weakref.WeakKeyDictionary[WhooshSearcher, dict[Any, list[str]]]

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
        # Curated or read from the record's text (index.indexdocs: ``crisis``), reachable by
        # phone or by chat/SNS; curated ones score higher.
        worry = Or([*(Term("worries", w, boost=2.0) for w in wanted), _any("crisis", wanted)])
        reach = Or([Term("facets", "has-phone"), Term("facets", "channel-sns")])
        q = Filtered(And([worry, reach]), area)
        results = top(searcher, q, 60)
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
