"""Normalisation and tokenisation: what the index and the query must agree on."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis import (
    JapaneseTokenizer,
    ReadingTokenizer,
    digit_trigrams,
    index_terms,
    is_word_char,
    phone_digits,
    runs,
)
from index.normalise import is_japanese, normalise


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ｻﾎﾟｰﾄ", "さぽーと"),  # half-width katakana → NFKC → hiragana
        ("サポート", "さぽーと"),
        ("２４時間", "24時間"),  # full-width digits
        ("ＬＩＮＥ相談", "line相談"),
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("霞ヶ関", "霞が関"),
        ("霞ケ関", "霞が関"),
        ("自由が丘", "自由が丘"),
        ("引きこもり", "ひきこもり"),
        ("子供", "子ども"),
        ("障がい", "障害"),
    ],
)
def test_normalise_folds_variants(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


def test_normalise_drops_control_characters_and_lone_surrogates() -> None:
    assert normalise("死に\x00たい\ud800") == "死に たい"


def test_bigrams_for_japanese_words_for_latin() -> None:
    assert index_terms(normalise("いのちの電話 LINE 0120")) == [
        "いの",
        "のち",
        "ちの",
        "の電",
        "電話",
        "line",
        "0120",
    ]


def test_unigrams_only_when_asked() -> None:
    assert "ひ" not in index_terms("ひきこもり")
    assert "ひ" in index_terms("ひきこもり", unigrams=True)


def test_partial_typing_is_a_subset_of_the_indexed_terms() -> None:
    indexed = set(index_terms(normalise("ひきこもり地域支援センター")))
    for typed in ("ひきこ", "ヒキコモ", "支援セ"):
        assert set(index_terms(normalise(typed))) <= indexed


def test_phone_digits_ignore_width_and_hyphens() -> None:
    assert phone_digits("０１２０－７８３－５５６") == "0120783556"
    assert phone_digits("#9999") == "9999"
    assert digit_trigrams("783556")[:2] == ["783", "835"]


def test_reading_tokenizer_gives_kana_bigrams_of_kanji_names() -> None:
    terms = [t.text for t in ReadingTokenizer()("いのちの電話 世田谷区")]
    assert "でん" in terms and "せた" in terms and "がや" in terms


def test_tokenizers_pickle_by_module_path() -> None:
    for tok in (JapaneseTokenizer(unigrams=True), ReadingTokenizer()):
        blob = pickle.dumps(tok)
        assert b"index.analysis" in blob
        assert pickle.loads(blob) == tok


def test_title_terms_hold_name_organisation_and_reading_once() -> None:
    from index.analysis import TITLE_SEPARATOR, TitleTokenizer, title_terms

    terms = title_terms("いのちの電話", "日本いのちの電話連盟")
    assert {"電話", "連盟", "でん", "んわ", "電"} <= set(terms)
    assert len(terms) == len(set(terms))
    tokens = [t.text for t in TitleTokenizer()("世田谷区" + TITLE_SEPARATOR + "社会福祉協議会")]
    assert "せた" in tokens and "協議" in tokens


def _runs_by_character(text: str) -> list[tuple[str, str]]:
    """The reference partition, one character at a time (what the regex in ``runs`` replaced)."""
    out: list[tuple[str, str]] = []
    kind = ""
    start = 0
    for i, ch in enumerate(text + " "):
        now = "ja" if is_japanese(ch) else ("w" if is_word_char(ch) else "")
        if now != kind:
            if kind:
                out.append((kind, text[start:i]))
            kind = now
            start = i
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from("あア漢々〆〇・゠ー゛ｱ１a_ 　😀\U00020b9f"),
        ),
        max_size=40,
    )
)
def test_runs_partition_matches_the_character_definition(text: str) -> None:
    assert runs(text) == _runs_by_character(text)
