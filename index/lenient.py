"""Third-party HSDS: what kind of record a file holds, and the shape repairs of ``--lenient``.

Real HSDS exports (a US project's 444 services: 9 imported) are refused for shapes no counsellor
ever sees: ``metadata`` as one object instead of a list, child objects without ids, ``fees`` as a
list, ``freq: DAILY``, ``null`` for an absent text. ``tsunagi import --lenient`` repairs exactly
such shapes, names every repair, and still refuses a record without an id or a name. Signed feeds
never come here: the publisher and the sync stay strict.

A file that holds organizations, locations or taxonomy terms instead of services is named as such
(「これは組織（organization）のファイルです」) rather than reported as a missing ``status``.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

from index.model import Item, Problem
from index.plaintext import text
from index.resources import resource_path

_NAMESPACE = uuid.UUID("6f0e3c52-8a4e-4d5f-9d1c-7d1b1c0e2a11")

UNSEEN = frozenset(
    {"metadata", "funding", "accessibility", "program", "programs", "organization_identifiers"}
)
"""Parts of a record no counsellor sees (not on screen, not on slips): dropped when they are the
only thing wrong."""

_KINDS = {
    "organization": ("組織（organization）", "organization_full.json"),
    "location": ("場所（location）", "location"),
    "taxonomy_term": ("分類（taxonomy term）", "taxonomy_term.json"),
    "taxonomy": ("分類体系（taxonomy）", "taxonomy"),
    "service_at_location": ("サービスと場所の組（service_at_location）", "service_at_location"),
}


@cache
def _schema() -> dict[str, Any]:
    with resource_path("hsds", "schema", "service_with_definitions.json").open(
        encoding="utf-8"
    ) as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


def _resolve(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = spec.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        found: Mapping[str, Any] = _schema()["definitions"][ref.rsplit("/", 1)[1]]
        return found
    return spec


# --- what a file holds ----------------------------------------------------------------------------


def record_kind(record: Mapping[str, Any]) -> str:
    """``service``, or the HSDS object this record is instead (judged by its own fields)."""
    keys = set(record)
    if "status" in keys or keys & {
        "service_areas",
        "service_at_locations",
        "eligibility_description",
    }:
        return "service"
    if "service" in keys and "location" in keys:
        return "service_at_location"
    if keys & {
        "services",
        "legal_status",
        "tax_status",
        "year_incorporated",
        "website",
        "organization_identifiers",
        "parent_organization_id",
        "locations",
        "programs",
    }:
        return "organization"
    if "location_type" in keys or keys & {"latitude", "longitude", "addresses", "transportation"}:
        return "location"
    if keys & {"term_uri", "taxonomy_detail", "parent_id"} or {"code", "taxonomy"} <= keys:
        return "taxonomy_term"
    if "version" in keys and "uri" in keys and "code" not in keys:
        return "taxonomy"
    return "service"


def kind_problem(record: Mapping[str, Any], where: str) -> Problem | None:
    """The one problem to report for a record that is not a service at all, else None."""
    kind = record_kind(record)
    if kind == "service":
        return None
    what, _example = _KINDS[kind]
    hint = (
        "中の services にあるサービスを取り出すか、"
        if kind == "organization" and isinstance(record.get("services"), list)
        else ""
    )
    return Problem(
        where,
        "-",
        f"これは{what}のファイルです。tsunagi が読み込むのはサービス（service）のレコードです。"
        f"{hint}service_full.json や service_list.json の形で書き出してください"
        f"（This is an HSDS {kind} file, not services）",
    )


# --- repairs ---------------------------------------------------------------------------------------


def _child_id(parent: str, path: str, value: Mapping[str, Any]) -> str:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(uuid.uuid5(_NAMESPACE, f"{parent}/{path}/{body}"))


class _Repairs:
    def __init__(self, where: str, root_id: str) -> None:
        self.where = where
        self.root_id = root_id
        self.found: list[Problem] = []

    def note(self, path: str, reason: str) -> None:
        self.found.append(Problem(self.where, path or "-", f"修復: {reason}"))

    def walk(self, obj: dict[str, Any], spec: Mapping[str, Any], path: str) -> None:
        props: Mapping[str, Any] = spec.get("properties") or {}
        for key in list(obj):
            value = obj[key]
            here = f"{path}.{key}" if path else key
            if value is None:
                del obj[key]
                self.note(here, "null（空の項目）を取り除きました")
                continue
            sub = _resolve(props.get(key) or {})
            kind = sub.get("type")
            if kind == "array":
                if isinstance(value, dict):
                    value = obj[key] = [value]
                    self.note(
                        here, "リストの位置にあった1つのオブジェクトを、1件のリストにしました"
                    )
                if key == "fees" and path == "":  # handled below (a string field)
                    continue
                items = _resolve(sub.get("items") or {})
                if isinstance(value, list) and items.get("properties"):
                    for i, item in enumerate(value):
                        if isinstance(item, dict):
                            self.child(item, items, f"{here}[{i}]")
            elif isinstance(value, dict) and sub.get("properties"):
                self.child(value, sub, here)
            elif kind == "string" and isinstance(value, list):
                obj[key] = "、".join(_words(v) for v in value if _words(v))
                self.note(here, "文字の位置にあったリストを、文字につなげました")
            elif (
                kind == "string" and isinstance(value, int | float) and not isinstance(value, bool)
            ):
                obj[key] = text(value)
                self.note(here, "文字の位置にあった数値を、文字として残しました")
            elif kind in ("number", "integer") and isinstance(value, str):
                try:
                    number = float(value.strip())
                except ValueError:
                    continue
                obj[key] = int(number) if number.is_integer() else number
                self.note(here, f"文字で書かれた数値（{value[:20]!r}）を数値にしました")

    def child(self, item: dict[str, Any], spec: Mapping[str, Any], path: str) -> None:
        self.walk(item, spec, path)
        if "id" in (spec.get("required") or ()) and not text(item.get("id")):
            item["id"] = _child_id(self.root_id, path, item)
            self.note(f"{path}.id", "id がないため、レコードから毎回同じ id を作りました")
        enum = (spec.get("properties") or {}).get("freq", {}).get("enum")
        if enum and "freq" in item and item["freq"] not in enum:
            freq = text(item.pop("freq"))
            described = text(item.get("description"))
            item["description"] = f"{described}（{freq}）" if described else freq
            self.note(
                f"{path}.freq",
                f"freq {freq!r} は WEEKLY/MONTHLY ではないため、説明（description）として残しました",
            )


def _words(value: Any) -> str:
    if isinstance(value, Mapping):
        for key in ("amount_description", "description", "option", "name", "value"):
            if text(value.get(key)):
                return text(value.get(key))
        amount = value.get("amount")
        return f"{text(amount)} {text(value.get('currency'))}".strip() if amount is not None else ""
    return text(value)


def repair(record: Mapping[str, Any], where: str) -> tuple[dict[str, Any], list[Problem]]:
    """A repaired copy of one third-party service record and every repair made, by JSON path.

    Only shapes are repaired; no fact a counsellor reads is invented or dropped. A record without
    an id or a name is returned as it is: validation refuses it.
    """
    out = copy.deepcopy(dict(record))
    sid = text(out.get("id"))
    if not sid or not text(out.get("name")):
        return out, []
    repairs = _Repairs(where, sid)
    repairs.walk(out, _schema(), "")
    if not text(out.get("status")):
        out["status"] = "active"
        repairs.note("status", "status がないため、受付中（active）としました")
    return out, repairs.found


def drop_unseen(
    record: dict[str, Any], problems: list[Problem], where: str
) -> tuple[dict[str, Any], list[Problem]] | None:
    """When every problem lies in a part no counsellor sees, the record without those parts and
    the repairs made; None when a problem touches what people see."""
    tops = set()
    for problem in problems:
        keys = [part.split("[", 1)[0] for part in problem.field.split(".")]
        if keys[0] in UNSEEN:
            tops.add(keys[0])
        elif keys[0] == "organization" and len(keys) > 1 and keys[1] in UNSEEN:
            tops.add(f"organization.{keys[1]}")
        else:
            return None
    out = copy.deepcopy(record)
    notes = []
    for top in sorted(tops):
        parent, _dot, key = top.rpartition(".")
        holder = out.get(parent) if parent else out
        if isinstance(holder, dict) and key in holder:
            del holder[key]
            notes.append(
                Problem(
                    where,
                    top,
                    "修復: 画面にも紙にも出ない部分で、HSDS として正しくないため取り除きました",
                )
            )
    return out, notes


_ORG_FIELDS = (
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "uri",
    "legal_status",
    "tax_status",
    "year_incorporated",
    "parent_organization_id",
)
"""What a service carries of its organization: the organization's own facts, not its lists."""


def unpack(item: Item) -> tuple[list[Item], list[Problem]]:
    """An organization record with nested ``services`` (the spec's organization_full.json) as
    those services, each carrying its organization; any other item as it is."""
    record = item.record
    if record is None or record_kind(record) != "organization":
        return [item], []
    services = record.get("services")
    if not isinstance(services, list) or not any(isinstance(s, dict) for s in services):
        return [item], []
    org = {key: record[key] for key in _ORG_FIELDS if record.get(key) is not None}
    out: list[Item] = []
    for i, service in enumerate(services):
        where = f"{item.where} services[{i}]"
        if not isinstance(service, dict):
            out.append(Item(where, problem=Problem(where, "-", "expected a service object")))
            continue
        service = dict(service)
        if org.get("id") and not service.get("organization"):
            service["organization"] = dict(org)
            service.setdefault("organization_id", org["id"])
        out.append(Item(where, record=service))
    note = Problem(
        item.where,
        "services",
        f"修復: 組織（organization）のファイルから、中のサービス {len(out)} 件を取り出しました",
    )
    return out, [note]
