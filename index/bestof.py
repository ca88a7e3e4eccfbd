"""``BestOf``: a union scored by its best-scoring part, whose bounds Whoosh can prune with.

A union (``Or``) adds its parts' scores, so its bound in every block is the *sum* of the parts'
bounds. For an expression's phrases (「お金がない」 → 生活困窮, 自立相談支援, 生活福祉資金, …: each
a posting list over much of the directory) that sum is never reached, and without a region
Whoosh scored every record that names any phrase. Scored by the best part, the bound is the best
part's bound: the top records reach it and the rest of the lists is skipped.

Whoosh's own ``DisjunctionMax`` cannot be used as it is: its matcher's ``score()`` takes the
maximum of both parts' *current* postings even when they sit on different documents.
"""

from __future__ import annotations

from typing import Any

from whoosh.matching.binary import DisjunctionMaxMatcher
from whoosh.query.compound import DisjunctionMax


class _BestMatcher(DisjunctionMaxMatcher):  # type: ignore[misc]
    """The best score among the parts on the current document (and only those)."""

    def score(self) -> float:
        a, b = self.a, self.b
        if not a.is_active():
            return float(b.score())
        if not b.is_active():
            return float(a.score())
        aid, bid = a.id(), b.id()
        if aid < bid:
            return float(a.score())
        if bid < aid:
            return float(b.score())
        return float(max(a.score(), b.score()))


class BestOf(DisjunctionMax):  # type: ignore[misc]
    """Matches what any part matches; scores a document by its best-scoring part."""

    def _matcher(self, subs: Any, searcher: Any, context: Any) -> Any:
        reader = searcher.reader()
        return self._tree_matcher(  # type: ignore[no-untyped-call]
            subs, _BestMatcher, searcher, context, lambda q: q.estimate_size(reader)
        )
