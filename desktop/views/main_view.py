"""The main window's layout: search on top, results left, detail and referral list right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QProgressBar,
    QSplitter,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from desktop.models.results_model import COL_PHONE
from desktop.views.detail_view import DetailView, plain_label
from desktop.views.left_to_right import LeftToRightDelegate
from desktop.views.referral_view import ReferralView
from desktop.views.results_table import ResultsTable
from desktop.views.search_view import SearchView


class MainView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.setSpacing(6)

        self.stale_banner = plain_label(selectable=False)
        self.stale_banner.setFrameShape(QFrame.Shape.Box)
        self.stale_banner.setAccessibleName(self.tr("データの鮮度の警告"))
        self.stale_banner.setVisible(False)
        layout.addWidget(self.stale_banner)

        self.sync_banner = plain_label(selectable=True)
        self.sync_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.sync_banner.setMargin(4)
        self.sync_banner.setAccessibleName(self.tr("同期の結果"))
        self.sync_banner.setVisible(False)
        layout.addWidget(self.sync_banner)

        self.search = SearchView()
        layout.addWidget(self.search)

        self.message = plain_label(selectable=False)
        self.message.setFrameShape(QFrame.Shape.StyledPanel)
        self.message.setMargin(4)
        bold = QFont()  # bold only: the size follows the zoom
        bold.setBold(True)
        self.message.setFont(bold)
        self.message.setAccessibleName(self.tr("検索の結果についてのお知らせ"))
        self.message.setVisible(False)
        layout.addWidget(self.message)

        self.results = ResultsTable()
        self.results.setAccessibleName(self.tr("検索結果"))
        self.results.setAccessibleDescription(
            self.tr("Enter で詳細、Ctrl+C で電話番号をコピー、Ctrl+D で紹介リストに追加")
        )
        self.results.horizontalHeader().setAccessibleName(self.tr("検索結果の列見出し"))
        self.results.setItemDelegateForColumn(COL_PHONE, LeftToRightDelegate(self.results))

        right = QSplitter(Qt.Orientation.Vertical)
        self.detail = DetailView()
        self.referral = ReferralView()
        right.addWidget(self.detail)
        right.addWidget(self.referral)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        right.setSizes([560, 180])

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(right)
        # A wider window widens the results; the detail keeps a readable width of its own.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        self._balanced = False

    def balance(self) -> None:
        """Share the width: the detail gets a third (at least 22 characters), the results the rest."""
        total = sum(self.splitter.sizes()) or self.splitter.width()
        floor = self.fontMetrics().horizontalAdvance("あ" * 22) + 40
        detail = min(max(int(total * 0.34), floor), 520, max(total - 200, 0))
        self.splitter.setSizes([total - detail, detail])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._balanced:
            self._balanced = True
            self.balance()

    def rescale(self) -> None:
        """After a zoom: sizes set from the font (detail name and numbers, columns) follow it."""
        self.detail.rescale()
        self.results.fit_columns()

    def size_result_columns(self) -> None:
        """Fit the result columns to the width and font now (after a zoom, a new model)."""
        self.results.fit_columns()

    def fit_phone_column(self, numbers: list[str]) -> None:
        """Widen the phone column to the longest number shown: a number is never cut off."""
        self.results.show_numbers(numbers)


class StatusView:
    """The widgets placed in the window's status bar."""

    def __init__(self, bar: QStatusBar) -> None:
        self.feeds = QLabel()
        self.feeds.setTextFormat(Qt.TextFormat.PlainText)
        self.feeds.setAccessibleName(
            QCoreApplication.translate("StatusView", "データの版と最終同期")
        )
        self.online = QLabel()
        self.online.setTextFormat(Qt.TextFormat.PlainText)
        self.online.setAccessibleName(QCoreApplication.translate("StatusView", "接続状態"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(180)
        self.progress.setAccessibleName(QCoreApplication.translate("StatusView", "同期の進み具合"))
        self.progress.setVisible(False)
        self.sync_message = QLabel()
        self.sync_message.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_message.setAccessibleName(QCoreApplication.translate("StatusView", "同期の状態"))
        bar.addWidget(self.feeds, 1)
        bar.addPermanentWidget(self.sync_message)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.online)
