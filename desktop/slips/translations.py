"""The fixed words of a slip in each language, read from ``resources/translations/slips/``.

Why data and not code: a translator (or a reviewer who is a native speaker) edits one JSON file
per language, checked by ``schema.json``; ``ja.json`` is the source every other file must match key
for key (a test holds that). A file says whether it was machine-made (``review: machine``), and the
About dialog lists those. No Qt and no reportlab here.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from index.resources import resource_path

LANGUAGES = ("ja", "easy", "en", "zh", "ko", "vi", "pt", "es", "tl", "ne", "id")
"""Slip languages: Japanese, やさしい日本語, and bilingual slips (the client's language + Japanese)."""
BILINGUAL = LANGUAGES[2:]


class TranslationError(ValueError):
    """A translation file is missing, malformed, or lacks a key that ``ja.json`` has."""


@dataclass(frozen=True)
class SlipTexts:
    language: str
    name: str  # the language's own name: 「Tiếng Việt」
    name_ja: str  # its Japanese name: 「ベトナム語」
    script: str  # ja, latin, hans, hangul, devanagari: which font the slip sets it in
    review: str  # "reviewed" or "machine"
    review_note: str
    texts: dict[str, str]

    def get(self, key: str, **values: Any) -> str:
        template = self.texts[key]
        return template.format(**values) if values else template

    @property
    def machine_made(self) -> bool:
        return self.review != "reviewed"


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@cache
def _validator() -> Draft202012Validator:
    with resource_path("translations", "slips", "schema.json").open(encoding="utf-8") as fh:
        return Draft202012Validator(json.load(fh))


def check(data: Any, source: dict[str, str] | None) -> list[str]:
    """Problems of one file's data: schema errors, keys missing or extra, placeholders that differ."""
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in _validator().iter_errors(data)
    ]
    if problems or source is None:
        return problems
    texts: dict[str, str] = data["texts"]
    problems += [f"texts/{key}: missing" for key in source if key not in texts]
    problems += [f"texts/{key}: not in ja.json" for key in texts if key not in source]
    for key, template in texts.items():
        if key in source and not placeholders(template) <= placeholders(source[key]):
            problems.append(f"texts/{key}: placeholders {sorted(placeholders(template))} differ")
    return problems


@cache
def slip_texts(language: str) -> SlipTexts:
    """The texts of one slip language (cached: the files are read once a process)."""
    if language not in LANGUAGES:
        raise TranslationError(
            f"unknown slip language {language!r}; use one of {', '.join(LANGUAGES)}"
        )
    path = resource_path("translations", "slips", f"{language}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TranslationError(f"{path}: cannot read: {exc}") from exc
    source = None if language == "ja" else slip_texts("ja").texts
    problems = check(data, source)
    if problems:
        raise TranslationError(f"{path}: " + "; ".join(problems[:5]))
    return SlipTexts(
        language=data["language"],
        name=data["name"],
        name_ja=data["name_ja"],
        script=data["script"],
        review=data["review"],
        review_note=data["review_note"],
        texts=dict(data["texts"]),
    )


def machine_made() -> list[SlipTexts]:
    """The slip languages whose texts no native speaker has reviewed yet (for the About dialog)."""
    return [t for t in (slip_texts(lang) for lang in LANGUAGES) if t.machine_made]


@cache
def _worry_sentences() -> dict[str, Any]:
    with resource_path("translations", "slips", "worry-sentences.json").open(
        encoding="utf-8"
    ) as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def worry_sentence(worries: list[str] | tuple[str, ...]) -> str:
    """The plain Japanese sentence to say on the phone for the first worry that has one."""
    sentences = _worry_sentences()["sentences"]
    for code in worries:
        if code in sentences:
            return str(sentences[code]["ja"])
    return ""


def worry_sentence_credit(sentence: str) -> str:
    """The credit line CC BY 4.0 asks for when ``sentence`` is one taken from くらし支援ナビ."""
    for entry in _worry_sentences()["sentences"].values():
        if entry["ja"] == sentence.strip() and str(entry["from"]).startswith("kurashi-navi:"):
            return str(_worry_sentences()["credit_short"])
    return ""
