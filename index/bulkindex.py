"""Write a whole Whoosh segment in one pass, for full rebuilds.

Why not ``writer.add_document``: Whoosh's writer spends ~15 µs of pure Python on every posting
(the analyser's token objects, a tuple per posting in its external-sort pool, a length lookup per
posting when it flushes, then one ``add_posting`` call each). A 100k-service directory has ~13M
postings, so a rebuild took ~250 s of CPU, twice the issue's budget. Here the same segment is
written with whole posting lists at a time:

1. each document's field values become terms through the same tokenizers (our tokenizers expose
   :meth:`terms`, which is what their Whoosh ``__call__`` yields, without token objects; other
   fields go through ``field.index`` exactly as the writer would);
2. postings collect per term in ``array('I')`` lists, in document order, so they need no sort;
3. the codec's own ``W3PostingsWriter`` writes them, a block (128 postings) at a time, and its own
   ``W3PerDocWriter`` the stored fields and lengths; Whoosh's ``SegmentWriter`` then commits the
   segment and the TOC as usual.

Only the data path is ours: file formats, block encoding and term-info statistics are Whoosh's
code, so the result is the index ``add_document`` would have built.
``tests/index/test_bulkindex.py`` compares the two posting by posting.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from whoosh.analysis.tokenizers import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.fields import FieldType
from whoosh.formats import Frequency
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import IndexWriter, SegmentWriter

TermsFn = Callable[[str], list[str]]

_FREQ_BYTES = [pack_uint(i) for i in range(256)]


def _freq_bytes(freq: int) -> bytes:
    return _FREQ_BYTES[freq] if freq < 256 else pack_uint(freq)


_SPACE_SEPARATED = re.compile(r"[^ \t\r\n]+")


def _fast_terms(field: FieldType) -> TermsFn | None:
    """The field's term list without token objects, if it stores plain frequencies.

    Our tokenizers expose ``terms``; a ``KEYWORD`` field's space-separated tokenizer is its regex.
    """
    if type(field.format) is not Frequency or field.format.field_boost != 1.0:
        return None
    terms = getattr(field.analyzer, "terms", None)
    if terms is not None:
        return terms  # type: ignore[no-any-return]
    if field.analyzer == SpaceSeparatedTokenizer():
        return _SPACE_SEPARATED.findall
    return None


class _Postings:
    """One field's postings: term → (document numbers, frequencies), both in document order."""

    __slots__ = ("docs", "freqs")

    def __init__(self) -> None:
        self.docs: dict[str, array[int]] = {}
        self.freqs: dict[str, array[int]] = {}

    def add(self, docnum: int, counts: Counter[str]) -> None:
        docs, freqs = self.docs, self.freqs
        for term, freq in counts.items():
            ids = docs.get(term)
            if ids is None:
                ids = docs[term] = array("I")
                freqs[term] = array("I")
            ids.append(docnum)
            freqs[term].append(freq)


def write_documents(writer: IndexWriter, documents: Iterable[dict[str, Any]]) -> int:
    """Add ``documents`` to ``writer``'s new segment (a fresh, empty index); returns the count.

    The caller commits (or cancels) ``writer`` afterwards, as with ``add_document``.
    """
    if not isinstance(writer, SegmentWriter):
        raise TypeError("write_documents needs a single-process SegmentWriter")
    schema = writer.schema
    names = sorted(schema.names())
    fields = {name: schema[name] for name in names}
    fast = {name: _fast_terms(f) for name, f in fields.items() if f.indexed}
    postings = {name: _Postings() for name in fast}
    # Generic (non-Frequency-fast) fields keep Whoosh's own (weight, value bytes) per posting.
    generic: dict[str, dict[bytes, list[tuple[int, float, bytes]]]] = {
        name: {} for name, fn in fast.items() if fn is None
    }
    lengths: dict[str, array[int]] = {name: array("I") for name in fast}
    perdoc = writer.perdocwriter
    if writer.docnum != 0 or writer.segments:
        raise ValueError("write_documents builds the first segment of an empty index")
    docnum = 0
    for doc in documents:
        perdoc.start_doc(docnum)
        for name in names:
            value = doc.get(name)
            field = fields[name]
            length = 0
            if value is not None and field.indexed:
                terms_fn = fast[name]
                if terms_fn is not None:
                    counts = Counter(terms_fn(value))
                    postings[name].add(docnum, counts)
                    if field.scorable:
                        length = sum(counts.values())
                else:
                    table = generic[name]
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        table.setdefault(tbytes, []).append((docnum, weight, vbytes))
            if name in lengths:
                # What the segment's length column will give back: one byte, decoded.
                lengths[name].append(byte_to_length(length_to_byte(length)) if length else 0)
            if value is not None:
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        docnum += 1
    count = docnum
    writer.docnum = docnum
    writer._added = count > 0

    fieldwriter = writer.fieldwriter
    for name in names:
        if name not in fast:
            continue
        field = fields[name]
        lens = lengths[name]
        scorable = bool(field.scorable)
        fieldwriter.start_field(name, field)
        post: W3PostingsWriter = fieldwriter._postwriter
        if fast[name] is not None:
            plist = postings[name]
            for term in sorted(plist.docs):  # code-point order is UTF-8 byte order
                fieldwriter.start_term(term.encode("utf-8"))
                _write_frequency_postings(post, plist.docs[term], plist.freqs[term], lens, scorable)
                fieldwriter.finish_term()
        else:
            for tbytes in sorted(generic[name]):
                fieldwriter.start_term(tbytes)
                for d, weight, vbytes in generic[name][tbytes]:
                    post.add_posting(d, weight, vbytes, lens[d] if scorable else 0)  # type: ignore[no-untyped-call]
                fieldwriter.finish_term()
        fieldwriter.finish_field()
    return count


def _write_frequency_postings(
    post: W3PostingsWriter, docs: array[int], freqs: array[int], lens: array[int], scorable: bool
) -> None:
    """Fill the postings writer's block buffer a block at a time.

    Mirrors ``add_posting``: a full block is written only when another posting follows, so the
    last block (full or not) is left for ``finish_postings`` to inline or write as the last one.
    """
    limit = post._blocklimit
    n = len(docs)
    for start in range(0, n, limit):
        if start:
            post._write_block()  # type: ignore[no-untyped-call]
        ids = docs[start : start + limit]
        fs = freqs[start : start + limit]
        post._ids = ids
        post._weights = array("f", fs)
        post._values = [_freq_bytes(f) for f in fs]
        post._maxweight = float(max(fs))
        if scorable:
            block_lens = [lens[d] for d in ids]
            low = min(block_lens)
            post._minlength = low if low else None  # type: ignore[assignment]
            post._maxlength = max(block_lens)
