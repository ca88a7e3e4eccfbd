"""The keyboard path through the window: search → results → detail → referral list → print.

Down or Enter in the search box goes to the results; in the results, Ctrl+C (or Enter on the phone
column) copies the main phone number exactly as given, Enter elsewhere goes to the detail, and
Ctrl+D puts the service on the referral list. Ctrl+F / Ctrl+L always come back to the search box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTableView

from desktop.models.results_model import COL_PHONE, ResultsModel
from desktop.views.main_view import MainView
from index.model import SearchHit


class Navigation(QObject):
    phone_copied = Signal(str)

    def __init__(self, view: MainView, model: ResultsModel, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.model = model
        view.search.search.installEventFilter(self)
        view.results.installEventFilter(self)

    def focus_search(self) -> None:
        self.view.search.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.search.search.selectAll()

    def focus_results(self) -> None:
        table = self.view.results
        table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.model.rowCount() and not table.currentIndex().isValid():
            table.setCurrentIndex(self.model.index(0, 0))

    def focus_detail(self) -> None:
        detail = self.view.detail
        target = detail.name if detail.name.isVisible() else detail.placeholder
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        detail.ensureWidgetVisible(target)

    def current_hit(self) -> SearchHit | None:
        index = self.view.results.currentIndex()
        return self.model.hit(index.row()) if index.isValid() else None

    def copy_phone(self) -> str | None:
        hit = self.current_hit()
        if hit is None or not hit.phones:
            return None
        QGuiApplication.clipboard().setText(hit.phones[0])
        self.phone_copied.emit(hit.phones[0])
        return hit.phones[0]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.view.search.search:
            if key == Qt.Key.Key_Down or (enter and self.model.rowCount()):
                self.focus_results()
                return True
            return False
        if isinstance(watched, QTableView):
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_phone()
                return True
            if enter:
                if watched.currentIndex().column() == COL_PHONE:
                    self.copy_phone()
                else:
                    self.focus_detail()
                return True
        return False
