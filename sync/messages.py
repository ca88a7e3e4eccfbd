"""Sync errors in plain Japanese, each saying what happened and what to do next.

Why its own module: the window, the welcome and the command line show the same refusal to a
counsellor or an office administrator. ``str(error)`` stays a precise one-line English detail (it
goes to ``feed.last_error`` and the log, and to the admin on the phone); :func:`japanese_message`
is what a person reads first.
"""

from __future__ import annotations

from sync import errors

_MESSAGES: list[tuple[type[BaseException], str]] = [
    (
        errors.ClientTooOldError,
        "tsunagiの更新が必要です。このフィードは新しい版のtsunagiでしか読めません。"
        "管理者にtsunagiの更新を依頼してください。それまでは手元のデータで検索できます。",
    ),
    (
        errors.DiskFullError,
        "ディスクがいっぱいで同期できませんでした。データは以前のまま安全です。"
        "不要なファイルを削除して空きを作ってから、もう一度同期してください。",
    ),
    (
        errors.LocalDiskError,
        "このパソコンのデータフォルダに書き込めませんでした。データは以前のままです。"
        "フォルダの権限やドライブの接続を確かめて、もう一度同期してください。",
    ),
    (
        errors.FeedBusyError,
        "同期中です。別の同期が終わるまでお待ちください（同じフィードは一度に一つだけ同期します）。",
    ),
    (
        errors.SyncCancelledError,
        "同期を中止しました。データは以前のままです。",
    ),
    (
        errors.DatabaseWriteError,
        "データベースに書き込めませんでした。データは以前のままです。"
        "ほかのtsunagiを閉じてから、もう一度同期してください。",
    ),
    (
        errors.ManifestExpiredError,
        "フィードの署名の有効期限が切れています。電話番号などが古い可能性があります。"
        "データは更新していません。フィードの発行元に再署名（再発行）を依頼してください。",
    ),
    (
        errors.ReplayedManifestError,
        "手元より古い版のフィードが届いたため、取り込みませんでした（古い版の再送の可能性）。"
        "このままで問題ありません。続く場合は発行元に連絡してください。",
    ),
    (
        errors.UnknownKeyError,
        "フィードの署名が信頼できません（登録されていない鍵）。データは更新していません。"
        "発行元に鍵の切り替え手順を確認してください。",
    ),
    (
        errors.KeyListError,
        "フィードの鍵の切り替え情報が信頼できません。データは更新していません。"
        "発行元に連絡してください。",
    ),
    (
        errors.BadSignatureError,
        "フィードの署名が正しくありません（改ざんや転送中の破損の可能性）。"
        "データは更新していません。時間をおいて再度同期し、続く場合は発行元に連絡してください。",
    ),
    (
        errors.FeedIdMismatchError,
        "別の地域・別のフィードのデータが届いたため、取り込みませんでした。"
        "フィードのアドレスを確かめてください。",
    ),
    (
        errors.OfflineError,
        "フィードのサーバーに接続できませんでした（オフライン）。手元のデータで検索できます。"
        "ネットワークを確かめて、あとでもう一度同期してください。",
    ),
    (
        errors.TimeoutFetchError,
        "サーバーの応答がありませんでした。手元のデータで検索できます。あとでもう一度同期してください。",
    ),
    (
        errors.DeadlineExceededError,
        "通信が遅すぎるため同期を打ち切りました。データは以前のままです。"
        "あとでもう一度同期してください。",
    ),
    (
        errors.NotFoundError,
        "フィードのファイルがサーバーにありません。フィードのアドレスを確かめるか、"
        "発行元に連絡してください。",
    ),
    (
        errors.FetchError,
        "フィードのダウンロードに失敗しました。データは以前のままです。"
        "あとでもう一度同期し、続く場合は発行元に連絡してください。",
    ),
    (
        errors.BundleError,
        "USBメモリのデータが安全に読めないため、取り込みませんでした。"
        "発行元から受け取ったファイルか確かめてください。",
    ),
    (
        errors.FeedNotFoundError,
        "そのフィードは登録されていません。「tsunagi feeds list」で確かめてください。",
    ),
]

_FALLBACK = (
    "フィードの内容に問題があるため、取り込みませんでした。データは以前のままです。"
    "発行元に連絡してください。"
)


def japanese_message(error: BaseException) -> str:
    """What a person reads about a failed sync: what happened, and what to do next.

    A refusal only a newer tsunagi can lift (``update_needed``, e.g. a newer schema) gets the
    update message whatever its class.
    """
    if getattr(error, "update_needed", False):
        return _MESSAGES[0][1]
    for kind, message in _MESSAGES:
        if isinstance(error, kind):
            return message
    if isinstance(error, OSError):
        return japanese_message(errors.disk_error(error))
    return _FALLBACK


def needs_update(error: BaseException | None) -> bool:
    """True when only a newer tsunagi can read the feed (the window's 「更新が必要」 banner)."""
    return bool(getattr(error, "update_needed", False))


def is_offline(error: BaseException | None) -> bool:
    """True for network trouble: the office works on with what it holds."""
    return isinstance(error, errors.OfflineError | errors.TimeoutFetchError)


UPDATE_NEEDED_TEXT = "needs tsunagi"
"""What every update-needed refusal says in English (``feed.last_error`` keeps only the text)."""


def error_needs_update(last_error: str | None) -> bool:
    """True when a stored ``feed.last_error`` was a refusal only a newer tsunagi can lift."""
    return bool(last_error) and UPDATE_NEEDED_TEXT in (last_error or "")
