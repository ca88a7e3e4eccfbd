"""Slips in every language: every key translated, a glyph for every character, the Japanese beneath
each label, furigana over every kanji of やさしい日本語, exact numbers and embedded fonts."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from desktop.commands.slip import LANGUAGES as CLI_LANGUAGES
from desktop.slips import SlipOptions, render_slip
from desktop.slips.content import has_sensitive_word, slip_service
from desktop.slips.fonts import SCRIPT_FILES, chain, slip_fonts
from desktop.slips.render import LAYOUTS
from desktop.slips.ruby import RubyText, has_kanji, ruby_pieces
from desktop.slips.stories import StoryInput, card_story, slip_story
from desktop.slips.styles import Styles
from desktop.slips.translations import (
    BILINGUAL,
    LANGUAGES,
    check,
    machine_made,
    slip_texts,
    worry_sentence,
)
from desktop.slips.wording import Wording
from index.resources import resource_path
from tests import pdfcheck
from tests.desktop.slip_samples import NOW, five_services
from tests.records import service

SAY = "家賃が払えず、住まいを失いそうで、相談したいです"


def options(language: str, fmt: str = "a5", **extra: Any) -> SlipOptions:
    return SlipOptions(format=fmt, now=NOW, language=language, worry_sentence=SAY, **extra)


def as_drawn(language: str, value: str) -> str:
    """How a text reads back from the PDF: on an easy slip each reading follows its kanji."""
    if language != "easy":
        return "".join(value.split())
    return "".join("".join(b + r for b, r in ruby_pieces(value)).split())


def _file(language: str) -> dict[str, Any]:
    path = resource_path("translations", "slips", f"{language}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --- translations as data ----------------------------------------------------------------------


def test_every_language_has_every_key_and_the_same_placeholders() -> None:
    source = _file("ja")["texts"]
    assert tuple(CLI_LANGUAGES) == LANGUAGES
    for language in LANGUAGES:
        data = _file(language)
        assert check(data, source) == [], language
        assert set(data["texts"]) == set(source), language
        assert slip_texts(language).language == language


def test_a_missing_key_or_a_stray_placeholder_is_reported() -> None:
    data = _file("vi")
    source = _file("ja")["texts"]
    del data["texts"]["today"]
    data["texts"]["phone"] = "Điện thoại {number}"
    problems = check(data, source)
    assert "texts/today: missing" in problems
    assert any(p.startswith("texts/phone: placeholders") for p in problems)
    assert check({"language": "vi"}, source)  # the schema's required fields


def test_machine_made_translations_say_so() -> None:
    made = {t.language for t in machine_made()}
    assert made == set(LANGUAGES) - {"ja"}
    for language in made:
        assert _file(language)["review"] == "machine"
        assert _file(language)["review_note"]


# --- fonts -------------------------------------------------------------------------------------


def _cmaps() -> dict[str, set[int]]:
    maps: dict[str, set[int]] = {}
    for script, (regular, bold) in SCRIPT_FILES.items():
        for name in (regular, bold):
            cmap = set(TTFont(resource_path("fonts", name), lazy=True).getBestCmap())
            maps[script] = maps[script] & cmap if script in maps else cmap
    return maps


def test_every_character_of_every_translation_has_a_glyph_in_its_font() -> None:
    cmaps = _cmaps()
    for language in LANGUAGES:
        data = _file(language)
        script = data["script"]
        for key, value in [*data["texts"].items(), ("name", data["name"])]:
            for char in value:
                if char.isspace():
                    continue
                fonts = [s for s in chain(script) if ord(char) in cmaps[s]]
                assert fonts, f"{language}.json {key}: no slip font has {char!r}"
                if unicodedata.category(char).startswith(("L", "M")) and ord(char) > 0x24F:
                    # Letters of the language's own script come from its own face.
                    own = {"hans": "hans", "hangul": "hangul", "devanagari": "devanagari"}
                    if script in own and not ("\u3040" <= char <= "\u30ff"):
                        assert fonts[0] == own[script], f"{language} {key}: {char!r}"


def test_vietnamese_diacritics_are_in_the_latin_face() -> None:
    latin = _cmaps()["latin"]
    assert all(ord(c) in latin for c in "ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")


# --- every language on paper -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["a5", "card"])
def test_every_language_renders_with_exact_numbers_and_embedded_fonts(
    language: str, fmt: str
) -> None:
    records = five_services()[:3]
    pdf = render_slip(records, options(language, fmt, office_phone="0142-00-0000"))
    text = pdfcheck.text(pdf)
    squashed = "".join(text.split())
    for record in records:
        number = record["phones"][0]["number"]
        assert number in squashed, (language, number)
    fonts = pdfcheck.fonts(pdf)
    assert fonts
    for font in fonts:
        assert font.embedded and font.subset, (language, font)
    if fmt == "card":
        assert SAY not in squashed  # what to say is never on the discreet card
        assert "よりそい" not in text and "伊達市" not in text
        assert not has_sensitive_word(text), (language, text)
    else:
        assert as_drawn(language, SAY) in squashed  # on every slip, in every language


def _story(language: str, **extra: Any) -> list[Flowable]:
    layout = LAYOUTS["a5"]
    fonts = slip_fonts()
    wording = Wording(language, Styles(layout.sizes, fonts.regular, fonts.bold), extra)
    story = StoryInput(
        now=NOW,
        day=NOW.date(),
        title="ご相談先のご案内",
        message="ひとりで抱え込まず、いつでも相談してください",
        office_name="伊達市役所",
        office_phone="0142-00-0000",
        client_name="",
        worry_sentence=SAY,
    )
    services = [slip_service(r, NOW) for r in five_services()]
    frame = (layout.frame_width, layout.frame_height)
    return [
        *slip_story(services, story, wording, frame),
        *card_story(services, wording, layout.frame_width, NOW.date()),
    ]


def _walk(items: Any) -> Iterator[Flowable]:
    if isinstance(items, list | tuple):
        for item in items:
            yield from _walk(item)
    elif isinstance(items, KeepTogether):
        yield from _walk(items._content)
    elif isinstance(items, Table):
        yield from _walk(items._cellvalues)
    elif isinstance(items, Flowable):
        yield items


def test_furigana_over_every_kanji_of_an_easy_slip() -> None:
    flowables = list(_walk(_story("easy")))
    rubies = [f for f in flowables if isinstance(f, RubyText)]
    assert len(rubies) > 20
    for flowable in flowables:
        if isinstance(flowable, Paragraph):
            assert not has_kanji(flowable.getPlainText()), flowable.getPlainText()
        if isinstance(flowable, RubyText):
            assert flowable.covered(), flowable.pieces
    bases = "".join(base for r in rubies for base, _ in r.pieces)
    assert "伊達市" in bases and "よりそいホットライン" in bases  # service names too
    readings = dict(p for r in rubies for p in r.pieces if p[1])
    assert readings["電話"] == "でんわ"


def test_a_corrected_reading_wins() -> None:
    assert ruby_pieces("伊達市の窓口", {"伊達市": "だてし"})[0] == ("伊達市", "だてし")
    flowables = list(_walk(_story("easy", 伊達市="いだてし")))
    pieces = [p for f in flowables if isinstance(f, RubyText) for p in f.pieces]
    assert ("伊達市", "いだてし") in pieces


def test_easy_japanese_uses_common_words(tmp_path: Path) -> None:
    text = "".join(pdfcheck.text(render_slip(five_services()[:2], options("easy"))).split())
    assert as_drawn("easy", "いつでも 電話できます") in text  # 24時間 → いつでも
    assert "お金かねはかかりません" in text  # 無料 → お金は かかりません


@pytest.mark.parametrize("language", BILINGUAL)
def test_a_bilingual_slip_keeps_the_japanese_beneath_each_label(language: str) -> None:
    own, ja = slip_texts(language), slip_texts("ja")
    flowables = [f for f in _walk(_story(language)) if isinstance(f, Paragraph)]
    texts = [f.getPlainText() for f in flowables]
    for key in ("today", "hours", "address", "email", "what_to_say", "card_title"):
        at = [i for i, t in enumerate(texts) if t == own.get(key)]
        assert at, (language, key)
        assert all(texts[i + 1] == ja.get(key) for i in at), (language, key)
    pdf_text = pdfcheck.text(render_slip(five_services()[:2], options(language)))
    assert own.get("hours") in pdf_text or own.get("hours").replace(" ", "") in pdf_text


def test_bilingual_hours_and_facts_come_from_the_data() -> None:
    flowables = [f for f in _walk(_story("en")) if isinstance(f, Paragraph)]
    texts = [f.getPlainText() for f in flowables]
    assert "Mon–Fri 8:30–17:15" in "\n".join(texts)
    assert any("Open 24 hours" in t for t in texts)
    assert any("Free · You can stay anonymous" in t for t in texts)


def test_which_services_speak_the_clients_language() -> None:
    speaks = service("ベトナム語の窓口", phones=["0120-555-666"], languages=[{"code": "vi"}])
    helps = service("通訳の窓口", phones=["0120-555-777"], interpretation_services="電話通訳")
    text = "".join(pdfcheck.text(render_slip([speaks, helps], options("vi"))).split())
    assert "Nóiđượctiếngcủabạn:1" in text
    assert "Cóthểnhờphiêndịch:2" in text
    assert "ベトナム語で相談したいです" in text


def test_worry_sentences_come_from_the_worries() -> None:
    assert worry_sentence(["sumai"]).startswith("家賃が払えず")
    taken = SlipOptions(format="a5", now=NOW, worry_sentence=worry_sentence(["sumai"]))
    own = SlipOptions(format="a5", now=NOW, worry_sentence=worry_sentence(["kodoku"]))
    credit = "くらし支援ナビ（CCBY4.0）"  # the licence of the sentences taken from it asks for it
    assert credit in "".join(pdfcheck.text(render_slip(five_services()[:1], taken)).split())
    assert credit not in "".join(pdfcheck.text(render_slip(five_services()[:1], own)).split())
    assert worry_sentence(["unknown", "shokuryo"]).startswith("今日食べるものがなく")
    assert worry_sentence([]) == ""


def test_three_services_fit_one_a5_sheet_in_japanese() -> None:
    pdf = render_slip(five_services()[:3], options("ja"))
    assert pdfcheck.page_count(pdf) == 1


def test_line_breaks_keep_the_text_as_written() -> None:
    text = "17:15まで\n休みの 日《ひ》は 聞いて ください"
    pieces = ruby_pieces(text)
    assert "".join(base for base, _ in pieces) == "17:15まで\n休みの 日は 聞いて ください"
    assert ("日", "ひ") in pieces


@pytest.mark.parametrize("language", ["ja", "vi", "ne", "easy"])
@pytest.mark.parametrize("count", [3, 4, 5])
def test_no_near_empty_first_page(language: str, count: int) -> None:
    """A service that does not fit starts on the first page when a good part of it is free."""
    pdf = render_slip(five_services()[:count], options(language))
    if pdfcheck.page_count(pdf) == 1:
        return
    page = pdfcheck.grey(pdf, 30)
    above_mark = int(page.height * 0.88)  # 「つづく→」 is drawn at the bottom of every full page
    inked = [
        y for y in range(above_mark) if page.crop((0, y, page.width, y + 1)).getextrema()[0] < 160
    ]
    assert inked and inked[-1] > page.height * 0.72, (language, count, inked[-1], page.height)
