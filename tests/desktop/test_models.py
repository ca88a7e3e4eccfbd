"""Table models and the Qt-free helpers behind the window, tested without a window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.controllers import detail_text
from desktop.controllers.local_record import (
    LocalForm,
    build_record,
    form_field,
    form_from_record,
)
from desktop.models.referral_model import IdRole, Referral, ReferralModel
from desktop.models.results_model import (
    COL_ACCESS,
    COL_FRESH,
    COL_NAME,
    COL_PHONE,
    COL_SCOPE,
    COL_TODAY,
    COLUMN_COUNT,
    HitRole,
    ResultsModel,
)
from index.model import Layer, Scope, SearchHit
from index.regions import RegionMaster
from index.validate import validate_record
from sync.freshness import Freshness, stale_reasons


def hit(**overrides: Any) -> SearchHit:
    values: dict[str, Any] = {
        "id": "svc-1",
        "name": "よりそいホットライン",
        "organization": "社会的包摂サポートセンター",
        "phones": ("０１２０－２７９－３３８", "0120-279-226"),
        "open_now": True,
        "why": (),
        "scope": Scope.NATIONAL,
        "today_hours": "24時間",
        "channels": ("phone", "sns"),
        "open_24h": True,
        "free": True,
        "anonymous": True,
        "languages": ("ja", "en"),
        "assured_date": "2026-11-01",
    }
    values.update(overrides)
    return SearchHit(**values)


@pytest.fixture
def model(qapp: Any) -> ResultsModel:
    m = ResultsModel(today=date(2026, 11, 26))
    m.set_hits(
        [
            hit(),
            hit(
                id="svc-2",
                name="<img src=x>",
                phones=(),
                open_now=None,
                scope=Scope.MUNICIPALITY,
                assured_date="2024-01-05",
                open_24h=False,
                free=False,
                anonymous=False,
                languages=("ja",),
                channels=("visit",),
                layer=Layer.LOCAL,
                organization="",
            ),
        ]
    )
    return m


def cell(
    model: ResultsModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> Any:
    return model.data(model.index(row, column), role)


def test_results_model_shape_and_roles(model: ResultsModel) -> None:
    assert model.rowCount() == 2
    assert model.columnCount() == COLUMN_COUNT
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree
    assert model.headerData(COL_PHONE, Qt.Orientation.Horizontal) == "電話"
    assert cell(model, 0, 0, HitRole).id == "svc-1"
    assert model.data(QModelIndex()) is None
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags


def test_results_cells_show_the_phone_exactly_and_every_fact(model: ResultsModel) -> None:
    # the number is shown as the record gives it (full-width here), never rewritten
    assert cell(model, 0, COL_PHONE) == "０１２０－２７９－３３８"
    assert cell(model, 0, COL_PHONE, Qt.ItemDataRole.FontRole).pointSizeF() > 0
    assert cell(model, 0, COL_NAME) == "よりそいホットライン\n社会的包摂サポートセンター"
    assert cell(model, 0, COL_TODAY) == "● 受付中\n24時間"
    assert cell(model, 0, COL_SCOPE) == "全国"
    assert cell(model, 0, COL_ACCESS) == "電話 SNS\n24h 無料 匿名 多言語"
    assert cell(model, 0, COL_FRESH) == "2026-11"
    assert cell(model, 1, COL_PHONE) == "（電話なし）"
    assert cell(model, 1, COL_TODAY).startswith("？")
    assert cell(model, 1, COL_SCOPE) == "市内"
    assert cell(model, 1, COL_ACCESS) == "来所"
    assert cell(model, 1, COL_FRESH) == "2024-01\n要再確認"
    assert "事務所登録" in cell(model, 1, COL_NAME)


def test_results_show_markup_as_characters(model: ResultsModel) -> None:
    # display strings are data: the view renders them as plain text
    assert cell(model, 1, COL_NAME).startswith("<img src=x>")
    assert cell(model, 1, COL_NAME, Qt.ItemDataRole.AccessibleTextRole).startswith("<img src=x>")


def test_results_model_reset_and_lookup(model: ResultsModel) -> None:
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    assert model.row_of("svc-2") == 1
    model.set_hits([])
    assert resets == [True]
    assert model.rowCount() == 0
    assert model.row_of("svc-2") == -1
    assert model.hit(0) is None


def test_referral_model_add_move_remove_clear(qapp: Any) -> None:
    model = ReferralModel()
    a, b, c = (Referral(f"id-{x}", f"窓口{x}", f"0120-00{x}") for x in "abc")
    assert model.add(a) and model.add(b) and model.add(c)
    assert not model.add(Referral("id-a", "dup", ""))
    assert model.ids() == ["id-a", "id-b", "id-c"]
    assert model.move(2, -1) == 1
    assert model.ids() == ["id-a", "id-c", "id-b"]
    assert model.move(0, 1) == 1
    assert model.ids() == ["id-c", "id-a", "id-b"]
    assert model.move(0, -1) == 0  # already first
    assert model.data(model.index(0), IdRole) == "id-c"
    assert model.data(model.index(0)) == "1. 窓口c  0120-00c"
    model.remove(1)
    assert model.ids() == ["id-c", "id-b"]
    model.clear()
    assert model.rowCount() == 0
    assert Referral.from_hit(hit()).phone == "０１２０－２７９－３３８"


def test_local_form_builds_a_valid_record_and_reads_it_back() -> None:
    regions = RegionMaster.load()
    form = LocalForm(
        name="だて子ども食堂",
        organization="だて食堂の会",
        phones=[("0142-00-1234", "代表"), ("", "")],
        days=["SA", "MO"],
        opens_at="10:00",
        closes_at="14:00",
        hours_note="祝日休み",
        region="012335",
        worries=["shokuryo", "ibasho"],
        notes="月2回",
        url="https://example.org/",
    )
    record = build_record(form, {"shokuryo": "食料"}, today=date(2026, 11, 26))
    assert validate_record(record, "test", regions) == []
    assert record["phones"] == [
        {"id": record["id"] + "-p0", "number": "0142-00-1234", "description": "代表"}
    ]
    assert record["schedules"][0]["byday"] == "MO,SA"
    back = form_from_record(record)
    assert back.name == form.name and back.region == "012335"
    assert back.worries == ["shokuryo", "ibasho"]
    assert back.phones == [("0142-00-1234", "代表")]
    assert (back.opens_at, back.closes_at, back.days) == ("10:00", "14:00", ["MO", "SA"])


def test_problem_paths_map_to_form_fields() -> None:
    assert form_field("phones[0].number") == "phones[0]"
    assert form_field("phones[2]") == "phones[2]"
    assert form_field("name") == "name"
    assert form_field("service_areas[0].extent") == "region"
    assert form_field("schedules[0].opens_at") == "hours"
    assert form_field("attributes[1].taxonomy_term.code") == "worries"
    assert form_field("-") == "general"


def test_only_web_phone_and_mail_links_open() -> None:
    for url in ("https://a.example/", "http://a.example", "tel:0120-279-338", "mailto:a@b.jp"):
        assert detail_text.openable(url), url
    for url in ("file:///etc/passwd", "javascript:alert(1)", "smb://x/y", "", "a.example"):
        assert not detail_text.openable(url), url


def test_detail_text_keeps_phones_and_joins_fields() -> None:
    record = {
        "phones": [
            {"number": "0120-279-338"},
            {"number": "0120-279-226", "description": "岩手県・宮城県・福島県から"},
            {"number": "03-0000-0000", "extension": "12"},
        ],
        "fees_description": "通話料・相談料ともに無料です。",
        "cost_options": [{"amount_description": "無料"}, {"option": "通訳料 500円"}],
        "minimum_age": 15,
        "eligibility_description": "どなたでも",
    }
    assert detail_text.phone_lines(record) == [
        "0120-279-338",
        "0120-279-226（岩手県・宮城県・福島県から）",
        "03-0000-0000 内線 12",
    ]
    assert detail_text.fees(record) == "通話料・相談料ともに無料です。 / 通訳料 500円"
    assert detail_text.eligibility(record) == "どなたでも\n年齢 15歳〜"


def test_stale_reasons() -> None:
    """Judged from when the publisher signed (sync.freshness), not from the last answer."""
    now = datetime(2026, 11, 26, tzinfo=UTC)

    def at(stamp: str) -> datetime:
        return datetime.fromisoformat(stamp)

    feeds = [
        Freshness("fresh", at("2026-11-20T00:00:00+00:00"), at("2027-01-01T00:00:00+00:00")),
        Freshness("expired", at("2026-11-20T00:00:00+00:00"), at("2026-11-01T00:00:00+00:00")),
        Freshness("old", at("2026-09-01T00:00:00+00:00"), None),
        Freshness("never", None, None),
    ]
    assert stale_reasons(feeds, 30, now) == [("expired", "expired", 25), ("old", "old", 86)]


def test_sql_fallback_search_filters_and_scopes(seeded_paths: Any) -> None:
    from desktop.search_backend import fallback_search
    from index.directory import Directory
    from index.model import SearchQuery

    with Directory.open(seeded_paths, seed=False) as directory:
        found = fallback_search(directory, SearchQuery(text="家賃", region="012335"))
        assert [h.id for h in found.hits] == ["svc-date-rent"]
        assert found.hits[0].scope == Scope.MUNICIPALITY
        assert found.hits[0].phones == ("0142-23-0001",)
        anywhere = fallback_search(directory, SearchQuery(text="家賃"))
        assert {h.id for h in anywhere.hits} == {"svc-date-rent", "svc-fukushima"}
        national = fallback_search(directory, SearchQuery(worries=("shinitai",), region="012335"))
        assert [(h.id, h.scope) for h in national.hits] == [("svc-national", Scope.NATIONAL)]
        assert national.hits[0].open_24h and national.hits[0].today_hours == "24時間"
        nothing = fallback_search(directory, SearchQuery(text="家賃", free=True, anonymous=True))
        assert nothing.hits == () and "絞り込み" in nothing.message


def test_an_office_that_runs_itself_is_named_once() -> None:
    model = ResultsModel()
    same = SearchHit(
        id="x", name="伊達市福祉部", organization="伊達市福祉部", phones=(), open_now=None, why=()
    )
    assert model.cell_text(same, 0) == "伊達市福祉部"
    other = SearchHit(
        id="y", name="伊達市役所", organization="伊達市", phones=(), open_now=None, why=()
    )
    assert model.cell_text(other, 0) == "伊達市役所\n伊達市"
    # one desk running two schemes, named with the scheme by the converter: operator said once
    scheme = SearchHit(
        id="z",
        name="健康福祉部社会福祉課（自立相談支援）",
        organization="健康福祉部社会福祉課",
        phones=(),
        open_now=None,
        why=(),
    )
    assert model.cell_text(scheme, 0) == "健康福祉部社会福祉課（自立相談支援）"
