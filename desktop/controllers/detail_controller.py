"""The detail pane: load one service off the GUI thread, show it, save the office's note.

The note is saved as the counsellor types (after a short pause) and again when the editor loses
focus, on the database worker. Each save names its service id, so switching services while a save
is pending can never write one service's note onto another.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTableWidgetItem

from desktop.controllers import detail_text
from desktop.tasks import Tasks
from desktop.views.detail_view import DetailView
from index.directory import Directory

NOTE_SAVE_MS = 600


class DetailController(QObject):
    loaded = Signal(str)
    """A service's details are on screen (its id)."""
    note_saved = Signal(str)
    """A note reached the database (its service id)."""

    def __init__(
        self, view: DetailView, directory: Directory, tasks: Tasks, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.directory = directory
        self.tasks = tasks
        self.service_id: str | None = None
        self.url = ""
        self.read_only = False
        self._generation = 0
        self._dirty = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(NOTE_SAVE_MS)
        self._save_timer.timeout.connect(self.save_note)
        view.note.textChanged.connect(self._note_edited)
        view.note.installEventFilter(self)
        view.open_url.clicked.connect(self.open_url)

    # --- showing ----------------------------------------------------------------------------

    def show(self, service_id: str | None) -> None:
        if service_id == self.service_id:
            return
        self.save_note()
        self._generation += 1
        generation = self._generation
        self.service_id = service_id
        if service_id is None:
            self.view.show_empty()
            return
        directory = self.directory

        def work() -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
            orphans = [(sid, directory.note(sid)) for sid in directory.orphaned_notes()]
            return directory.details(service_id), orphans

        self.tasks.run_db(work, lambda found: self._fill(generation, service_id, *found))

    def _fill(
        self,
        generation: int,
        service_id: str,
        record: dict[str, Any] | None,
        orphans: list[tuple[str, str]],
    ) -> None:
        if generation != self._generation:
            return
        view = self.view
        self._show_orphans(orphans)
        if record is None:
            view.show_empty()
            view.placeholder.setText(
                self.tr("この窓口は見つかりません（削除されたか、同期で外れました）。")
            )
            return
        info: dict[str, Any] = record.get("tsunagi") or {}
        view.show_content()
        view.name.setText(str(record.get("name", "")))
        organization = record.get("organization") or {}
        operator = str(organization.get("name", "")) if isinstance(organization, dict) else ""
        view.organization.setText(operator)
        view.organization.setVisible(bool(operator) and operator != record.get("name"))
        warnings = [f"⚠ {w}" for w in info.get("warnings") or []]  # crisis-line guard
        alert = "\n".join([*warnings, str(record.get("alert") or "")]).strip()
        view.alert.setText(alert)
        view.alert.setVisible(bool(alert))
        view.description.setText(str(record.get("description") or ""))
        phones = detail_text.phone_lines(record)
        view.set_phones(phones or [self.tr("（電話番号の登録なし）")])
        view.hours_text.setText("\n".join(detail_text.hours_lines(record)))
        rows = detail_text.schedule_rows(record)
        view.schedule.setRowCount(len(rows))
        for row, (day, hours) in enumerate(rows):
            view.schedule.setItem(row, 0, QTableWidgetItem(day))
            view.schedule.setItem(row, 1, QTableWidgetItem(hours))
        view.schedule.resizeColumnToContents(0)
        view.schedule.resizeRowsToContents()
        height = view.schedule.horizontalHeader().height() + sum(
            view.schedule.rowHeight(r) for r in range(len(rows))
        )
        view.schedule.setFixedHeight(height + 4)
        view.schedule.setVisible(bool(rows))
        regions = "、".join(r.get("label", "") for r in info.get("regions") or [])
        worries = "、".join(w.get("label", "") for w in info.get("worries") or [])
        values = {
            "eligibility": detail_text.eligibility(record),
            "fees": detail_text.fees(record),
            "apply": str(record.get("application_process") or ""),
            "languages": detail_text.languages(record),
            "address": detail_text.addresses(record),
            "area": regions or self.tr("不明"),
            "worries": worries,
        }
        for key, label in view.fields.items():
            label.setText(values[key] or "—")
        self.url = str(
            record.get("url") or (record.get("email") and f"mailto:{record['email']}") or ""
        )
        view.url.setText(self.url or "—")
        view.open_url.setEnabled(detail_text.openable(self.url))
        view.provenance.setText(detail_text.provenance(info, record))
        view.note.blockSignals(True)
        view.note.setPlainText(str(info.get("note") or ""))
        view.note.blockSignals(False)
        self._dirty = False
        view.note_status.setText("")
        self.loaded.emit(service_id)

    def _show_orphans(self, orphans: list[tuple[str, str]]) -> None:
        if not orphans:
            self.view.orphans.setVisible(False)
            return
        lines = [self.tr("窓口が見つからなくなったメモ（%1件）:").replace("%1", str(len(orphans)))]
        lines += [f"・{sid}: {body}" for sid, body in orphans[:10]]
        self.view.orphans.setText("\n".join(lines))
        self.view.orphans.setVisible(True)

    # --- links ------------------------------------------------------------------------------

    def open_url(self) -> bool:
        if not detail_text.openable(self.url):
            return False
        return bool(QDesktopServices.openUrl(QUrl(self.url)))

    # --- the note ---------------------------------------------------------------------------

    def _note_edited(self) -> None:
        if self.service_id is None:
            return
        self._dirty = True
        self.view.note_status.setText(self.tr("入力中…"))
        self._save_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view.note and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        return False

    def save_note(self) -> None:
        """Write the note now if it changed (on the database worker)."""
        self._save_timer.stop()
        if not self._dirty or self.service_id is None or self.read_only:
            return
        self._dirty = False
        service_id = self.service_id
        body = self.view.note.toPlainText()
        directory = self.directory

        def done(_: None) -> None:
            if service_id == self.service_id and not self._dirty:
                stamp = datetime.now().strftime("%H:%M")
                self.view.note_status.setText(self.tr("保存しました（%1）").replace("%1", stamp))
            self.note_saved.emit(service_id)

        def failed(exc: BaseException) -> None:
            self.view.note_status.setText(
                self.tr("保存できませんでした: %1").replace("%1", str(exc))
            )

        self.tasks.run_db(lambda: directory.set_note(service_id, body), done, failed)
