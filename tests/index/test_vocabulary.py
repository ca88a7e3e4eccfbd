"""The one vocabulary module and the one text()/fold(): values read the same way everywhere."""

from __future__ import annotations

import re
from datetime import date

import pytest

from index import vocabulary
from index.plaintext import fold, text, text_or_none
from tests.conftest import REPO

SOURCES = [p for top in ("index", "sync", "desktop") for p in (REPO / top).rglob("*.py")]


def test_categories_json_is_read_by_the_vocabulary_module_only() -> None:
    readers = [
        p.relative_to(REPO).as_posix()
        for p in SOURCES
        if '"categories.json"' in p.read_text("utf-8")
    ]
    assert readers == ["index/vocabulary.py"]


def test_no_private_text_or_fold_helpers_remain() -> None:
    pattern = re.compile(r"^def _(text|fold)\(", re.MULTILINE)
    found = [
        p.relative_to(REPO).as_posix() for p in SOURCES if pattern.search(p.read_text("utf-8"))
    ]
    assert found == []


def test_categories_are_loaded_once_and_read_only() -> None:
    assert vocabulary.worry_categories() is vocabulary.worry_categories()
    labels = vocabulary.worry_labels()
    assert labels["seikatsu"] == "生活困窮"
    assert "shinitai" in vocabulary.sensitive_worries()
    with pytest.raises(TypeError):
        labels["x"] = "y"  # type: ignore[index]
    assert "x" not in vocabulary.worry_labels()


def test_term_label_prefers_our_label_then_the_terms_own_name() -> None:
    assert vocabulary.term_label(vocabulary.WORRY_TAXONOMY, "seikatsu", "whatever") == "生活困窮"
    assert vocabulary.term_label(vocabulary.WORRY_TAXONOMY, "kaji-new", "家事代行") == "家事代行"
    assert vocabulary.term_label(vocabulary.ACCESS_TAXONOMY, "free") == "無料"
    assert vocabulary.term_label(vocabulary.ACCESS_TAXONOMY, "sign-new", "") == "sign-new"


def test_text_and_fold() -> None:
    assert text("  相談\u3000") == "相談"
    assert text(12.0) == "12" and text(7) == "7" and text(1.5) == "1.5"
    assert text(date(2026, 11, 1)) == "2026-11-01"
    assert text(None) == "" and text({"a": 1}) == "" and text(True) == "true"
    assert text("９：００", nfkc=True) == "9:00"
    assert text_or_none("  ") is None
    assert fold(" ＤＶ　相談 ") == "dv相談"
    assert fold("ＤＶ　相談", spaces=True) == "dv 相談"
    assert fold("ダテシ", kana=True) == "だてし"
