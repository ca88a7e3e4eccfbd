"""Region master: codes, names, kana, and the two 府中市 / 伊達市."""

from __future__ import annotations

from index.model import NATIONAL
from index.regions import RegionMaster


def test_bare_fuchu_returns_both_prefectures() -> None:
    found = RegionMaster.load().lookup("府中市")
    assert {(r.lgcode, r.prefecture) for r in found} == {("132063", "東京都"), ("342084", "広島県")}
    assert {r.label for r in found} == {"府中市（東京都）", "府中市（広島県）"}


def test_date_cities_are_distinct_and_prefixed_name_narrows() -> None:
    master = RegionMaster.load()
    assert [r.lgcode for r in master.lookup("伊達市")] == ["012335", "072133"]
    assert [r.lgcode for r in master.lookup("福島県伊達市")] == ["072133"]
    assert [r.lgcode for r in master.resolve_name("伊達市", "北海道")] == ["012335"]


def test_lookup_by_code_kana_and_fullwidth_digits() -> None:
    master = RegionMaster.load()
    assert master.lookup("131121")[0].name == "世田谷区"
    assert master.lookup("１３１１２１")[0].name == "世田谷区"
    assert master.lookup("せたがや")[0].lgcode == "131121"
    assert master.lookup("セタガヤ")[0].lgcode == "131121"
    assert master.lookup("") == []
    assert master.lookup("存在しない地名") == []


def test_hierarchy_ward_city_prefecture_national() -> None:
    master = RegionMaster.load()
    assert master.ancestors("011011") == ["011011", "011002", "010006", NATIONAL]
    assert master.ancestors("012335") == ["012335", "010006", NATIONAL]
    assert "011011" in master.descendants("011002")
    assert "012335" in master.descendants("010006")
    assert master.get("011011") is not None and master.get("011011").kind == "ward"  # type: ignore[union-attr]


def test_every_prefecture_and_municipality_loaded() -> None:
    master = RegionMaster.load()
    assert len(master.prefectures()) == 47
    assert len(master) > 1900
    assert all(len(r.lgcode) == 6 for r in master.all())


def test_service_area_names_as_feeds_write_them() -> None:
    """全域, 内 and lists joined by ・ or 、 are read against the region master (issue 13)."""
    from index.regions import RegionMaster

    master = RegionMaster.load()
    cases = {
        ("秋田県全域", None): (["秋田県"], "name-whole"),
        ("県内全域", "秋田県"): (["秋田県"], "name-whole"),
        ("仙台市内", None): (["仙台市"], "name-whole"),
        ("大館市・北秋田市・小坂町", "秋田県"): (["大館市", "北秋田市", "小坂町"], "name-list"),
        ("秋田市、男鹿市、潟上市", None): (["秋田市", "男鹿市", "潟上市"], "name-list"),
        ("東京都府中市", None): (["府中市"], "name"),
    }
    for (name, hint), (names, how) in cases.items():
        found, got_how, unclear = master.resolve_area(name, hint)
        assert ([r.name for r in found], got_how, unclear) == (names, how, []), name
    assert master.resolve_area("府中市")[2] == ["府中市"]  # two 府中市: reported, not guessed
