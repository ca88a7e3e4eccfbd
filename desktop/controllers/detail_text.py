"""Turn one service's details (``Directory.details``) into the lines the detail pane shows.

Qt-free so it is tested directly and the slip dialog can reuse it. Everything is read through
``index.record.ServiceView`` (the one reading of a record, shared with the store and the slips), so
an address prints here exactly as on a slip. Phone numbers are passed through as published.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from index.record import EASY_JAPANESE, INTERPRETER, ServiceView, language_name
from index.schedule import weekly_table

ALLOWED_SCHEMES = frozenset({"http", "https", "tel", "mailto"})


def _view(record: Mapping[str, Any] | ServiceView) -> ServiceView:
    return record if isinstance(record, ServiceView) else ServiceView.from_record(record)


def phone_lines(record: Mapping[str, Any] | ServiceView) -> list[str]:
    return [phone.line for phone in _view(record).phones]


def hours_lines(record: Mapping[str, Any] | ServiceView, today: date | None = None) -> list[str]:
    return _view(record).hours_lines(today)


def schedule_rows(
    record: Mapping[str, Any] | ServiceView, today: date | None = None
) -> list[tuple[str, str]]:
    return weekly_table(_view(record).schedules, today)


def fees(record: Mapping[str, Any] | ServiceView) -> str:
    return _view(record).fees


def languages(record: Mapping[str, Any] | ServiceView) -> str:
    """Which languages the service speaks: 「ベトナム語、英語、やさしい日本語、通訳あり（…）」."""
    view = _view(record)
    names = [lang.name or language_name(lang.code) for lang in view.languages]
    names = [n for n in names if n]
    if view.easy_japanese and language_name(EASY_JAPANESE) not in names:
        names.append(language_name(EASY_JAPANESE))
    if view.interpretation:
        names.append(f"通訳あり（{view.interpretation}）")
    elif view.interpreter:
        names.append(language_name(INTERPRETER))
    return "、".join(dict.fromkeys(names))


def addresses(record: Mapping[str, Any] | ServiceView) -> str:
    return "\n".join(address.line for address in _view(record).addresses if address.street)


def eligibility(record: Mapping[str, Any] | ServiceView) -> str:
    return _view(record).eligibility


def provenance(info: dict[str, Any], record: Mapping[str, Any] | ServiceView | None = None) -> str:
    """Where the record came from; with ``record``, also the credit lines its licence asks for
    (``tsunagi-credit``) and where an admin read its facts (``tsunagi-source``)."""
    prov = info.get("provenance") or {}
    layer = "事務所登録" if info.get("layer") == "local" else f"フィード {info.get('feed') or '-'}"
    version = prov.get("feed_version")
    lines = [
        f"出典: {prov.get('source') or '-'}（{layer}）",
        f"版: {version if version is not None else '-'}　"
        f"最終確認日: {prov.get('assured_date') or '不明'}　"
        f"更新: {prov.get('last_modified') or '-'}",
    ]
    if record is not None:
        view = _view(record)
        lines += [f"クレジット: {credit}" for credit in view.credits]
        lines += [f"情報源: {source}" for source in view.sources]
    return "\n".join(lines)


def url_scheme(url: str) -> str:
    head, sep, _rest = url.strip().partition(":")
    return head.lower() if sep else ""


def openable(url: str) -> bool:
    """Only web, phone and mail links open; ``file:``, ``javascript:`` and the rest never do."""
    return url_scheme(url) in ALLOWED_SCHEMES
