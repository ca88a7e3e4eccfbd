"""The worry dictionary: from how people say things to worry categories and search terms.

Clients rarely use the directory's words: 「死にたい」 is 「自殺予防」, 「夫に殴られる」 is
「配偶者暴力相談」. The reviewed mapping lives in ``resources/worries/dictionary.json``; admins add
expressions without a code change by dropping more files of the same shape beside the database
(or shipping them in a feed), which :meth:`WorryDictionary.load` merges.

Matching runs on normalised text (:func:`index.analysis.normalise`), so full-width, katakana and
variant spellings match too, and an expression also matches its inflected stem (「死にたい」 →
「死にたくて」, 「殴られる」 → 「殴られた」).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.normalise import normalise
from index.resources import resource_path
from index.vocabulary import worry_categories

log = logging.getLogger(__name__)

CRISIS_KINDS = ("suicide", "violence")

# A safety net that holds even if the dictionary file is missing or broken: these always signal
# crisis. The reviewed dictionary adds many more.
_BUILTIN_CRISIS = (
    ("死にたい", ("shinitai",), ("自殺", "こころ", "いのち"), "suicide"),
    ("消えたい", ("shinitai",), ("自殺", "こころ"), "suicide"),
    ("自殺", ("shinitai",), ("自殺",), "suicide"),
    ("殴られ", ("dv",), ("暴力", "配偶者"), "violence"),
    ("暴力", ("dv",), ("暴力",), "violence"),
)

_INFLECTING_ENDINGS = "いるうくすつぬむぶぐ"

# Label pieces and inferred words that say nothing about a worry on their own.
_LABEL_SPLIT = re.compile(r"[・、/]|など|の悩み|ほど")
_TOO_GENERIC = frozenset(
    {
        "相談",
        "支援",
        "電話",
        "窓口",
        "女性",
        "子ども",
        "家族",
        "こころ",
        "いのち",
        "生活",
        "地域",
        "つらい",
        "苦しい",
        "しんどい",
        "電話相談",
        "ほっとらいん",
    }
)


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    crisis: str | None
    sensitive: bool


@dataclass(frozen=True)
class Expression:
    text: str  # as written in the dictionary
    key: str  # normalised
    worries: tuple[str, ...]
    terms: tuple[str, ...]
    crisis: str | None = None


@dataclass(frozen=True)
class Match:
    expression: Expression
    start: int
    end: int
    matched: str


@dataclass
class WorryDictionary:
    categories: dict[str, Category] = field(default_factory=dict)
    expressions: list[Expression] = field(default_factory=list)
    synonyms: list[tuple[str, ...]] = field(default_factory=list)  # normalised, canonical first
    _keys: list[tuple[str, Expression]] = field(default_factory=list)
    _synonym_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _phrases_by_head: dict[str, list[str]] = field(default_factory=dict)
    _phrase_heads: frozenset[str] = frozenset()
    _infer_by_head: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _infer_heads: frozenset[str] = frozenset()
    _readings: list[tuple[str, Expression]] | None = None
    _by_key: list[tuple[str, Expression]] | None = None
    _grams: list[tuple[frozenset[str], Expression]] | None = None
    fingerprint: str = ""

    @classmethod
    def load(
        cls, extra: Iterable[Path] = (), shipped: Iterable[tuple[str, Any]] = ()
    ) -> WorryDictionary:
        """Bundled categories and dictionary, then each admin file in ``extra`` and each
        dictionary a feed shipped (``(where, data)``); later ones add."""
        book = cls()
        for item in worry_categories():
            book.categories[item.code] = Category(
                code=item.code, label=item.ja, crisis=item.crisis, sensitive=item.sensitive
            )
        for text, worries, terms, crisis in _BUILTIN_CRISIS:
            book.add_expression(text, worries, terms, crisis)
        for path in (resource_path("worries", "dictionary.json"), *extra):
            book.merge_file(path)
        for where, data in shipped:
            book.merge(data, where)
        book._finish()
        return book

    @classmethod
    def check(cls, data: Any, where: str, *, unknown_worries: bool = False) -> list[str]:
        """Every problem in a dictionary file an admin is about to publish (none: it is fine).

        ``unknown_worries``: a worry code this tsunagi lacks is no problem (a dictionary a newer
        publisher signed; :meth:`merge` keeps the expression's known worries and terms).
        """
        import jsonschema

        with resource_path("worries", "dictionary.schema.json").open(encoding="utf-8") as fh:
            schema = json.load(fh)
        if unknown_worries:  # the schema lists this tsunagi's codes; a newer one lists more
            schema["$defs"]["expression"]["properties"]["worries"]["items"] = {
                "type": "string",
                "minLength": 1,
            }
        problems = [
            f"{where}: {'/'.join(str(p) for p in error.absolute_path) or '-'}: {error.message}"
            for error in jsonschema.Draft202012Validator(schema).iter_errors(data)
        ][:20]
        book = cls.load()
        book.merge(data, where, problems, unknown_worries=unknown_worries)
        if isinstance(data, dict) and not (data.get("expressions") or data.get("synonyms")):
            problems.append(f"{where}: holds no expressions and no synonyms")
        return problems

    @classmethod
    def from_data(cls, categories: Iterable[Category], data: dict[str, Any]) -> WorryDictionary:
        """A dictionary from in-memory data (tests, feeds)."""
        book = cls(categories={c.code: c for c in categories})
        book.merge(data, "data")
        book._finish()
        return book

    def merge_file(self, path: Path) -> None:
        try:
            with path.open(encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            log.warning("worry dictionary %s is missing", path)
            return
        except (OSError, ValueError) as exc:
            log.warning("worry dictionary %s is unreadable: %s", path, exc)
            return
        self.merge(data, str(path))

    def merge(
        self,
        data: Any,
        where: str,
        problems: list[str] | None = None,
        *,
        unknown_worries: bool = True,
    ) -> None:
        """Add expressions and synonyms; a bad entry is logged by position and skipped.

        With ``problems`` (the publisher's check), each bad entry is also reported there. A worry
        code this tsunagi lacks (``unknown_worries``, the default when loading) is left out of the
        expression, which keeps its other worries and its search terms (forward compatibility).
        """

        def bad(message: str) -> None:
            if problems is not None:
                problems.append(message)  # the publisher reports it; no log line twice
            else:
                log.warning("%s", message)

        if not isinstance(data, dict):
            bad(f"{where}: not a JSON object")
            return
        for i, item in enumerate(data.get("expressions") or []):
            try:
                text = str(item["text"])
                worries = tuple(str(w) for w in item.get("worries") or ())
                unknown = [w for w in worries if self.categories and w not in self.categories]
                if unknown and not unknown_worries:
                    raise ValueError(f"unknown worry {unknown}")
                worries = tuple(w for w in worries if w not in unknown)
                crisis = item.get("crisis")
                if crisis not in (None, *CRISIS_KINDS):
                    raise ValueError(f"unknown crisis kind {crisis!r}")
                terms = tuple(str(t) for t in item.get("terms") or ())
                self.add_expression(text, worries, terms, crisis)
            except (KeyError, TypeError, ValueError) as exc:
                bad(f"{where}: expressions[{i}]: {exc}")
        for i, group in enumerate(data.get("synonyms") or []):
            if not isinstance(group, list) or len(group) < 2:
                bad(f"{where}: synonyms[{i}]: needs a canonical form and a variant")
                continue
            forms = tuple(dict.fromkeys(normalise(str(g)).strip() for g in group if str(g).strip()))
            if len(forms) >= 2:
                self.synonyms.append(forms)

    def add_expression(
        self, text: str, worries: Iterable[str], terms: Iterable[str], crisis: str | None
    ) -> None:
        key = normalise(text).strip()
        if len(key) < 2:
            return
        self.expressions.append(Expression(text, key, tuple(worries), tuple(terms), crisis))

    def _finish(self) -> None:
        keys: dict[str, Expression] = {}
        for expr in self.expressions:
            for key in _match_keys(expr.key):
                old = keys.get(key)
                keys[key] = expr if old is None else _combine(old, expr)
        # Longest first, so 「死にたいほどつらい」 wins over 「つらい」.
        self._keys = sorted(keys.items(), key=lambda kv: -len(kv[0]))
        self._synonym_of = {}
        for forms in self.synonyms:
            for form in forms:
                merged = self._synonym_of.get(form, ())
                self._synonym_of[form] = tuple(dict.fromkeys((*merged, *forms)))
        phrases = sorted(self.phrases())
        self._phrases_by_head = {}
        for phrase in phrases:
            self._phrases_by_head.setdefault(phrase[:2], []).append(phrase)
        self._phrase_heads = frozenset(self._phrases_by_head)
        self._finish_inference()
        inference = sorted(f"{k}={c}" for items in self._infer_by_head.values() for k, c in items)
        self.fingerprint = hashlib.sha256("\n".join([*phrases, *inference]).encode()).hexdigest()[
            :16
        ]

    def _finish_inference(self) -> None:
        """Words that, found in a record's own text, say which worry it helps with.

        Category labels (「生活困窮」, 「ひきこもり」), the dictionary's expressions (each to its
        first worry), synonym groups (every form of a group that says a worry), and the search
        terms the expressions point to when the expressions listing a term agree on its worry
        (「配偶者暴力」 → dv; 「こころ」 points everywhere and says nothing).
        """
        table: dict[str, str] = {}

        def put(key: str, code: str) -> None:
            key = normalise(key).strip().replace(" ", "")
            if len(key) >= 2 and key not in _TOO_GENERIC:
                table.setdefault(key, code)

        for cat in self.categories.values():
            for part in _LABEL_SPLIT.split(cat.label):
                put(part, cat.code)
        votes: dict[str, dict[str, int]] = {}
        for expr in self.expressions:
            if not expr.worries:
                continue
            put(expr.key, expr.worries[0])
            for term in expr.terms:
                tally = votes.setdefault(normalise(term).replace(" ", ""), {})
                tally[expr.worries[0]] = tally.get(expr.worries[0], 0) + 1
        for term, tally in votes.items():
            code, count = max(tally.items(), key=lambda kv: kv[1])
            if count >= 2 and count >= 0.7 * sum(tally.values()):
                put(term, code)
        for forms in self.synonyms:
            said = next((table[f] for f in forms if f in table), None)
            if said is not None:
                for form in forms:
                    put(form, said)
        by_head: dict[str, list[tuple[str, str]]] = {}
        for key, code in sorted(table.items()):
            by_head.setdefault(key[:2], []).append((key, code))
        self._infer_by_head = by_head
        self._infer_heads = frozenset(by_head)

    def infer(self, text: str) -> tuple[str, ...]:
        """Worry codes that normalised record ``text`` states in its own words, most named first.

        Run over each record's name, description, taxonomy terms and eligibility at index time,
        so a record a curator never tagged is still found by what people say
        (docs/search.md, "Categories from record text").
        """
        heads = {text[i : i + 2] for i in range(len(text) - 1)} & self._infer_heads
        counts: dict[str, int] = {}
        for head in heads:
            for key, code in self._infer_by_head[head]:
                if key in text:
                    counts[code] = counts.get(code, 0) + 1
        return tuple(sorted(counts, key=lambda c: (-counts[c], c)))

    def complete(self, fragment: str, limit: int = 3) -> list[Expression]:
        """Expressions that start with the typed ``fragment`` (normalised), or whose kana
        reading does: 「しにた」, 「やちん」, 「ひきこ」 are typed before the IME converts them."""
        if len(fragment) < 2:
            return []
        found: dict[str, Expression] = {}
        keys = self._sorted_keys()
        start = bisect.bisect_left(keys, (fragment,))
        for key, expr in keys[start:]:
            if not key.startswith(fragment):
                break
            if key != fragment:
                found.setdefault(expr.key, expr)
        if len(fragment) >= 3 and all("\u3040" <= c <= "\u309f" or c == "ー" for c in fragment):
            readings = self._kana_readings()
            start = bisect.bisect_left(readings, (fragment,))
            for kana, expr in readings[start:]:
                if not kana.startswith(fragment):
                    break
                found.setdefault(expr.key, expr)
        ranked = sorted(found.values(), key=lambda e: len(e.key))
        return ranked[:limit]

    def _sorted_keys(self) -> list[tuple[str, Expression]]:
        """Match keys in code-point order: the keys a fragment starts are one bisected run."""
        if self._by_key is None:
            self._by_key = sorted(self._keys, key=lambda kv: kv[0])
        return self._by_key

    def _kana_readings(self) -> list[tuple[str, Expression]]:
        """Kana readings of the expressions with kanji (pykakasi, once per dictionary)."""
        if self._readings is None:
            from index.readings import reading

            out = []
            for key, expr in self._keys:
                if any("\u3400" <= c <= "\u9fff" for c in key):
                    out.append((reading(key), expr))
            self._readings = sorted(out, key=lambda kv: kv[0])
        return self._readings

    def phrases(self) -> set[str]:
        """Search terms and synonym forms, normalised: indexed whole so a query needs one lookup.

        「自立相談支援」 as four common bigrams (相談 is in nearly every service) made expression
        queries cost seconds at 100k services; as one ``phrases`` term it costs one posting list.
        """
        out = {normalise(t).replace(" ", "_") for e in self.expressions for t in e.terms}
        out |= {form.replace(" ", "_") for forms in self.synonyms for form in forms}
        return {p for p in out if len(p) >= 2}

    def phrases_in(self, text: str) -> list[str]:
        """Every dictionary phrase occurring in normalised ``text`` (overlaps included)."""
        # The text's distinct bigrams meet the phrase heads in C (set intersection); a per
        # character Python loop here cost ~30 s of a 100k-service index build.
        heads = {text[i : i + 2] for i in range(len(text) - 1)} & self._phrase_heads
        found = [
            (text.find(phrase), order, phrase)
            for head in heads
            for order, phrase in enumerate(self._phrases_by_head[head])
            if phrase in text
        ]
        return list(dict.fromkeys(phrase for _pos, _order, phrase in sorted(found)))

    def match(self, text: str) -> list[Match]:
        """Non-overlapping expressions in normalised ``text``, longest first, in text order."""
        taken = [False] * len(text)
        found: list[Match] = []
        for key, expr in self._keys:
            if len(key) > len(text):
                continue
            start = text.find(key)
            while start >= 0:
                end = start + len(key)
                if not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    found.append(Match(expr, start, end, key))
                start = text.find(key, end)
        return sorted(found, key=lambda m: m.start)

    def alternatives(self, word: str) -> tuple[str, ...]:
        """``word`` and its synonym forms (社協 → 社会福祉協議会 …), normalised, ``word`` first."""
        out = [word]
        direct = self._synonym_of.get(word)
        if direct:
            out.extend(direct)
        else:
            for form, group in self._synonym_of.items():
                if len(form) >= 2 and form in word and form != word:
                    out.extend(word.replace(form, other) for other in group)
                    if len(out) > 8:
                        break
        return tuple(dict.fromkeys(out))[:9]

    def related(self, code: str) -> tuple[str, ...]:
        """Worries the dictionary's expressions about ``code`` most often also name (借金 →
        生活困窮): where a loose search looks next."""
        counts: dict[str, int] = {}
        for expr in self.expressions:
            if expr.worries[:1] == (code,):
                for other in expr.worries[1:]:
                    counts[other] = counts.get(other, 0) + 1
        ranked = sorted((c for c in counts if counts[c] >= 3), key=lambda c: -counts[c])
        return tuple(ranked[:2])

    def key_bigrams(self) -> list[tuple[frozenset[str], Expression]]:
        """Each match key (3+ characters, with worries) as its set of bigrams, computed once:
        what the loose reading compares a sentence with (index.loose)."""
        if self._grams is None:
            self._grams = [
                (frozenset(key[i : i + 2] for i in range(len(key) - 1)), expr)
                for key, expr in self._keys
                if len(key) >= 3 and expr.worries
            ]
        return self._grams

    def label(self, code: str) -> str:
        category = self.categories.get(code)
        return category.label if category else code

    def crisis_of(self, code: str) -> str | None:
        category = self.categories.get(code)
        return category.crisis if category else None


_DROPPABLE_PARTICLE = re.compile(
    r"(?<=[\u3400-\u9fff\u30a0-\u30ffー])[がをはにも](?=[\u3400-\u9fff])"
)


def _match_keys(key: str) -> list[str]:
    """The key and, for an inflecting ending, its stem: 「死にたい」 also as 「死にた」.

    People drop particles when they speak and type fast: 「家賃払えない」 is 「家賃が払えない」,
    so a particle between a kanji word and a kanji verb is optional (both forms are keys).
    """
    keys = [key]
    dropped = _DROPPABLE_PARTICLE.sub("", key)
    if dropped != key and len(dropped) >= 3:
        keys.append(dropped)
    for base in list(keys):
        before = base[-2] if len(base) >= 3 else ""
        if base[-1] in _INFLECTING_ENDINGS and (
            "\u3040" <= before <= "\u309f" or "\u4e00" <= before <= "\u9fff"
        ):
            keys.append(base[:-1])
    return keys


def _combine(a: Expression, b: Expression) -> Expression:
    return Expression(
        text=a.text,
        key=a.key,
        worries=tuple(dict.fromkeys((*a.worries, *b.worries))),
        terms=tuple(dict.fromkeys((*a.terms, *b.terms))),
        crisis=a.crisis or b.crisis,
    )
