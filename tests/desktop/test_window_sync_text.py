"""What the window says about a sync: 「同期しました」 only when a feed was checked, errors in Japanese."""

from __future__ import annotations

from typing import Any

from desktop.sync_text import OFFLINE, sync_error_text
from sync.errors import OfflineError


def test_f5_with_no_feeds_does_not_say_synced(qtbot: Any, make_window: Any) -> None:
    def runner(progress: Any) -> list[object]:
        progress(1.0, "同期先のフィードがありません")
        return []  # what the runner returns when no feed is followed

    window = make_window(sync_runner=runner)
    with qtbot.waitSignal(window.status.sync_finished, timeout=10_000):
        assert window.status.start_sync()
    assert window.status_view.sync_message.text() != "同期しました"
    assert "オンライン" not in window.status_view.online.text() or "オフライン" in (
        window.status_view.online.text()
    )
    assert window.view.sync_banner.isVisible()
    assert "フィードがありません" in window.view.sync_banner.text()


def test_a_failed_sync_is_explained_in_japanese_and_not_cut(qtbot: Any, make_window: Any) -> None:
    detail = "manifest.json: cannot reach feeds.example.jp ([Errno -2] Name or service not known)"

    def runner(_progress: Any) -> list[object]:
        raise OfflineError(detail)

    window = make_window(sync_runner=runner)
    with qtbot.waitSignal(window.status.sync_finished, timeout=10_000) as finished:
        assert window.status.start_sync()
    assert finished.args == [False]
    banner = window.view.sync_banner
    assert banner.isVisible() and banner.wordWrap()
    assert banner.text() == sync_error_text(OfflineError(detail))
    assert "Errno" not in banner.text() and "manifest" not in banner.text()
    assert banner.toolTip() == detail  # the English detail stays for the administrator
    assert "オフライン" in window.status_view.online.text()


def test_offline_message_says_what_to_do() -> None:
    text = sync_error_text(OfflineError("x"))
    assert "F5" in text or "もう一度" in text
    assert text == OFFLINE or "インターネット" in text or "オフライン" in text or "つなが" in text
