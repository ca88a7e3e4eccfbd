"""Small builders of valid Japan-profile HSDS records for tests.

Tests build the records they need here instead of copying JSON around, so a change to the profile
changes one place.
"""

from __future__ import annotations

import uuid
from typing import Any


def worry(code: str) -> dict[str, Any]:
    return {
        "id": f"attr-{code}-{uuid.uuid4().hex[:8]}",
        "link_type": "worry",
        "value": "",
        "taxonomy_term": {
            "id": f"tsunagi-worry-{code}",
            "code": code,
            "name": code,
            "description": code,
            "taxonomy": "tsunagi-worry",
        },
    }


def access(code: str) -> dict[str, Any]:
    return {
        "id": f"attr-{code}-{uuid.uuid4().hex[:8]}",
        "value": "",
        "taxonomy_term": {
            "id": f"tsunagi-access-{code}",
            "code": code,
            "name": code,
            "description": code,
            "taxonomy": "tsunagi-access",
        },
    }


def service(
    name: str = "テスト相談窓口",
    *,
    sid: str | None = None,
    phones: list[str] | None = None,
    lgcode: str | None = "012335",
    worries: list[str] | None = None,
    access_codes: list[str] | None = None,
    description: str | None = None,
    status: str = "active",
    schedules: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    sid = sid or str(uuid.uuid4())
    record: dict[str, Any] = {"id": sid, "name": name, "status": status}
    if description is not None:
        record["description"] = description
    record["phones"] = [
        {"id": f"{sid}-p{i}", "number": number}
        for i, number in enumerate(phones or ["0120-000-000"])
    ]
    if lgcode:
        record["service_areas"] = [
            {"id": f"{sid}-a0", "name": "", "extent": lgcode, "extent_type": "jp_lgcode"}
        ]
    attributes = [worry(w) for w in worries or []] + [access(a) for a in access_codes or []]
    if attributes:
        record["attributes"] = attributes
    if schedules:
        record["schedules"] = schedules
    record.update(extra)
    return record
