"""Referral slips: every format, exact phone numbers, embedded fonts, literal feed text, overflow,
and a discreet card that never says what its numbers are for."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.slips import FORMATS, SlipError, SlipOptions, render_slip, slip_service
from tests import pdfcheck
from tests.desktop.slip_samples import NOW, five_services, sensitive_services, weekly
from tests.records import service

CARD_FORBIDDEN = (
    "DV",
    "ＤＶ",
    "暴力",
    "自殺",
    "虐待",
    "性暴力",
    "死",
    "いのち",
    "命",
    "被害",
    "配偶者",
)


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "slip.pdf") -> str:
    # Drawing order, so text wrapped over lines and pages reads back in order.
    return pdfcheck.text(pdf)


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    return pdfcheck.page_count(pdf)


def squash(text: str) -> str:
    """Whitespace and the continuation marks removed: what is left must read as given."""
    marks = ("つづく→", "（つづき）", "きりとり線")
    text = re.sub(r"\s+", "", text)
    for mark in marks:
        text = text.replace(mark, "")
    return text


def options(fmt: str = "a5", **extra: Any) -> SlipOptions:
    return SlipOptions(format=fmt, now=NOW, **extra)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("count", [1, 5])
def test_every_format_builds_with_exact_phone_numbers(fmt: str, count: int, tmp_path: Path) -> None:
    records = five_services()[:count]
    pdf = render_slip(
        records, options(fmt, office_name="つなぎ相談室", office_phone="0142-00-0000")
    )
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    for record in records:
        # Exactly as given: the full-width 「０１２０－２７９－３３８」 stays full-width.
        assert record["phones"][0]["number"] in text
    if fmt == "card":
        assert "お問い合わせ先" in text
        assert "窓口1" in text
        assert records[0]["name"] not in text
    else:
        assert squash(records[-1]["name"]) in squash(text)
        assert "ひとりで抱え込まず、いつでも相談してください" in text
        assert "つなぎ相談室" in text
    if count == 5 and fmt != "card":
        assert "0120-279-226" in text  # the second phone of the first service
        assert "【デモ】" in text


def test_full_width_digits_are_not_normalised(tmp_path: Path) -> None:
    text = pdf_text(render_slip(five_services()[:1], options()), tmp_path)
    assert "０１２０－２７９－３３８" in text
    assert "0120-279-338" not in text


def test_today_and_weekly_hours_in_plain_words(tmp_path: Path) -> None:
    text = pdf_text(render_slip(five_services(), options()), tmp_path)
    assert "11月26日（木）" in text
    assert "24時間・年中無休" in text
    assert "平日 8:30〜17:15" in text
    assert "祝日・年末年始は休み" in text
    assert "第2土曜 10時〜12時" in text
    assert "月・水・金 22時〜翌6時" in text
    assert "本日休み" in text
    assert "【無料】" in text
    assert "【匿名で相談できます】" in text
    assert "〒052-0000 北海道伊達市鹿島町00-1" in text
    assert "soudan@example.jp" in text
    assert "https://example.org/yorisoi/chat" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_font_is_embedded_and_nothing_else_is_used(fmt: str, tmp_path: Path) -> None:
    fonts = pdfcheck.fonts(render_slip(five_services(), options(fmt)))
    assert fonts, "no fonts listed"
    assert any(font.name.endswith("+BIZUDGothic-Regular") for font in fonts)
    for font in fonts:
        assert "BIZUDGothic" in font.name, font
        assert font.embedded, f"not embedded: {font}"
        assert font.subset, f"not subset: {font}"


INJECTION = "<b>x</b> & <font size=99> <img src='/etc/passwd'/> &amp;"


def test_feed_text_and_the_message_print_literally(tmp_path: Path) -> None:
    record = service(
        f"窓口 {INJECTION}",
        phones=["0120-111-222"],
        url="https://example.org/?a=1&b=<2>",
        schedules=[weekly("MO", "09:00", "17:00", description=f"祝日 {INJECTION}")],
    )
    record["phones"][0]["description"] = INJECTION
    pdf = render_slip(
        [record],
        options(message=f"伝言 {INJECTION}", client_name="<i>", office_name=INJECTION),
    )
    text = squash(pdf_text(pdf, tmp_path))
    assert text.count(squash(INJECTION)) == 5  # name, phone note, hours note, message, office
    assert "<i>さんへ" in text
    assert "https://example.org/?a=1&b=<2>" in text


def test_long_text_flows_onto_further_pages_instead_of_being_cut(tmp_path: Path) -> None:
    long_message = "はじめ" + "ひとりで悩まないでください。" * 300 + "おしまい"
    record = service(
        "長い名前の相談窓口" * 20 + "さいご",
        phones=["0120-999-888"],
        url="https://example.org/" + "x" * 5000,
    )
    for fmt in ("a5", "a6", "a4-2", "a4-4"):
        pdf = render_slip([record], options(fmt, message=long_message))
        text = squash(pdf_text(pdf, tmp_path))
        assert pdf_pages(pdf, tmp_path) >= 2, fmt
        assert "つづく→" in pdf_text(pdf, tmp_path), fmt
        assert "0120-999-888" in text, fmt
        assert "おしまい" in text, fmt
        assert "さいご" in text, fmt
        assert text.count("ひとりで悩まないでください。") >= 300, fmt
        assert "x" * 4000 in text, fmt  # the URL is printed whole; it is too long for a QR
    # The card prints no message; five services fill more than one card, and every number is on one.
    card = render_slip(five_services(), options("card"))
    assert pdf_pages(card, tmp_path) >= 2
    assert "つづく→" in pdf_text(card, tmp_path)
    for record in five_services():
        assert record["phones"][0]["number"] in pdf_text(card, tmp_path)


def test_a_huge_phone_field_wraps_instead_of_failing(tmp_path: Path) -> None:
    number = "0120-" + "1234567890" * 300
    pdf = render_slip([service("窓口", phones=[number])], options("a6"))
    assert squash(number) in squash(pdf_text(pdf, tmp_path))


def test_a4_sheets_repeat_a_short_slip_and_continue_a_long_one(tmp_path: Path) -> None:
    one = five_services()[:1]
    number = one[0]["phones"][0]["number"]
    assert pdf_text(render_slip(one, options("a4-2")), tmp_path).count(number) == 2
    assert pdf_text(render_slip(one, options("a4-4")), tmp_path).count(number) == 4
    assert "きりとり線" in pdf_text(render_slip(one, options("a4-4")), tmp_path)
    five = render_slip(five_services(), options("a4-4"))
    text = pdf_text(five, tmp_path)
    assert text.count("0123-00-6789") >= 1
    assert "（つづき）" in text


def test_the_discreet_card_never_says_what_the_numbers_are_for(tmp_path: Path) -> None:
    records = sensitive_services()
    pdf = render_slip(records, options("card", office_name="DV相談室", client_name="山田"))
    text = pdf_text(pdf, tmp_path)
    folded = unicodedata.normalize("NFKC", text).casefold()
    for word in CARD_FORBIDDEN:
        assert unicodedata.normalize("NFKC", word).casefold() not in folded, word
    for record in records:
        assert record["phones"][0]["number"] in text
    assert "お問い合わせ先" in text
    assert "山田" not in text
    assert "24時間・年中無休" in text
    # The title in the file's metadata is neutral too.
    assert pdfcheck.metadata(pdf)["Title"] == "お問い合わせ先"


def test_a_number_with_a_sensitive_word_is_left_off_the_card(tmp_path: Path) -> None:
    record = service("窓口", phones=["DVホットライン 0120-000-111"])
    text = pdf_text(render_slip([record], options("card")), tmp_path)
    assert "DV" not in text
    assert "控え" in text


def test_demo_records_keep_their_mark(tmp_path: Path) -> None:
    demo = five_services()[4]
    assert "【デモ】" in pdf_text(render_slip([demo], options("a6")), tmp_path)
    assert "【デモ】窓口1" in pdf_text(render_slip([demo], options("card")), tmp_path)
    flagged = service("フラグだけのデモ窓口")
    flagged["attributes"] = [
        {"id": "f", "taxonomy_term": {"taxonomy": "tsunagi-flag", "code": "demo"}}
    ]
    assert slip_service(flagged, NOW).name == "【デモ】フラグだけのデモ窓口"


def test_the_client_name_is_printed_but_not_in_the_file_metadata(tmp_path: Path) -> None:
    pdf = render_slip(five_services()[:1], options(client_name="佐藤花子"))
    assert "佐藤花子さんへ" in pdf_text(pdf, tmp_path)
    assert not any("佐藤" in value for value in pdfcheck.metadata(pdf).values())
    assert "様へ" in pdf_text(
        render_slip(five_services()[:1], options(client_name="佐藤様")), tmp_path
    )


def test_bad_requests_are_refused_with_a_reason() -> None:
    with pytest.raises(SlipError, match="at least one"):
        render_slip([], options())
    with pytest.raises(SlipError, match="at most 5"):
        render_slip(five_services() + five_services()[:1], options())
    with pytest.raises(SlipError, match="unknown slip format"):
        render_slip(five_services()[:1], options("b5"))


def test_free_and_anonymous_come_from_attributes_and_cost_options() -> None:
    kokoro, jiritsu, cafe, night, _ = (slip_service(r, NOW) for r in five_services())
    assert kokoro.free and kokoro.anonymous
    assert jiritsu.free and not jiritsu.anonymous
    assert cafe.free  # cost_options amount 0
    assert night.anonymous and not night.free
    assert jiritsu.address.startswith("〒052-0000")
    assert kokoro.address == ""
    assert kokoro.sns_url == "https://example.org/yorisoi/chat"
    assert [p.number for p in kokoro.other_phones] == ["0120-279-226"]


_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.binary(max_size=5),
)
_junk_tree = st.recursive(
    _junk,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_record = st.fixed_dictionaries(
    {},
    optional={
        key: _junk_tree
        for key in (
            "id",
            "name",
            "phones",
            "schedules",
            "attributes",
            "cost_options",
            "service_at_locations",
            "url",
            "email",
        )
    },
)


@settings(max_examples=25, deadline=None)
@given(records=st.lists(_record, min_size=1, max_size=2), fmt=st.sampled_from(FORMATS))
def test_garbage_records_never_break_a_slip(records: list[dict[str, Any]], fmt: str) -> None:
    pdf = render_slip(records, options(fmt))
    assert pdf.startswith(b"%PDF")


def _dark_pixels(pdf: bytes, tmp_path: Path) -> int:
    return sum(pdfcheck.grey(pdf, dpi=40).histogram()[:128])


def test_a_url_gets_a_qr_code_drawn_on_the_page(tmp_path: Path) -> None:
    with_url = service("窓口", phones=["0120-000-111"], url="https://example.org/soudan")
    without = service("窓口", phones=["0120-000-111"])
    # The QR is an 18–22 mm block of modules: hundreds of dark pixels even at 40 dpi.
    extra = _dark_pixels(render_slip([with_url], options()), tmp_path) - _dark_pixels(
        render_slip([without], options()), tmp_path
    )
    assert extra > 300, extra
