"""Top-N pruning (index.filtered.top, index.bestof.BestOf): fewer postings scored, same hits."""

from __future__ import annotations

from whoosh import fields
from whoosh.collectors import TopCollector
from whoosh.filedb.filestore import RamStorage
from whoosh.query.compound import DisjunctionMax, Or
from whoosh.query.terms import Term

from index.bestof import BestOf
from index.filtered import _TopCollector, top


def _index(docs: list[str]) -> object:
    schema = fields.Schema(n=fields.ID(stored=True), k=fields.KEYWORD())
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for i, text in enumerate(docs):
            w.add_document(n=str(i), k=text)
    return ix


def test_tied_best_scores_prune_and_keep_the_same_hits() -> None:
    # 5,000 documents tie at the best score: Whoosh alone scores every one of them.
    ix = _index(["a b"] * 5000 + ["a"] * 5000)
    query = Or([Term("k", "a"), Term("k", "b")])
    with ix.searcher() as s:  # type: ignore[attr-defined]
        plain = TopCollector(limit=20)
        s.search_with_collector(query, plain)
        pruned = _TopCollector(limit=20)  # type: ignore[no-untyped-call]
        s.search_with_collector(query, pruned)
        assert plain.total == 10000
        assert pruned.total < 1000
        assert [h["n"] for h in top(s, query, 20)] == [h["n"] for h in s.search(query, limit=20)]


def test_best_of_scores_each_document_by_its_own_best_part() -> None:
    # Whoosh's DisjunctionMax takes the max of both parts' current postings even when they sit
    # on different documents: document 0 (only "x") would score as high as "y" does.
    ix = _index(["x", "y", "x y"])
    parts = [Term("k", "x"), Term("k", "y", boost=5.0)]
    with ix.searcher() as s:  # type: ignore[attr-defined]
        ours = {h["n"]: round(h.score, 6) for h in s.search(BestOf(parts), limit=10)}
        alone = {h["n"]: round(h.score, 6) for h in s.search(parts[0], limit=10)}
        assert ours["0"] == alone["0"]
        assert ours["2"] == ours["1"] > ours["0"]
        theirs = {h["n"]: round(h.score, 6) for h in s.search(DisjunctionMax(parts), limit=10)}
        assert theirs["0"] != alone["0"]  # the Whoosh behaviour BestOf exists to avoid
