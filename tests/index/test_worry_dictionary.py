"""The bundled worry dictionary is reviewed data: these checks keep it that way.

Search quality on colloquial worries rests on this file, and a typo in a category code or a lost
crisis flag would fail silently at search time. So the file is checked on its own, with json and
jsonschema only, against its schema and against the review rules in resources/worries/README.md.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

WORRIES = Path(__file__).resolve().parents[2] / "resources" / "worries"


def _load(name: str) -> Any:
    with (WORRIES / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def dictionary() -> dict[str, Any]:
    data: dict[str, Any] = _load("dictionary.json")
    return data


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = _load("dictionary.schema.json")
    return data


@pytest.fixture(scope="module")
def categories() -> dict[str, dict[str, Any]]:
    return {c["code"]: c for c in _load("categories.json")["categories"]}


@pytest.fixture(scope="module")
def by_text(dictionary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["text"]: e for e in dictionary["expressions"]}


def _key(text: str) -> str:
    """NFKC, case-folded, katakana as hiragana: texts equal under this are the same expression."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(chr(ord(ch) - 0x60) if 0x30A1 <= ord(ch) <= 0x30F6 else ch for ch in text)


def test_schema_is_valid_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_dictionary_follows_schema(dictionary: dict[str, Any], schema: dict[str, Any]) -> None:
    errors = [
        f"{e.json_path}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(dictionary)
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["expressions"][0].update(worries=["nosuchcode"]), "worries"),
        (lambda d: d["expressions"][0].update(terms=["only-one"]), "terms"),
        (lambda d: d["expressions"][0].update(crisis="fire"), "crisis"),
        (lambda d: d["expressions"][0].update(text=" 死にたい"), "text"),
        (lambda d: d["expressions"][0].update(service_id="x"), "expressions"),
        (lambda d: d["synonyms"].append(["ひとつ"]), "synonyms"),
        (lambda d: d.update(version=2), "version"),
    ],
)
def test_schema_rejects_broken_entries(
    dictionary: dict[str, Any], schema: dict[str, Any], change: Any, where: str
) -> None:
    """The schema is what admins check their own worries.json with, so it must catch mistakes."""
    broken = copy.deepcopy(dictionary)
    change(broken)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(broken))
    assert errors
    assert any(where in e.json_path for e in errors)


def test_schema_codes_are_the_categories(
    schema: dict[str, Any], categories: dict[str, dict[str, Any]]
) -> None:
    enum = schema["$defs"]["expression"]["properties"]["worries"]["items"]["enum"]
    assert sorted(enum) == sorted(categories)


def test_enough_expressions(dictionary: dict[str, Any]) -> None:
    assert len(dictionary["expressions"]) >= 450


def test_every_worry_code_exists(
    dictionary: dict[str, Any], categories: dict[str, dict[str, Any]]
) -> None:
    unknown = {
        (e["text"], w)
        for e in dictionary["expressions"]
        for w in e["worries"]
        if w not in categories
    }
    assert unknown == set()


def test_every_category_is_covered(
    dictionary: dict[str, Any], categories: dict[str, dict[str, Any]]
) -> None:
    """Ten expressions per category, twenty for the nine categories of the #9999 menu."""
    count = Counter(w for e in dictionary["expressions"] for w in e["worries"])
    short = {
        code: count[code]
        for code, cat in categories.items()
        if count[code] < (20 if cat.get("menu9999") else 10)
    }
    assert short == {}


def test_no_duplicate_texts(dictionary: dict[str, Any]) -> None:
    count = Counter(_key(e["text"]) for e in dictionary["expressions"])
    assert [k for k, n in count.items() if n > 1] == []


def test_texts_are_already_normal(dictionary: dict[str, Any]) -> None:
    """Texts are written as typed (half-width Latin and digits), so NFKC leaves them alone."""
    odd = [
        e["text"]
        for e in dictionary["expressions"]
        if unicodedata.normalize("NFKC", e["text"]) != e["text"]
    ]
    assert odd == []


def test_no_duplicate_worries_or_terms(dictionary: dict[str, Any]) -> None:
    bad = [
        e["text"]
        for e in dictionary["expressions"]
        if len(set(e["worries"])) != len(e["worries"])
        or len({_key(t) for t in e["terms"]}) != len(e["terms"])
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("text", "any_of", "crisis"),
    [
        ("消えたい", {"shinitai"}, "suicide"),
        ("死にたい", {"shinitai"}, "suicide"),
        ("しにたい", {"shinitai"}, "suicide"),
        ("もう疲れた", {"kokoro", "shinitai"}, None),
        ("眠れない", {"kokoro"}, None),
        ("誰とも話していない", {"kodoku"}, None),
        ("話し相手がいない", {"kodoku"}, None),
        ("借りたお金が返せない", {"shakkin"}, None),
        ("家に帰りたくない", {"youth", "ibasho", "gyakutai"}, None),
        ("子どもを叩いてしまう", {"gyakutai"}, "violence"),
        ("夫に殴られる", {"dv"}, "violence"),
        ("家賃が払えない", {"seikatsu", "sumai"}, None),
        ("学校行きたくない", {"youth", "ijime"}, None),
        ("親がうざい", {"youth"}, None),
        ("ぼっち", {"youth", "kodoku"}, None),
        ("年金だけでは", {"koreisha", "seikatsu"}, None),
        ("一人暮らしで不安", {"koreisha", "kodoku"}, None),
        ("物忘れ", {"koreisha", "kaigo"}, None),
        ("日本語がわからない", {"gaikokugo"}, None),
        ("ビザ", {"gaikokugo"}, None),
        ("在留資格", {"gaikokugo"}, None),
        ("さみしい", {"kodoku"}, None),
        ("さびしい", {"kodoku"}, None),
        ("つらい", {"kokoro", "shinitai"}, None),
        ("生保", {"seikatsu"}, None),
        ("DV", {"dv"}, "violence"),
        ("精神", {"kokoro", "shogai"}, None),
        ("不登校", {"ijime"}, None),
    ],
)
def test_must_have_expressions(
    by_text: dict[str, dict[str, Any]], text: str, any_of: set[str], crisis: str | None
) -> None:
    assert text in by_text
    entry = by_text[text]
    assert any_of & set(entry["worries"])
    assert entry.get("crisis") == crisis


def test_crisis_flags_fit_their_categories(dictionary: dict[str, Any]) -> None:
    """A suicide flag sits on a suicide worry, a violence flag on a violence worry."""
    wrong = []
    for e in dictionary["expressions"]:
        crisis = e.get("crisis")
        if crisis == "suicide" and "shinitai" not in e["worries"]:
            wrong.append(e["text"])
        if crisis == "violence" and not {"dv", "hanzai", "gyakutai"} & set(e["worries"]):
            wrong.append(e["text"])
    assert wrong == []


def test_plain_suicide_words_are_all_flagged(dictionary: dict[str, Any]) -> None:
    """Any text saying 死にたい, 消えたい or 自殺 outright (not about the bereaved) is a crisis."""
    missed = [
        e["text"]
        for e in dictionary["expressions"]
        if any(w in e["text"] for w in ("死にたい", "しにたい", "消えたい", "自殺"))
        and "izoku" not in e["worries"]
        and e.get("crisis") != "suicide"
    ]
    assert missed == []


def test_enough_crisis_expressions(dictionary: dict[str, Any]) -> None:
    count = Counter(e.get("crisis") for e in dictionary["expressions"])
    assert count["suicide"] >= 30
    assert count["violence"] >= 30


def test_synonym_groups(dictionary: dict[str, Any]) -> None:
    groups = dictionary["synonyms"]
    assert len(groups) >= 60
    assert all(len(g) >= 2 for g in groups)
    seen = Counter(_key(word) for group in groups for word in group)
    assert [w for w, n in seen.items() if n > 1] == []


@pytest.mark.parametrize(
    ("canonical", "variant"),
    [
        ("社会福祉協議会", "社協"),
        ("地域包括支援センター", "包括"),
        ("児童相談所", "児相"),
        ("地域若者サポートステーション", "サポステ"),
        ("生活保護", "生保"),
        ("精神保健福祉センター", "精保福"),
        ("保健センター", "保健C"),
        ("自立相談支援", "自立相談"),
        ("地域活動支援センター", "地活"),
        ("障害者就業・生活支援センター", "就ポツ"),
        ("子ども", "子供"),
        ("子ども", "こども"),
        ("障害", "障がい"),
        ("ひきこもり", "引きこもり"),
        ("一人", "ひとり"),
        ("さみしい", "寂しい"),
        ("虐待", "ぎゃくたい"),
    ],
)
def test_counsellor_words_have_their_group(
    dictionary: dict[str, Any], canonical: str, variant: str
) -> None:
    group = next((g for g in dictionary["synonyms"] if g[0] == canonical), None)
    assert group is not None
    assert variant in group


def test_no_service_ids_in_terms(dictionary: dict[str, Any]) -> None:
    """Terms are generic words; an id (UUID, URL) would tie the dictionary to one feed."""
    words = [t for e in dictionary["expressions"] for t in e["terms"]]
    words += [w for g in dictionary["synonyms"] for w in g]
    suspicious = [w for w in words if "://" in w or (len(w) >= 32 and w.count("-") == 4)]
    assert suspicious == []
