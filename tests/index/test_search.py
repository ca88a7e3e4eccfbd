"""Search behaviour over the bundled sample: safety first, typing, places, filters, empty answers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from index.model import Scope, SearchQuery
from tests.index.judged.directory import Demo, build, sample_records

SETAGAYA = "131121"
DATE_HOKKAIDO = "012335"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build(tmp_path_factory.mktemp("sample"), sample_records())


def names(demo: Demo, text: str, **kw: object) -> list[str]:
    return [h.name for h in demo.searcher.search(SearchQuery(text=text, **kw)).hits]  # type: ignore[arg-type]


def test_suicidal_wording_puts_crisis_lines_first(demo: Demo) -> None:
    result = demo.searcher.search(SearchQuery(text="もう消えたい", limit=10))
    assert result.crisis == "suicide"
    first = result.hits[0]
    assert first.crisis and "shinitai" in first.worries and first.phones
    assert all(h.crisis for h in result.hits[:3])


def test_crisis_lines_that_answer_now_come_first(demo: Demo) -> None:
    """At 2 a.m. a caller needs a line that picks up now, not the best match that is closed."""
    night = datetime(2026, 11, 27, 2, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    result = demo.searcher.search(SearchQuery(text="死にたい", limit=10, now=night))
    block = [h for h in result.hits if h.crisis]
    assert block and block[0].open_now is True
    states = [0 if h.open_now else (1 if h.open_now is None else 2) for h in block]
    assert states == sorted(states)


def test_a_crisis_line_named_in_the_query_leads_whatever_the_hour(demo: Demo) -> None:
    """「DV相談ナビ」 at 2 a.m.: the counsellor asked for that line, so it is first."""
    night = datetime(2026, 11, 27, 2, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    result = demo.searcher.search(SearchQuery(text="DV相談ナビ", limit=10, now=night))
    assert result.crisis == "violence"
    assert result.hits[0].crisis
    assert "DV相談ナビ" in result.hits[0].name


def test_violence_wording_brings_dv_lines_with_no_shared_word(demo: Demo) -> None:
    result = demo.searcher.search(SearchQuery(text="夫に殴られる", region=SETAGAYA))
    assert result.crisis == "violence"
    assert result.hits[0].crisis
    assert {"dv", "gyakutai", "hanzai"} & set(result.hits[0].worries)


@pytest.mark.parametrize("text", ["ラーメン屋", "asdfgh", "ｊｋｌ；", "AND (", '"""', "*"])
def test_out_of_scope_returns_nothing_with_a_message(demo: Demo, text: str) -> None:
    result = demo.searcher.search(SearchQuery(text=text))
    assert result.hits == ()
    assert result.message


def test_one_and_two_characters_while_typing(demo: Demo) -> None:
    assert names(demo, "い")
    assert "ひきこもり" in names(demo, "ひき")[0]


def test_kana_reading_finds_kanji_name(demo: Demo) -> None:
    assert names(demo, "いのちのでんわ")[0].startswith("いのちの電話")


def test_kana_place_name_becomes_the_region(demo: Demo) -> None:
    result = demo.searcher.search(SearchQuery(text="せたがや ひきこもり"))
    assert "世田谷" in result.hits[0].name
    assert result.hits[0].scope == Scope.MUNICIPALITY


def test_region_filter_keeps_local_prefecture_and_national(demo: Demo) -> None:
    result = demo.searcher.search(SearchQuery(text="相談", region=SETAGAYA, limit=100))
    assert result.hits
    assert all(
        h.scope in (Scope.MUNICIPALITY, Scope.PREFECTURE, Scope.NATIONAL) for h in result.hits
    )
    assert not any("札幌" in h.name or "大阪" in h.name for h in result.hits)
    # Local before national for the same wording.
    scopes = [h.scope for h in result.hits]
    assert scopes.index(Scope.MUNICIPALITY) < scopes.index(Scope.NATIONAL)


def test_region_ranks_own_municipality_first(demo: Demo) -> None:
    result = demo.searcher.search(SearchQuery(text="地域包括支援センター", region=DATE_HOKKAIDO))
    assert result.hits[0].name == "【デモ】伊達市地域包括支援センター"
    assert result.hits[0].scope == Scope.MUNICIPALITY
    # The other 伊達市 (福島県) is not in the client's area.
    assert len([h for h in result.hits if "伊達市地域包括" in h.name]) == 1


@pytest.mark.parametrize("typed", ["0120783556", "0120-783-556", "０１２０７８３", "783556"])
def test_phone_digits_match_whatever_the_format(demo: Demo, typed: str) -> None:
    hits = demo.searcher.search(SearchQuery(text=typed)).hits
    assert any("0120-783-556" in h.phones for h in hits)
    assert "0120-783-556" in hits[0].phones


def test_phone_numbers_are_shown_exactly_as_given(demo: Demo) -> None:
    hit = demo.searcher.search(SearchQuery(text="くらし・しごと相談センター")).hits[0]
    assert hit.phones == ("０１４２－００－０１４０",)


def test_inactive_and_defunct_never_appear(demo: Demo) -> None:
    for text in ("ほばら子ども食堂", "居場所カフェ きたざわ", "こもれびサロン", "子ども食堂"):
        found = names(demo, text, limit=100)
        assert not any("ほばら" in n or "きたざわ" in n or "こもれび" in n for n in found)


def test_abbreviations_expand(demo: Demo) -> None:
    assert any("社会福祉協議会" in n for n in names(demo, "社協"))
    assert any("地域包括支援センター" in n for n in names(demo, "包括"))
    assert any("サポートステーション" in n for n in names(demo, "サポステ"))


def test_variant_forms(demo: Demo) -> None:
    assert names(demo, "ﾋｷｺﾓﾘ") == names(demo, "ひきこもり")
    assert names(demo, "引きこもり") == names(demo, "ひきこもり")


def test_filters_hold_on_every_hit(demo: Demo) -> None:
    q = SearchQuery(text="相談", free=True, channels=("phone",), limit=100)
    hits = demo.searcher.search(q).hits
    assert hits and all(h.free and "phone" in h.channels for h in hits)
    hits = demo.searcher.search(SearchQuery(text="", languages=("vi",), limit=50)).hits
    assert hits and all("vi" in h.languages for h in hits)
    hits = demo.searcher.search(SearchQuery(text="", worries=("dv",), limit=50)).hits
    assert hits and all("dv" in h.worries for h in hits)


def test_open_now_uses_tokyo_time(demo: Demo) -> None:
    at = datetime(2026, 12, 2, 3, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # Wednesday 03:00
    hits = demo.searcher.search(SearchQuery(text="相談", open_now=True, now=at, limit=100)).hits
    assert hits and all(h.open_now for h in hits)
    every = demo.searcher.search(SearchQuery(text="相談", now=at, limit=100)).hits
    assert len(every) > len(hits)


def test_empty_query_without_filters_asks_for_input(demo: Demo) -> None:
    result = demo.searcher.search(SearchQuery(text="   "))
    assert result.hits == () and result.message


def test_why_names_the_matched_worry(demo: Demo) -> None:
    hit = demo.searcher.search(SearchQuery(text="眠れない")).hits[0]
    assert any(w.startswith("悩み:") for w in hit.why)


def test_same_searcher_answers_many_queries(demo: Demo, tmp_path: Path) -> None:
    seen = [demo.searcher.search(SearchQuery(text=t)).hits for t in ("い", "いの", "いのち")]
    assert seen[2] and len(seen[2]) <= len(seen[0])
