"""The bundled sample and the synthetic generator: valid HSDS, honest ground truth, reproducible."""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from index.resources import resource_path
from tests import synth

SAMPLE = resource_path("sample")
DEMO = resource_path("demo")
FILES = ("national.ndjson", "demo-local.ndjson")

# The numbers of /work/shared/data/national-hotlines.csv, exactly as given there (main numbers
# first, then the secondary numbers its notes mention).
NATIONAL_NUMBERS = {
    "孤独・孤立相談ダイヤル": ["#9999", "0120-494949"],
    "よりそいホットライン": ["0120-279-338", "0120-279-226"],
    "こころの健康相談統一ダイヤル": ["0570-064-556"],
    "いのちの電話（フリーダイヤル）": ["0120-783-556"],
    "いのちの電話（ナビダイヤル）": ["0570-783-556"],
    "#いのちSOS": ["0120-061-338"],
    "チャイルドライン": ["0120-99-7777"],
    "24時間子供SOSダイヤル": ["0120-0-78310"],
    "DV相談ナビ": ["#8008"],
    "DV相談＋（DV相談プラス）": ["0120-279-889"],
    "児童相談所虐待対応ダイヤル「189」": ["189"],
    "警察相談専用電話「#9110」": ["#9110"],
    "あなたのいばしょ チャット相談": [],
}


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(
        resource_path("hsds", "schema", "service_with_definitions.json").read_text(encoding="utf-8")
    )
    return Draft202012Validator(schema, format_checker=FormatChecker())


def where(name: str) -> Path:
    """demo-local.ndjson lives in resources/demo/ (never seeded), national.ndjson in sample/."""
    return (DEMO if name.startswith("demo") else SAMPLE) / name


def load(name: str) -> list[dict[str, Any]]:
    lines = where(name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def codes(record: dict[str, Any], taxonomy: str) -> set[str]:
    return {
        a["taxonomy_term"]["code"]
        for a in record.get("attributes", [])
        if a["taxonomy_term"]["taxonomy"] == taxonomy
    }


def known_lgcodes() -> dict[str, str]:
    """lgcode → prefecture name, for every prefecture, municipality and ward in the master."""
    munis, prefs = synth.places()
    return {p.lgcode: p.prefecture for p in (*munis, *prefs)}


def assert_valid(record: dict[str, Any], where: str) -> None:
    errors = sorted(validator().iter_errors(record), key=lambda e: list(e.path))
    assert not errors, f"{where}: {[f'{list(e.path)}: {e.message}' for e in errors[:5]]}"


@pytest.mark.parametrize("name", FILES)
def test_sample_records_validate_against_hsds(name: str) -> None:
    records = load(name)
    assert records
    for i, rec in enumerate(records, 1):
        assert_valid(rec, f"{name}:{i}")


def test_sample_files_are_exactly_what_the_builder_writes(tmp_path: Path) -> None:
    """The committed files are reproducible: rebuilding them gives the same bytes."""
    assert synth.main(["--sample", str(tmp_path)]) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == where(name).read_bytes(), name


def test_sample_ids_are_unique_across_both_files() -> None:
    ids = [r["id"] for name in FILES for r in load(name)]
    assert len(ids) == len(set(ids))


def test_national_numbers_are_exactly_those_of_the_hotline_table() -> None:
    records = load("national.ndjson")
    got = {r["name"]: [p["number"] for p in r["phones"]] for r in records}
    assert got == NATIONAL_NUMBERS
    for rec in records:
        assert [a["name"] for a in rec["service_areas"]] == ["全国"]
        assert codes(rec, "tsunagi-source"), rec["name"]
        assert not codes(rec, "tsunagi-flag")
        assert rec["assured_date"] == "2026-11-01"


def test_national_access_facts_follow_the_numbers() -> None:
    by_name = {r["name"]: r for r in load("national.ndjson")}
    for name in ("こころの健康相談統一ダイヤル", "いのちの電話（ナビダイヤル）", "DV相談ナビ"):
        rec = by_name[name]
        assert "free" not in codes(rec, "tsunagi-access"), name
        assert "通話料がかかります" in rec["fees_description"]
    for name in ("よりそいホットライン", "児童相談所虐待対応ダイヤル「189」", "チャイルドライン"):
        assert "free" in codes(by_name[name], "tsunagi-access"), name
    ibasho = by_name["あなたのいばしょ チャット相談"]
    assert "channel-sns" in codes(ibasho, "tsunagi-access")
    assert ibasho["url"].startswith("https://")
    dv_plus = by_name["DV相談＋（DV相談プラス）"]
    assert len({lang["code"] for lang in dv_plus["languages"]}) == 11
    assert {"shinitai", "kokoro", "kodoku"} <= codes(
        by_name["いのちの電話（フリーダイヤル）"], "tsunagi-worry"
    )
    assert codes(by_name["児童相談所虐待対応ダイヤル「189」"], "tsunagi-worry") == {
        "gyakutai",
        "kosodate",
    }


def test_national_schedules_encode_24h_and_the_monthly_10th() -> None:
    by_name = {r["name"]: r for r in load("national.ndjson")}
    full = {("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")}
    for name in (
        "よりそいホットライン",
        "DV相談＋（DV相談プラス）",
        "児童相談所虐待対応ダイヤル「189」",
    ):
        blocks = {
            (s["freq"], s.get("byday"), s["opens_at"], s["closes_at"])
            for s in by_name[name]["schedules"]
        }
        assert blocks == full, name
    inochi = by_name["いのちの電話（フリーダイヤル）"]["schedules"]
    monthly = {
        (s.get("bymonthday"), s["opens_at"], s["closes_at"])
        for s in inochi
        if s["freq"] == "MONTHLY"
    }
    assert monthly == {("10", "08:00", "23:59"), ("11", "00:00", "08:00")}
    # Unknown or variable hours: no schedule, but a description that says so.
    for name in ("孤独・孤立相談ダイヤル", "こころの健康相談統一ダイヤル", "#いのちSOS"):
        assert by_name[name]["schedules"] == [], name


def test_demo_records_are_marked_and_placed_in_real_regions() -> None:
    records = load("demo-local.ndjson")
    assert 60 <= len(records) <= 90
    master = known_lgcodes()
    wanted = {"012335", "072133", "132063", "342084", "131121", "011011", "011002", "010006",
              "271004", "400009"}  # fmt: skip
    seen: set[str] = set()
    for rec in records:
        assert rec["name"].startswith("【デモ】"), rec["name"]
        assert codes(rec, "tsunagi-flag") == {"demo"}
        assert codes(rec, "tsunagi-worry"), rec["name"]
        for area in rec["service_areas"]:
            if area.get("extent_type") == "jp_lgcode":
                assert area["extent"] in master, (rec["name"], area["extent"])
                seen.add(area["extent"])
    assert wanted <= seen


def test_demo_covers_the_cases_the_loader_must_handle() -> None:
    records = load("demo-local.ndjson")
    statuses = Counter(r["status"] for r in records)
    assert 2 <= statuses["inactive"] + statuses["defunct"] <= 3
    name_only = [
        r
        for r in records
        if r["service_areas"] and all("extent" not in a for a in r["service_areas"])
    ]
    assert {a["name"] for r in name_only for a in r["service_areas"]} >= {
        "伊達市",
        "府中市",
        "世田谷区",
    }
    address_only = [r for r in records if not r["service_areas"]]
    assert len(address_only) == 1
    assert (
        address_only[0]["service_at_locations"][0]["location"]["addresses"][0]["city"]
        == "札幌市中央区"
    )
    numbers = [p["number"] for r in records for p in r["phones"]]
    assert any("(" in n for n in numbers)
    assert any(any("０" <= ch <= "９" for ch in n) for n in numbers)
    blocks = [s for r in records for s in r["schedules"]]
    assert any(s["closes_at"] < s["opens_at"] for s in blocks)  # past midnight
    assert any(s.get("byday") == "2SA" for s in blocks)
    assert any(s["opens_at"] == "00:00" and s["closes_at"] == "23:59" for s in blocks)


def test_every_worry_code_is_in_the_dictionary() -> None:
    known = set(synth.worry_labels())
    for name in FILES:
        for rec in load(name):
            assert codes(rec, "tsunagi-worry") <= known, rec["name"]


def test_synthetic_records_validate() -> None:
    for i, rec in enumerate(synth.generate(200, seed=7)):
        assert_valid(rec, f"synthetic record {i}")


def test_synthetic_output_is_deterministic(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.ndjson.gz", tmp_path / "b.ndjson.gz", tmp_path / "c.ndjson.gz"
    assert synth.main(["--n", "300", "--seed", "5", "-o", str(a)]) == 0
    assert synth.main(["--n", "300", "--seed", "5", "-o", str(b)]) == 0
    assert synth.main(["--n", "300", "--seed", "6", "-o", str(c)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    lines = gzip.decompress(a.read_bytes()).decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(synth.generate(300, seed=5))


def test_synthetic_ground_truth_spans_the_country() -> None:
    master = known_lgcodes()
    records = list(synth.generate(1000, seed=1))
    prefectures: set[str] = set()
    national = 0
    for rec in records:
        assert codes(rec, "tsunagi-worry")
        assert rec["service_areas"]
        for area in rec["service_areas"]:
            if area["name"] == "全国":
                national += 1
                assert "extent" not in area
            else:
                assert area["extent_type"] == "jp_lgcode"
                prefectures.add(master[area["extent"]])
    assert len(prefectures) >= 40
    assert 1 <= national <= 30
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    inactive = sum(r["status"] != "active" for r in records)
    assert 5 <= inactive <= 40


@pytest.mark.stress
def test_a_hundred_thousand_records_take_well_under_a_minute(tmp_path: Path) -> None:
    out = tmp_path / "big.ndjson.gz"
    started = time.perf_counter()
    assert synth.main(["--n", "100000", "--seed", "1", "-o", str(out)]) == 0
    elapsed = time.perf_counter() - started
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        assert sum(1 for _ in fh) == 100_000
    assert elapsed < 60, f"{elapsed:.1f} s"
