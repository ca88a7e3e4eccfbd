"""Build a judged directory's HSDS records and its truth file from hand-written specs.

The honest judged sets (``honest/`` and the held-out ``heldout/``) are written as services a
real feed would carry: many without any ``tsunagi-worry`` attribute, wide areas often named only
in words (「秋田県全域」, 「大館市・北秋田市・小坂町」). What each service really offers (its
topics, the regions it really serves, its languages) is written by hand beside it and goes to
``truth.json``; it reaches the record only where a curator would have tagged it (``curated``).
The evaluator grades from ``truth.json`` alone, never from what tsunagi stores or parses.

    python -m tests.index.judged.records      # rewrite records.ndjson + truth.json of both sets
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NAMESPACE = uuid.UUID("3b7a9f1e-4c2d-5e6f-8a9b-0c1d2e3f4a5b")

HOURS: dict[str, list[dict[str, Any]]] = {
    "h24": [
        {
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR,SA,SU",
            "opens_at": "00:00",
            "closes_at": "23:59",
        }
    ],
    "weekday": [
        {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "08:30", "closes_at": "17:15"}
    ],
    "evening": [
        {
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR,SA,SU",
            "opens_at": "17:00",
            "closes_at": "22:00",
        }
    ],
    "night": [
        {
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR,SA,SU",
            "opens_at": "22:00",
            "closes_at": "06:00",
        }
    ],
    "weekly": [{"freq": "WEEKLY", "byday": "WE", "opens_at": "10:00", "closes_at": "15:00"}],
}

LANG_NAMES = {
    "ja": "日本語",
    "en": "英語",
    "zh": "中国語",
    "ko": "韓国語",
    "vi": "ベトナム語",
    "pt": "ポルトガル語",
    "tl": "タガログ語",
    "ne": "ネパール語",
    "es": "スペイン語",
}


@dataclass
class Spec:
    """One service as written: what the feed says, and (``topics``, ``served``) what is true."""

    key: str
    name: str
    org: str
    description: str
    topics: tuple[str, ...]  # true worries it helps with, primary first ("" = none)
    served: tuple[str, ...]  # lgcodes it really serves ("000000" nationwide)
    area: tuple[str, str] | None  # ("code", lgcode) or ("words", "秋田県全域"); None: address
    city: str
    pref: str
    phone: str
    curated: bool = False  # a curator tagged its worries as tsunagi-worry attributes
    hours: str = "weekday"
    channels: tuple[str, ...] = ("phone",)
    languages: tuple[str, ...] = ("ja",)
    eligibility: str = ""
    free: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _id(set_name: str, key: str, part: str = "") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{set_name}/{key}/{part}"))


def record(set_name: str, s: Spec) -> dict[str, Any]:
    sid = _id(set_name, s.key)
    oid = _id(set_name, s.key, "org")

    def term(taxonomy: str, code: str, name: str) -> dict[str, Any]:
        return {
            "id": _id(set_name, s.key, f"attr/{taxonomy}/{code}"),
            "link_id": sid,
            "link_type": "worry" if taxonomy == "tsunagi-worry" else "access",
            "link_entity": "service",
            "value": "",
            "taxonomy_term": {
                "id": _id(set_name, "term", f"{taxonomy}/{code}"),
                "code": code,
                "name": name,
                "description": name,
                "taxonomy": taxonomy,
            },
        }

    attributes = []
    if s.curated:
        attributes += [term("tsunagi-worry", t, t) for t in s.topics if t]
    if s.free:
        attributes.append(term("tsunagi-access", "free", "無料"))
    for c in s.channels:
        attributes.append(term("tsunagi-access", f"channel-{c}", c))
    areas: list[dict[str, Any]] = []
    if s.area is not None:
        kind, value = s.area
        if kind == "code":
            areas.append(
                {
                    "id": _id(set_name, s.key, "area"),
                    "service_id": sid,
                    "name": "",
                    "extent": value,
                    "extent_type": "jp_lgcode",
                }
            )
        else:
            areas.append({"id": _id(set_name, s.key, "area"), "service_id": sid, "name": value})
    out: dict[str, Any] = {
        "id": sid,
        "organization_id": oid,
        "name": s.name,
        "description": s.description,
        "status": "active",
        "assured_date": "2026-11-01",
        "last_modified": "2026-11-01T09:00:00+09:00",
        "organization": {"id": oid, "name": s.org},
        "phones": [
            {
                "id": _id(set_name, s.key, "phone"),
                "service_id": sid,
                "number": s.phone,
                "type": "voice",
            }
        ]
        if s.phone
        else [],
        "schedules": [
            {"id": _id(set_name, s.key, f"sch{i}"), "service_id": sid, "timezone": 9, **b}
            for i, b in enumerate(HOURS[s.hours])
        ],
        "service_areas": areas,
        "service_at_locations": [
            {
                "id": _id(set_name, s.key, "sal"),
                "service_id": sid,
                "location_id": _id(set_name, s.key, "loc"),
                "location": {
                    "id": _id(set_name, s.key, "loc"),
                    "location_type": "physical",
                    "organization_id": oid,
                    "name": s.org,
                    "addresses": [
                        {
                            "id": _id(set_name, s.key, "addr"),
                            "location_id": _id(set_name, s.key, "loc"),
                            "address_1": "1-1",
                            "city": s.city,
                            "state_province": s.pref,
                            "postal_code": "000-0000",
                            "country": "JP",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "languages": [
            {
                "id": _id(set_name, s.key, f"lang/{c}"),
                "service_id": sid,
                "name": LANG_NAMES.get(c, c),
                "code": c,
            }
            for c in s.languages
        ],
        "attributes": attributes,
    }
    if s.eligibility:
        out["eligibility_description"] = s.eligibility
    out.update(s.extra)
    return out


def truth(set_name: str, s: Spec) -> dict[str, Any]:
    return {
        "key": s.key,
        "name": s.name,
        "topics": [t for t in s.topics if t],
        "served": list(s.served),
        "languages": list(s.languages),
        "hours": s.hours,
        "curated": s.curated,
        "area_in_words": bool(s.area and s.area[0] == "words"),
    }


def write(folder: Path, set_name: str, specs: Sequence[Spec]) -> None:
    keys = [s.key for s in specs]
    assert len(keys) == len(set(keys)), "duplicate keys"
    with (folder / "records.ndjson").open("w", encoding="utf-8") as fh:
        for s in specs:
            fh.write(json.dumps(record(set_name, s), ensure_ascii=False, sort_keys=True) + "\n")
    data = {_id(set_name, s.key): truth(set_name, s) for s in specs}
    with (folder / "truth.json").open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")


def main() -> None:
    from tests.index.judged.heldout import spec as heldout
    from tests.index.judged.honest import spec as honest

    here = Path(__file__).parent
    write(here / "heldout", "heldout", heldout.specs())
    if hasattr(honest, "specs"):
        write(here / "honest", "honest", honest.specs())


if __name__ == "__main__":
    main()
