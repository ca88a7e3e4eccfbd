"""Invisible and direction-control characters are refused in phone numbers and names.

A review put ``0120-\\u202e833-972\\u202c`` in a feed: the stored digits and the slip said
0120-833-972, but the window's bidi algorithm drew **0120-279-338**, よりそいホットライン's real
number. A counsellor must read the same number on screen, on the clipboard and on paper, so a
number may not carry any character that changes how it is drawn without being seen.

What is refused: every Unicode *format* character (general category ``Cf``: U+200B–U+200F,
U+202A–U+202E, U+2060–U+2069, U+FEFF, U+00AD, U+061C, …). In a phone number there is no legitimate
use for one. In a **name** they are refused too, not stripped: a bidi control makes a name read in
another order than it is stored (``\\u202eンイラトッホいそりよ`` reads as よりそいホットライン), and
an invisible one makes two names that look the same compare different, which would slip a fake past
the crisis-line guard (:mod:`index.crisis`). Stripping would silently rewrite what the publisher
signed; refusing names the field, so the publisher fixes the source and every copy stays the same.

:mod:`index.validate` calls :func:`format_problems` for every record, so import, the spreadsheet
template, ``tsunagi-admin publish``, sync and the window's form all refuse the same characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

NAME_FIELDS = ("name", "alternate_name")
"""Service fields read as names; ``organization.name`` is checked as well."""

PHONE_FIELDS = ("number", "extension", "description")
"""A phone's description is read on the same line as its number (the detail pane, the slip)."""


def hidden_characters(text: str) -> list[str]:
    """The format characters in ``text``, as ``U+202E`` codes, in order of first appearance."""
    found: list[str] = []
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


def _fields(record: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(JSON path, value, kind) for every phone and name field of a service record."""
    for key in NAME_FIELDS:
        value = record.get(key)
        if isinstance(value, str):
            yield key, value, "name"
    organization = record.get("organization")
    if isinstance(organization, dict) and isinstance(organization.get("name"), str):
        yield "organization.name", organization["name"], "name"
    phones = record.get("phones")
    for i, phone in enumerate(phones if isinstance(phones, list) else []):
        if not isinstance(phone, dict):
            continue
        for key in PHONE_FIELDS:
            value = phone.get(key)
            if isinstance(value, str):
                yield f"phones[{i}].{key}", value, "phone"


def format_problems(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(JSON path, reason) for each phone number or name holding an invisible character."""
    problems: list[tuple[str, str]] = []
    for path, value, kind in _fields(record):
        codes = hidden_characters(value)
        if not codes:
            continue
        listed = "、".join(codes[:4]) + ("…" if len(codes) > 4 else "")
        what = {"phone": "電話番号", "name": "名称"}[kind]
        if path.endswith(".description"):
            what = "電話番号の説明"
        problems.append(
            (
                path,
                f"{what}に見えない文字か文字の向きを変える制御文字（{listed}）が含まれています。"
                "画面での読み方が保存された内容と変わるおそれがあるため受け付けません。"
                "元のデータから取り除いてください",
            )
        )
    return problems


LEFT_TO_RIGHT_MARK = "\u200e"


def visible(text: str) -> str:
    """``text`` without format characters: what a person can see of it, in stored order.

    Validation keeps them out of new numbers; a database written before that may still hold the
    probe's ``0120-\u202e833-972\u202c``. Shown without its controls it reads 0120-833-972, the
    digits stored, the ones the slip prints and Ctrl+C copies.
    """
    if all(unicodedata.category(ch) != "Cf" for ch in text):
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def left_to_right(line: str) -> str:
    """A phone line as a visible, left-to-right paragraph, for a display that picks direction from
    the text.

    A Qt label takes its direction from the first strong character: a phone line such as
    ``(0120) 833-972（العربية）`` would be laid out right to left and read ``833-972 (0120)``.
    Only such a line gets an invisible U+200E in front; every other line is returned as it is
    (minus format characters, see :func:`visible`), so what a counsellor selects and copies is
    the stored number.
    """
    line = visible(line)
    for ch in line:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return line
        if kind in ("R", "AL"):
            return LEFT_TO_RIGHT_MARK + line
    return line
