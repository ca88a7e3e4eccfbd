"""The status bar: each feed's version and last sync, online/offline, sync progress, staleness.

Sync runs on the network worker through a :data:`SyncRunner`, so the window keeps answering while
a feed downloads. The runner is given, not imported here: the window does not need to know how
sync talks to a server, only that it reports (fraction, message) and finishes or fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.sync_text import NO_FEEDS, is_offline, sync_error_text
from desktop.tasks import Progress, Tasks
from desktop.views.main_view import MainView, StatusView
from index.directory import Directory
from index.holdings import FeedState
from sync.freshness import parse_stamp

SyncRunner = Callable[[Progress], Any]
"""Runs one sync on the network worker, reporting progress; raises on failure."""

DEFAULT_STALE_DAYS = 30


def read_feeds(directory: Directory) -> list[FeedState]:
    return directory.feed_states()


class StatusController(QObject):
    sync_finished = Signal(bool)
    """A sync ended (True when it succeeded); the window searches again."""

    def __init__(
        self,
        status: StatusView,
        view: MainView,
        directory: Directory,
        tasks: Tasks,
        runner: SyncRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.status = status
        self.view = view
        self.directory = directory
        self.tasks = tasks
        self.runner = runner
        self.running = False
        self.offline: bool | None = None
        self.update_needed: list[str] = []
        """Feeds only a newer tsunagi can read (their own banner, not 「オフライン」)."""
        tasks.progress.connect(self._progress)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.start_sync)

    def schedule_sync(self, hours: int) -> None:
        """Sync every ``hours`` hours (0 = only when asked)."""
        self._timer.stop()
        if hours > 0 and self.runner is not None:
            self._timer.start(hours * 3600 * 1000)

    # --- the database file ------------------------------------------------------------------

    damaged = Signal(str)
    """PRAGMA quick_check found damage (its report); the window stops writing."""

    def check_database(self) -> None:
        """Run SQLite's quick_check on the database worker, after the window is up."""
        directory = self.directory

        def work() -> str:
            return directory.quick_check()

        self.tasks.run_db(work, self._checked, lambda exc: self._checked(str(exc)))

    def _checked(self, result: str) -> None:
        if result == "ok" and self.directory.read_only:  # a read-only folder or a full disk
            self.view.stale_banner.setText(self.directory.read_only_reason)
            self.view.stale_banner.setVisible(True)
            self.damaged.emit(self.directory.read_only_reason)  # the window stops writing
            return
        if result == "ok":
            return
        self.view.stale_banner.setText(
            self.tr(
                "データベースが壊れています（%1）。メモや登録は保存されません。バックアップから戻してください（tsunagi restore-backup）。"
            ).replace("%1", result)
        )
        self.view.stale_banner.setVisible(True)
        self.damaged.emit(result)

    # --- feeds ------------------------------------------------------------------------------

    def refresh(self) -> None:
        directory = self.directory

        def work() -> tuple[list[FeedState], int, list[tuple[str, int | None, int]], Any]:
            from sync.freshness import feed_freshness, stale_reasons

            days = int(
                directory.get_setting("stale_days", DEFAULT_STALE_DAYS) or DEFAULT_STALE_DAYS
            )
            held = [(c.feed, c.version, c.services) for c in directory.services_by_feed()]
            reasons = stale_reasons(feed_freshness(directory.db), days)
            return read_feeds(directory), days, held, reasons

        self.tasks.run_db(work, lambda found: self._show(*found))

    def _show(
        self,
        feeds: list[FeedState],
        stale_days: int,
        held: list[tuple[str, int | None, int]],
        reasons: list[tuple[str, str, int]],
    ) -> None:
        """``reasons``: stale feeds, judged from when their publisher signed (the sample too)."""
        parts = []
        for feed in feeds:
            when = parse_stamp(feed.last_success)
            synced = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else self.tr("未同期")
            parts.append(
                self.tr("%1 版%2（最終同期 %3）")
                .replace("%1", feed.name)
                .replace("%2", str(feed.version))
                .replace("%3", synced)
            )
        known = {feed.name for feed in feeds}
        for name, version, count in held:
            if name not in known:
                label = self.tr("事務所登録") if name == "local" else name
                parts.append(
                    self.tr("%1 %2件").replace("%1", label).replace("%2", str(count))
                    + (f" v{version}" if version else "")
                )
        self.status.feeds.setText("　".join(parts) or self.tr("データなし"))
        from sync.messages import error_needs_update

        needing = [f.name for f in feeds if error_needs_update(f.last_error)]
        self.update_needed = sorted(set(self.update_needed) | set(needing))
        if self.offline is None:
            errors = [f for f in feeds if f.last_error and f.name not in self.update_needed]
            self.offline = bool(errors) or not feeds
        self._show_online()
        lines = []
        if self.update_needed:
            lines.append(
                self.tr(
                    "tsunagiの更新が必要です。フィード「%1」は新しい版のtsunagiでしか読めません。管理者に更新を依頼してください。"
                ).replace("%1", "」「".join(self.update_needed))
            )
        for kind, stale, days in reasons:
            # The bundled data goes stale like a feed, but the office never subscribed to it.
            name = self.tr("同梱のデータ") if stale == "sample" else stale
            if kind == "expired":
                lines.append(
                    self.tr(
                        "フィード「%1」の有効期限が切れています。情報が古い可能性があります。同期してください。"
                    ).replace("%1", name)
                )
            else:
                lines.append(
                    self.tr(
                        "フィード「%1」は%2日間更新されていません。電話番号などが変わっている可能性があります。"
                    )
                    .replace("%1", name)
                    .replace("%2", str(days))
                )
        if self.directory.read_only:
            lines.insert(0, self.directory.read_only_reason)
        self.view.stale_banner.setText("\n".join(lines))
        self.view.stale_banner.setVisible(bool(lines))

    def _show_online(self) -> None:
        if self.update_needed:
            self.status.online.setText(self.tr("● tsunagiの更新が必要です"))
        elif self.offline:
            self.status.online.setText(self.tr("● オフライン（手元のデータで検索中）"))
        else:
            self.status.online.setText(self.tr("● オンライン"))

    # --- sync -------------------------------------------------------------------------------

    def start_sync(self) -> bool:
        if self.runner is None or self.running:
            if self.runner is None:
                self.status.sync_message.setText(self.tr("フィードなし"))
                self.view.sync_banner.setText(NO_FEEDS)
                self.view.sync_banner.setVisible(True)
            return False
        self.running = True
        self.status.progress.setValue(0)
        self.status.progress.setVisible(True)
        self.status.sync_message.setText(self.tr("同期中…"))
        self.tasks.run_net(self.runner, self._sync_done, self._sync_failed)
        return True

    def _progress(self, fraction: float, message: str) -> None:
        self.status.progress.setVisible(True)
        self.status.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.status.sync_message.setText(message)

    def cancel_sync(self) -> None:
        """Stop a running sync at once and any scheduled one (the window is closing)."""
        self._timer.stop()
        cancel = getattr(self.runner, "cancel", None)
        if cancel is not None:
            cancel(closing=True)

    def _sync_done(self, result: object) -> None:
        """A session ended: each feed's result named; a refused feed is not 「同期しました」.

        With no feed at all, say what is searched instead.
        """
        self.running = False
        self.status.progress.setVisible(False)
        self.view.sync_banner.setVisible(False)
        results = list(getattr(result, "results", []))
        failures = list(getattr(result, "failures", []))
        lines: list[str] = list(getattr(result, "lines", lambda: [])())
        if not hasattr(result, "results"):  # a runner that only says whether it checked a feed
            checked = bool(result) if isinstance(result, list | tuple) else result is not None
            results = [None] if checked else []
            lines = [self.tr("同期しました")] if checked else []
        if not results:
            self.status.sync_message.setText(self.tr("フィードなし"))
            self.status.sync_message.setToolTip(NO_FEEDS)
            self.view.sync_banner.setText(NO_FEEDS)
            self.view.sync_banner.setVisible(True)
        else:
            reached = [
                r for r in results if r is None or r.error is None or not is_offline(r.error)
            ]
            self.offline = not reached
            self.update_needed = list(getattr(result, "update_needed", []))
            self.status.sync_message.setText("　".join(lines) or self.tr("同期しました"))
            self.status.sync_message.setToolTip("\n".join(lines))
            if failures:  # the whole sentences, above the results; the detail as a tooltip
                self.view.sync_banner.setText("\n".join(lines))
                self.view.sync_banner.setToolTip(
                    "\n".join(f"{r.feed}: {r.error}" for r in failures)
                )
                self.view.sync_banner.setVisible(True)
        self.refresh()
        self.sync_finished.emit(not failures)

    def _sync_failed(self, exc: BaseException) -> None:
        self.running = False
        self.status.progress.setVisible(False)
        if is_offline(exc):
            self.offline = True
        # The whole sentence goes in the banner above the results (the status bar cut it off);
        # the English detail is a tooltip for the administrator on the phone.
        self.status.sync_message.setText(self.tr("同期できませんでした"))
        self.status.sync_message.setToolTip(str(exc))
        self.view.sync_banner.setText(sync_error_text(exc))
        self.view.sync_banner.setToolTip(str(exc))
        self.view.sync_banner.setVisible(True)
        self.refresh()
        self.sync_finished.emit(False)
