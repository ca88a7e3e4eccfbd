"""The typed record view: one reading of a record for the store, the detail pane and the slips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.controllers import detail_text
from desktop.slips import slip_service
from index.model import SearchQuery
from index.record import ServiceView
from tests.desktop.slip_samples import NOW, five_services
from tests.index.judged.directory import build
from tests.records import service


def _attribute(taxonomy: str, code: str, value: str = "") -> dict[str, Any]:
    return {
        "id": f"attr-{code}",
        "value": value,
        "taxonomy_term": {"id": f"{taxonomy}-{code}", "code": code, "taxonomy": taxonomy},
    }


def test_one_address_format_for_detail_and_slip() -> None:
    record = five_services()[1]
    view = ServiceView.from_record(record)
    line = "〒052-0000 北海道伊達市鹿島町00-1（つなぎ会館 1階）"
    assert view.address == line
    assert detail_text.addresses(record) == line
    assert slip_service(record, NOW).address == line


def test_flags_languages_credit_and_warnings() -> None:
    record = service(
        "多言語相談",
        phones=["０１２０－０００－１１１"],
        access_codes=["free", "anonymous", "reservation", "easy-japanese"],
        languages=[{"code": "VI", "name": ""}, {"code": "en", "name": "英語"}],
        interpretation_services="電話通訳（20言語）",
    )
    record["attributes"].append(_attribute("tsunagi-credit", "kurashi", "出典: くらし支援ナビ"))
    view = ServiceView.from_record(record)
    assert view.free and view.anonymous and view.reservation
    assert view.easy_japanese and view.interpreter
    assert view.speaks("vi") and not view.speaks("ko")
    assert view.language_codes == ("en", "interpreter", "ja-easy", "vi")
    assert view.credits == ("出典: くらし支援ナビ",)
    assert view.main_phone is not None and view.main_phone.number == "０１２０－０００－１１１"
    assert view.warnings == ()
    assert "クレジット: 出典: くらし支援ナビ" in detail_text.provenance({}, record)
    shown = detail_text.languages(record)
    assert shown == "ベトナム語、英語、やさしい日本語、通訳あり（電話通訳（20言語））"


def test_a_broken_record_reads_with_warnings_not_errors() -> None:
    view = ServiceView.from_record(
        {"id": 7, "name": None, "phones": "x", "attributes": [1, {"taxonomy_term": "x"}]}
    )
    assert view.id == "7" and view.name == "（名称なし）"
    assert view.phones == () and not view.free
    assert "電話番号の登録がありません" in view.warnings


def test_demo_mark_and_24_hours() -> None:
    record = five_services()[0]
    record["attributes"].append(_attribute("tsunagi-flag", "demo"))
    view = ServiceView.from_record(record)
    assert view.demo and view.name == "【デモ】よりそいホットライン"
    assert view.open_24h
    assert not ServiceView.from_record(five_services()[1]).open_24h


def test_language_filter_finds_easy_japanese_and_interpreter(tmp_path: Path) -> None:
    easy = service("やさしい窓口", access_codes=["easy-japanese"])
    interpreted = service("通訳の窓口", interpretation_services="電話通訳")
    plain = service("ふつうの窓口")
    demo = build(tmp_path, [easy, interpreted, plain])

    def found(code: str) -> set[str]:
        query = SearchQuery(text="", languages=(code,), limit=50)
        return {hit.name for hit in demo.searcher.search(query).hits}

    assert found("ja-easy") == {"やさしい窓口"}
    assert found("interpreter") == {"通訳の窓口"}


def test_the_templates_reservation_flag_counts_as_reservation() -> None:
    record = service("予約の窓口")
    record["attributes"] = [_attribute("tsunagi-flag", "reservation-required")]
    view = ServiceView.from_record(record)
    assert view.reservation and not view.demo
    record["attributes"].append(_attribute("tsunagi-flag", "review-required"))
    assert any("要確認" in w for w in ServiceView.from_record(record).warnings)
