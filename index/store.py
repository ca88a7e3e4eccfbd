"""Write service records into SQLite, and read them back out.

Each record is kept losslessly as its original JSON (``service.raw_json``), so exporting gives back
what was imported. Beside it, :func:`derive` computes the normalised rows that search and the window
query: phones with a digits-only form, schedules, locations and addresses, service areas resolved to
全国地方公共団体コード, taxonomy attributes, languages, cost options and the access facts of the
Japan profile (``sync/PROFILE.md``).

Rows are written with upserts (``ON CONFLICT … DO UPDATE``), never a REPLACE-style insert: a replace
is a delete plus an insert, and the delete cascades. Callers wrap writes in ``index.database.write_transaction``.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from index.model import NATIONAL, ImportReport, Layer, Problem
from index.plaintext import text_or_none
from index.readers import dumps_record
from index.record import ServiceView
from index.regions import NATIONAL_NAMES, RegionMaster

SERVICE_COLUMNS = (
    "id",
    "layer",
    "feed",
    "name",
    "alternate_name",
    "description",
    "organization_id",
    "organization_name",
    "url",
    "email",
    "status",
    "application_process",
    "fees_description",
    "eligibility_description",
    "interpretation_services",
    "alert",
    "minimum_age",
    "maximum_age",
    "free",
    "anonymous",
    "open_24h",
    "demo",
    "channels",
    "audience",
    "languages",
    "worries",
    "source",
    "feed_version",
    "last_modified",
    "assured_date",
    "raw_json",
    "raw_sha256",
    "updated_at",
)

CHILD_TABLES = (
    "phone",
    "schedule",
    "location",
    "address",
    "service_area",
    "service_region",
    "attribute",
    "language",
    "cost_option",
    "unresolved_region",
)

_UPSERT_SQL = (
    f"INSERT INTO service ({', '.join(SERVICE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in SERVICE_COLUMNS)}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in SERVICE_COLUMNS if c != "id")
)


def digits_only(number: str) -> str:
    """The digits of a phone number, for matching only: full-width digits become ASCII."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", number) if ch.isdigit())


def record_sha256(record: dict[str, Any]) -> str:
    return hashlib.sha256(dumps_record(record).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


@dataclass
class Derived:
    """Everything :func:`derive` computes from one record, ready to write."""

    service: dict[str, Any]
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unresolved: str | None = None


def _locations(record: dict[str, Any]) -> list[dict[str, Any]]:
    locs = []
    for sal in _list(record.get("service_at_locations")):
        loc = sal.get("location")
        if isinstance(loc, dict):
            locs.append(loc)
    return locs


def resolve_regions(
    record: dict[str, Any], regions: RegionMaster
) -> tuple[list[tuple[str, str]], str | None]:
    """The (lgcode, how) pairs a record serves, and why none could be found if so."""
    addresses = [a for loc in _locations(record) for a in _list(loc.get("addresses"))]
    hint = next((str(a["state_province"]) for a in addresses if a.get("state_province")), None)
    found: dict[str, str] = {}
    ambiguous: list[str] = []
    for area in _list(record.get("service_areas")):
        name = str(area.get("name") or "").strip()
        if area.get("extent_type") == "jp_lgcode" and str(area.get("extent", "")) in regions:
            region = regions.get(str(area["extent"]))
            if region is not None:
                found.setdefault(region.lgcode, "lgcode")
                continue
        if name.lower() in NATIONAL_NAMES or (
            area.get("extent_type") == "jp_lgcode" and str(area.get("extent", "")) == NATIONAL
        ):
            found.setdefault(NATIONAL, "national")
            continue
        if name:
            # 「秋田県全域」, 「仙台市内」, 「大館市・北秋田市・小坂町」 (index.regions.resolve_area)
            matches, how, unclear = regions.resolve_area(name, hint)
            for region in matches:
                found.setdefault(region.lgcode, how)
            ambiguous.extend(unclear)
    if not found:
        for address in addresses:
            pref = str(address.get("state_province") or "").strip()
            city = str(address.get("city") or "").strip()
            matches = regions.resolve_name(city, pref) if city else []
            if len(matches) != 1 and pref:
                matches = regions.resolve_name(pref)
            if len(matches) == 1:
                found.setdefault(matches[0].lgcode, "address")
    if found:
        return sorted(found.items()), None
    if ambiguous:
        return [], f"ambiguous area name: {', '.join(ambiguous)} (add the prefecture or an lgcode)"
    if record.get("service_areas") or _locations(record):
        return [], "no service area or address matched the region master"
    return [], "no service area and no address"


def derive(record: dict[str, Any], regions: RegionMaster, raw: str | None = None) -> Derived:
    """Normalised rows and access facts for one (already validated) record.

    ``raw``: the record's stored text if the caller has it already (``dumps_record(record)``).
    """
    sid = str(record["id"])
    view = ServiceView.from_record(record)
    attributes = [
        {
            "service_id": sid,
            "seq": seq,
            "taxonomy": text_or_none(term.get("taxonomy")),
            "code": text_or_none(term.get("code")),
            "name": text_or_none(term.get("name")),
            "value": text_or_none(attr.get("value")),
            "link_type": text_or_none(attr.get("link_type")),
        }
        for seq, attr in enumerate(_list(record.get("attributes")))
        for term in [attr["taxonomy_term"] if isinstance(attr.get("taxonomy_term"), dict) else {}]
    ]

    phones = [
        {
            "service_id": sid,
            "seq": seq,
            "number": str(p.get("number", "")),
            "digits": digits_only(str(p.get("number", ""))),
            "extension": text_or_none(p.get("extension")),
            "type": text_or_none(p.get("type")),
            "description": text_or_none(p.get("description")),
        }
        for seq, p in enumerate(_list(record.get("phones")))
    ]
    schedules_raw = _list(record.get("schedules"))
    schedules = [
        {
            "service_id": sid,
            "seq": seq,
            **{
                k: text_or_none(s.get(k))
                for k in (
                    "freq",
                    "byday",
                    "bymonthday",
                    "opens_at",
                    "closes_at",
                    "valid_from",
                    "valid_to",
                    "dtstart",
                    "until",
                    "description",
                    "notes",
                )
            },
            "interval": s.get("interval") if isinstance(s.get("interval"), int) else None,
            "timezone": _num(s.get("timezone")),
        }
        for seq, s in enumerate(schedules_raw)
    ]
    locations: list[dict[str, Any]] = []
    addresses: list[dict[str, Any]] = []
    for seq, loc in enumerate(_locations(record)):
        locations.append(
            {
                "service_id": sid,
                "seq": seq,
                "location_id": text_or_none(loc.get("id")),
                "location_type": text_or_none(loc.get("location_type")),
                "name": text_or_none(loc.get("name")),
                "latitude": _num(loc.get("latitude")),
                "longitude": _num(loc.get("longitude")),
            }
        )
        for address in _list(loc.get("addresses")):
            addresses.append(
                {
                    "service_id": sid,
                    "seq": len(addresses),
                    "location_id": text_or_none(loc.get("id")),
                    **{
                        k: text_or_none(address.get(k))
                        for k in (
                            "address_type",
                            "address_1",
                            "address_2",
                            "city",
                            "region",
                            "state_province",
                            "postal_code",
                            "country",
                        )
                    },
                }
            )
    areas = [
        {
            "service_id": sid,
            "seq": seq,
            "name": text_or_none(a.get("name")),
            "extent": text_or_none(a.get("extent")),
            "extent_type": text_or_none(a.get("extent_type")),
        }
        for seq, a in enumerate(_list(record.get("service_areas")))
    ]
    resolved, unresolved = resolve_regions(record, regions)
    languages = [
        {
            "service_id": sid,
            "seq": seq,
            "code": text_or_none(lang.get("code")),
            "name": text_or_none(lang.get("name")),
            "note": text_or_none(lang.get("note")),
        }
        for seq, lang in enumerate(_list(record.get("languages")))
    ]
    costs = [
        {
            "service_id": sid,
            "seq": seq,
            "option": text_or_none(c.get("option")),
            "amount": _num(c.get("amount")),
            "currency": text_or_none(c.get("currency")),
            "amount_description": text_or_none(c.get("amount_description")),
        }
        for seq, c in enumerate(_list(record.get("cost_options")))
    ]

    channels = list(view.channels)
    audience = list(view.audience)
    min_age, max_age = view.minimum_age, view.maximum_age
    org: dict[str, Any] = (
        record["organization"] if isinstance(record.get("organization"), dict) else {}
    )
    if raw is None:
        raw = dumps_record(record)
    service = {
        "id": sid,
        "name": str(record.get("name", "")),
        "alternate_name": text_or_none(record.get("alternate_name")),
        "description": text_or_none(record.get("description")),
        "organization_id": text_or_none(record.get("organization_id") or org.get("id")),
        "organization_name": text_or_none(org.get("name")),
        "url": text_or_none(record.get("url")),
        "email": text_or_none(record.get("email")),
        "status": str(record.get("status", "active")),
        "application_process": text_or_none(record.get("application_process")),
        "fees_description": text_or_none(record.get("fees_description")),
        "eligibility_description": text_or_none(record.get("eligibility_description")),
        "interpretation_services": text_or_none(record.get("interpretation_services")),
        "alert": text_or_none(record.get("alert")),
        "minimum_age": min_age,
        "maximum_age": max_age,
        "free": int(view.free),
        "anonymous": int(view.anonymous),
        "open_24h": int(view.open_24h),
        "demo": int(view.demo),
        "channels": json.dumps(channels),
        "audience": json.dumps(audience),
        "languages": json.dumps(list(view.language_codes)),
        "worries": json.dumps(list(view.worries), ensure_ascii=False),
        "last_modified": text_or_none(record.get("last_modified")),
        "assured_date": text_or_none(record.get("assured_date")),
        "raw_json": raw,
        "raw_sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
    }
    children: dict[str, list[dict[str, Any]]] = {
        "phone": phones,
        "schedule": schedules,
        "location": locations,
        "address": addresses,
        "service_area": areas,
        "service_region": [{"service_id": sid, "lgcode": c, "how": how} for c, how in resolved],
        "attribute": attributes,
        "language": languages,
        "cost_option": costs,
        "unresolved_region": [{"service_id": sid, "reason": unresolved}] if unresolved else [],
    }
    return Derived(service=service, children=children, unresolved=unresolved)


@dataclass(frozen=True)
class Owner:
    """Who is writing: the local layer, or one feed (with its version)."""

    layer: Layer
    source: str
    feed: str | None = None
    feed_version: int | None = None
    national: bool = False
    """A national-level feed: only such a feed may take over a record the bundled sample seeded."""
    takes_from: frozenset[str] = frozenset()
    """Feeds whose records this feed takes over on a shared id (lower-level feeds, for sync)."""


BATCH = 500
SAMPLE_FEED = "sample"
"""The bundled sample's pseudo-feed: a national-level feed may take over its ids."""
"""Records written per round trip: one id lookup, one upsert batch, one insert batch per table."""


Item = tuple[str, dict[str, Any]] | tuple[str, dict[str, Any], str | None]
"""What :func:`write_records` takes: where the record came from, the record, and optionally its
stored text (``dumps_record(record)``) when the caller already has it."""


def write_records(
    db: Database,
    records: Iterable[Item],
    owner: Owner,
    regions: RegionMaster,
    report: ImportReport | None = None,
) -> ImportReport:
    """Upsert validated records for one owner. Call inside a write transaction.

    A record whose id belongs to another owner (another feed, or feed vs local) is refused as a
    problem rather than silently taken over: ids must be unique across sources.

    Work is batched (a 100k-service snapshot spent most of its apply time in per-record
    statements): child rows are deleted only for records that already existed, and every table is
    written with one ``executemany`` per batch.
    """
    report = report or ImportReport()
    batch: list[tuple[str, Derived]] = []
    ids: set[str] = set()
    for item in records:
        where, record = item[0], item[1]
        derived = derive(record, regions, item[2] if len(item) > 2 else None)
        sid = derived.service["id"]
        if sid in ids:  # the same id twice: write what came before, then this one
            _write_batch(db, batch, owner, report)
            batch, ids = [], set()
        batch.append((where, derived))
        ids.add(sid)
        if len(batch) >= BATCH:
            _write_batch(db, batch, owner, report)
            batch, ids = [], set()
    if batch:
        _write_batch(db, batch, owner, report)
    return report


def _national_sample_ids(
    db: Database, existing: dict[str, tuple[str, str | None, str]]
) -> set[str]:
    """Which of these stored ids are the bundled sample's nationwide records (the crisis lines)."""
    ids = [sid for sid, row in existing.items() if row[0] == "feed" and row[1] == SAMPLE_FEED]
    if not ids:
        return set()
    return {
        str(r[0])
        for r in db.execute(
            f"SELECT DISTINCT service_id FROM service_region WHERE lgcode = ? "
            f"AND service_id IN ({', '.join('?' for _ in ids)})",
            [NATIONAL, *ids],
        )
    }


def _write_batch(
    db: Database, batch: list[tuple[str, Derived]], owner: Owner, report: ImportReport
) -> None:
    ids = [d.service["id"] for _, d in batch]
    existing: dict[str, tuple[str, str | None, str]] = {
        row[0]: (row[1], row[2], row[3])
        for row in db.execute(
            f"SELECT id, layer, feed, raw_sha256 FROM service WHERE id IN ({', '.join('?' for _ in ids)})",
            ids,
        )
    }
    national_sample = _national_sample_ids(db, existing) if not owner.national else set()
    now = _now()
    upserts: list[list[Any]] = []
    replaced: list[str] = []
    children: dict[str, list[dict[str, Any]]] = {table: [] for table in CHILD_TABLES}
    touched: list[list[Any]] = []
    for where, derived in batch:
        sid = derived.service["id"]
        row = existing.get(sid)
        if row is not None and row[0] == "feed" and row[1] == SAMPLE_FEED and owner.feed:
            # A real feed carrying a record the bundled sample seeded (same id) takes it over:
            # otherwise every office's first real sync would be refused. A national record of
            # the sample (a crisis line) only a national feed may take: a local feed's
            # よりそいホットライン silently took the real record's place (issue 15).
            if owner.national or sid not in national_sample:
                row = (owner.layer.value, owner.feed, "")
            else:
                report.problems.append(
                    Problem(
                        where,
                        "id",
                        f"id {sid!r} is a national record of the bundled sample; only a national "
                        "feed may replace it",
                    )
                )
                continue
        elif row is not None and row[0] == "feed" and owner.feed and row[1] in owner.takes_from:
            # A national feed carrying an id a prefectural or local feed holds takes it over:
            # the national record wins (the lower feed's copy is skipped from then on).
            row = (owner.layer.value, owner.feed, "")
        if row is not None and (row[0] != owner.layer.value or row[1] != owner.feed):
            holder = f"feed {row[1]!r}" if row[0] == "feed" else "the office's local resources"
            report.problems.append(
                Problem(where, "id", f"id {sid!r} already belongs to {holder}; ids must be unique")
            )
            continue
        report.loaded += 1
        if derived.unresolved:
            report.unresolved.append(sid)
        if row is not None and row[2] == derived.service["raw_sha256"]:
            report.unchanged += 1
            if owner.feed_version is not None:
                touched.append([owner.feed_version, sid])
            continue
        if row is None:
            report.added += 1
        else:
            report.changed += 1
            replaced.append(sid)
        values = {
            **derived.service,
            "layer": owner.layer.value,
            "feed": owner.feed,
            "source": owner.source,
            "feed_version": owner.feed_version,
            "updated_at": now,
        }
        upserts.append([values[c] for c in SERVICE_COLUMNS])
        for table in CHILD_TABLES:
            children[table].extend(derived.children[table])
    if touched:
        db.conn.executemany("UPDATE service SET feed_version = ? WHERE id = ?", touched)
    if replaced:
        marks = ", ".join("?" for _ in replaced)
        for table in CHILD_TABLES:
            db.execute(f"DELETE FROM {table} WHERE service_id IN ({marks})", replaced)
    if upserts:
        db.conn.executemany(_UPSERT_SQL, upserts)
    for table, rows in children.items():
        if rows:
            cols = list(rows[0])
            db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [[r[c] for c in cols] for r in rows],
            )


def delete_services(db: Database, ids: Sequence[str], owner: Owner) -> int:
    """Delete services of one owner (tombstones, or the office removing its own resource).

    Notes, favourites and the referral log are untouched: they are keyed by id without a foreign key.
    """
    removed = 0
    for sid in ids:
        cur = db.execute(
            "DELETE FROM service WHERE id = ? AND layer = ? AND feed IS ?",
            [sid, owner.layer.value, owner.feed],
        )
        removed += cur.rowcount
    return removed


def iter_records(db: Database, layer: str = "all") -> Iterator[dict[str, Any]]:
    """The stored records, verbatim, in the order they were first written."""
    where, params = ("", []) if layer == "all" else ("WHERE layer = ?", [layer])
    for (raw,) in db.execute(f"SELECT raw_json FROM service {where} ORDER BY rowid", params):
        yield json.loads(raw)
