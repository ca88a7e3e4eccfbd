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
        record["schedules"] = [schedule]
    elif form.hours_note.strip():
        record["schedules"] = [{"id": f"{sid}-s0", "description": form.hours_note.strip()}]
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
    for schedule in (record.get("schedules") or [])[:1]:
        if isinstance(schedule, dict):
            form.days = [d for d in str(schedule.get("byday") or "").split(",") if d]
            form.opens_at = str(schedule.get("opens_at") or "")[:5]
            form.closes_at = str(schedule.get("closes_at") or "")[:5]
            form.hours_note = str(schedule.get("description") or "")
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
    if head.startswith("service_areas"):
        return "region"
    if head.startswith("attributes"):
        return "worries"
    if head.startswith("organization"):
        return "organization"
    if head in ("name", "description", "url"):
        return {"description": "notes"}.get(head, head)
    return "general"
