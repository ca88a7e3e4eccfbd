"""``tsunagi search`` as outside checks call it: --json hits, --batch lines, exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from desktop.cli import main


def run(args: list[str], data: Path, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = main(["--data-dir", str(data), *args])
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


def test_json_hits_carry_the_stable_fields(data: Path) -> None:
    code, out, _err = run(
        ["search", "死にたい", "--region", "131121", "--json", "--limit", "5"], data
    )
    assert code == 0
    hits = json.loads(out)
    assert 0 < len(hits) <= 5
    for key in ("id", "name", "organization", "phones", "open_now", "why"):
        assert key in hits[0]
    assert hits[0]["crisis"] is True and hits[0]["phones"]


def test_batch_keeps_going_after_a_bad_line(data: Path) -> None:
    lines = [
        {"q": "ひきこもり", "region": "131121", "limit": 3, "worries": [], "open_now": False},
        "not json",
        {"q": "いのちのでんわ", "region": None, "limit": 2, "worries": [], "open_now": False},
        {"q": "相談", "region": None, "limit": 2, "worries": ["nope"], "open_now": False},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    code, out, _err = run(["search", "--batch"], data, stdin)
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == 4
    assert 0 < len(answers[0]["ids"]) <= 3 and answers[0]["ms"] >= 0
    assert answers[1]["ids"] == [] and "error" in answers[1]
    assert len(answers[2]["ids"]) == 2
    assert "error" in answers[3]


@pytest.mark.parametrize(
    "args", [["search", "x", "--region", "999999"], ["search", "x", "--worry", "nope"], ["search"]]
)
def test_bad_input_exits_2_with_a_reason(data: Path, args: list[str]) -> None:
    code, _out, err = run(args, data)
    assert code == 2 and err.strip()


def test_out_of_scope_prints_an_empty_array_and_a_message(data: Path) -> None:
    code, out, err = run(["search", "ラーメン屋", "--json"], data)
    assert code == 0 and json.loads(out) == [] and "該当なし" in err
