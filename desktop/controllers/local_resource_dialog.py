"""Add or edit one of the office's own resources; validation problems appear beside their field.

Saving goes through ``Directory.save_local`` on the database worker: the same rules as an import,
all or nothing. A refused record keeps the dialog open with each problem under its field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from desktop.controllers.local_record import (
    LocalForm,
    build_record,
    form_field,
    form_from_record,
    read_more_hours,
)
from desktop.controllers.region_controller import resolve_region_text
from desktop.controllers.search_controller import worry_categories
from desktop.tasks import Tasks
from desktop.views.local_resource_view import PHONE_ROWS, LocalResourceView
from index.directory import Directory, ImportRefused
from index.model import Problem
from index.regions import RegionMaster
from index.schedule import weekly_hours_text


class LocalResourceDialog(LocalResourceView):
    saved = Signal(str)
    """The record was stored (its id)."""
    refused = Signal(list)
    """Validation problems (index.model.Problem) are on screen."""

    def __init__(
        self,
        directory: Directory,
        tasks: Tasks,
        record: dict[str, Any] | None = None,
        default_region: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.directory = directory
        self.tasks = tasks
        self.regions: RegionMaster = directory.regions
        self._labels: dict[str, str] = {}
        for category in worry_categories():
            self._labels[category.code] = category.ja
            self.add_worry(category.code, category.ja)
        self.form = form_from_record(record) if record else LocalForm()
        if not record and default_region:
            self.form.region = default_region
        self._fill(self.form)
        for field in (self.more_hours, self.closed, self.opens_at, self.closes_at):
            field.textChanged.connect(self.preview_hours)
        for box in self.days.values():
            box.toggled.connect(self.preview_hours)
        self.preview_hours()
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setWindowTitle(self.tr("地域資源を編集") if record else self.tr("地域資源を追加"))

    def _fill(self, form: LocalForm) -> None:
        self.name.setText(form.name)
        self.organization.setText(form.organization)
        for i, (number, note) in enumerate(form.phones[:PHONE_ROWS]):
            self.phone_numbers[i].setText(number)
            self.phone_notes[i].setText(note)
        for code, box in self.days.items():
            box.setChecked(code in form.days)
        self.opens_at.setText(form.opens_at)
        self.closes_at.setText(form.closes_at)
        self.hours_note.setText(form.hours_note)
        self.more_hours.setText(form.more_hours)
        self.closed.setText(form.closed)
        self.address.setText(form.address)
        region = self.regions.get(form.region) if form.region else None
        self.region.setText(region.label if region else form.region)
        for code, box in self.worries.items():
            box.setChecked(code in form.worries)
        self.url.setText(form.url)
        self.notes.setPlainText(form.notes)

    def read_form(self) -> tuple[LocalForm, list[Problem]]:
        """The form's values; a region that cannot be resolved is a problem on its field."""
        problems: list[Problem] = []
        region_code = ""
        typed = self.region.text().strip()
        if typed:
            found = resolve_region_text(self.regions, typed)
            if len(found) == 1:
                region_code = found[0].lgcode
            elif found:
                labels = "、".join(r.label for r in found[:4])
                problems.append(
                    Problem(
                        "local resource",
                        "service_areas[0].extent",
                        self.tr("同じ名前の地域が複数あります: %1").replace("%1", labels),
                    )
                )
            else:
                problems.append(
                    Problem(
                        "local resource",
                        "service_areas[0].extent",
                        self.tr("地域「%1」が見つかりません").replace("%1", typed),
                    )
                )
        form = LocalForm(
            id=self.form.id,
            name=self.name.text(),
            organization=self.organization.text(),
            phones=[
                (n.text().strip(), d.text().strip())
                for n, d in zip(self.phone_numbers, self.phone_notes, strict=True)
            ],
            days=[code for code, box in self.days.items() if box.isChecked()],
            opens_at=self.opens_at.text().strip(),
            closes_at=self.closes_at.text().strip(),
            hours_note=self.hours_note.text(),
            region=region_code,
            worries=[code for code, box in self.worries.items() if box.isChecked()],
            notes=self.notes.toPlainText(),
            url=self.url.text(),
            more_hours=self.more_hours.text(),
            closed=self.closed.text(),
            address=self.address.text(),
        )
        if not form.name.strip():
            problems.append(Problem("local resource", "name", self.tr("名称を入力してください")))
        return form, problems

    def preview_hours(self, *_args: object) -> list[str]:
        """How the hours will read on the slip and in the window, and what was not understood.

        The same parser as the template reads them, so 「第1・第3水曜」 becomes a monthly rule
        (not every Wednesday); what it cannot read is kept as written, with a warning here.
        """
        form, _problems = self.read_form()
        record = build_record(form, self._labels)
        lines = weekly_hours_text(record.get("schedules") or [])
        read = read_more_hours(form)
        text = self.tr("読み取り: %1").replace("%1", "／".join(lines))
        if read.unread:
            text += "\n" + self.tr("⚠ 読み取れなかった部分はそのまま表示します: %1").replace(
                "%1", "、".join(read.unread)
            )
        self.hours_preview.setText(text)
        return lines

    def save(self) -> None:
        self.clear_errors()
        form, problems = self.read_form()
        if problems:
            self.show_problems(problems)
            return
        record = build_record(form, self._labels)
        self.form.id = record["id"]
        directory = self.directory
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.tasks.run_db(
            lambda: directory.save_local(record), lambda _r: self._saved(record["id"]), self._failed
        )

    def _saved(self, service_id: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        self.saved.emit(service_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        if isinstance(exc, ImportRefused):
            self.show_problems(exc.report.problems)
        else:
            self.show_problems([Problem("local resource", "-", str(exc))])

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

    def show_problems(self, problems: list[Problem]) -> None:
        grouped: dict[str, list[str]] = {}
        for problem in problems:
            key = form_field(problem.field)
            if key.startswith("phones["):
                # rows are compacted when built: map the record's index back to the form row
                key = self._phone_row_key(key)
            if key not in self.errors:
                key = "general"
            grouped.setdefault(key, []).append(f"⚠ {problem.reason}")
        first = None
        for key, reasons in grouped.items():
            label = self.errors[key]
            label.setText("\n".join(reasons))
            label.setVisible(True)
            first = first or key
        self.refused.emit(list(problems))

    def _phone_row_key(self, key: str) -> str:
        index = int(key[len("phones[") : -1])
        filled = [
            i
            for i, n in enumerate(self.phone_numbers)
            if n.text().strip() or self.phone_notes[i].text().strip()
        ]
        return f"phones[{filled[index]}]" if index < len(filled) else "general"
