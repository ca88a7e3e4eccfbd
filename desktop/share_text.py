"""The referral list as a short plain text for SMS, LINE or e-mail (Qt-free).

A client often asks for the numbers by message rather than on paper. Each service becomes a small
block — name, a number a phone can dial, today's and the weekly hours in words, the web address —
kept within :data:`SMS_CHARS` characters where it can be (one SMS segment in Japanese), followed
by a short closing line from the office. The window's 「文章でコピー」 and ``tsunagi share`` build
the same text from here.

Numbers: feeds publish some numbers in full-width digits (「０１４２－００－０１４０」) or with
brackets (「0142(00)0131」), which a phone does not dial when pasted. The text carries the
*dialable* form — the same digits, half-width, hyphenated; the window and the slip still show the
number exactly as published. A number that is not plainly digits is left exactly as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from index.phones import visible
from index.schedule import today_hours, tokyo_now, weekly_hours_text

SMS_CHARS = 70
"""Characters in one Japanese (UCS-2) SMS segment: a service's block stays within it if it can."""
DASHES = "‐‑‒–—―−ー－﹣"
DIALABLE = re.compile(r"^[0-9#*+][0-9#*-]*[0-9#*]$|^[0-9#*]$")
SUBJECT = "ご紹介した相談先"


def dialable(number: str) -> str:
    """The number a phone dials: half-width digits and hyphens; anything unclear unchanged.

    「０１４２－００－０１４０」 → 「0142-00-0140」, 「0142(00)0131」 → 「0142-00-0131」,
    「#9999」 stays; 「0120-000-000（24時間）」 is not plainly a number and stays as published.
    """
    shown = visible(number).strip()
    text = unicodedata.normalize("NFKC", shown)
    for dash in DASHES:
        text = text.replace(dash, "-")
    text = re.sub(r"\s*\(\s*(\d+)\s*\)\s*", r"-\1-", text)
    text = re.sub(r"[\s.]+", "-", text.strip())
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text if DIALABLE.match(text) else shown


def first_number(record: Mapping[str, Any]) -> str:
    """The service's main number as published ('' when it has none)."""
    for phone in record.get("phones") or []:
        if isinstance(phone, Mapping) and str(phone.get("number") or "").strip():
            return str(phone["number"])
    return ""


def _hours_variants(record: Mapping[str, Any], now: datetime) -> list[str]:
    """Hours in words, longest first: today and every weekly line, down to today's alone."""
    schedules = record.get("schedules") or []
    today = today_hours(schedules, now)
    weekly = [
        line for line in weekly_hours_text(schedules, now.date()) if line and line != "祝日は要確認"
    ]
    today_text = today if today in ("24時間", "本日休み", "時間は要確認") else f"本日 {today}"
    if weekly == [today] or weekly[:1] == ["24時間・年中無休"]:
        return [weekly[0]]
    if not weekly:
        return [today_text]
    # Today's hours and every weekly line; when that is too long, the weekly hours win (the
    # client may call another day), then fewer weekly lines, then today's alone.
    variants = ["／".join([today_text, *weekly])]
    variants += ["／".join(weekly[:n]) for n in range(len(weekly), 0, -1)]
    return [*variants, today_text]


def service_block(record: Mapping[str, Any], now: datetime | None = None) -> str:
    """One service as a few short lines, within :data:`SMS_CHARS` characters where possible."""
    now = now or tokyo_now()
    name = visible(str(record.get("name") or "")).strip()
    number = first_number(record)
    url = str(record.get("url") or "").strip()
    head = [name]
    if number:
        head.append(f"電話 {dialable(number)}")
    tail = [url] if url else []
    variants = _hours_variants(record, now)
    for hours in variants:
        block = "\n".join([*head, hours, *tail])
        if len(block) <= SMS_CHARS:
            return block
    # Nothing fits one SMS (a long name or address): the first weekly line, the most lasting.
    return "\n".join([*head, variants[-2] if len(variants) > 1 else variants[0], *tail])


def closing_line(office_name: str = "", office_phone: str = "", message: str | None = None) -> str:
    """The office's short sign-off: the counsellor's message, or 「（事務所）より 電話 …」."""
    if message is not None:
        return message.strip()
    office = office_name.strip()
    phone = dialable(office_phone) if office_phone.strip() else ""
    if office and phone:
        return f"{office}より（電話 {phone}）"
    if office:
        return f"{office}より"
    return f"相談先のご案内です（電話 {phone}）" if phone else ""


def share_text(
    records: Sequence[Mapping[str, Any]],
    *,
    office_name: str = "",
    office_phone: str = "",
    message: str | None = None,
    now: datetime | None = None,
) -> str:
    """The whole message: one block per service, a blank line between, the closing line last."""
    now = now or tokyo_now()
    blocks = [service_block(record, now) for record in records]
    closing = closing_line(office_name, office_phone, message)
    return "\n\n".join([*blocks, *([closing] if closing else [])])


def mailto_url(text: str, subject: str = SUBJECT) -> str:
    """A ``mailto:`` address with no recipient: the mail program asks the counsellor whom."""
    return (
        f"mailto:?subject={quote(subject)}&body={quote(text.replace(chr(10), chr(13) + chr(10)))}"
    )
