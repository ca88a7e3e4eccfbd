"""The office's own resource, between the form and an HSDS record (the Japan profile).

Qt-free: the form fills a :class:`LocalForm`, :func:`build_record` turns it into the record that
``Directory.save_local`` validates with the import rules, and :func:`form_field` says which form
field a validation problem (``phones[0].number``) belongs to, so the message appears beside it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from index.hours import ReadHours, read_hours
from index.schedule import weekly_hours_text
from index.vocabulary import WORRY_TAXONOMY

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass
class LocalForm:
    id: str = ""
    name: str = ""
    organization: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, description)
    days: list[str] = field(default_factory=list)  # MO..SU
    opens_at: str = ""
    closes_at: str = ""
    hours_note: str = ""
    region: str = ""  # lgcode
    worries: list[str] = field(default_factory=list)
    notes: str = ""
    url: str = ""
    more_hours: str = ""  # written hours: several blocks, 第1・第3水曜, … (index.hours reads them)
    closed: str = ""  # closed days as written: 土日祝・年末年始
    address: str = ""


def new_id() -> str:
    return f"local-{uuid.uuid4()}"


def build_record(
    form: LocalForm, worry_labels: Mapping[str, str], today: date | None = None
) -> dict[str, Any]:
    sid = form.id or new_id()
    record: dict[str, Any] = {"id": sid, "name": form.name.strip(), "status": "active"}
    if form.notes.strip():
        record["description"] = form.notes.strip()
    if form.url.strip():
        record["url"] = form.url.strip()
    if form.organization.strip():
        org_id = f"{sid}-org"
        record["organization_id"] = org_id
        record["organization"] = {
            "id": org_id,
            "name": form.organization.strip(),
            "description": "",
        }
    record["phones"] = [
        {"id": f"{sid}-p{i}", "number": number, **({"description": desc} if desc.strip() else {})}
        for i, (number, desc) in enumerate(form.phones)
        if number.strip() or desc.strip()
    ]
    schedules = _schedules(form, sid)
    if schedules:
        record["schedules"] = schedules
    if form.address.strip():
        record["service_at_locations"] = [_location(form, sid)]
    if form.region:
        record["service_areas"] = [
            {"id": f"{sid}-a0", "name": "", "extent": form.region, "extent_type": "jp_lgcode"}
        ]
    record["attributes"] = [
        {
            "id": f"{sid}-w-{code}",
            "link_type": "worry",
            "value": "",
            "taxonomy_term": {
                "id": f"{WORRY_TAXONOMY}-{code}",
                "code": code,
                "name": worry_labels.get(code, code),
                "description": worry_labels.get(code, code),
                "taxonomy": WORRY_TAXONOMY,
            },
        }
        for code in form.worries
    ]
    record["assured_date"] = (today or date.today()).isoformat()
    return record


def _location(form: LocalForm, sid: str) -> dict[str, Any]:
    address = {
        "id": f"{sid}-addr",
        "address_1": form.address.strip(),
        "city": "",
        "state_province": "",
        "postal_code": "",
        "country": "JP",
        "address_type": "physical",
    }
    location = {
        "id": f"{sid}-loc",
        "name": form.name.strip(),
        "location_type": "physical",
        "addresses": [address],
    }
    return {"id": f"{sid}-l0", "location": location}


def _schedules(form: LocalForm, sid: str) -> list[dict[str, Any]]:
    """The simple block (ticked days, one time range), then every block the written hours add."""
    rows: list[dict[str, Any]] = []
    if form.days and (form.opens_at or form.closes_at):
        schedule: dict[str, Any] = {
            "id": f"{sid}-s0",
            "freq": "WEEKLY",
            "byday": ",".join(d for d in WEEKDAY_CODES if d in form.days),
            "opens_at": form.opens_at,
            "closes_at": form.closes_at,
            "timezone": 9,
        }
        if form.hours_note.strip():
            schedule["description"] = form.hours_note.strip()
        rows.append(schedule)
    elif form.hours_note.strip():
        rows.append({"id": f"{sid}-s0", "description": form.hours_note.strip()})
    if form.more_hours.strip() or form.closed.strip():
        for number, row in enumerate(read_more_hours(form).schedules, start=1):
            rows.append({**row, "id": f"{sid}-s{number}"})
    return rows


def read_more_hours(form: LocalForm) -> ReadHours:
    """The written hours, read by the one hours parser exactly as the template reads them."""
    return read_hours(form.more_hours, form.closed, default_days=None)


def form_from_record(record: dict[str, Any]) -> LocalForm:
    form = LocalForm(id=str(record.get("id", "")), name=str(record.get("name", "")))
    org = record.get("organization")
    if isinstance(org, dict):
        form.organization = str(org.get("name", ""))
    form.notes = str(record.get("description") or "")
    form.url = str(record.get("url") or "")
    for phone in record.get("phones") or []:
        if isinstance(phone, dict):
            form.phones.append((str(phone.get("number", "")), str(phone.get("description") or "")))
    schedules = [s for s in record.get("schedules") or [] if isinstance(s, dict)]
    for schedule in schedules[:1]:
        if str(schedule.get("id", "")).endswith("-s0"):
            form.days = [d for d in str(schedule.get("byday") or "").split(",") if d]
            form.opens_at = str(schedule.get("opens_at") or "")[:5]
            form.closes_at = str(schedule.get("closes_at") or "")[:5]
            form.hours_note = str(schedule.get("description") or "")
    more = [s for s in schedules if not str(s.get("id", "")).endswith("-s0")]
    if more:
        lines = weekly_hours_text(more)
        form.more_hours = "／".join(x for x in lines if x not in ("祝日は要確認", "時間は要確認"))
    for sal in record.get("service_at_locations") or []:
        location = sal.get("location") if isinstance(sal, dict) else None
        for address in (location or {}).get("addresses") or []:
            if isinstance(address, dict) and address.get("address_1"):
                form.address = str(address["address_1"])
    for area in record.get("service_areas") or []:
        if isinstance(area, dict) and area.get("extent_type") == "jp_lgcode":
            form.region = str(area.get("extent", ""))
            break
    for attr in record.get("attributes") or []:
        term = attr.get("taxonomy_term") if isinstance(attr, dict) else None
        if isinstance(term, dict) and term.get("taxonomy") == WORRY_TAXONOMY:
            form.worries.append(str(term.get("code")))
    return form


def form_field(path: str) -> str:
    """The form field a problem's JSON path belongs to: name, phones[0], hours, region, …"""
    head = path.split(".", 1)[0]
    if head.startswith("phones["):
        return head.split("]", 1)[0] + "]"
    if head.startswith("schedules"):
        return "hours"
    if head.startswith("service_at_locations"):
        return "address"
    if head.startswith("service_areas"):
        return "region"
    if head.startswith("attributes"):
        return "worries"
    if head.startswith("organization"):
        return "organization"
    if head in ("name", "description", "url"):
        return {"description": "notes"}.get(head, head)
    return "general"
