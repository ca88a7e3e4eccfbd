"""Sending services to a client: copy as text (SMS, LINE, e-mail), copy a dialable number, menus.

「文章でコピー」 (Ctrl+Shift+C) puts the referral list — or, when it is empty, the selected
service — on the clipboard as the short text :mod:`desktop.share_text` builds, the same text
``tsunagi share`` prints. A right-click on a result or on the detail offers the number in a form a
phone dials, the text, and 紹介リストに追加. Records are read on the database worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QWidget

from desktop.controllers.detail_controller import DetailController
from desktop.models.referral_model import ReferralModel
from desktop.models.results_model import ResultsModel
from desktop.share_text import dialable, share_text
from desktop.tasks import Tasks
from desktop.views.main_view import MainView
from index.directory import Directory
from index.model import SearchHit

MESSAGE_MS = 8000


class ShareController(QObject):
    copied = Signal(str)
    """Text put on the clipboard (tests wait for it)."""
    add_requested = Signal()
    """「紹介リストに追加」 from a menu: the window adds the current result."""

    def __init__(
        self,
        view: MainView,
        results: ResultsModel,
        referrals: ReferralModel,
        detail: DetailController,
        directory: Directory,
        tasks: Tasks,
        status: QStatusBar,
        settings: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.results = results
        self.referrals = referrals
        self.detail = detail
        self.directory = directory
        self.tasks = tasks
        self.status = status
        self._settings = settings
        self.last_menu: QMenu | None = None
        view.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.results.customContextMenuRequested.connect(self._results_menu_at)
        view.detail.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.detail.customContextMenuRequested.connect(self._detail_menu_at)
        for label in view.detail.findChildren(QLabel):
            label.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            label.installEventFilter(self)
        view.detail.phones_added.connect(self._watch_phone_labels)
        view.referral.share.clicked.connect(self.copy_list)

    # --- what to share ----------------------------------------------------------------------

    def current_hit(self) -> SearchHit | None:
        index = self.view.results.currentIndex()
        return self.results.hit(index.row()) if index.isValid() else None

    def copy_list(self) -> None:
        """The referral list as text; with an empty list, the selected service."""
        ids = self.referrals.ids()
        if not ids:
            hit = self.current_hit()
            if hit is None:
                self.status.showMessage(
                    self.tr("紹介リストが空です。窓口を選んで Ctrl+D で追加してください。"),
                    MESSAGE_MS,
                )
                return
            ids = [hit.id]
        self.copy_services(ids)

    def copy_services(self, ids: list[str]) -> None:
        directory = self.directory
        settings = self._settings()

        def work() -> str:
            records = [r for sid in ids if (r := directory.record(sid)) is not None]
            return share_text(
                records,
                office_name=str(settings.get("office_name") or ""),
                office_phone=str(settings.get("office_phone") or ""),
            )

        def done(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.status.showMessage(
                self.tr(
                    "%1件の窓口を文章でコピーしました。SMS・LINE・メールに貼り付けられます。"
                ).replace("%1", str(len(ids))),
                MESSAGE_MS,
            )
            self.copied.emit(text)

        self.tasks.run_db(work, done)

    def copy_number(self, number: str) -> None:
        """A number in the form a phone dials (half-width, hyphens), never rewritten on screen."""
        if not number:
            return
        text = dialable(number)
        QGuiApplication.clipboard().setText(text)
        self.status.showMessage(self.tr("%1 をコピーしました").replace("%1", text), MESSAGE_MS)
        self.copied.emit(text)

    # --- menus ------------------------------------------------------------------------------

    def menu_for(self, hit: SearchHit | None, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.setAccessibleName(self.tr("窓口の操作"))
        number = hit.phones[0] if hit and hit.phones else ""
        items: list[tuple[str, str, Callable[[], None], bool]] = [
            (
                self.tr("電話番号をコピー（発信用）"),
                "",
                lambda: self.copy_number(number),
                bool(number),
            ),
            (
                self.tr("この窓口を文章でコピー"),
                "",
                lambda: self.copy_services([hit.id]) if hit else None,
                hit is not None,
            ),
            (self.tr("紹介リストを文章でコピー"), "Ctrl+Shift+C", self.copy_list, True),
            (self.tr("紹介リストに追加"), "Ctrl+D", self.add_requested.emit, hit is not None),
        ]
        for text, keys, slot, enabled in items:
            action = QAction(text + (f"\t{keys}" if keys else ""), menu)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            menu.addAction(action)
        self.last_menu = menu
        return menu

    def _results_menu_at(self, pos: QPoint) -> None:
        index = self.view.results.indexAt(pos)
        if index.isValid():
            self.view.results.setCurrentIndex(index)
        menu = self.menu_for(self.current_hit(), self.view.results)
        menu.popup(self.view.results.viewport().mapToGlobal(pos))

    def _detail_menu_at(self, pos: QPoint) -> None:
        menu = self.menu_for(self._detail_hit(), self.view.detail)
        menu.popup(self.view.detail.mapToGlobal(pos))

    def _detail_hit(self) -> SearchHit | None:
        hit = self.current_hit()
        return hit if hit is not None and hit.id == self.detail.service_id else None

    # --- Ctrl+C in the detail ---------------------------------------------------------------

    def _watch_phone_labels(self) -> None:
        for label in self.view.detail.phone_labels:
            label.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            label.removeEventFilter(self)
            label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Ctrl+C on the detail copies the selected words, or else the main number as published."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
            and isinstance(watched, QLabel)
            and not watched.hasSelectedText()
        ):
            hit = self._detail_hit()
            if hit is not None and hit.phones:
                QGuiApplication.clipboard().setText(hit.phones[0])
                self.status.showMessage(
                    self.tr("%1 をコピーしました").replace("%1", hit.phones[0]), MESSAGE_MS
                )
                self.copied.emit(hit.phones[0])
                return True
        return False
