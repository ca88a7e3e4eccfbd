"""Read HSDS service records from the file shapes people actually have.

Accepted: one service object, a JSON list, the HSDS API page wrapper (``{"contents": [...]}``),
NDJSON, any of these gzip-compressed, and the HSDS tabular CSV datapackage (a folder of
``services.csv``, ``phones.csv``, … or its ``datapackage.json``).

Readers never raise on bad content: they yield :class:`Item` values that carry either a record or a
:class:`~index.model.Problem` saying exactly where the file is broken, so an import can report every
problem at once and still write nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from index.model import Item as Item  # re-exported: callers import Item from here
from index.model import Problem
from index.resources import resource_path
from index.spreadsheet import is_template, read_spreadsheet

MAX_FILE_BYTES = 512 * 1024 * 1024
"""Refuse to read more than this from one (decompressed) file: a gzip bomb must not fill memory."""


class ReadError(Exception):
    """The file as a whole cannot be read (missing, unreadable, oversized)."""


def read_path(path: Path) -> Iterator[Item]:
    """Yield every record (or problem) in a file or a CSV datapackage folder."""
    if path.is_dir():
        yield from read_datapackage(path)
        return
    if is_template(path):
        yield from read_spreadsheet(path)
        return
    if path.name == "datapackage.json" or _is_datapackage_table(path):
        yield from read_datapackage(path.parent)
        return
    if path.suffix.lower() == ".csv":  # neither: read as a template, which names what is missing
        yield from read_spreadsheet(path)
        return
    try:
        data = _read_bytes(path)
    except OSError as exc:
        raise ReadError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    yield from read_bytes(data, str(path))


def _is_datapackage_table(path: Path) -> bool:
    """A CSV of the HSDS tabular form: a table's own name, or beside a ``datapackage.json``.

    Any other CSV is never read as a datapackage: a staff spreadsheet whose header could not be
    sniffed gets the template reader's message (which columns it lacks), not "no services.csv".
    """
    if path.suffix.lower() != ".csv":
        return False
    return path.stem in _TABLES or (path.parent / "datapackage.json").is_file()


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        if head == b"\x1f\x8b":
            return _gunzip_capped(fh.read(MAX_FILE_BYTES + 1), str(path))
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"{path}: file is larger than {MAX_FILE_BYTES // 2**20} MiB")
    return data


def _gunzip_capped(blob: bytes, name: str) -> bytes:
    decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decomp.decompress(blob, MAX_FILE_BYTES + 1)
    except zlib.error as exc:
        raise ReadError(f"{name}: broken gzip data: {exc}") from exc
    if len(out) > MAX_FILE_BYTES or decomp.unconsumed_tail:
        raise ReadError(f"{name}: decompresses to more than {MAX_FILE_BYTES // 2**20} MiB")
    return out


def read_bytes(data: bytes, name: str) -> Iterator[Item]:
    """Parse JSON (object, list, API page) or NDJSON from bytes (gzip already undone)."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip_capped(data, name)
        except ReadError as exc:
            yield Item(name, problem=Problem(name, "-", str(exc).removeprefix(f"{name}: ")))
            return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Item(name, problem=Problem(name, "-", f"not UTF-8 text (byte {exc.start})"))
        return
    stripped = text.lstrip()
    if not stripped:
        yield Item(name, problem=Problem(name, "-", "the file is empty"))
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if stripped.startswith("{") and "\n" in stripped.strip():
            yield from _read_ndjson(text, name)
            return
        yield Item(
            name,
            problem=Problem(f"{name}:{exc.lineno}:{exc.colno}", "-", f"invalid JSON: {exc.msg}"),
        )
        return
    except RecursionError:
        yield Item(name, problem=Problem(name, "-", "invalid JSON: nested too deeply"))
        return
    yield from _records_from_document(doc, name)


def _records_from_document(doc: Any, name: str) -> Iterator[Item]:
    if isinstance(doc, dict) and isinstance(doc.get("contents"), list) and "id" not in doc:
        items: list[Any] = doc["contents"]
    elif isinstance(doc, list):
        items = doc
    else:
        items = [doc]
    for n, record in enumerate(items, start=1):
        where = f"{name} record {n}" if len(items) > 1 or isinstance(doc, list) else name
        if isinstance(record, dict):
            yield Item(where, record=record)
        else:
            yield Item(
                where,
                problem=Problem(where, "-", f"expected a service object, got {_kind(record)}"),
            )


def _read_ndjson(text: str, name: str) -> Iterator[Item]:
    # Only "\n" ends a record: str.splitlines() would also split on U+0085 and U+2028, which
    # JSON strings may carry unescaped.
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(
                where, problem=Problem(f"{where}:{exc.colno}", "-", f"invalid JSON: {exc.msg}")
            )
            continue
        except RecursionError:
            yield Item(where, problem=Problem(where, "-", "invalid JSON: nested too deeply"))
            continue
        if isinstance(record, dict):
            yield Item(where, record=record)
        else:
            yield Item(
                where,
                problem=Problem(where, "-", f"expected a service object, got {_kind(record)}"),
            )


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


# --- HSDS tabular datapackage ------------------------------------------------------------------

# Table name → (file, the object kind in the schema's $defs).
_TABLES = {
    "services": "service",
    "organizations": "organization",
    "phones": "phone",
    "schedules": "schedule",
    "service_areas": "service_area",
    "service_at_locations": "service_at_location",
    "service_at_location": "service_at_location",
    "locations": "location",
    "addresses": "address",
    "languages": "language",
    "cost_options": "cost_option",
    "attributes": "attribute",
    "taxonomy_terms": "taxonomy_term",
    "taxonomies": "taxonomy",
    "contacts": "contact",
    "funding": "funding",
    "required_documents": "required_document",
    "programs": "program",
    "accessibility": "accessibility",
    "metadata": "metadata",
}


@cache
def _schema_defs() -> dict[str, Any]:
    with resource_path("hsds", "schema", "service_with_definitions.json").open(
        encoding="utf-8"
    ) as fh:
        schema = json.load(fh)
    defs: dict[str, Any] = schema.get("$defs") or schema.get("definitions") or {}
    return defs


@cache
def _types_of(kind: str) -> dict[str, set[str]]:
    if kind == "service":
        path = resource_path("hsds", "schema", "service_with_definitions.json")
        with path.open(encoding="utf-8") as fh:
            props = json.load(fh).get("properties", {})
    else:
        props = _schema_defs().get(kind, {}).get("properties", {})
    out: dict[str, set[str]] = {}
    for key, spec in props.items():
        t = spec.get("type")
        out[key] = set(t) if isinstance(t, list) else {t} if isinstance(t, str) else set()
    return out


def _coerce_row(
    row: dict[str, str], kind: str, where: str, problems: list[Problem]
) -> dict[str, Any]:
    """CSV cells are text; give numbers and booleans their JSON types, drop empty cells."""
    types = _types_of(kind)
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key is None or value is None or value == "":
            continue
        wanted = types.get(key, {"string"})
        if "integer" in wanted or "number" in wanted:
            try:
                number = float(value)
                out[key] = int(number) if "integer" in wanted or number.is_integer() else number
            except ValueError:
                problems.append(Problem(where, key, f"expected a number, got {value!r}"))
        elif "boolean" in wanted:
            out[key] = value.strip().lower() in ("true", "1", "yes")
        else:
            out[key] = value
    return out


def _table_files(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    descriptor = folder / "datapackage.json"
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8-sig"))
        for res in package.get("resources", []):
            if isinstance(res, dict) and isinstance(res.get("path"), str):
                candidate = (folder / res["path"]).resolve()
                if candidate.parent == folder.resolve():
                    files[str(res.get("name") or candidate.stem)] = candidate
    except (OSError, ValueError, AttributeError):
        pass  # a missing or broken descriptor: fall back to the standard file names
    for table in _TABLES:
        path = folder / f"{table}.csv"
        if table not in files and path.exists():
            files[table] = path
    return files


def read_datapackage(folder: Path) -> Iterator[Item]:
    """Assemble nested service records from the HSDS tabular (CSV) form."""
    files = _table_files(folder)
    if "services" not in files:
        yield Item(
            str(folder), problem=Problem(str(folder), "-", "no services.csv in this datapackage")
        )
        return
    problems: list[Problem] = []
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, path in files.items():
        kind = _TABLES.get(table)
        if kind is None:
            continue
        rows: list[dict[str, Any]] = []
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for n, row in enumerate(csv.DictReader(fh), start=2):
                    rows.append(_coerce_row(row, kind, f"{path.name} row {n}", problems))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            problems.append(Problem(str(path), "-", f"cannot read CSV: {exc}"))
        tables[table] = rows
    for problem in problems:
        yield Item(problem.where, problem=problem)
    if problems:
        return

    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        index: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in tables.get(table, []):
            if row.get(key):
                index[str(row[key])].append(row)
        return index

    terms = {str(t["id"]): t for t in tables.get("taxonomy_terms", []) if t.get("id")}
    orgs = {str(o["id"]): o for o in tables.get("organizations", []) if o.get("id")}
    locations = {str(loc["id"]): loc for loc in tables.get("locations", []) if loc.get("id")}
    attrs_by_link = by("attributes", "link_id")
    addresses_by_loc = by("addresses", "location_id")
    sal_rows = tables.get("service_at_locations") or tables.get("service_at_location") or []
    sal_by_service: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sal_rows:
        if row.get("service_id"):
            sal_by_service[str(row["service_id"])].append(row)

    def attributes_for(entity_id: str) -> list[dict[str, Any]]:
        out = []
        for attr in attrs_by_link.get(entity_id, []):
            attr = dict(attr)
            term = terms.get(str(attr.get("taxonomy_term_id", "")))
            if term is not None:
                attr["taxonomy_term"] = dict(term)
            out.append(attr)
        return out

    children = {
        "phones": by("phones", "service_id"),
        "schedules": by("schedules", "service_id"),
        "service_areas": by("service_areas", "service_id"),
        "languages": by("languages", "service_id"),
        "cost_options": by("cost_options", "service_id"),
        "contacts": by("contacts", "service_id"),
        "funding": by("funding", "service_id"),
        "required_documents": by("required_documents", "service_id"),
    }
    for n, service in enumerate(tables["services"], start=2):
        record = dict(service)
        sid = str(record.get("id", ""))
        for key, index in children.items():
            found = index.get(sid)
            if found:
                record[key] = [dict(r) for r in found]
        org = orgs.get(str(record.get("organization_id", "")))
        if org is not None:
            record["organization"] = dict(org)
        sals = []
        for sal in sal_by_service.get(sid, []):
            sal = dict(sal)
            loc = locations.get(str(sal.get("location_id", "")))
            if loc is not None:
                loc = dict(loc)
                addrs = addresses_by_loc.get(str(loc["id"]))
                if addrs:
                    loc["addresses"] = [dict(a) for a in addrs]
                sal["location"] = loc
            sals.append(sal)
        if sals:
            record["service_at_locations"] = sals
        attributes = attributes_for(sid)
        if attributes:
            record["attributes"] = attributes
        yield Item(f"{folder / 'services.csv'} row {n}", record=record)


def dumps_record(record: dict[str, Any]) -> str:
    """The one serialisation used for storage and NDJSON export: key order kept, UTF-8 text."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_ndjson(records: Iterator[dict[str, Any]], out: io.TextIOBase | Any) -> int:
    count = 0
    for record in records:
        out.write(dumps_record(record))
        out.write("\n")
        count += 1
    return count


def open_text_out(path: Path) -> Any:
    """Open an export target; a ``.gz`` name is gzip-compressed."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "wb"), encoding="utf-8", newline="\n")
    return path.open("w", encoding="utf-8", newline="\n")
