"""SECURITY.md links every defence to a test: keep those links true.

A renamed or deleted test would silently turn the threat model into fiction. Each ``path.py``
mentioned must exist, and each ``::name`` must be a test function in the file named last before it
on the same line (or the line's own path).
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PATH = re.compile(r"tests/[\w/]+\.py")
TOKEN = re.compile(r"tests/[\w/]+\.py|::(\w+)")


def _links() -> list[tuple[str, str | None, int]]:
    found: list[tuple[str, str | None, int]] = []
    current: str | None = None
    for number, line in enumerate((REPO / "SECURITY.md").read_text("utf-8").splitlines(), 1):
        for match in TOKEN.finditer(line):
            if match.group(1) is None:
                current = match.group(0)
                found.append((current, None, number))
            else:
                assert current is not None, f"SECURITY.md:{number}: '::' before any test file"
                found.append((current, match.group(1), number))
    return found


def test_every_test_named_in_security_md_exists() -> None:
    links = _links()
    assert len(links) > 40
    missing = []
    for path, name, line in links:
        file = REPO / path
        if not file.is_file():
            missing.append(f"SECURITY.md:{line}: {path} does not exist")
            continue
        if name is not None and not re.search(
            rf"^(?:async )?def {re.escape(name)}\(", file.read_text("utf-8"), re.MULTILINE
        ):
            missing.append(f"SECURITY.md:{line}: {path}::{name} is not a function there")
    assert not missing, "\n".join(missing)
