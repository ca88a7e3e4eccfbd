"""Turn one service's details (``Directory.details``) into the lines the detail pane shows.

Qt-free so it is tested directly and the slip dialog can reuse it. Phone numbers are passed
through exactly as the record gives them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from index.schedule import weekly_hours_text, weekly_table

ALLOWED_SCHEMES = frozenset({"http", "https", "tel", "mailto"})


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def phone_lines(record: dict[str, Any]) -> list[str]:
    lines = []
    for phone in record.get("phones") or []:
        if not isinstance(phone, dict):
            continue
        number = str(phone.get("number", ""))
        extension = phone.get("extension")
        if extension not in (None, ""):
            number += f" 内線 {extension}"
        description = _text(phone.get("description"))
        lines.append(f"{number}（{description}）" if description else number)
    return lines


def hours_lines(record: dict[str, Any], today: date | None = None) -> list[str]:
    return weekly_hours_text(record.get("schedules") or [], today)


def schedule_rows(record: dict[str, Any], today: date | None = None) -> list[tuple[str, str]]:
    return weekly_table(record.get("schedules") or [], today)


def fees(record: dict[str, Any]) -> str:
    parts = [_text(record.get("fees_description"))]
    for option in record.get("cost_options") or []:
        if isinstance(option, dict):
            described = _text(option.get("amount_description")) or _text(option.get("option"))
            if described:
                parts.append(described)
    kept: list[str] = []
    for part in parts:
        if part and not any(part in earlier for earlier in kept):
            kept.append(part)
    return " / ".join(kept)


def languages(record: dict[str, Any]) -> str:
    names = []
    for language in record.get("languages") or []:
        if isinstance(language, dict):
            names.append(_text(language.get("name")) or _text(language.get("code")))
    note = _text(record.get("interpretation_services"))
    return "、".join(n for n in [*names, note] if n)


def addresses(record: dict[str, Any]) -> str:
    lines = []
    for sal in record.get("service_at_locations") or []:
        location = sal.get("location") if isinstance(sal, dict) else None
        if not isinstance(location, dict):
            continue
        for address in location.get("addresses") or []:
            if not isinstance(address, dict):
                continue
            postal = _text(address.get("postal_code"))
            parts = [
                _text(address.get("state_province")),
                _text(address.get("city")),
                _text(address.get("address_1")),
                _text(address.get("address_2")),
            ]
            line = "".join(p for p in parts if p)
            lines.append(f"〒{postal} {line}" if postal else line)
    return "\n".join(line for line in lines if line.strip())


def eligibility(record: dict[str, Any]) -> str:
    parts = [_text(record.get("eligibility_description"))]
    low, high = record.get("minimum_age"), record.get("maximum_age")
    if isinstance(low, int | float) or isinstance(high, int | float):
        low_text = f"{low:g}歳" if isinstance(low, int | float) else ""
        high_text = f"{high:g}歳" if isinstance(high, int | float) else ""
        parts.append(f"年齢 {low_text}〜{high_text}")
    return "\n".join(p for p in parts if p)


def provenance(info: dict[str, Any]) -> str:
    prov = info.get("provenance") or {}
    layer = "事務所登録" if info.get("layer") == "local" else f"フィード {info.get('feed') or '-'}"
    version = prov.get("feed_version")
    return (
        f"出典: {prov.get('source') or '-'}（{layer}）\n"
        f"版: {version if version is not None else '-'}　"
        f"最終確認日: {prov.get('assured_date') or '不明'}　"
        f"更新: {prov.get('last_modified') or '-'}"
    )


def url_scheme(url: str) -> str:
    head, sep, _rest = url.strip().partition(":")
    return head.lower() if sep else ""


def openable(url: str) -> bool:
    """Only web, phone and mail links open; ``file:``, ``javascript:`` and the rest never do."""
    return url_scheme(url) in ALLOWED_SCHEMES
