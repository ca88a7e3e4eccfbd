"""The bulk segment writer builds, posting by posting, the index ``add_document`` would build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index

from index.bulkindex import write_documents
from index.regions import RegionMaster
from index.searchindex import SearchIndex, schema
from index.worries import WorryDictionary
from tests.index.judged.directory import load, open_db, sample_records
from tests.synth import generate


def _dump(folder: Path) -> dict[str, Any]:
    """Everything a search reads: terms, postings, block statistics, lengths, stored fields."""
    ix = index.open_dir(str(folder))
    out: dict[str, Any] = {}
    with ix.reader() as reader:
        out["doc_count"] = reader.doc_count_all()
        for name in sorted(reader.schema.names()):
            if not reader.schema[name].indexed:
                continue
            out[f"{name}/field_length"] = reader.field_length(name)
            if reader.schema[name].scorable:
                out[f"{name}/min_max"] = (
                    reader.min_field_length(name),
                    reader.max_field_length(name),
                )
            for tbytes in reader.lexicon(name):
                info = reader.term_info(name, tbytes)
                stats = (
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                    info.min_id(),
                    info.max_id(),
                )
                matcher = reader.postings(name, tbytes)
                posts = []
                while matcher.is_active():
                    posts.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                # Block boundaries and their quality bounds, which top-N collection skips by.
                blocks = []
                matcher = reader.postings(name, tbytes)
                while matcher.is_active():
                    blocks.append(
                        (
                            matcher._blocklength,
                            matcher._maxid,
                            matcher._maxweight,
                            matcher._minlength,
                            matcher._maxlength,
                            matcher._compression,
                        )
                    )
                    matcher._next_block()
                out[f"{name}:{tbytes!r}"] = (stats, posts, blocks)
        for docnum in range(reader.doc_count_all()):
            out[f"stored/{docnum}"] = reader.stored_fields(docnum)
            for name in ("title", "terms", "body", "place", "phone"):
                out[f"len/{docnum}/{name}"] = reader.doc_field_length(docnum, name)
    return out


def test_bulk_segment_equals_add_document(tmp_path: Path) -> None:
    regions = RegionMaster.load()
    worries = WorryDictionary.load()
    db = open_db(tmp_path / "t.sqlite3")
    load(db, [*sample_records(), *generate(1500, 7)], regions)
    docs = list(SearchIndex(db, tmp_path / "unused", regions, worries).documents())
    assert len(docs) > 1400

    slow = tmp_path / "slow"
    slow.mkdir()
    ix = index.create_in(str(slow), schema())
    writer = ix.writer()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()

    fast = tmp_path / "fast"
    fast.mkdir()
    ix = index.create_in(str(fast), schema())
    writer = ix.writer()
    assert write_documents(writer, docs) == len(docs)
    writer.commit()

    expected, got = _dump(slow), _dump(fast)
    assert got.keys() == expected.keys()
    differing = [k for k in expected if expected[k] != got[k]]
    assert differing == []
