"""One template row → one service record of the Japan profile, or the problems that stop it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from index import plaintext
from index.hours import read_hours, with_appointment_note
from index.model import NATIONAL, Region
from index.regions import RegionMaster
from index.spreadsheet.areas import _prefecture_names, from_address, read_areas, read_lgcodes
from index.spreadsheet.cells import (
    CellError,
    _short,
    read_age,
    read_audience,
    read_channels,
    read_date,
    read_email,
    read_languages,
    read_postal,
    read_status,
    read_url,
    read_worries,
    read_yes_no,
    split_phone,
)
from index.spreadsheet.columns import (
    COLUMNS,
    EXAMPLE_PREFIX,
    TEMPLATE_NAMESPACE,
    TERM_NAMESPACE,
    Cell,
    _header_of,
)
from index.vocabulary import ACCESS_LABELS, LANGUAGE_NAMES

# --- rows to records -------------------------------------------------------------------------------


def taxonomy_term(taxonomy: str, code: str, name: str) -> dict[str, str]:
    """A profile taxonomy term; its id is the uuid5 of "<taxonomy>/<code>", the same in every feed."""
    return {
        "id": str(uuid.uuid5(TERM_NAMESPACE, f"{taxonomy}/{code}")),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": taxonomy,
    }


def derived_id(lgcode: str, name: str) -> str:
    """The id of a row without an ID: stable as long as the code and the name stay the same."""
    return str(uuid.uuid5(TEMPLATE_NAMESPACE, f"{lgcode}/{name}"))


@dataclass
class _Row:
    """One sheet row being converted; problems collect per header, none raise."""

    cells: dict[str, Cell]
    problems: list[tuple[str, str]]
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def get(self, key: str, reader: Any, *args: Any) -> Any:
        try:
            return reader(self.cells.get(key), *args)
        except CellError as exc:
            self.problems.append((_header_of(key), str(exc)))
            return None

    def text(self, key: str) -> str:
        return plaintext.text(self.cells.get(key))


def convert_row(
    cells: dict[str, Cell],
    regions: RegionMaster,
    *,
    include_examples: bool = False,
    warnings: list[tuple[str, str]] | None = None,
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """One row (column key → cell value) → (record, []) or (None, [(header, message), …]).

    ``warnings`` collects (header, message) for what was kept as written (hours it cannot read).
    """
    row = _Row(dict(cells), [])
    for column in COLUMNS:
        value = cells.get(column.key)
        if column.key != "assured" and isinstance(value, datetime | date | time):
            # Excel turns 「1-2」 into 2 January: the text as typed is gone, so refuse.
            row.problems.append(
                (
                    column.header,
                    f"Excel が日付・時刻（{plaintext.text(value)}）に変えています。"
                    "この列の書式を「文字列」にして、入力し直してください",
                )
            )
            del row.cells[column.key]
    name = row.text("name")
    if not name:
        row.problems.append((_header_of("name"), "窓口名がありません（必須）"))
    is_example = name.startswith(EXAMPLE_PREFIX)
    if is_example and not include_examples:
        row.problems.append(
            (
                _header_of("name"),
                f"{EXAMPLE_PREFIX}の行は公開できません。この行を削除してから公開してください",
            )
        )
    given_id = cells.get("id")
    rid = row.text("id")
    if (isinstance(given_id, int | float) and not isinstance(given_id, bool)) or rid.isdigit():
        row.problems.append(
            (
                "ID",
                f"「{rid}」のような番号だけの ID は他の自治体の ID と重なります。"
                "空欄にするか（自動で決まります）、前回公開時の ID を書いてください",
            )
        )
    pref = row.text("pref")
    codes: list[Region] = row.get("lgcode", read_lgcodes, regions) or []
    areas: list[Region | None] = row.get("area", read_areas, regions, pref, codes) or []
    if not codes and not areas and not row.problems:
        # The profile's fallback: a blank 自治体コード is resolved from the address.
        found = from_address(regions, pref, row.text("city"))
        if found is not None:
            codes = [found]
            row.warnings.append(
                (
                    _header_of("lgcode"),
                    f"空欄のため住所から {found.label}（{found.lgcode}）としました",
                )
            )
    if (
        not codes
        and not areas
        and not any(h == "対象地域" or h == "自治体コード" for h, _ in row.problems)
    ):
        row.problems.append(
            (
                _header_of("area"),
                "自治体コードか対象地域のどちらかを書いてください（全国の窓口なら「全国」）",
            )
        )
    phones: list[tuple[str, str]] = []
    for n in ("1", "2"):
        number, label, phone_warnings = row.get(f"phone{n}", split_phone) or ("", "", [])
        note = "、".join(x for x in (row.text(f"phone{n}_desc"), label) if x)
        row.warnings += [(_header_of(f"phone{n}"), w) for w in phone_warnings]
        if number:
            phones.append((number, note))
        elif note and not any(h == _header_of(f"phone{n}") for h, _ in row.problems):
            row.problems.append(
                (
                    _header_of(f"phone{n}"),
                    f"「{_header_of(f'phone{n}_desc')}」があるのに番号が空です",
                )
            )
    email = row.get("email", read_email) or ""
    url = row.get("url", read_url) or ""
    worries = row.get("worries", read_worries) or []
    free = row.get("free", read_yes_no)
    anonymous = row.get("anonymous", read_yes_no)
    channels = row.get("channels", read_channels) or []
    audience = row.get("audience", read_audience) or []
    languages = row.get("languages", read_languages) or []
    min_age = row.get("min_age", read_age)
    max_age = row.get("max_age", read_age)
    if min_age is not None and max_age is not None and min_age > max_age:
        row.problems.append(
            (_header_of("max_age"), f"最高年齢 {max_age} が最低年齢 {min_age} より小さいです")
        )
    read = read_hours(row.text("hours"), row.text("closed"))
    schedules = read.schedules
    for _kind, message in read.warnings:
        row.warnings.append((_header_of("hours"), message))
    reservation = row.get("reservation", read_yes_no)
    if reservation is None and read.by_appointment:
        reservation = True
    if reservation:
        schedules = with_appointment_note(schedules)
    fax, _fax_label, fax_warnings = row.get("fax", split_phone) or ("", "", [])
    row.warnings += [(_header_of("fax"), w) for w in fax_warnings]
    contact_form = row.get("contact_form", read_url) or ""
    city, street = row.text("city"), row.text("street")
    postal = row.get("postal", read_postal) or ""
    has_address = any((pref, city, street, postal))
    if has_address:
        for key, value in (("pref", pref), ("city", city), ("street", street)):
            if not value:
                row.problems.append(
                    (
                        _header_of(key),
                        "住所を書くときは 都道府県・市区町村・番地 をそろえてください",
                    )
                )
        if pref and pref not in _prefecture_names(regions):
            row.problems.append(
                (
                    _header_of("pref"),
                    f"「{_short(pref)}」は都道府県名ではありません（例: 北海道、東京都）",
                )
            )
    status = row.get("status", read_status)
    assured = row.get("assured", read_date) or ""
    source = row.text("source")
    if row.problems:
        return None, row.problems

    first = codes[0].lgcode if codes else (areas[0].lgcode if areas[0] else NATIONAL)
    sid = rid or derived_id(first, name)

    def ident(part: str) -> str:
        return str(uuid.uuid5(TEMPLATE_NAMESPACE, f"{sid}/{part}"))

    record: dict[str, Any] = {"id": sid}
    org = row.text("org")
    org_id = str(uuid.uuid5(TEMPLATE_NAMESPACE, f"org:{org}"))
    if org:
        record["organization_id"] = org_id
    record["name"] = name
    description = row.text("description")
    if description:
        record["description"] = description
    if url:
        record["url"] = url
    if email:
        record["email"] = email
    record["status"] = status or "active"
    if min_age is not None:
        record["minimum_age"] = min_age
    if max_age is not None:
        record["maximum_age"] = max_age
    if assured:
        record["assured_date"] = assured
    if org:
        record["organization"] = {"id": org_id, "name": org, "description": ""}
    record["phones"] = [
        {"id": ident(f"phone/{i}"), "service_id": sid, "number": number, "type": "voice"}
        | ({"description": note} if note else {})
        for i, (number, note) in enumerate(phones)
    ]
    if fax:
        record["phones"].append(
            {"id": ident("phone/fax"), "service_id": sid, "number": fax, "type": "fax"}
        )
    record["schedules"] = [
        {"id": ident(f"schedule/{i}"), "service_id": sid, **block}
        for i, block in enumerate(schedules)
    ]
    service_areas: list[dict[str, Any]] = []
    seen: set[str] = set()
    for region in [*codes, *areas]:
        code = region.lgcode if region else NATIONAL
        if code in seen:
            continue
        seen.add(code)
        area: dict[str, Any] = {"id": ident(f"area/{code}"), "service_id": sid}
        if region is None:
            area["name"] = "全国"
        else:
            area |= {"name": region.name, "extent": region.lgcode, "extent_type": "jp_lgcode"}
        service_areas.append(area)
    record["service_areas"] = service_areas
    if has_address:
        lid = ident("location")
        address: dict[str, Any] = {
            "id": ident("address"),
            "location_id": lid,
            "address_1": street,
            "city": city,
            "state_province": pref,
            "postal_code": postal,
            "country": "JP",
            "address_type": "physical",
        }
        location: dict[str, Any] = {"id": lid, "location_type": "physical"}
        if org:
            location["organization_id"] = org_id
        location |= {"name": name, "addresses": [address]}
        record["service_at_locations"] = [
            {"id": ident("sal"), "service_id": sid, "location_id": lid, "location": location}
        ]
    if languages:
        record["languages"] = [
            {
                "id": ident(f"language/{code}"),
                "service_id": sid,
                "name": LANGUAGE_NAMES.get(code, code),
                "code": code,
            }
            for code in languages
        ]
    if free:
        record["cost_options"] = [
            {
                "id": ident("cost"),
                "service_id": sid,
                "option": "相談",
                "amount": 0,
                "currency": "JPY",
                "amount_description": "無料",
            }
        ]
    attributes: list[dict[str, Any]] = []

    def attr(taxonomy: str, code: str, label: str, link_type: str, value: str = "") -> None:
        attributes.append(
            {
                "id": ident(f"attr/{taxonomy}/{code}"),
                "link_id": sid,
                "link_type": link_type,
                "link_entity": "service",
                "value": value,
                "taxonomy_term": taxonomy_term(taxonomy, code, label),
            }
        )

    for code, label in worries:
        attr("tsunagi-worry", code, label, "worry")
    access = (["free"] if free else []) + (["anonymous"] if anonymous else [])
    for code in [*access, *channels, *audience]:
        attr("tsunagi-access", code, ACCESS_LABELS[code], "access")
    if source:
        attr("tsunagi-source", "source", "出典", "source", source)
    if contact_form:
        attr("tsunagi-contact", "form", "問い合わせフォーム", "contact", contact_form)
    if reservation:
        attr("tsunagi-flag", "reservation-required", "要予約", "flag")
    if is_example:
        attr("tsunagi-flag", "demo", "デモデータ", "flag")
    record["attributes"] = attributes
    if warnings is not None:
        warnings.extend(row.warnings)
    return record, []
