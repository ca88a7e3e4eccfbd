"""A failed sync in plain Japanese for the window: what happened and what to do (Qt-free).

``sync.messages.japanese_message`` (helper module of the sync package) is the one wording shared
by the window, the welcome and the command line; until a build has it, a short local mapping
says the same things. ``str(error)`` stays the precise English detail, shown only as a tooltip.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

OFFLINE = (
    "インターネットにつながらないため、同期できませんでした。手元のデータで検索できます。"
    "つながってから F5 でもう一度同期してください。"
)
SERVER = (
    "フィードのサーバーから取り込めませんでした。データは以前のままです。"
    "しばらくしてから F5 でもう一度同期し、続くときは「設定」のフィードのアドレスを確かめてください。"
)
UNTRUSTED = (
    "フィードの署名を確かめられないため、取り込みませんでした。データは以前のままです。"
    "フィードの発行元に連絡してください。"
)
GENERAL = (
    "同期できませんでした。データは以前のままで、手元のデータで検索できます。"
    "もう一度 F5 で同期し、続くときは管理者に連絡してください。"
)
NO_FEEDS = (
    "同期するフィードがありません。同梱のデータで検索しています"
    "（フィードは「設定」で追加できます）。"
)


def _shared() -> Callable[[BaseException], str] | None:
    try:
        module: Any = importlib.import_module("sync.messages")
    except ImportError:
        return None
    found = getattr(module, "japanese_message", None)
    return found if callable(found) else None


def is_offline(error: BaseException) -> bool:
    names = {kind.__name__ for kind in type(error).__mro__}
    return bool(names & {"OfflineError", "TimeoutFetchError"}) or isinstance(
        error, ConnectionError | TimeoutError
    )


def sync_error_text(error: BaseException) -> str:
    """The Japanese sentence a counsellor reads for a failed sync."""
    shared = _shared()
    if shared is not None:
        return shared(error)
    names = {kind.__name__ for kind in type(error).__mro__}
    if is_offline(error):
        return OFFLINE
    if names & {"HTTPStatusError", "FetchError"}:
        return SERVER
    if any("Signature" in n or "Key" in n for n in names):
        return UNTRUSTED
    return GENERAL
