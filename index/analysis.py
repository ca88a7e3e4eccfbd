"""Japanese text normalisation and the Whoosh analysers built on it.

Measured against janome and SudachiPy (docs/search.md): morphological analysers miss what a
counsellor types half-way (「ひきこ」, 「居場」) and fold no kana, so tsunagi indexes character
bigrams of Japanese runs and whole words of Latin and digit runs, after one normalisation that both
the index and the query go through (:func:`normalise`). Short fields (name, place) also get
unigrams, so that one typed character already finds something.

The tokenizer classes below are pickled into the index by Whoosh: this module path
(``index.analysis``) and the class names must stay importable, PyInstaller bundles included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from whoosh.analysis.acore import Composable, Token
from whoosh.analysis.tokenizers import Tokenizer

from index.normalise import is_japanese, normalise


def is_word_char(ch: str) -> bool:
    return ch.isalnum() and not is_japanese(ch)


_JA_CLASS = (
    "[\u3040-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff\u3005\u3006\u3007]"
)
# The same partition as is_japanese / is_word_char character by character ([^\W_] is exactly
# str.isalnum), done by the regex engine: a Python loop per character was the largest single
# cost of building the index.
_RUNS = re.compile(f"(?P<ja>{_JA_CLASS}+)|(?P<w>(?:(?!{_JA_CLASS})[^\\W_])+)")


def runs(text: str) -> list[tuple[str, str]]:
    """Split normalised text into ``("ja", run)`` and ``("w", word)`` pieces; the rest separates."""
    return [("ja" if m.lastgroup == "ja" else "w", m.group()) for m in _RUNS.finditer(text)]


def bigrams(run: str) -> list[str]:
    """Overlapping character bigrams; a one-character run is its own term."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(text: str, *, unigrams: bool = False) -> list[str]:
    """The terms a field value is indexed under (already normalised text in, terms out)."""
    terms: list[str] = []
    for kind, run in runs(text):
        if kind == "w":
            terms.append(run)
            continue
        terms.extend(bigrams(run))
        if unigrams and len(run) > 1:
            terms.extend(run)
    return terms


def phone_digits(number: str) -> str:
    """The digits of a phone number, whatever its width and punctuation (never shown)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", number) if ch.isdigit())


def digit_trigrams(digits: str) -> list[str]:
    if len(digits) < 3:
        return [digits] if digits else []
    return [digits[i : i + 3] for i in range(len(digits) - 2)]


def _emit(terms: Iterator[str] | list[str], kwargs: dict[str, Any]) -> Iterator[Token]:
    token = Token(
        positions=kwargs.get("positions", False),
        chars=False,
        removestops=kwargs.get("removestops", True),
        mode=kwargs.get("mode", ""),
    )
    start_pos = int(kwargs.get("start_pos", 0))
    for pos, term in enumerate(terms):
        token.text = term
        token.boost = 1.0
        token.stopped = False
        if kwargs.get("positions"):
            token.pos = start_pos + pos
        yield token


class JapaneseTokenizer(Tokenizer):  # type: ignore[misc]
    """Normalise, then bigrams of Japanese runs (plus unigrams if asked) and whole Latin words."""

    def __init__(self, unigrams: bool = False) -> None:
        self.unigrams = unigrams

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JapaneseTokenizer) and other.unigrams == self.unigrams

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.unigrams))

    def terms(self, value: str) -> list[str]:
        return index_terms(normalise(value), unigrams=self.unigrams)

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        yield from _emit(self.terms(value), kwargs)


class ReadingTokenizer(Tokenizer):  # type: ignore[misc]
    """Bigrams of the hiragana reading of a name, so 「いのちのでんわ」 finds 「いのちの電話」.

    The reading is computed here rather than before ``add_document`` so that a multi-process
    writer spreads the (slow) kakasi conversion over its workers.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReadingTokenizer)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def terms(self, value: str) -> list[str]:
        from index.readings import reading

        terms: list[str] = []
        for kind, run in runs(normalise(value)):
            if kind == "ja":
                terms.extend(bigrams(normalise(reading(run))))
        return terms

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        yield from _emit(self.terms(value), kwargs)


TITLE_SEPARATOR = "\x1f"
"""Separates a service's name from its organisation in the ``title`` field value."""


def title_terms(name: str, organisation: str) -> list[str]:
    """Terms of the ``title`` field: name unigrams and bigrams, organisation bigrams, readings.

    One field rather than three (name, organisation, kana reading) because they overlap heavily:
    Whoosh's build cost is per posting, and a shared field stores each term once per service.
    """
    from index.readings import reading

    norm = normalise(name)
    terms = index_terms(norm, unigrams=True)
    terms += index_terms(normalise(organisation))
    for kind, run in runs(norm):
        if kind == "ja" and any(not ("\u3040" <= c <= "\u309f" or c == "ー") for c in run):
            terms.extend(bigrams(normalise(reading(run))))
    return list(dict.fromkeys(terms))


class TitleTokenizer(Tokenizer):  # type: ignore[misc]
    """``name<US>organisation`` → :func:`title_terms` (runs in the writer's worker processes)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TitleTokenizer)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def terms(self, value: str) -> list[str]:
        name, _sep, organisation = value.partition(TITLE_SEPARATOR)
        return title_terms(name, organisation)

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        yield from _emit(self.terms(value), kwargs)


class DigitsTokenizer(Tokenizer):  # type: ignore[misc]
    """Digit trigrams of phone numbers (space-separated digit strings in the field value)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DigitsTokenizer)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def terms(self, value: str) -> list[str]:
        terms: list[str] = []
        for digits in value.split():
            terms.extend(digit_trigrams(digits))
        return terms

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        yield from _emit(self.terms(value), kwargs)


def japanese_analyzer(unigrams: bool = False) -> Composable:
    return JapaneseTokenizer(unigrams=unigrams)


def reading_analyzer() -> Composable:
    return ReadingTokenizer()


def title_analyzer() -> Composable:
    return TitleTokenizer()


def digits_analyzer() -> Composable:
    return DigitsTokenizer()
