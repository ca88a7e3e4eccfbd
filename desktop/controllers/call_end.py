"""「相談終了」: a clean window for the next caller, and one step back for a mis-pressed key.

Ending a call clears everything the last caller said or chose: the search text, the client's
region (back to the office's default), filters and chips, the selected service, the detail and
the referral list. What was cleared is held in memory only, for :data:`UNDO_MS`, so Ctrl+Z can
bring it back (a counsellor once ended a call by pressing Alt+R twice); it is never written
anywhere. Removing a service from the referral list can be taken back the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QComboBox, QStatusBar, QWidget

from desktop.controllers.region_controller import RegionController
from desktop.controllers.search_controller import SearchController
from desktop.models.referral_model import Referral, ReferralModel
from desktop.views.main_view import MainView

UNDO_MS = 120_000
"""How long a finished call can be brought back; after that its words are gone from memory."""
MESSAGE_MS = 15_000


@dataclass
class CallState:
    """What one call put on screen (in memory only)."""

    text: str = ""
    region: str | None = None
    checks: dict[str, bool] = field(default_factory=dict)
    combos: dict[str, int] = field(default_factory=dict)
    referrals: list[Referral] = field(default_factory=list)


class CallEnd(QObject):
    ended = Signal()
    """The window is clean for the next caller."""
    restored = Signal()

    def __init__(
        self,
        view: MainView,
        search: SearchController,
        region: RegionController,
        referrals: ReferralModel,
        status: QStatusBar,
        default_region: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.search = search
        self.region = region
        self.referrals = referrals
        self.status = status
        self._default_region = default_region
        self._undo: Callable[[], None] | None = None
        self._forget = QTimer(self)
        self._forget.setSingleShot(True)
        self._forget.setInterval(UNDO_MS)
        self._forget.timeout.connect(self.forget)
        view.search.search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Ctrl+Z in the search box undoes the end of the call when the box has nothing to undo.

        After 相談終了 the focus is in the (empty) search box, which takes Ctrl+Z for itself.
        """
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and watched is self.view.search.search
            and not self.view.search.search.isUndoAvailable()
            and self._undo is not None
        ):
            self.undo()
            return True
        return False

    # --- reading and writing the screen -------------------------------------------------------

    def _checks(self) -> dict[str, QAbstractButton]:
        bar = self.view.search
        boxes: dict[str, QAbstractButton] = {
            "open_now": bar.open_now,
            "free": bar.free,
            "anonymous": bar.anonymous,
        }
        boxes.update({f"chip:{code}": chip for code, chip in bar.chips.items()})
        return boxes

    def _combos(self) -> dict[str, QComboBox]:
        bar = self.view.search
        return {"channel": bar.channel, "language": bar.language, "audience": bar.audience}

    def capture(self) -> CallState:
        return CallState(
            text=self.view.search.search.text(),
            region=self.region.current(),
            checks={k: bool(w.isChecked()) for k, w in self._checks().items()},
            combos={k: int(w.currentIndex()) for k, w in self._combos().items()},
            referrals=self.referrals.items(),
        )

    def apply(self, state: CallState) -> None:
        """Put ``state`` on screen with one search at the end, not one per widget."""
        widgets: list[QWidget] = [*self._checks().values(), *self._combos().values()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            for key, box in self._checks().items():
                box.setChecked(state.checks.get(key, False))
            for key, combo in self._combos().items():
                combo.setCurrentIndex(state.combos.get(key, 0))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.view.search.region_text.clear()
        self.region.set_region(state.region)
        self.search.preedit = ""
        self.view.search.search.setText(state.text)
        self.referrals.clear()
        for item in state.referrals:
            self.referrals.add(item)
        self.search.search_now()

    # --- ending and undoing -------------------------------------------------------------------

    def finish(self) -> None:
        """「相談終了」: reset the window and say so; Ctrl+Z within two minutes undoes it."""
        before = self.capture()
        self.view.results.clearSelection()
        self.view.results.setCurrentIndex(self.view.results.model().index(-1, -1))
        self.apply(CallState(region=self._default_region()))
        self.view.search.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.offer_undo(
            lambda: self.apply(before),
            self.tr(
                "相談を終了しました。検索語・地域・絞り込み・紹介リストを消しました"
                "（取り消すには Ctrl+Z）。"
            ),
        )
        self.ended.emit()

    def remove_referral(self, row: int) -> None:
        """Take one service off the referral list; Ctrl+Z puts it back where it was."""
        items = self.referrals.items()
        if not 0 <= row < len(items):
            return
        removed = items[row]
        self.referrals.remove(row)

        def put_back() -> None:
            current = self.referrals.items()
            self.referrals.clear()
            current.insert(min(row, len(current)), removed)
            for item in current:
                self.referrals.add(item)

        self.offer_undo(
            put_back,
            self.tr("「%1」を紹介リストから外しました（取り消すには Ctrl+Z）。").replace(
                "%1", removed.name
            ),
        )

    def offer_undo(self, restore: Callable[[], None], message: str) -> None:
        self._undo = restore
        self._forget.start()
        self.status.showMessage(message, MESSAGE_MS)

    def can_undo(self) -> bool:
        return self._undo is not None

    def undo(self) -> bool:
        restore, self._undo = self._undo, None
        self._forget.stop()
        if restore is None:
            self.status.showMessage(self.tr("取り消せる操作はありません。"), MESSAGE_MS)
            return False
        restore()
        self.status.showMessage(self.tr("元に戻しました。"), MESSAGE_MS)
        self.restored.emit()
        return True

    def forget(self) -> None:
        """Drop what an undo would bring back: the last caller's words leave memory."""
        self._undo = None
        self._forget.stop()
