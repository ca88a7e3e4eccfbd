"""くらし支援ナビ open data (CC BY 4.0) → service records of the tsunagi Japan profile.

``tsunagi-admin convert kurashi-navi DIR -o OUT.ndjson``. DIR is the project's ``data/`` folder
(``offices.csv``, ``municipalities.csv``, ``categories.csv``, ``sources.csv``,
``emergency-contacts.json``). Every row becomes a record; none is dropped:

* ids are uuid5 of the row id, so converting a newer copy updates the same services;
* the municipality code is read as its first five digits plus the computed check digit (the data
  writes 074020 for 北塩原村, whose code is 074021); a prefecture-wide row serves its prefecture;
* categories become worry codes (:data:`WORRIES`); the 代表窓口 of each municipality (category
  ``unknown``) is a general entry point: 生活困窮 and 孤独・孤立, with the category's plain words in
  its description so 「家賃が払えない」 finds it;
* hours and closed days go through the one parser (:mod:`index.hours`); what it cannot read is kept
  as written; FAX, contact form, 要予約, official URL and the source page are kept;
* ``review_required`` rows are loaded with the flag ``tsunagi-flag/review-required`` and an
  ``alert`` 「要確認」; ``lastVerifiedAt`` becomes ``assured_date``;
* every record carries the credit the licence asks for (taxonomy ``tsunagi-credit``), and the
  national emergency lines (110, 119, 189) become nationwide records the crisis block can use.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.hours import read_hours, with_appointment_note
from index.model import Region
from index.regions import RegionMaster
from index.spreadsheet.areas import with_check_digit
from index.spreadsheet.rows import taxonomy_term
from index.validate import validate_record
from index.vocabulary import worry_labels

NAMESPACE = uuid.UUID("5b2f0c8e-1d4a-5e7b-9c36-7a1e4d2f8b90")
"""uuid5 namespace of converted ids: the same row always gives the same ids."""

SITE = "https://fukushi.junkbranding.com/"
CREDIT = f"出典: くらし支援ナビ（運営: JUNKBRANDING） CC BY 4.0 を加工して作成 {SITE}"
"""What the licence asks for: the name, a link, and that the data was changed."""

WORRIES: dict[str, tuple[str, ...]] = {
    "food": ("shokuryo", "seikatsu"),
    "housing": ("sumai", "seikatsu"),
    "rent": ("sumai", "seikatsu"),
    "utilities": ("seikatsu",),
    "money": ("seikatsu",),
    "medical": ("seikatsu",),
    "work": ("shigoto", "seikatsu"),
    "debt": ("shakkin", "seikatsu"),
    "violence": ("dv", "gyakutai"),
    "children": ("kosodate", "single"),
    "mental": ("kokoro",),
    "disability": ("shogai",),
    "care": ("kaigo", "koreisha"),
    "unknown": ("seikatsu", "kodoku"),
}
EMERGENCY_WORRIES: dict[str, tuple[str, ...]] = {
    "110": ("hanzai", "dv"),
    "119": ("shinitai",),
    "189": ("gyakutai", "kosodate"),
}
REVIEW_ALERT = (
    "要確認: くらし支援ナビで確認待ちの情報です。案内する前に公式ページで確かめてください。"
)


@dataclass
class Report:
    rows_in: int = 0
    loaded: int = 0
    refused: int = 0
    hours_in: int = 0
    hours_parsed: int = 0
    hours_complete: int = 0
    review_required: int = 0
    emergency: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        share = self.hours_parsed / self.hours_in if self.hours_in else 0.0
        complete = self.hours_complete / self.hours_in if self.hours_in else 0.0
        out = [
            f"rows in: {self.rows_in}",
            f"loaded: {self.loaded} (+{self.emergency} national emergency lines), refused: {self.refused}",
            f"review_required (loaded, shown 要確認): {self.review_required}",
            f"hours: {self.hours_in} rows with hours, {self.hours_parsed} parsed ({share:.1%}), "
            f"{self.hours_complete} with nothing left as text and days stated ({complete:.1%})",
        ]
        out += [f"warning {kind}: {n}" for kind, n in sorted(self.warnings.items())]
        return out


check_digit = with_check_digit


def _street(address: str, region: Region | None, city: str) -> str:
    """The address without the prefecture and municipality, which go to their own fields
    (「名古屋市中区三の丸3－1－1」 → 「中区三の丸3－1－1」), so they are not printed twice."""
    street = address.strip()
    for part in (region.prefecture if region else "", city):
        if part and street.startswith(part) and len(street) > len(part):
            street = street[len(part) :].lstrip()
    return street


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


class _Builder:
    """Ids and attributes for one record."""

    def __init__(self, key: str) -> None:
        self.sid = str(uuid.uuid5(NAMESPACE, key))
        self.attributes: list[dict[str, Any]] = []

    def ident(self, part: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.sid}/{part}"))

    def attr(self, taxonomy: str, code: str, name: str, link_type: str, value: str = "") -> None:
        self.attributes.append(
            {
                "id": self.ident(f"attr/{taxonomy}/{code}"),
                "link_id": self.sid,
                "link_type": link_type,
                "link_entity": "service",
                "value": value,
                "taxonomy_term": taxonomy_term(taxonomy, code, name),
            }
        )


def _role(row: dict[str, str], categories: dict[str, dict[str, str]]) -> str:
    """The scheme a window serves, in the words offices use, read from the row's id and kind."""
    ident, category = row.get("id", ""), row.get("categoryId", "")
    if row.get("contactType") == "self-reliance" or "-self-reliance" in ident:
        return "自立相談支援"
    if "-public" in ident:
        return "生活保護"
    if category == "rent" or "-housing" in ident:
        return "住居確保給付金"
    if category == "unknown":
        return "代表窓口"
    return categories.get(category, {}).get("label", "")


class Converter:
    def __init__(self, folder: Path, regions: RegionMaster | None = None) -> None:
        self.folder = folder
        self.regions = regions or RegionMaster.load()
        self.municipalities = {
            r["id"]: r for r in _read_csv(folder / "municipalities.csv") if r.get("id")
        }
        self.categories = {r["id"]: r for r in _read_csv(folder / "categories.csv")}
        self.sources = {r["id"]: r for r in _read_csv(folder / "sources.csv")}
        self.labels = dict(worry_labels())
        self.report = Report()
        self.shared_names: Counter[tuple[str, str]] = Counter()

    def _region(self, row: dict[str, str]) -> Region | None:
        """(lgcode, name) of the row's municipality, or of its prefecture for a prefecture-wide row."""
        if row.get("scope") == "prefecture" and row.get("prefectureCode"):
            code = check_digit(row["prefectureCode"].zfill(2) + "000")
        else:
            municipality = self.municipalities.get(row.get("municipalityId", ""))
            if municipality is None:
                return None
            code = check_digit(municipality["municipalityCode"][:5])
        return self.regions.get(code)

    def office(self, row: dict[str, str]) -> dict[str, Any]:
        b = _Builder(f"kurashi-navi/{row['id']}")
        sid = b.sid
        category = self.categories.get(row.get("categoryId", ""), {})
        description = row.get("description", "").strip()
        if category:
            words = f"{category.get('label', '')}（{category.get('description', '')}）"
            description = f"{description}\n相談できること: {words}".strip()
        name = row["name"].strip()
        if self.shared_names[(row.get("municipalityId", ""), name)] > 1:
            # One desk often runs several schemes under one name (伊達市's 健康福祉部社会福祉課 is
            # both its 住居確保給付金 and its 自立相談支援 window); without the scheme a
            # counsellor sees the same line twice and cannot tell which to give.
            role = _role(row, self.categories)
            if role and role not in name:
                name = f"{name}（{role}）"
        record: dict[str, Any] = {"id": sid, "name": name}
        if row.get("plainName") and row["plainName"] != row["name"]:
            record["alternate_name"] = row["plainName"].strip()
        org = (row.get("department") or row["name"]).strip()
        org_id = str(uuid.uuid5(NAMESPACE, f"org:{org}"))
        record["organization_id"] = org_id
        record["organization"] = {"id": org_id, "name": org, "description": ""}
        record["description"] = description
        if row.get("officialUrl"):
            record["url"] = row["officialUrl"].strip()
        if row.get("email"):
            record["email"] = row["email"].strip()
        record["status"] = "active"
        if row.get("lastVerifiedAt"):
            record["assured_date"] = row["lastVerifiedAt"][:10]
        review = row.get("status") == "review_required"
        if review:
            record["alert"] = REVIEW_ALERT
            self.report.review_required += 1
        if row.get("eligibilityConditions"):
            record["eligibility_description"] = row["eligibilityConditions"].strip()
        phones = []
        if row.get("phone"):
            phones.append(
                {"id": b.ident("phone/0"), "service_id": sid, "number": row["phone"].strip()}
                | {"type": "voice"}
            )
        if row.get("fax"):
            phones.append(
                {"id": b.ident("phone/fax"), "service_id": sid, "number": row["fax"].strip()}
                | {"type": "fax"}
            )
        record["phones"] = phones
        hours_text = row.get("openingHours", "")
        read = read_hours(hours_text, row.get("closedDays", ""))
        if hours_text.strip():
            self.report.hours_in += 1
            self.report.hours_parsed += read.parsed
            self.report.hours_complete += read.complete
        for kind, _message in read.warnings:
            self.report.warnings[kind] += 1
        blocks = read.schedules
        if row.get("reservationRequired") == "true":
            blocks = with_appointment_note(blocks)
        record["schedules"] = [
            {"id": b.ident(f"schedule/{i}"), "service_id": sid, **block}
            for i, block in enumerate(blocks)
        ]
        region = self._region(row)
        if region is None:
            self.report.warnings["region-unresolved"] += 1
            record["service_areas"] = []
        else:
            code, name = region.lgcode, region.name
            record["service_areas"] = [
                {
                    "id": b.ident(f"area/{code}"),
                    "service_id": sid,
                    "name": name,
                    "extent": code,
                    "extent_type": "jp_lgcode",
                }
            ]
        methods = row.get("availableMethods", "")
        if row.get("address"):
            lid = b.ident("location")
            municipality = self.municipalities.get(row.get("municipalityId", ""), {})
            address = {
                "id": b.ident("address"),
                "location_id": lid,
                "address_1": _street(row["address"], region, municipality.get("name", "")),
                "city": municipality.get("name", ""),
                "state_province": region.prefecture if region else "",
                "postal_code": row.get("postalCode", "").replace("〒", "").strip(),
                "country": "JP",
                "address_type": "physical",
            }
            location = {
                "id": lid,
                "location_type": "physical",
                "organization_id": org_id,
                "name": record["name"],
                "addresses": [address],
            }
            record["service_at_locations"] = [
                {"id": b.ident("sal"), "service_id": sid, "location_id": lid, "location": location}
            ]
        for code in WORRIES.get(row.get("categoryId", ""), ("seikatsu",)):
            b.attr("tsunagi-worry", code, self.labels.get(code, code), "worry")
        if phones:
            b.attr("tsunagi-access", "channel-phone", "電話", "access")
        if "来所" in methods or "訪問" in methods:
            b.attr("tsunagi-access", "channel-visit", "来所", "access")
        if "メール" in methods or row.get("email"):
            b.attr("tsunagi-access", "channel-email", "メール", "access")
        if "SNS" in methods:
            b.attr("tsunagi-access", "channel-sns", "SNS・チャット", "access")
        source = self.sources.get(row.get("sourceId", ""))
        if source is not None:
            b.attr(
                "tsunagi-source",
                "source",
                "出典",
                "source",
                f"{source.get('publisher', '')}「{source.get('title', '')}」 {source.get('url', '')}",
            )
        if row.get("contactFormUrl"):
            b.attr(
                "tsunagi-contact", "form", "問い合わせフォーム", "contact", row["contactFormUrl"]
            )
        if row.get("reservationRequired") == "true" or read.by_appointment:
            b.attr("tsunagi-flag", "reservation-required", "要予約", "flag")
        if review:
            b.attr("tsunagi-flag", "review-required", "要確認", "flag")
        b.attr("tsunagi-credit", "kurashi-navi", "くらし支援ナビ", "credit", CREDIT)
        record["attributes"] = b.attributes
        return record

    def emergency(self, line: dict[str, Any]) -> dict[str, Any] | None:
        number = str(line.get("number", ""))
        if number not in EMERGENCY_WORRIES:
            return None
        b = _Builder(f"kurashi-navi/emergency/{line.get('id', number)}")
        sid = b.sid
        org = str(line.get("publisher", ""))
        org_id = str(uuid.uuid5(NAMESPACE, f"org:{org}"))
        record: dict[str, Any] = {
            "id": sid,
            "organization_id": org_id,
            "name": f"{line.get('label', '')}（{number}）",
            "description": f"{line.get('label', '')}のときの緊急通報（{line.get('availability', '')}）。",
            "url": str(line.get("officialUrl", "")),
            "status": "active",
            "assured_date": str(line.get("lastVerifiedAt", ""))[:10],
            "organization": {"id": org_id, "name": org, "description": ""},
            "phones": [
                {"id": b.ident("phone/0"), "service_id": sid, "number": number, "type": "voice"}
            ],
            "schedules": [
                {
                    "id": b.ident("schedule/0"),
                    "service_id": sid,
                    "freq": "WEEKLY",
                    "byday": "MO,TU,WE,TH,FR,SA,SU",
                    "opens_at": "00:00",
                    "closes_at": "23:59",
                    "timezone": 9,
                }
            ],
            "service_areas": [{"id": b.ident("area/national"), "service_id": sid, "name": "全国"}],
        }
        for code in EMERGENCY_WORRIES[number]:
            b.attr("tsunagi-worry", code, self.labels.get(code, code), "worry")
        b.attr("tsunagi-access", "free", "無料", "access")
        b.attr("tsunagi-access", "channel-phone", "電話", "access")
        b.attr("tsunagi-source", "source", "出典", "source", str(line.get("officialUrl", "")))
        b.attr("tsunagi-credit", "kurashi-navi", "くらし支援ナビ", "credit", CREDIT)
        record["attributes"] = b.attributes
        return record

    def records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        rows = _read_csv(self.folder / "offices.csv")
        self.report.rows_in = len(rows)
        self.shared_names = Counter(
            (row.get("municipalityId", ""), row["name"].strip()) for row in rows
        )
        for n, row in enumerate(rows, start=2):
            record = self.office(row)
            problems = validate_record(record, f"offices.csv {n}行目", self.regions)
            if problems:
                self.report.refused += 1
                self.report.problems += [str(p) for p in problems]
                continue
            self.report.loaded += 1
            out.append(record)
        contacts = self.folder / "emergency-contacts.json"
        if contacts.exists():
            for line in json.loads(contacts.read_text(encoding="utf-8")):
                line_record = self.emergency(line) if isinstance(line, dict) else None
                if line_record is not None and not validate_record(
                    line_record, "emergency", self.regions
                ):
                    self.report.emergency += 1
                    out.append(line_record)
        return out


def convert(folder: Path, out: Path, regions: RegionMaster | None = None) -> Report:
    """Write every converted record to ``out`` (NDJSON) and return the report."""
    converter = Converter(folder, regions)
    records = converter.records()
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return converter.report
