"""Filtered: the same documents as And(query, filter), minus deleted ones, scored by the query."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh.query.compound import And, Or
from whoosh.query.terms import Term

from index.filtered import Filtered
from index.model import Layer
from index.regions import RegionMaster
from index.store import Owner, delete_services, write_records
from tests.index.judged.directory import build, sample_records
from tests.synth import generate

OWNER = Owner(layer=Layer.FEED, source="feed:test", feed="test", feed_version=1)


def test_filtered_matches_the_intersection_without_deleted_documents(tmp_path: Path) -> None:
    records = [*sample_records(), *generate(400, 5)]
    demo = build(tmp_path, records)
    regions = RegionMaster.load()
    # Leave deleted documents behind: edit some services, remove others.
    edited = []
    for record in records[:30]:
        copy = json.loads(json.dumps(record))
        copy["description"] = (copy.get("description") or "") + " 相談の更新"
        edited.append((copy["id"], copy))
    with demo.db.atomic():
        write_records(demo.db, edited, OWNER, regions)
        delete_services(demo.db, [r["id"] for r in records[30:40]], OWNER)
    demo.index.catch_up()
    query = Or([Term("body", "相談"), Term("title", "相談", boost=3.0)])
    flt = Or([Term("regions", "000000"), Term("within", "130001")])
    with demo.index.searcher() as s:
        dead = {
            offset + d
            for sub, offset in s.leaf_searchers()
            for d in sub.reader().__dict__.get("_tsunagi_deleted", ())
        }
        assert dead, "the test needs deleted documents"
        plain = {hit.docnum: hit.score for hit in s.search(And([query, flt]), limit=None)}
        expected = {d: score for d, score in plain.items() if d not in dead}
        got = {hit.docnum: hit.score for hit in s.search(Filtered(query, flt), limit=None)}
        assert set(got) == set(expected)
        # Filtered scores are the query's alone (the filter adds nothing).
        alone = {hit.docnum: hit.score for hit in s.search(query, limit=None)}
        assert all(abs(got[d] - alone[d]) < 1e-6 for d in got)
        # Top-N with skipping returns the same best documents as scoring everything.
        top = [hit.docnum for hit in s.search(Filtered(query, flt), limit=10)]
        best = sorted(got, key=lambda d: (-got[d], d))[:10]
        assert sorted(got[d] for d in top) == sorted(got[d] for d in best)
        # No filter: every live document the query matches, none deleted.
        everything = {hit.docnum for hit in s.search(Filtered(query), limit=None)}
        assert everything == set(alone) - dead
