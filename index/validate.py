"""Validate one service record against HSDS 3.0 and the tsunagi Japan profile.

Import (``tsunagi import``), the publisher (``tsunagi-admin publish``), sync and the window's local
resource form all call :func:`validate_record`, so a record is judged by the same rules wherever it
comes from. Every problem names the field by its JSON path and says why in a sentence a data admin
can act on; values are quoted only briefly, because a hostile 50 MB string must not come back out.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from index.compat import record_notes
from index.lenient import drop_unseen, kind_problem, repair, unpack
from index.model import Problem
from index.phones import format_problems
from index.readers import Item, ReadError, dumps_record, read_path
from index.regions import RegionMaster
from index.resources import resource_path

MAX_TEXT = 100_000
"""Longest accepted string field (characters). A description longer than this is an error."""

MAX_ITEMS = 1_000
"""Longest accepted list (phones, schedules, …) in one service."""


@cache
def _validator() -> Draft202012Validator:
    path = resource_path("hsds", "schema", "service_with_definitions.json")
    with path.open(encoding="utf-8") as fh:
        schema = json.load(fh)
    return Draft202012Validator(schema)


@cache
def _fast_validator() -> Any:
    """A compiled validator for the common case: a valid record passes ~14× faster.

    Measured on the official ``service_full.json``: jsonschema 5.8 ms, fastjsonschema 0.4 ms per
    record, the difference between a 100k-service feed validating in 10 minutes or 40 seconds.
    ``jsonschema`` stays the authority: when the fast path objects, it explains (or overrules).
    Formats are annotations in 2020-12, so they are neutralised here as jsonschema does.
    """
    path = resource_path("hsds", "schema", "service_with_definitions.json")
    with path.open(encoding="utf-8") as fh:
        schema = json.load(fh)
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    formats = {
        name: (lambda _v: True) for name in ("uuid", "uri", "email", "date-time", "date", "csv")
    }
    return fastjsonschema.compile(schema, formats=formats)


def json_path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _scan_values(value: Any, path: list[Any], problems: list[Problem], where: str) -> None:
    """Reject what SQLite, Qt or a PDF cannot carry safely, before the schema even looks."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            problems.append(
                Problem(
                    where,
                    json_path(path),
                    f"text is too long ({len(value):,} characters; the limit is {MAX_TEXT:,})",
                )
            )
        if "\x00" in value:
            problems.append(Problem(where, json_path(path), "text contains a NUL character"))
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            problems.append(
                Problem(
                    where, json_path(path), "text contains an unpaired surrogate (broken UTF-16)"
                )
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _scan_values(item, [*path, key], problems, where)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            problems.append(
                Problem(
                    where,
                    json_path(path),
                    f"list has {len(value):,} items; the limit is {MAX_ITEMS:,}",
                )
            )
            return
        for i, item in enumerate(value):
            _scan_values(item, [*path, i], problems, where)
    elif isinstance(value, float) and value != value:  # NaN is not JSON
        problems.append(Problem(where, json_path(path), "NaN is not a valid number"))


def _looks_clean(record: dict[str, Any]) -> bool:
    """The fast common case of :func:`_scan_values`: decide "nothing to report" cheaply.

    Profiling a 100k-service feed showed the path-building walk took 70% of validation time.
    Here the C JSON encoder does the per-string work (a lone surrogate fails to encode, NaN is
    refused, a NUL shows as ``\\u0000``, and a string over the limit needs a record over the
    limit); Python only walks the containers to count list items. A record that fails is walked
    again with paths, to say exactly where; a false alarm there simply reports nothing.
    """
    try:
        raw = json.dumps(record, ensure_ascii=False, allow_nan=False)
        raw.encode("utf-8")
    except (ValueError, UnicodeEncodeError, RecursionError):
        return False
    if len(raw) > MAX_TEXT or "\\u0000" in raw:
        return False
    stack: list[Any] = [record]
    while stack:
        value = stack.pop()
        if type(value) is dict:
            stack.extend(v for v in value.values() if type(v) is dict or type(v) is list)
        elif type(value) is list:
            if len(value) > MAX_ITEMS:
                return False
            stack.extend(v for v in value if type(v) is dict or type(v) is list)
    return True


def _schema_reason(error: ValidationError) -> str:
    if error.validator == "required":
        return f"required field missing: {str(error.message).split(' ')[0]}"
    if error.validator == "type":
        return f"expected {error.validator_value}, got {_short(error.instance)}"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{_short(error.instance)} is not one of: {allowed}"
    if error.validator in ("format", "pattern"):
        return f"{_short(error.instance)} does not match the expected {error.validator} {error.validator_value}"
    message = str(error.message)
    return message if len(message) <= 160 else message[:157] + "…"


def validate_record(record: Any, where: str, regions: RegionMaster | None = None) -> list[Problem]:
    """Every problem with one record; an empty list means it may be stored.

    ``regions`` is accepted for the callers' sake: a code missing from the region master is a
    warning now (:func:`index.compat.record_notes`), not a problem.
    """
    if not isinstance(record, dict):
        return [Problem(where, "-", "expected a service object")]
    problems: list[Problem] = []
    rid = record.get("id")
    if isinstance(rid, str) and rid:
        where = f"{where} (id={rid[:40]})"
    if not _looks_clean(record):
        _scan_values(record, [], problems, where)
        if problems:
            return problems
    try:
        _fast_validator()(record)
    except fastjsonschema.JsonSchemaException:
        errors = _validator().iter_errors(record)
        for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
            problems.append(Problem(where, json_path(error.absolute_path), _schema_reason(error)))
    if problems:
        return problems
    problems.extend(Problem(where, path, reason) for path, reason in format_problems(record))
    problems.extend(_profile_problems(record, where))
    return problems


def _profile_problems(record: dict[str, Any], where: str) -> list[Problem]:
    problems: list[Problem] = []
    if not str(record.get("id", "")).strip():
        problems.append(Problem(where, "id", "id must not be empty"))
    if not str(record.get("name", "")).strip():
        problems.append(Problem(where, "name", "name must not be empty"))
    for i, phone in enumerate(record.get("phones") or []):
        number = unicodedata.normalize("NFKC", str(phone.get("number", "")))
        if not any(ch.isdigit() for ch in number):
            problems.append(
                Problem(
                    where,
                    f"phones[{i}].number",
                    f"phone number {_short(phone.get('number'))} has no digits",
                )
            )
    # An unknown worry, access or flag code, or a municipality code missing from the region
    # master, is not a problem: the record is kept and index.compat reports it as a warning.
    for key in ("minimum_age", "maximum_age"):
        value = record.get(key)
        if isinstance(value, int | float) and not 0 <= value <= 130:
            problems.append(Problem(where, key, f"age {value} is outside 0–130"))
    return problems


def check_files(
    files: Sequence[Path],
    regions: RegionMaster | None = None,
    warnings: list[Problem] | None = None,
    *,
    lenient: bool = False,
) -> tuple[list[Item], list[Problem]]:
    """Read and validate input files without writing anything: the valid items, every problem.

    ``tsunagi import`` and ``tsunagi-admin publish`` both start here, so a record is accepted or
    refused for the same reasons whichever way it arrives. The same record twice (the official
    HSDS examples do this) is kept once; the same id with other content is a problem.

    ``lenient`` (``tsunagi import --lenient``, never a feed): third-party shapes are repaired
    first (:mod:`index.lenient`) and each repair is added to ``warnings``.
    """
    regions = regions or RegionMaster.load()
    good: list[Item] = []
    problems: list[Problem] = []
    seen: dict[str, tuple[str, str]] = {}
    for path in files:
        try:
            items = list(read_path(path))
        except ReadError as exc:
            problems.append(Problem(str(path), "-", str(exc).removeprefix(f"{path}: ")))
            continue
        if lenient:
            unpacked: list[Item] = []
            for item in items:
                found_items, notes = unpack(item)
                unpacked += found_items
                if warnings is not None:
                    warnings.extend(notes)
            items = unpacked
        for item in items:
            if item.problem is not None:
                problems.append(item.problem)
                continue
            if warnings is not None:  # kept as written (the template's unread hours, …)
                warnings.extend(Problem(item.where, "-", w) for w in item.warnings)
            assert item.record is not None
            item, found, repaired = _checked(item, item.record, regions, lenient)
            if warnings is not None:
                warnings.extend(repaired)
            assert item.record is not None
            sid = str(item.record.get("id", ""))
            if found:  # refused: never hashed (a lone surrogate cannot even be encoded)
                problems.extend(found)
                continue
            digest = hashlib.sha256(dumps_record(item.record).encode("utf-8")).hexdigest()
            if sid in seen:
                first_where, first_digest = seen[sid]
                if first_digest == digest:
                    continue
                found = [
                    Problem(
                        item.where,
                        "id",
                        f"duplicate id {sid!r} with other content (also at {first_where})",
                    )
                ]
            if found:
                problems.extend(found)
            else:
                seen[sid] = (item.where, digest)
                good.append(item)
                if warnings is not None:
                    warnings.extend(
                        Problem(item.where, note.field, note.message)
                        for note in record_notes(item.record, regions)
                    )
    return good, problems


def _checked(
    item: Item, record: dict[str, Any], regions: RegionMaster, lenient: bool
) -> tuple[Item, list[Problem], list[Problem]]:
    """One read record validated (repaired first when ``lenient``): (item, problems, repairs).

    A record that is not a service at all (an organization, a location, a taxonomy term) gets one
    problem naming what it is, instead of the fields a service would need.
    """
    repairs: list[Problem] = []
    if lenient:
        kind = kind_problem(record, item.where)
        if kind is not None:  # never "repaired" into a service
            return item, [kind], []
        record, repairs = repair(record, item.where)
    found = validate_record(record, item.where, regions)
    if found and lenient:
        dropped = drop_unseen(record, found, item.where)
        if dropped is not None:
            record, more = dropped
            found = validate_record(record, item.where, regions)
            repairs += more
    if found:
        kind = kind_problem(record, item.where)
        if kind is not None:
            return item, [kind], []
        return item, found, []
    return Item(item.where, record=record), [], repairs
