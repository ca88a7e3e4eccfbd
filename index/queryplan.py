"""Reading a query: places, worry expressions and the words that must match (step 1-4).

Split from ``index.search`` to keep modules small. The search classes form one straight line of
inheritance, each in its own module, so each step can call the ones before it without import
circles: :class:`QueryReading` → ``index.queryterms.QueryBuilding`` →
``index.searchhits.HitReading`` → ``index.crisislines.CrisisLines`` → ``index.search.Searcher``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from index.normalise import clean, is_japanese, normalise
from index.regions import RegionMaster
from index.searchindex import SearchIndex
from index.signals import signals
from index.vocabulary import LANGUAGE_ALIASES, LANGUAGE_NAMES
from index.worries import Expression, Match, WorryDictionary

MAX_CHARS = 120
MAX_WORDS = 8
MAX_RUN = 16

# Particles and endings dropped when they follow a kanji/katakana word or an expression.
_PARTICLES = re.compile(
    r"^(?:から|まで|より|って|けど|ので|のに|とか|など|には|では|へは|とは|でも|にも|"
    r"について|したい|したくて|して|する|した|です|ます|ない|たい|[のにがをはでともへやてた])+$"
)
_SPLIT = re.compile(r"[\s、。，．・,.!?！？「」『』（）()\[\]{}<>＜＞\"'`/\\|:;＝=+*&^%$#@~]+")


MAX_TYPED = 12
"""Typed chunks up to this long keep counting beside the expressions found in them."""

# A phone number as printed: digits with hyphens (any width, ー typed by an IME), spaces, brackets.
_PHONE_LIKE = re.compile(r"[0-9\s\-‐‑‒–—―−ー()+.]+")

# Language words in Latin script and endonyms; the Japanese names come from index.vocabulary.
_LANGUAGE_WORDS = {
    "english": "en",
    "vietnamese": "vi",
    "tiếng việt": "vi",
    "tieng viet": "vi",
    "chinese": "zh",
    "中文": "zh",
    "korean": "ko",
    "한국어": "ko",
    "portuguese": "pt",
    "português": "pt",
    "portugues": "pt",
    "tagalog": "tl",
    "filipino": "tl",
    "nepali": "ne",
    "spanish": "es",
    "español": "es",
    "indonesian": "id",
    "bahasa indonesia": "id",
    "thai": "th",
    "burmese": "my",
    "french": "fr",
    "russian": "ru",
    "ukrainian": "uk",
}

SIGNAL_TERMS = {"suicide": ("自殺", "いのち"), "violence": ("暴力", "配偶者暴力")}


@lru_cache(maxsize=1)
def _language_words() -> tuple[tuple[str, str], ...]:
    """Every language word, normalised, longest first (「ベトナム語」, 「tiếng việt」, 「english」)."""
    words = dict(_LANGUAGE_WORDS)
    for code, name in LANGUAGE_NAMES.items():
        if code != "ja":
            words[name] = code
    for name, code in LANGUAGE_ALIASES.items():
        words[name] = code
    out = {normalise(w): c for w, c in words.items()}
    return tuple(sorted(out.items(), key=lambda kv: -len(kv[0])))


@dataclass
class Word:
    text: str  # normalised, as shown in ``why``
    forms: tuple[tuple[str, ...], ...]  # any form matches; all parts of a form must match
    must: bool = True
    completes: tuple[str, ...] = ()  # worries of the expressions this fragment may be typing


@dataclass
class Plan:
    """The reading of one query, before it touches the index (also what ``--json`` explains)."""

    text: str = ""
    words: list[Word] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    worries: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    crisis: str | None = None
    places: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()
    worry_weights: dict[str, float] = field(default_factory=dict)
    typed: tuple[str, ...] = ()  # chunks holding an expression, as typed: they keep counting
    languages: tuple[str, ...] = ()  # language codes the query names (「ベトナム語」)
    phone: str = ""  # the digits of a phone-like query
    loose: Any = None  # a Whoosh query that matched loosely (index.loose), when nothing else did


class QueryReading:
    """What every search step shares: the index, its database, regions and worry dictionary."""

    index: SearchIndex
    db: Database
    regions: RegionMaster
    worries: WorryDictionary
    _places: dict[str, tuple[str, ...]] | None

    def plan(self, text: str, region: str | None = None, *, places: bool = True) -> Plan:
        """Read a query: places, worry expressions, and the words that must match.

        ``places=False`` reads place names as plain words (a name such as 「上川中部こころの電話」
        starts with one).
        """
        norm = normalise(clean(text or "")[: MAX_CHARS * 4])[:MAX_CHARS]
        plan = Plan(text=norm)
        digits = "".join(c for c in norm if c.isdigit())
        if len(digits) >= 6 and _PHONE_LIKE.fullmatch(norm.strip()):
            # 「0183-72-5855」, 「(03)0000-1203」, 「０１２０ー３０４ー７２８」: one number, not words.
            plan.phone = digits
            plan.words.append(Word(digits, ((digits,),)))
            return plan
        norm = self._languages(norm, plan)
        chunks = [c for c in _SPLIT.split(norm) if c]
        found: list[str] = []
        place_words: list[str] = []
        rest: list[str] = []
        for chunk in chunks:
            codes, used = self._place_prefix(chunk, region) if places else ((), 0)
            if codes:
                found.extend(codes)
                place_words.append(chunk[:used])
                chunk = chunk[used:]
                if not chunk or _PARTICLES.match(chunk):
                    continue
                rest.append("\x00" + chunk)  # follows a place: leading particles may go
            else:
                rest.append(chunk)
        plan.places = tuple(dict.fromkeys(found))
        plan.place_words = tuple(place_words)
        joined = " ".join(rest)
        plan.matches = _with_signals(self.worries.match(joined), joined)
        plan.typed = _typed_chunks(joined, plan.matches)
        worries: list[str] = []
        terms: list[str] = []
        crisis: str | None = None
        for m in plan.matches:
            worries.extend(m.expression.worries)
            for rank, code in enumerate(m.expression.worries):
                # An expression's first worry is what it is about; the others are nearby.
                weight = 1.0 if rank == 0 else 0.5
                plan.worry_weights[code] = max(plan.worry_weights.get(code, 0.0), weight)
            terms.extend(m.expression.terms)
            if m.expression.crisis == "suicide" or (m.expression.crisis and crisis is None):
                crisis = m.expression.crisis
        plan.worries = tuple(dict.fromkeys(worries))
        plan.terms = tuple(dict.fromkeys(normalise(t) for t in terms if t.strip()))[:12]
        plan.crisis = crisis
        # Cut the expressions out; what remains is words.
        pieces: list[tuple[str, bool]] = []  # (text, follows something consumed)
        pos = 0
        for m in plan.matches:
            pieces.append((joined[pos : m.start], pos > 0))
            pos = m.end
        pieces.append((joined[pos:], bool(plan.matches)))
        words: list[Word] = []
        for piece, after in pieces:
            for chunk in piece.split(" "):
                follows = after or chunk.startswith("\x00")
                chunk = chunk.replace("\x00", "")
                after = False
                if chunk:
                    words.extend(self._words(chunk, follows, bool(plan.matches)))
        seen: set[str] = set()
        for word in words:
            if word.text not in seen and len(seen) < MAX_WORDS:
                seen.add(word.text)
                plan.words.append(word)
        tail = joined.rstrip()
        if plan.words and not plan.matches and tail.endswith(plan.words[-1].text):
            # The last fragment may be half typed: 「しにた」, 「やちん」, 「ひきこ」.
            last = plan.words[-1]
            done = self.worries.complete(last.text) if len(last.text) <= 6 else []
            last.completes = tuple(dict.fromkeys(e.worries[0] for e in done if e.worries))
        return plan

    def _languages(self, norm: str, plan: Plan) -> str:
        """Language words become language codes (「ベトナム語」 → vi) and leave the text."""
        codes: list[str] = []
        for word, code in _language_words():
            if word in norm:
                codes.append(code)
                norm = norm.replace(word, " ")
        plan.languages = tuple(dict.fromkeys(codes))
        return norm

    # --- reading the text ----------------------------------------------------------------

    def _words(self, chunk: str, follows: bool, has_expressions: bool) -> list[Word]:
        """One word per chunk, with the forms that may match it.

        A chunk matches as typed, or through its content segments (「家賃が払えない」 → 「家賃」;
        「ひきこもりの相談」 → 「ひきこもり」 and 「相談」), or through a synonym. A chunk left over
        beside a worry expression (「夫に」 from 「夫に殴られる」) is optional: the expression
        already says what the query is about.
        """
        hira = all("\u3040" <= c <= "\u309f" or c == "ー" for c in chunk)
        if hira and (follows or has_expressions) and (_PARTICLES.match(chunk) or len(chunk) <= 2):
            return []
        forms: list[tuple[str, ...]] = [(alt,) for alt in self.worries.alternatives(chunk)]
        content = _content_segments(chunk)
        if content and content != [chunk]:
            forms.append(tuple(content))
        return [Word(chunk, tuple(dict.fromkeys(forms)), must=not has_expressions)]

    def _place_prefix(self, chunk: str, region: str | None) -> tuple[tuple[str, ...], int]:
        """Regions named by the longest prefix of ``chunk`` (at least 2 characters)."""
        places = self._place_keys()
        for end in range(min(len(chunk), 12), 1, -1):
            codes = places.get(chunk[:end])
            if not codes:
                continue
            key = chunk[:end]
            rest = chunk[end:]
            kana_key = all("\u3040" <= c <= "\u309f" for c in key)
            if kana_key and rest and rest[0] not in "のでにへ" and "\u3040" <= rest[0] <= "\u309f":
                continue  # 「あさひかわ…」 is not 「あさひ」 + something
            return self._disambiguate(codes, region), end
        return (), 0

    def _disambiguate(self, codes: tuple[str, ...], region: str | None) -> tuple[str, ...]:
        if len(codes) > 1 and region:
            client = self.regions.get(region)
            if client is not None:
                near = tuple(
                    c
                    for c in codes
                    if (r := self.regions.get(c)) and r.prefecture == client.prefecture
                )
                if near:
                    codes = near
        if len(codes) > 1:
            # 「大阪」「福岡」 name a prefecture and its capital city: people mean the city, and
            # the prefecture still comes in as the city's wider area.
            found = [r for c in codes if (r := self.regions.get(c)) is not None]
            prefs = {r.lgcode for r in found if r.kind == "prefecture"}
            inner = tuple(
                r.lgcode for r in found if r.kind != "prefecture" and r.prefecture_code in prefs
            )
            if inner:
                return inner
        return codes

    def _place_keys(self) -> dict[str, tuple[str, ...]]:
        if self._places is None:
            self._places = _place_keys(self.regions)
        return self._places

    # --- building the Whoosh query --------------------------------------------------------


def _segments(chunk: str) -> list[tuple[str, str]]:
    """Split at script changes: 「家賃が払えない」 → 家賃 / が / 払 / えない (h = hiragana)."""
    out: list[tuple[str, str]] = []
    for ch in chunk:
        kind = "h" if "\u3040" <= ch <= "\u309f" else ("j" if is_japanese(ch) else "w")
        if ch == "ー" and out:
            kind = out[-1][0]
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + ch)
        else:
            out.append((kind, ch))
    return out


_PARTICLE_CHARS = "のにがをはでともへや"


def _content_segments(chunk: str) -> list[str]:
    """The parts of a chunk that carry meaning: kanji/katakana/Latin words, longer kana words."""
    segs = _segments(chunk)
    others = [text for kind, text in segs if kind != "h"]
    out: list[str] = []
    for kind, text in segs:
        if kind == "h":
            text = text.strip(_PARTICLE_CHARS)
            if len(text) >= 3 and not _PARTICLES.match(text):
                out.append(text)
        elif len(text) >= 2 or len(others) == 1:
            out.append(text)
    return out


_SUFFIXES = ("市", "区", "町", "村", "都", "道", "府", "県")
_KANA_SUFFIXES = ("し", "く", "ちょう", "まち", "そん", "むら", "けん", "と", "ふ")


@lru_cache(maxsize=4)
def _place_keys(regions: RegionMaster) -> dict[str, tuple[str, ...]]:
    """Exact place words → region codes: names, names without 市/区/町, kana, short kana."""
    keys: dict[str, list[str]] = {}

    def add(key: str, code: str, kana: bool) -> None:
        key = normalise(key).replace(" ", "")
        if len(key) < (3 if kana else 2):
            return
        keys.setdefault(key, [])
        if code not in keys[key]:
            keys[key].append(code)

    for region in regions.all():
        name = region.name.split()[-1]
        add(name, region.lgcode, False)
        add(region.name, region.lgcode, False)
        if region.kind != "prefecture":
            add(region.prefecture + region.name, region.lgcode, False)
        for suffix in _SUFFIXES:
            short = name[: -len(suffix)]
            if name.endswith(suffix) and len(short) >= 2 and any(is_japanese(c) for c in short):
                # 「いの町」 must not make 「いの」 (いのちの電話) a place: kana stems need 3+.
                kana_only = all("\u3040" <= c <= "\u309f" for c in short)
                add(short, region.lgcode, kana_only)
        kana = region.kana.split()[-1] if region.kana else ""
        if kana:
            add(kana, region.lgcode, True)
            for suffix in _KANA_SUFFIXES:
                if kana.endswith(suffix) and len(kana) - len(suffix) >= 3:
                    add(kana[: -len(suffix)], region.lgcode, True)
    keys.pop(normalise("全国"), None)
    # A designated city and its ward can share a short key; prefer the city alone.
    return {k: tuple(v) for k, v in keys.items()}


def _with_signals(matches: list[Match], text: str) -> list[Match]:
    """The dictionary's matches plus crisis signals it missed (「死にてえ」, 「ODした」).

    A signal inside a dictionary match only lends it its crisis kind; elsewhere it becomes a
    match of its own, so its words are not also required as plain words.
    """
    out = list(matches)
    for sig in signals(text):
        inside = [m for m in out if m.start < sig.end and sig.start < m.end]
        if inside:
            for m in inside:
                if m.expression.crisis is None or (
                    sig.kind == "suicide" and m.expression.crisis != "suicide"
                ):
                    expr = m.expression
                    worries = tuple(dict.fromkeys((*sig.worries, *expr.worries)))
                    out[out.index(m)] = Match(
                        Expression(expr.text, expr.key, worries, expr.terms, sig.kind),
                        m.start,
                        m.end,
                        m.matched,
                    )
            continue
        matched = text[sig.start : sig.end]
        expr = Expression(matched, matched, sig.worries, SIGNAL_TERMS[sig.kind], sig.kind)
        out.append(Match(expr, sig.start, sig.end, matched))
    return sorted(out, key=lambda m: m.start)


def _typed_chunks(joined: str, matches: list[Match]) -> tuple[str, ...]:
    """The space-separated chunks that hold an expression, as typed (「dv相談」 in 「dv相談+」)."""
    out: list[str] = []
    pos = 0
    for chunk in joined.split(" "):
        start, end = pos, pos + len(chunk)
        pos = end + 1
        text = chunk.replace("\x00", "")
        if text and len(text) <= MAX_TYPED and any(start <= m.start < end for m in matches):
            out.append(text)
    return tuple(dict.fromkeys(out))
