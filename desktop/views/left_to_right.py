"""Phone numbers are laid out left to right, whatever the window's or the text's direction.

A table cell takes its paragraph direction from the view: in a right-to-left interface
``(0120) 833-972`` would be drawn ``833-972 (0120)``. The delegate forces left to right on the
cells it paints, from the very string the model gives (the one Ctrl+C copies), without the
format characters an old database may still hold (``index.phones.visible``).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from index.phones import visible


class LeftToRightDelegate(QStyledItemDelegate):
    """Paints a column's text as a left-to-right paragraph."""

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.direction = Qt.LayoutDirection.LeftToRight  # type: ignore[attr-defined]
        option.text = visible(option.text)  # type: ignore[attr-defined]
