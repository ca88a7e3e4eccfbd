"""Never nothing for a sentence: a loose second reading when the strict one finds nothing.

A counsellor types what the client says; when no dictionary expression matches a Japanese
sentence and its words are not all in one record (「息子が何年も部屋にこもってる」), returning
「該当なし」 helps no one. The loose reading takes the expressions nearest to the sentence (most
of an expression's bigrams in it) and the sentence's content words (two or more shared kanji
bigrams), and the result says it matched loosely. Junk (「ラーメン屋」, 「asdfgh」) shares
nothing with the dictionary or two kanji bigrams with a record, so it stays empty.
"""

from __future__ import annotations

from itertools import combinations

from whoosh.query.compound import And, Or
from whoosh.query.qcore import Query
from whoosh.query.terms import Term

from index.analysis import bigrams, runs
from index.queryplan import Plan
from index.worries import WorryDictionary

MIN_JAPANESE = 5
"""Shorter text is a word being typed, not a sentence: it is not loosened."""
NEAREST = 3
MAX_BIGRAMS = 6
LOOSE_FIELDS = (("title", 2.0), ("terms", 2.0), ("body", 1.0))


def _kanji(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def nearest_worries(text: str, worries: WorryDictionary) -> list[str]:
    """Worries of the expressions most of whose bigrams occur in ``text``, best first."""
    grams = set(bigrams(text))
    scored: list[tuple[float, int, str, tuple[str, ...]]] = []
    for own, expr in worries.key_bigrams():
        common = own & grams
        if len(common) < 2:
            continue
        key = expr.key
        shared = len(common)
        ratio = shared / len(own)
        kanji = any(_kanji(g[0]) and _kanji(g[1]) for g in common)
        # Most of the expression is in the text, or a kanji word and more of it are
        # (「学校いけてない」 is near 「学校に行けない」).
        if (shared >= 3 and ratio >= 0.4) or (shared >= 2 and kanji and ratio >= 0.3):
            scored.append((-ratio, -shared, key, expr.worries))
    scored.sort()
    codes: list[str] = []
    for _a, _b, _key, found in scored[: NEAREST * 3]:
        codes.extend(found[:1])
    return list(dict.fromkeys(codes))[:NEAREST]


def content_bigrams(text: str) -> list[str]:
    """Distinct all-kanji bigrams of the Japanese runs: the sentence's content words."""
    out: list[str] = []
    for kind, run in runs(text):
        if kind == "ja":
            out.extend(g for g in bigrams(run) if len(g) == 2 and _kanji(g[0]) and _kanji(g[1]))
    return list(dict.fromkeys(out))[:MAX_BIGRAMS]


def loose_plan(plan: Plan, worries: WorryDictionary) -> Plan | None:
    """A loose reading of ``plan``'s sentence, or ``None`` when it is no sentence."""
    japanese = sum(1 for kind, run in runs(plan.text) if kind == "ja" for _ in run)
    if japanese < MIN_JAPANESE or plan.phone:
        return None
    text = "".join(run for kind, run in runs(plan.text) if kind == "ja")
    codes = list(dict.fromkeys([*plan.worries, *nearest_worries(text, worries)]))
    # Next door: what the dictionary most often names beside them (借金 → 生活困窮).
    near = [r for c in codes for r in worries.related(c) if r not in codes]
    parts: list[Query] = []
    for rank, code in enumerate([*codes, *dict.fromkeys(near)]):
        boost = 2.0 if rank == 0 else (1.0 if code in codes else 0.5)
        parts.append(Term("cats", code, boost=boost))
    grams = content_bigrams(text)
    clauses = {g: Or([Term(f, g, boost=b) for f, b in LOOSE_FIELDS]) for g in grams}
    parts.extend(And([clauses[a], clauses[b]]) for a, b in combinations(grams, 2))
    if not parts:
        return None
    return Plan(
        text=plan.text,
        worries=tuple(codes),
        places=plan.places,
        place_words=plan.place_words,
        languages=plan.languages,
        loose=Or(parts),
    )
