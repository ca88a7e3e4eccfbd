"""The referral list: add (Ctrl+D), reorder, remove, 「相談終了」, and on to the slip dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.models.referral_model import Referral, ReferralModel
from desktop.views.referral_view import ReferralView
from index.model import SearchHit


class ReferralController(QObject):
    slip_requested = Signal(list)
    finished = Signal()  # 相談終了: the window forgets what it kept for this consultation
    """The ids on the list, in order, when the counsellor asks for a slip."""
    finish_requested = Signal()
    """「相談終了」 was pressed: the window ends the call (and can undo it)."""
    remove_requested = Signal(int)
    """「削除」 was pressed on this row: the window removes it (and can undo it)."""

    def __init__(
        self,
        view: ReferralView,
        model: ReferralModel,
        current_hit: Callable[[], SearchHit | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.model = model
        self._current_hit = current_hit
        view.list.setModel(model)
        view.up.clicked.connect(lambda: self.move(-1))
        view.down.clicked.connect(lambda: self.move(1))
        view.remove.clicked.connect(self.remove_selected)
        view.finish.clicked.connect(self.finish_requested)
        view.slip.clicked.connect(self.request_slip)
        model.rowsInserted.connect(self._update_buttons)
        model.rowsRemoved.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def add_current(self) -> bool:
        hit = self._current_hit()
        if hit is None:
            return False
        added = self.model.add(Referral.from_hit(hit))
        if added:
            self.view.list.setCurrentIndex(self.model.index(self.model.rowCount() - 1))
        return added

    def selected_row(self) -> int:
        index = self.view.list.currentIndex()
        return index.row() if index.isValid() else -1

    def move(self, delta: int) -> None:
        row = self.selected_row()
        if row < 0:
            return
        new_row = self.model.move(row, delta)
        self.view.list.setCurrentIndex(self.model.index(new_row))

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        self.remove_requested.emit(row)
        if self.model.rowCount():
            self.view.list.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))

    def finish(self) -> None:
        """「相談終了」: the consultation is over, nothing of it is kept."""
        self.model.clear()
        self.finished.emit()

    def request_slip(self) -> None:
        if self.model.rowCount():
            self.slip_requested.emit(self.model.ids())

    def _update_buttons(self, *_args: object) -> None:
        has_items = self.model.rowCount() > 0
        for button in (self.view.up, self.view.down, self.view.remove, self.view.slip):
            button.setEnabled(has_items)
        self.view.setTitle(
            self.tr("紹介リスト（%1件） Ctrl+D で追加").replace("%1", str(self.model.rowCount()))
        )

    def focus(self) -> None:
        self.view.list.setFocus()
        if self.model.rowCount() and not self.view.list.currentIndex().isValid():
            self.view.list.setCurrentIndex(self.model.index(0))
