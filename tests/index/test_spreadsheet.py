"""The staff spreadsheet template: every column read as the README says, every mistake named by
file, row and header, stable ids, and the same records from .csv and .xlsx."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from index.readers import dumps_record
from index.regions import RegionMaster
from index.resources import resource_path
from index.schedule import is_24h
from index.spreadsheet import (
    COLUMNS,
    SHEET_NAME,
    TERM_NAMESPACE,
    derived_id,
    is_template,
    parse_hours,
    read_spreadsheet,
    worry_categories,
)
from index.validate import validate_record
from sync.minisign import SecretKey
from sync.publish import PhoneChangesNeedConfirmationError, publish, verify_folder

HEADERS = [c.header for c in COLUMNS]
TEMPLATES = resource_path("templates")
REPO = Path(__file__).resolve().parents[2]


def make_template() -> ModuleType:
    """packaging/ is not a package (the name is PyPI's ``packaging``): load the script by path."""
    spec = importlib.util.spec_from_file_location(
        "make_template", REPO / "packaging" / "make_template.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regions() -> RegionMaster:
    return RegionMaster.load()


def write_csv(path: Path, rows: list[dict[str, Any]], encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else str(row.get(h)) for h in HEADERS])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    book.save(path)
    return path


def row(**cells: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"窓口名": "伊達市 こころの相談", "自治体コード": "012335"}
    base.update({k.replace("_", " "): v for k, v in cells.items()})
    return base


def records(path: Path, regions: RegionMaster) -> list[dict[str, Any]]:
    items = list(read_spreadsheet(path, regions))
    problems = [str(i.problem) for i in items if i.problem is not None]
    assert problems == []
    return [i.record for i in items if i.record is not None]


def one(tmp_path: Path, regions: RegionMaster, **cells: Any) -> dict[str, Any]:
    [record] = records(write_csv(tmp_path / "services.csv", [row(**cells)]), regions)
    assert validate_record(record, "test", regions) == []
    return record


def problems(path: Path, regions: RegionMaster) -> list[str]:
    return [str(i.problem) for i in read_spreadsheet(path, regions) if i.problem is not None]


def codes(record: dict[str, Any], taxonomy: str) -> list[str]:
    return [
        a["taxonomy_term"]["code"]
        for a in record.get("attributes", [])
        if a["taxonomy_term"]["taxonomy"] == taxonomy
    ]


# --- the template itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tsunagi-template.xlsx", "tsunagi-template.csv"])
def test_template_example_row_converts_to_a_valid_demo_record(
    name: str, regions: RegionMaster
) -> None:
    items = list(read_spreadsheet(TEMPLATES / name, regions, include_examples=True))
    [item] = items
    assert item.record is not None, item.problem
    assert item.where.endswith(f"{name} 2行目")
    assert validate_record(item.record, item.where, regions) == []
    assert item.record["name"].startswith("【記入例】")
    assert codes(item.record, "tsunagi-flag") == ["demo"]
    assert item.record["phones"][0]["number"] == "0000-00-0000"


@pytest.mark.parametrize("name", ["tsunagi-template.xlsx", "tsunagi-template.csv"])
def test_the_example_row_is_never_published(name: str, regions: RegionMaster) -> None:
    [item] = list(read_spreadsheet(TEMPLATES / name, regions))
    assert item.record is None
    assert str(item.problem) == (
        f"{TEMPLATES / name} 2行目: 窓口名: 【記入例】の行は公開できません。"
        "この行を削除してから公開してください"
    )


def test_committed_templates_are_what_the_generator_builds() -> None:
    """The one column definition drives both files: a changed column without a rebuild fails."""
    generator = make_template()
    assert (TEMPLATES / "tsunagi-template.csv").read_bytes() == generator.csv_bytes()
    assert (TEMPLATES / "tsunagi-template.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    committed = load_workbook(TEMPLATES / "tsunagi-template.xlsx")
    built = load_workbook(io.BytesIO(generator.xlsx_bytes()))
    for book in (committed, built):
        sheet = book[SHEET_NAME]
        assert [c.value for c in sheet[1]] == HEADERS
        assert [c.value or "" for c in sheet[2]] == [c.example for c in COLUMNS]
        # Phone columns are text, so a typed 0120… keeps its 0.
        phone_col = HEADERS.index("電話番号1") + 1
        assert sheet.cell(row=3, column=phone_col).number_format == "@"
    assert committed.sheetnames == built.sheetnames
    guide_committed = [[c.value for c in r] for r in committed["記入方法"].iter_rows()]
    guide_built = [[c.value for c in r] for r in built["記入方法"].iter_rows()]
    assert guide_committed == guide_built


def test_readme_explains_every_column() -> None:
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"`{column.header}`" in readme, column.header
    for code, label in worry_categories():
        assert f"| {label} | {code} |" in readme, code


# --- each column -----------------------------------------------------------------------------------


def test_phones_kept_exactly_as_typed_full_width_digits_included(
    tmp_path: Path, regions: RegionMaster
) -> None:
    record = one(
        tmp_path,
        regions,
        電話番号1="０１４２（２３）３３３１",
        電話番号1の説明="代表",
        電話番号2="#9999",
    )
    assert [(p["number"], p.get("description")) for p in record["phones"]] == [
        ("０１４２（２３）３３３１", "代表"),
        ("#9999", None),
    ]


def test_text_columns_org_description_email_url_source(
    tmp_path: Path, regions: RegionMaster
) -> None:
    record = one(
        tmp_path,
        regions,
        運営団体="伊達市 保健福祉部",
        説明="相談できます。",
        メール="soudan@example.invalid",
        URL="https://example.invalid/a",
        出典="伊達市 広報 11月号",
    )
    assert record["organization"]["name"] == "伊達市 保健福祉部"
    assert record["organization_id"] == record["organization"]["id"]
    assert record["description"] == "相談できます。"
    assert record["email"] == "soudan@example.invalid"
    assert record["url"] == "https://example.invalid/a"
    [source] = [
        a for a in record["attributes"] if a["taxonomy_term"]["taxonomy"] == "tsunagi-source"
    ]
    assert source["value"] == "伊達市 広報 11月号"


def test_regions_by_code_by_name_and_nationwide(tmp_path: Path, regions: RegionMaster) -> None:
    record = one(tmp_path, regions, 自治体コード="", 対象地域="北海道伊達市、東京都")
    assert [(a["name"], a.get("extent")) for a in record["service_areas"]] == [
        ("伊達市", "012335"),
        ("東京都", "130001"),
    ]
    national = one(tmp_path, regions, 自治体コード="", 対象地域="全国")
    assert national["service_areas"] == [
        {"id": national["service_areas"][0]["id"], "service_id": national["id"], "name": "全国"}
    ]
    # A code and a name for the same place give one area; the code settles a shared name.
    both = one(tmp_path, regions, 自治体コード="012335", 対象地域="伊達市")
    assert [a["extent"] for a in both["service_areas"]] == ["012335"]
    # The address's prefecture settles it too, as the profile says.
    fuchu = one(
        tmp_path,
        regions,
        自治体コード="",
        対象地域="府中市",
        **{"住所_(都道府県)": "東京都", "住所_(市区町村)": "府中市", "住所_(番地)": "宮西町2-24"},
    )
    assert [a["extent"] for a in fuchu["service_areas"]] == ["132063"]


def test_worries_by_label_or_code(tmp_path: Path, regions: RegionMaster) -> None:
    record = one(
        tmp_path, regions, 相談分野="孤独・孤立、生活困窮,DV・性暴力など女性の悩み，hikikomori"
    )
    assert codes(record, "tsunagi-worry") == ["kodoku", "seikatsu", "dv", "hikikomori"]
    [kodoku] = [a for a in record["attributes"] if a["taxonomy_term"]["code"] == "kodoku"]
    # The same term id as the bundled sample gives the same category.
    assert kodoku["taxonomy_term"]["id"] == str(uuid.uuid5(TERM_NAMESPACE, "tsunagi-worry/kodoku"))
    assert kodoku["taxonomy_term"]["name"] == "孤独・孤立"


def test_access_free_anonymous_channels_audience(tmp_path: Path, regions: RegionMaster) -> None:
    record = one(
        tmp_path,
        regions,
        無料="○",
        匿名可="〇",
        相談方法="電話・SNS・メール・来所",
        対象="女性、若者・高齢者・外国人",
    )
    assert codes(record, "tsunagi-access") == [
        "free",
        "anonymous",
        "channel-phone",
        "channel-sns",
        "channel-email",
        "channel-visit",
        "audience-women",
        "audience-youth",
        "audience-older",
        "audience-foreign",
    ]
    assert record["cost_options"][0]["amount"] == 0
    paid = one(tmp_path, regions, 無料="×", 匿名可="×")
    assert codes(paid, "tsunagi-access") == []
    assert "cost_options" not in paid


def test_languages_by_name_or_iso_code(tmp_path: Path, regions: RegionMaster) -> None:
    record = one(tmp_path, regions, 対応言語="日本語・英語、中国語 vi")
    assert [(x["code"], x["name"]) for x in record["languages"]] == [
        ("ja", "日本語"),
        ("en", "英語"),
        ("zh", "中国語"),
        ("vi", "ベトナム語"),
    ]


def test_ages_status_and_date(tmp_path: Path, regions: RegionMaster) -> None:
    record = one(tmp_path, regions, 最低年齢="15", 最高年齢="39歳", 状態="休止", 確認日="2026/11/1")
    assert (record["minimum_age"], record["maximum_age"]) == (15, 39)
    assert record["status"] == "inactive"
    assert record["assured_date"] == "2026-11-01"
    assert one(tmp_path, regions, 状態="廃止")["status"] == "defunct"
    assert one(tmp_path, regions)["status"] == "active"


def test_address_becomes_a_physical_location(tmp_path: Path, regions: RegionMaster) -> None:
    record = one(
        tmp_path,
        regions,
        **{
            "住所_(都道府県)": "北海道",
            "住所_(市区町村)": "伊達市",
            "住所_(番地)": "梅本町1-2",
            "郵便番号": "052-0021",
        },
    )
    [sal] = record["service_at_locations"]
    assert sal["location"]["location_type"] == "physical"
    [address] = sal["location"]["addresses"]
    assert (address["state_province"], address["city"], address["address_1"]) == (
        "北海道",
        "伊達市",
        "梅本町1-2",
    )
    assert address["postal_code"] == "052-0021"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("月-金 8:30-17:15", [("WEEKLY", "MO,TU,WE,TH,FR", None, "08:30", "17:15")]),
        ("毎日 16:00-21:00", [("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", None, "16:00", "21:00")]),
        ("土日 10:00-17:00", [("WEEKLY", "SA,SU", None, "10:00", "17:00")]),
        ("24時間", [("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", None, "00:00", "23:59")]),
        ("第2土 10:00-12:00", [("MONTHLY", "2SA", None, "10:00", "12:00")]),
        ("第1・3水曜日 13時-16時半", [("MONTHLY", "1WE,3WE", None, "13:00", "16:30")]),
        ("最終金 18:00-20:00", [("MONTHLY", "-1FR", None, "18:00", "20:00")]),
        ("毎月10日 13:00-16:00", [("MONTHLY", None, "10", "13:00", "16:00")]),
        ("毎日 22:00-翌6:00", [("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", None, "22:00", "06:00")]),
        ("月水金 22:00-6:00", [("WEEKLY", "MO,WE,FR", None, "22:00", "06:00")]),
        ("月～金　８：３０〜１７：１５", [("WEEKLY", "MO,TU,WE,TH,FR", None, "08:30", "17:15")]),
        (
            "月-金 9:00-12:00、13:00-17:00／土 10:00-12:00\n日 10:00-11:00",
            [
                ("WEEKLY", "MO,TU,WE,TH,FR", None, "09:00", "12:00"),
                ("WEEKLY", "MO,TU,WE,TH,FR", None, "13:00", "17:00"),
                ("WEEKLY", "SA", None, "10:00", "12:00"),
                ("WEEKLY", "SU", None, "10:00", "11:00"),
            ],
        ),
    ],
)
def test_hours_forms(text: str, expected: list[tuple[str | None, ...]]) -> None:
    got = [
        (s["freq"], s.get("byday"), s.get("bymonthday"), s["opens_at"], s["closes_at"])
        for s in parse_hours(text)
    ]
    assert got == expected
    assert all(s["timezone"] == 9 for s in parse_hours(text))


def test_hours_notes_and_holidays_become_rows_shown_as_written(
    tmp_path: Path, regions: RegionMaster
) -> None:
    record = one(tmp_path, regions, 受付時間="月-金 8:30-17:15（祝日を除く）／土日祝 10:00-17:00")
    weekday, weekend, note, closed = record["schedules"]
    assert (weekday["byday"], weekday["opens_at"]) == ("MO,TU,WE,TH,FR", "08:30")
    assert weekend["byday"] == "SA,SU"
    assert weekend["description"] == "祝日も受付"
    assert note["description"] == "祝日を除く"
    assert closed["description"] == "休み: 祝日"
    assert is_24h(one(tmp_path, regions, 受付時間="24時間")["schedules"])


def test_fax_contact_form_closed_days_and_reservation_columns(
    tmp_path: Path, regions: RegionMaster
) -> None:
    record = one(
        tmp_path,
        regions,
        受付時間="午前9時から午後5時",
        休み="土曜日・日曜日・祝日・年末年始",
        FAX="0142-23-3332",
        問い合わせフォーム="https://example.invalid/form",
        要予約="○",
    )
    [fax] = [p for p in record["phones"] if p["type"] == "fax"]
    assert fax["number"] == "0142-23-3332"
    assert codes(record, "tsunagi-contact") == ["form"]
    assert "reservation-required" in codes(record, "tsunagi-flag")
    block, closed, booked = record["schedules"]
    assert booked["description"] == "要予約"  # shown with the hours, on the window and slips
    assert (block["byday"], block["opens_at"], block["closes_at"]) == (
        "MO,TU,WE,TH,FR",
        "09:00",
        "17:00",
    )
    assert closed == {
        "id": closed["id"],
        "service_id": record["id"],
        "description": "休み: 土曜日・日曜日・祝日・年末年始",
        "timezone": 9,
        "freq": "WEEKLY",
        "byday": "SA,SU",
    }
    written = one(tmp_path, regions, 受付時間="毎週水 10:00-15:00（要予約）")
    assert "reservation-required" in codes(written, "tsunagi-flag")


# --- mistakes, each named by file, row and header ----------------------------------------------------


def test_missing_name(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(tmp_path / "services.csv", [row(), row(窓口名="", 電話番号1="0142-00-3331")])
    assert problems(path, regions) == [f"{path} 3行目: 窓口名: 窓口名がありません（必須）"]


def test_numeric_phone_cell_is_refused_never_repaired(
    tmp_path: Path, regions: RegionMaster
) -> None:
    path = write_xlsx(tmp_path / "services.xlsx", [row(), row(窓口名="B", 電話番号1=120494949)])
    [message] = problems(path, regions)
    assert message.startswith(f"{path} 3行目: 電話番号1: 数値のセル（120494949）")
    assert "「文字列」" in message
    assert "先頭の 0" in message


def test_phone_without_digits_and_csv_lost_zero(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(
        tmp_path / "services.csv",
        [row(電話番号1="でんわ"), row(窓口名="B", 電話番号2="120494949")],
    )
    assert problems(path, regions)[0] == f"{path} 2行目: 電話番号1: 数字がありません"
    assert problems(path, regions)[1].startswith(
        f"{path} 3行目: 電話番号2: 「120494949」は先頭の 0 が消えているようです"
    )


def test_unknown_worry(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(tmp_path / "services.csv", [row(相談分野="孤独・孤立、さびしさ")])
    [message] = problems(path, regions)
    assert message.startswith(f"{path} 2行目: 相談分野: 「さびしさ」 は相談分野にありません。")
    assert "孤独・孤立" in message  # the allowed labels are listed


def test_ambiguous_area_names_both_candidates(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(tmp_path / "services.csv", [row(自治体コード="", 対象地域="府中市")])
    [message] = problems(path, regions)
    assert message.startswith(f"{path} 2行目: 対象地域: 「府中市」は ")
    assert "府中市（東京都）" in message
    assert "府中市（広島県）" in message


def test_unreadable_hours_are_kept_as_written_with_a_warning(
    tmp_path: Path, regions: RegionMaster
) -> None:
    path = write_csv(tmp_path / "services.csv", [row(受付時間="月-金 8:30-17:15／平日の夕方ごろ")])
    [item] = list(read_spreadsheet(path, regions))
    assert item.problem is None and item.record is not None
    block, kept = item.record["schedules"]
    assert block["byday"] == "MO,TU,WE,TH,FR"
    assert kept["description"] == "平日の夕方ごろ"
    assert item.warnings == (
        "受付時間: 「平日の夕方ごろ」 は読めないため、書かれたとおり表示します",
    )
    for bad in ("月-金 9:00-9:00", "月-金 25:00-26:00", "気が向いたとき"):
        assert parse_hours(bad)[-1]["description"] == bad


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("012336", "「012336」は全国地方公共団体コードにありません（6桁目の検査数字が合いません）"),
        ("12335", "「12335」は6桁の全国地方公共団体コードではありません"),
        ("伊達市", "「伊達市」は6桁の全国地方公共団体コードではありません"),
    ],
)
def test_bad_lgcode(code: str, reason: str, tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(tmp_path / "services.csv", [row(自治体コード=code)])
    [message] = problems(path, regions)
    assert message.startswith(f"{path} 2行目: 自治体コード: {reason}")


def test_numeric_lgcode_cell_that_lost_its_zero(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_xlsx(tmp_path / "services.xlsx", [row(自治体コード=12335)])
    [message] = problems(path, regions)
    assert message.startswith(f"{path} 2行目: 自治体コード: 数値のセル（12335）")


def test_every_problem_of_a_row_is_reported_at_once(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(
        tmp_path / "services.csv",
        [row(無料="たぶん", 最低年齢="二十", メール="soudan", 状態="閉鎖", 確認日="11月1日")],
    )
    headers = [m.split(": ")[1] for m in problems(path, regions)]
    assert headers == ["メール", "無料", "最低年齢", "状態", "確認日"]


def test_no_area_duplicate_rows_and_unknown_headers(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(
        tmp_path / "services.csv", [row(自治体コード=""), row(), row(電話番号1="0142-00-3331")]
    )
    found = problems(path, regions)
    assert found[0].startswith(f"{path} 2行目: 対象地域: 自治体コードか対象地域のどちらかを")
    assert found[1] == (
        f"{path} 4行目: 窓口名: 3行目と同じ窓口（同じ ID）です。"
        "別の窓口なら窓口名を変えるか、ID 列で区別してください"
    )
    odd = tmp_path / "odd.csv"
    odd.write_text("ID,窓口名,でんわ\n,A,1\n", encoding="utf-8")
    assert problems(odd, regions)[0].startswith(
        f"{odd} 1行目: でんわ: テンプレートにない見出しです"
    )


# --- ids and file formats --------------------------------------------------------------------------


def test_ids_are_stable_across_reads_and_follow_the_id_column(
    tmp_path: Path, regions: RegionMaster
) -> None:
    path = write_csv(tmp_path / "services.csv", [row(), row(窓口名="B", ID="tokyo-fuchu-0001")])
    first = records(path, regions)
    second = records(path, regions)
    assert [dumps_record(r) for r in first] == [dumps_record(r) for r in second]
    assert first[0]["id"] == derived_id("012335", "伊達市 こころの相談")
    assert first[1]["id"] == "tokyo-fuchu-0001"
    # Another column changing keeps the id (a phone change is a change, not a new service).
    changed = records(write_csv(tmp_path / "v2.csv", [row(電話番号1="0142-00-3331")]), regions)
    assert changed[0]["id"] == first[0]["id"]
    serial = write_csv(tmp_path / "serial.csv", [row(ID="1")])
    assert problems(serial, regions)[0].startswith(
        f"{serial} 2行目: ID: 「1」のような番号だけの ID"
    )


def test_csv_and_xlsx_of_the_same_content_give_identical_records(
    tmp_path: Path, regions: RegionMaster
) -> None:
    rows = [
        row(
            運営団体="伊達市",
            電話番号1="０１４２-２３-３３３１",
            電話番号1の説明="代表",
            相談分野="孤独・孤立",
            無料="○",
            相談方法="電話",
            対応言語="日本語",
            最低年齢="18",
            受付時間="月-金 8:30-17:15\n第2土 10:00-12:00",
            確認日="2026-11-01",
        ),
        row(窓口名="全国の窓口", 自治体コード="", 対象地域="全国", 電話番号1="#9999"),
    ]
    from_csv = records(write_csv(tmp_path / "s.csv", rows), regions)
    from_xlsx = records(write_xlsx(tmp_path / "s.xlsx", rows), regions)
    assert len(from_csv) == 2
    assert [dumps_record(r) for r in from_csv] == [dumps_record(r) for r in from_xlsx]


def test_excel_typed_cells_numbers_and_dates(tmp_path: Path, regions: RegionMaster) -> None:
    """What Excel itself stores: ages as numbers, 確認日 as a date, ○ as text."""
    path = write_xlsx(
        tmp_path / "s.xlsx",
        [
            row(
                最低年齢=15,
                最高年齢=39.0,
                確認日=datetime(2026, 11, 1, tzinfo=UTC).replace(tzinfo=None),
            )
        ],
    )
    [record] = records(path, regions)
    assert (record["minimum_age"], record["maximum_age"], record["assured_date"]) == (
        15,
        39,
        date(2026, 11, 1).isoformat(),
    )


def test_shift_jis_csv_as_excel_saves_it(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(tmp_path / "sjis.csv", [row(相談分野="孤独・孤立")], encoding="cp932")
    assert is_template(path)
    [record] = records(path, regions)
    assert codes(record, "tsunagi-worry") == ["kodoku"]


def test_is_template_tells_the_template_from_an_hsds_table(tmp_path: Path) -> None:
    hsds = tmp_path / "services.csv"
    hsds.write_text("id,name,status\n1,x,active\n", encoding="utf-8")
    assert not is_template(hsds)
    assert is_template(write_csv(tmp_path / "t.csv", [row()]))
    assert is_template(tmp_path / "anything.xlsx")


def test_old_xls_is_refused_with_a_way_out(tmp_path: Path, regions: RegionMaster) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert problems(path, regions) == [
        f"{path}: -: 古い Excel 形式（.xls）は読めません。「.xlsx」で保存し直してください"
    ]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert problems(broken, regions)[0].startswith(
        f"{broken}: -: Excel ファイル（.xlsx）として開けません"
    )


# --- publishing what the reader produced -------------------------------------------------------------


def test_publish_the_sheet_twice_changes_nothing_and_a_phone_change_needs_confirmation(
    tmp_path: Path, regions: RegionMaster
) -> None:
    secret = SecretKey.generate()
    out = tmp_path / "feed"

    def as_ndjson(sheet: Path) -> Path:
        target = sheet.with_suffix(".ndjson")
        target.write_text(
            "".join(dumps_record(r) + "\n" for r in records(sheet, regions)), encoding="utf-8"
        )
        return target

    sheet = write_xlsx(
        tmp_path / "v1.xlsx", [row(電話番号1="0142-00-3331"), row(窓口名="B", 電話番号1="#9999")]
    )
    first = publish([as_ndjson(sheet)], secret, out, regions=regions, feed_id="city-012335")
    assert first.manifest.snapshot.record_counts == {"services": 2}
    assert verify_folder(out, secret.public_key, regions).checked
    again = publish(
        [
            as_ndjson(
                write_xlsx(
                    tmp_path / "v2.xlsx",
                    [row(電話番号1="0142-00-3331"), row(窓口名="B", 電話番号1="#9999")],
                )
            )
        ],
        secret,
        out,
        regions=regions,
    )
    assert (again.diff.added, again.diff.changed, again.diff.removed) == ([], [], [])
    moved = write_xlsx(
        tmp_path / "v3.xlsx", [row(電話番号1="0142-23-0000"), row(窓口名="B", 電話番号1="#9999")]
    )
    with pytest.raises(PhoneChangesNeedConfirmationError) as refused:
        publish([as_ndjson(moved)], secret, out, regions=regions)
    [change] = refused.value.changes
    assert (change.before, change.after) == (("0142-00-3331",), ("0142-23-0000",))
    assert json.loads((out / "manifest.json").read_text())["version"] == 2


def test_a_cell_excel_turned_into_a_date_is_refused(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_xlsx(
        tmp_path / "s.xlsx",
        [row(**{"住所_(番地)": datetime(2026, 1, 2), "住所_(都道府県)": "北海道"})],
    )
    found = problems(path, regions)
    assert found[0] == (
        f"{path} 2行目: 住所 (番地): Excel が日付・時刻（2026-01-02T00:00:00）に変えています。"
        "この列の書式を「文字列」にして、入力し直してください"
    )


# --- cells as offices write them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number", "description"),
    [
        ("TEL　0183-72-5855", "0183-72-5855", None),
        ("相談専用\n0120-000-000", "0120-000-000", "相談専用"),
        ("0183-72-5855（代表）", "0183-72-5855", "代表"),
        ("電話：03-1234-5678 内線12", "03-1234-5678", "内線12"),
        ("＃８００８", "＃８００８", None),
    ],
)
def test_phone_cell_label_split_from_the_number(
    cell: str, number: str, description: str | None, tmp_path: Path, regions: RegionMaster
) -> None:
    [phone] = one(tmp_path, regions, 電話番号1=cell)["phones"]
    assert phone["number"] == number
    assert phone.get("description") == description


def test_phone_without_area_code_is_kept_with_a_warning(
    tmp_path: Path, regions: RegionMaster
) -> None:
    path = write_csv(tmp_path / "services.csv", [row(電話番号1="72-5855")])
    [item] = list(read_spreadsheet(path, regions))
    assert item.record is not None
    assert item.record["phones"][0]["number"] == "72-5855"
    assert item.warnings == (
        "電話番号1: 「72-5855」に市外局番がありません。市外局番から書いてください（このまま表示します）",
    )


def test_postal_mark_is_stripped(tmp_path: Path, regions: RegionMaster) -> None:
    record = one(
        tmp_path,
        regions,
        **{
            "住所_(都道府県)": "秋田県",
            "住所_(市区町村)": "能代市",
            "住所_(番地)": "上町1-3",
            "郵便番号": "〒016-8501",
        },
        自治体コード="052027",
    )
    address = record["service_at_locations"][0]["location"]["addresses"][0]
    assert address["postal_code"] == "016-8501"


def test_wrong_check_digit_suggests_the_right_code(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(tmp_path / "services.csv", [row(自治体コード="012330")])
    [message] = problems(path, regions)
    assert "「012335」（伊達市（北海道））ではありませんか" in message


def test_blank_lgcode_is_resolved_from_the_address(tmp_path: Path, regions: RegionMaster) -> None:
    cells = {
        "自治体コード": "",
        "住所_(都道府県)": "北海道",
        "住所_(市区町村)": "伊達市",
        "住所_(番地)": "梅本町1-2",
    }
    path = write_csv(tmp_path / "services.csv", [row(**cells)])
    [item] = list(read_spreadsheet(path, regions))
    assert item.record is not None, item.problem
    [area] = item.record["service_areas"]
    assert area["extent"] == "012335"
    assert any("住所から" in w for w in item.warnings)


def test_a_cell_with_no_number_is_still_refused(tmp_path: Path, regions: RegionMaster) -> None:
    path = write_csv(tmp_path / "services.csv", [row(電話番号1="TEL")])
    assert problems(path, regions) == [f"{path} 2行目: 電話番号1: 数字がありません"]


def test_publish_reports_what_the_sheet_kept_as_written(
    tmp_path: Path, regions: RegionMaster
) -> None:
    sheet = write_csv(
        tmp_path / "services.csv", [row(電話番号1="72-5855", 受付時間="月-金 9:00-17:00／夕方ごろ")]
    )
    result = publish(
        [sheet], SecretKey.generate(), tmp_path / "feed", regions=regions, feed_id="city-012335"
    )
    assert result.manifest.snapshot.record_counts == {"services": 1}
    notes = "\n".join(result.warnings)
    assert "「夕方ごろ」 は読めないため、書かれたとおり表示します" in notes
    assert "市外局番がありません" in notes


@pytest.mark.parametrize(
    ("reader", "cell", "known", "message"),
    [
        (
            "read_channels",
            "電話・伝書鳩・SNS",
            ["channel-phone", "channel-sns"],
            "使える言葉: 電話",
        ),
        ("read_audience", "女性、宇宙人", ["audience-women"], "使える言葉: 女性"),
        ("read_languages", "英語・クリンゴン語・vi", ["en", "vi"], "ISO 639 のコード"),
    ],
)
def test_cell_words_are_read_in_order_and_an_unknown_one_is_named(
    reader: str, cell: str, known: list[str], message: str
) -> None:
    from index.spreadsheet import cells

    read = getattr(cells, reader)
    good = "・".join(
        w
        for w in cell.replace("、", "・").split("・")
        if w not in ("伝書鳩", "宇宙人", "クリンゴン語")
    )
    assert read(good) == known
    with pytest.raises(cells.CellError) as caught:
        read(cell)
    assert "「" in str(caught.value) and message in str(caught.value)
