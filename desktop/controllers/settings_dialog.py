"""Settings: the office, the default region, sync, slip defaults, font size and language.

Everything is stored with ``Directory.set_setting`` (the database's ``setting`` table) on the
database worker, so two copies of the app see the same office settings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.app import DEFAULT_POINT_SIZE
from desktop.controllers.region_controller import resolve_region_text
from desktop.tasks import Tasks
from desktop.views.settings_view import SettingsView
from index.directory import Directory

KEYS = (
    "office_name",
    "office_phone",
    "default_region",
    "sync_interval_hours",
    "stale_days",
    "slip_format",
    "slip_message",
    "font_size",
    "ui_language",
)


def load_settings(directory: Directory) -> dict[str, Any]:
    """Every setting the window uses, with defaults (call on the database worker)."""
    return {
        "office_name": directory.get_setting("office_name", ""),
        "office_phone": directory.get_setting("office_phone", ""),
        "default_region": directory.get_setting("default_region", None),
        "sync_interval_hours": directory.get_setting("sync_interval_hours", 24),
        "stale_days": directory.get_setting("stale_days", 30),
        "slip_format": directory.get_setting("slip_format", "a5"),
        "slip_message": directory.get_setting("slip_message", ""),  # "" → the slip's default
        "font_size": directory.get_setting("font_size", DEFAULT_POINT_SIZE),
        "ui_language": directory.get_setting("ui_language", "ja"),
    }


class SettingsDialog(SettingsView):
    saved = Signal(dict)

    def __init__(
        self,
        directory: Directory,
        tasks: Tasks,
        settings: dict[str, Any],
        feeds: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from desktop.slips import DEFAULT_MESSAGE, FORMATS

        self.directory = directory
        self.tasks = tasks
        self.settings = dict(settings)
        for code in FORMATS:
            self.slip_format.addItem(code, code)
        self.office_name.setText(str(settings.get("office_name") or ""))
        self.office_phone.setText(str(settings.get("office_phone") or ""))
        region_code = settings.get("default_region")
        region = directory.regions.get(region_code) if region_code else None
        self.default_region.setText(region.label if region else "")
        self.feeds.setText("\n".join(feeds) or self.tr("（なし: 同梱データだけを使っています）"))
        self.sync_interval.setValue(int(settings.get("sync_interval_hours") or 0))
        self.stale_days.setValue(int(settings.get("stale_days") or 30))
        self.slip_format.setCurrentIndex(
            max(self.slip_format.findData(settings.get("slip_format")), 0)
        )
        self.slip_message.setPlainText(str(settings.get("slip_message") or DEFAULT_MESSAGE))
        self.font_size.setValue(int(settings.get("font_size") or DEFAULT_POINT_SIZE))
        self.language.setCurrentIndex(max(self.language.findData(settings.get("ui_language")), 0))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def values(self) -> dict[str, Any] | None:
        typed = self.default_region.text().strip()
        region_code = None
        if typed:
            chosen = resolve_region_text(self.directory.regions, typed)
            if len(chosen) != 1:
                self.region_error.setText(
                    self.tr(
                        "地域を一つに決められません。「伊達市（北海道）」のように入力してください。"
                    )
                )
                self.region_error.setVisible(True)
                return None
            region_code = chosen[0].lgcode
        return {
            "office_name": self.office_name.text().strip(),
            "office_phone": self.office_phone.text().strip(),
            "default_region": region_code,
            "sync_interval_hours": self.sync_interval.value(),
            "stale_days": self.stale_days.value(),
            "slip_format": self.slip_format.currentData(),
            "slip_message": self.slip_message.toPlainText().strip(),
            "font_size": self.font_size.value(),
            "ui_language": self.language.currentData(),
        }

    def save(self) -> None:
        values = self.values()
        if values is None:
            return
        directory = self.directory

        def work() -> dict[str, Any]:
            for key, value in values.items():
                directory.set_setting(key, value)
            return values

        self.tasks.run_db(work, self._saved)

    def _saved(self, values: dict[str, Any]) -> None:
        self.saved.emit(values)
        self.accept()
