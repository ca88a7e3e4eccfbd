"""Hostile text through every Qt-free entry point: import, search, notes, the local form, slips.

The rule everywhere: a value is either refused with a precise message (file, field, reason) and
nothing stored changes, or it is stored and comes back out *exactly* as it went in. Nothing
crashes, and nothing becomes markup. The strategies are in ``tests/hardening/hostile.py``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.controllers.local_record import LocalForm, build_record, form_field, form_from_record
from desktop.search_backend import fallback_search, run_search
from desktop.slips import SlipError, SlipOptions, render_slip
from index.directory import Directory, DirectoryError, ImportRefused
from index.model import SearchQuery, SearchResult
from index.phones import hidden_characters
from index.search import Searcher
from index.vocabulary import worry_labels
from tests import pdfcheck
from tests.hardening.dbcheck import content_digest
from tests.hardening.hostile import (
    MARKUP,
    PATHS,
    UNICODE,
    hostile_text,
    huge,
    nonblank,
    storable_text,
)
from tests.records import service

# --- import ----------------------------------------------------------------------------------------


def _set_org(record: dict[str, Any], value: str) -> None:
    record["organization_id"] = f"{record['id']}-org"
    record["organization"] = {"id": f"{record['id']}-org", "name": value}


SETTERS: dict[str, Callable[[dict[str, Any], str], None]] = {
    "name": lambda r, v: r.__setitem__("name", v),
    "alternate_name": lambda r, v: r.__setitem__("alternate_name", v),
    "description": lambda r, v: r.__setitem__("description", v),
    "url": lambda r, v: r.__setitem__("url", v),
    "email": lambda r, v: r.__setitem__("email", v),
    "phones": lambda r, v: r["phones"][0].__setitem__("number", v),
    "phones ": lambda r, v: r["phones"][0].__setitem__("description", v),
    "organization": _set_org,
    "id": lambda r, v: r.__setitem__("id", v),
}


def _digest(directory: Directory) -> str:
    return content_digest(directory.db.conn)


def _top_field(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


@given(
    field=st.sampled_from(sorted(SETTERS)),
    value=hostile_text(),
    shape=st.sampled_from(["json-ascii", "json-utf8", "ndjson"]),
)
def test_import_refuses_precisely_or_stores_verbatim(
    shared_dir: Directory,
    tmp_path_factory: pytest.TempPathFactory,
    field: str,
    value: str,
    shape: str,
) -> None:
    record = service("正常な窓口", sid=f"hostile-{uuid.uuid4()}")
    SETTERS[field](record, value)
    folder = tmp_path_factory.mktemp("import")
    path = folder / ("r.ndjson" if shape == "ndjson" else "r.json")
    text = json.dumps(record, ensure_ascii=shape == "json-ascii")
    if shape == "ndjson":
        text = json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(service("二件目")) + "\n"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    before = _digest(shared_dir)
    try:
        shared_dir.import_files([path])
    except ImportRefused as refused:
        assert refused.report.problems
        assert _digest(shared_dir) == before, "a refused import changed the database"
        for problem in refused.report.problems:
            assert str(path) in problem.where
            assert problem.field == "-" or _top_field(problem.field) in (field.strip(), "id")
            assert problem.reason and len(problem.reason) < 300, "the value was echoed back"
        return
    stored = shared_dir.record(str(record["id"]))
    assert stored == record, "stored, but not verbatim"
    assert shared_dir.delete_local(str(record["id"]))


def test_import_of_a_1mb_field_names_the_field_and_the_limit(
    shared_dir: Directory, tmp_path: Path
) -> None:
    record = service("窓口", description=huge("<b>", 1_000_000))
    path = tmp_path / "big.json"
    path.write_text(json.dumps(record), "utf-8")
    with pytest.raises(ImportRefused) as refused:
        shared_dir.import_files([path])
    (problem,) = refused.value.report.problems
    assert problem.field == "description"
    assert "too long" in problem.reason and "100,000" in problem.reason
    assert len(str(problem)) < 400


# --- search ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def searcher(shared_dir: Directory) -> Searcher:
    return Searcher(shared_dir)


@given(text=hostile_text(), region=st.one_of(st.none(), hostile_text(allow_huge=False)))
def test_search_never_raises(
    shared_dir: Directory, searcher: Searcher, text: str, region: str | None
) -> None:
    query = SearchQuery(text=text, region=region, worries=(text[:20],), languages=(text[:5],))
    result = searcher.search(query)
    assert isinstance(result, SearchResult)
    assert isinstance(run_search(shared_dir, SearchQuery(text=text)), SearchResult)


@given(
    text=hostile_text(allow_huge=False).filter(
        lambda s: not any("\ud800" <= c <= "\udfff" for c in s)
    )
)
def test_fallback_search_never_raises(shared_dir: Directory, text: str) -> None:
    assert isinstance(fallback_search(shared_dir, SearchQuery(text=text)), SearchResult)


@pytest.mark.parametrize("text", ["a\ud800", huge("<b>", 60_000)], ids=["surrogate", "60k"])
def test_fallback_search_survives_surrogates_and_long_text(
    shared_dir: Directory, text: str
) -> None:
    assert isinstance(fallback_search(shared_dir, SearchQuery(text=text)), SearchResult)


def test_hostile_records_are_indexed_and_found_literally(tmp_path: Path) -> None:
    """Markup and bidi tricks in a legitimate feed: indexed without error, found as plain text."""
    from index.paths import app_paths

    directory = Directory.open(app_paths(tmp_path / "data"), seed=False)
    try:
        # A name refuses invisible and bidi characters (index/phones.py); a description keeps them.
        names = [
            f"相談{i} {s}" if not hidden_characters(s) else f"相談{i}"
            for i, s in enumerate(MARKUP + UNICODE + PATHS)
        ]
        names.append("窓口 " + huge("<i>", 90_000))
        tricks = [*MARKUP, *UNICODE, *PATHS, "<i>"]
        records = [
            service(n, sid=f"h{i}", description=f"{n} {tricks[i]}")
            for i, n in enumerate(names)
            if n.strip()
        ]
        path = tmp_path / "hostile.json"
        path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        report = directory.import_files([path])
        assert report.loaded == len(records)
        search = Searcher(directory)
        hits = search.search(SearchQuery(text="<b>太字</b>")).hits
        assert "h0" in [h.id for h in hits]
        found = {h.id: h.name for h in search.search(SearchQuery(text="相談", limit=100)).hits}
        for record in records:
            if record["id"] in found:
                assert found[record["id"]] == record["name"], "a name was altered on the way"
    finally:
        directory.close()


# --- the note editor (Directory.set_note) ------------------------------------------------------------


@given(body=storable_text() | st.sampled_from(["a\x00b", "\x00"]))
def test_note_is_stored_verbatim_or_deleted_when_blank(
    shared_dir: Directory, some_service: str, body: str
) -> None:
    shared_dir.set_note(some_service, body)
    expected = body if body.strip() else ""
    assert shared_dir.note(some_service) == expected
    shared_dir.set_note(some_service, "")
    assert shared_dir.note(some_service) == ""


def test_a_1mb_note_round_trips(shared_dir: Directory, some_service: str) -> None:
    body = huge('<a href="file:///etc/passwd">x</a>\u202e', 1_000_000)
    shared_dir.set_note(some_service, body)
    assert shared_dir.note(some_service) == body
    shared_dir.set_note(some_service, "")


def test_note_with_a_lone_surrogate_is_refused_clearly(
    shared_dir: Directory, some_service: str
) -> None:
    shared_dir.set_note(some_service, "keep me")
    with pytest.raises(DirectoryError):
        shared_dir.set_note(some_service, "broken \ud800 text")
    assert shared_dir.note(some_service) == "keep me"


def test_note_with_a_lone_surrogate_changes_nothing(
    shared_dir: Directory, some_service: str
) -> None:
    """Whatever it raises today, the note already saved survives (no partial write)."""
    shared_dir.set_note(some_service, "keep me")
    before = _digest(shared_dir)
    with pytest.raises(DirectoryError):
        shared_dir.set_note(some_service, "broken \ud800 text")
    assert shared_dir.note(some_service) == "keep me"
    assert _digest(shared_dir) == before
    shared_dir.set_note(some_service, "")


# --- the local resource form (build_record → Directory.save_local) ------------------------------------

FORM_FIELDS = ("name", "organization", "phone", "phone_note", "hours_note", "notes", "url")


def _form(field: str, value: str) -> LocalForm:
    form = LocalForm(
        name="私たちの窓口",
        phones=[("011-000-0000", "")],
        days=["MO", "TU"],
        opens_at="09:00",
        closes_at="17:00",
        region="012335",
        worries=["kodoku"],
    )
    if field == "phone":
        form.phones = [(value, "")]
    elif field == "phone_note":
        form.phones = [("011-000-0000", value)]
    else:
        setattr(form, field, value)
    return form


@given(field=st.sampled_from(FORM_FIELDS), value=hostile_text())
def test_local_form_refuses_beside_the_field_or_stores_verbatim(
    shared_dir: Directory, field: str, value: str
) -> None:
    record = build_record(_form(field, value), worry_labels(), date(2026, 11, 26))
    before = _digest(shared_dir)
    try:
        shared_dir.save_local(record)
    except ImportRefused as refused:
        assert _digest(shared_dir) == before
        for problem in refused.report.problems:
            assert form_field(problem.field) != "general" or problem.field == "-", problem
            assert len(problem.reason) < 300
        return
    stored = shared_dir.record(record["id"])
    assert stored == record
    again = form_from_record(stored)
    assert build_record(again, worry_labels(), date(2026, 11, 26)) == record
    assert shared_dir.delete_local(record["id"])


@given(value=nonblank(storable_text(allow_huge=False)).filter(lambda s: not hidden_characters(s)))
def test_local_form_keeps_any_storable_name(shared_dir: Directory, value: str) -> None:
    record = build_record(_form("name", value), worry_labels(), date(2026, 11, 26))
    shared_dir.save_local(record)
    assert shared_dir.record(record["id"])["name"] == value.strip()  # type: ignore[index]
    assert shared_dir.delete_local(record["id"])


# --- slips -------------------------------------------------------------------------------------------


def _pdf_text(pdf: bytes, tmp: Path) -> str:
    return "".join(pdfcheck.text(pdf).split())


LITERALS = [m for m in MARKUP if m.isascii() and m.strip()] + [
    "<b>太字</b>",
    '<font size=99 color="red">大</font>',
    "<para>段落</para>",
]


@pytest.mark.parametrize("fmt", ["a5", "card"])
def test_slip_prints_markup_literally(tmp_path: Path, fmt: str) -> None:
    """Every markup sample shows up in the extracted text exactly, characters and all."""
    names = [f"Q{i}Z{m}Z" for i, m in enumerate(LITERALS)]
    records = [
        service(n, sid=f"s{i}", phones=[f"0120-{i:03d}-<b>"], description=n)
        for i, n in enumerate(names)
    ]
    pages = ""
    for start in range(0, len(records), 5):
        batch = records[start : start + 5]
        options = SlipOptions(
            format=fmt,
            message="<b>msg</b>&amp;<font size=99>x</font>",
            office_name="<i>office</i>",
            client_name="<u>client</u>",
        )
        pages += _pdf_text(render_slip(batch, options), tmp_path)
    if fmt == "card":
        # The discreet card prints only numbers: the markup inside them must be literal.
        assert pages.count("<b>") >= len(records)
        return
    for name in names:
        assert "".join(name.split()) in pages, name
    for literal in ("<b>msg</b>&amp;<fontsize=99>x</font>", "<i>office</i>", "<u>client</u>"):
        assert literal in pages


@given(
    field=st.sampled_from(["name", "description", "phone", "url", "email"]),
    value=hostile_text(),
    message=hostile_text(allow_huge=False),
    fmt=st.sampled_from(["a5", "a6", "a4-4", "card"]),
)
def test_slip_renders_any_text_or_refuses_clearly(
    field: str, value: str, message: str, fmt: str
) -> None:
    value = value[:3000]  # a slip is paper: 1 MB fields are refused at import, never printed
    record = service("窓口")
    if field == "phone":
        record["phones"][0]["number"] = value
    else:
        record[field] = value
    options = SlipOptions(format=fmt, message=message, client_name=message, office_name=value)
    try:
        pdf = render_slip([record], options)
    except SlipError as exc:
        assert str(exc)
        return
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("text", ["%", "_", "\\"])
def test_fallback_search_treats_wildcards_as_text(shared_dir: Directory, text: str) -> None:
    """Typing 「%」 must not list the whole directory."""
    assert fallback_search(shared_dir, SearchQuery(text=text)).hits == ()
