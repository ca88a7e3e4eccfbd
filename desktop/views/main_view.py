"""The main window's layout: search on top, results left, detail and referral list right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.views.detail_view import DetailView, plain_label
from desktop.views.referral_view import ReferralView
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

        self.search = SearchView()
        layout.addWidget(self.search)

        self.message = plain_label(selectable=False)
        self.message.setFrameShape(QFrame.Shape.StyledPanel)
        self.message.setMargin(4)
        bold = self.message.font()
        bold.setBold(True)
        self.message.setFont(bold)
        self.message.setAccessibleName(self.tr("検索の結果についてのお知らせ"))
        self.message.setVisible(False)
        layout.addWidget(self.message)

        self.results = QTableView()
        self.results.setAccessibleName(self.tr("検索結果"))
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAlternatingRowColors(True)
        self.results.setWordWrap(True)
        self.results.setTabKeyNavigation(False)
        self.results.verticalHeader().setVisible(False)
        self.results.horizontalHeader().setHighlightSections(False)
        self.results.horizontalHeader().setAccessibleName(self.tr("検索結果の列見出し"))
        self.results.horizontalHeader().setStretchLastSection(False)

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
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([870, 410])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

    def size_result_columns(self) -> None:
        """Fixed column widths and row heights from the font, never ResizeToContents.

        Measuring every cell of 100 wrapped Japanese rows on each keystroke stalled the GUI
        thread for a quarter of a second; widths from font metrics cost nothing.
        """
        header = self.results.horizontalHeader()
        model = self.results.model()
        metrics = self.results.fontMetrics()
        big = QFont(self.results.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        samples: dict[int, list[str]] = getattr(model, "width_samples", dict)()
        widths = {1: QFontMetrics(big).horizontalAdvance("0120-000-0000") + 16}
        for column, texts in samples.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            widths[column] = max(metrics.horizontalAdvance(t) for t in [title, *texts]) + 16
        header.setMinimumSectionSize(metrics.horizontalAdvance("全国") + 8)
        for column, width in widths.items():
            if column < self.results.model().columnCount():
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = self.results.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(metrics.lineSpacing() * 3, QFontMetrics(big).height()) + 8)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)

    def fit_phone_column(self, numbers: list[str]) -> None:
        """Widen the phone column to the longest number shown: a number is never cut off."""
        big = QFont(self.results.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        metrics = QFontMetrics(big)
        width = max([metrics.horizontalAdvance(n) for n in numbers] or [0])
        width = max(width, metrics.horizontalAdvance("0120-000-0000")) + 16
        self.results.horizontalHeader().resizeSection(1, width)


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
