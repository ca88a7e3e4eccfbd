"""The results table, whose columns fit the width it has: names stay readable on a 1024-px screen.

Widths come from font metrics, never ResizeToContents (measuring 100 wrapped Japanese rows on each
keystroke stalled the GUI thread for a quarter of a second). The name column has a minimum of
:data:`NAME_MIN_CHARS` characters and takes whatever is left; when the fixed columns leave less,
the least needed columns are hidden (their facts are in the detail pane), and only then does the
table scroll sideways. The phone column is as wide as the longest number shown, so a number never
wraps. Everything is measured again when the width or the font (zoom) changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.models.results_model import (
    COL_ACCESS,
    COL_FRESH,
    COL_NAME,
    COL_PHONE,
    COL_SCOPE,
)

NAME_MIN_CHARS = 12
"""The name column never gets narrower than this many (full-width) characters while it fits."""
HIDE_ORDER = (COL_FRESH, COL_ACCESS, COL_SCOPE)
"""Columns given up, in this order, when the window is too narrow for all of them."""
PHONE_SCALE = 1.3
PADDING = 16
SAMPLE_NUMBER = "0120-000-0000"


def phone_font(base: QFont) -> QFont:
    big = QFont(base)
    big.setPointSizeF(base.pointSizeF() * PHONE_SCALE)
    big.setBold(True)
    return big


class ResultsTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._numbers: list[str] = []
        self.hidden_for_width: tuple[int, ...] = ()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    # --- measuring --------------------------------------------------------------------------

    def name_min_width(self) -> int:
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetrics(bold).horizontalAdvance("あ" * NAME_MIN_CHARS) + PADDING

    def wanted_widths(self) -> dict[int, int]:
        """Each fixed column's width in the current font: headers, longest samples, numbers."""
        model = self.model()
        metrics = self.fontMetrics()
        big = QFontMetrics(phone_font(self.font()))
        numbers = [*self._numbers, SAMPLE_NUMBER]
        widths = {COL_PHONE: max(big.horizontalAdvance(n) for n in numbers) + PADDING}
        samples: dict[int, list[str]] = getattr(model, "width_samples", dict)()
        for column, texts in samples.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            widths[column] = max(metrics.horizontalAdvance(t) for t in [title, *texts]) + PADDING
        return widths

    # --- fitting ----------------------------------------------------------------------------

    def show_numbers(self, numbers: list[str]) -> None:
        """The numbers now listed: the phone column grows to the longest, so none wraps."""
        self._numbers = list(numbers)
        self.fit_columns()

    def fit_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        widths = {c: w for c, w in self.wanted_widths().items() if c < model.columnCount()}
        available = self.viewport().width()
        name_min = self.name_min_width()
        hidden: list[int] = []
        for column in HIDE_ORDER:
            shown = sum(w for c, w in widths.items() if c not in hidden)
            if shown + name_min <= available:
                break
            hidden.append(column)
        self.hidden_for_width = tuple(hidden)
        header.setMinimumSectionSize(metrics.horizontalAdvance("全国") + 8)
        for column in range(model.columnCount()):
            self.setColumnHidden(column, column in hidden)
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        shown = sum(w for c, w in widths.items() if c not in hidden)
        if shown + name_min <= available:
            header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        else:  # too narrow even so: the name keeps its minimum and the table scrolls sideways
            header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(COL_NAME, name_min)
        setter = getattr(model, "set_compact", None)
        if setter is not None:
            setter(COL_FRESH in hidden)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        big = QFontMetrics(phone_font(self.font()))
        rows.setDefaultSectionSize(max(metrics.lineSpacing() * 3, big.height()) + 8)

    def name_width(self) -> int:
        return self.horizontalHeader().sectionSize(COL_NAME)

    # --- following the width and the zoom -------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns()
