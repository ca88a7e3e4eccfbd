"""The settings form's layout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class SettingsView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("設定"))
        self.setAccessibleName(self.tr("設定"))
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)

        def row(caption: str, widget: QWidget, accessible: str) -> None:
            widget.setAccessibleName(accessible)
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, widget)

        self.office_name = QLineEdit()
        row(self.tr("事務所名(&O)"), self.office_name, self.tr("事務所名"))
        self.office_phone = QLineEdit()
        row(self.tr("事務所の電話(&P)"), self.office_phone, self.tr("事務所の電話番号"))
        self.default_region = QLineEdit()
        self.default_region.setPlaceholderText(self.tr("例: 伊達市（北海道）、012335"))
        row(self.tr("既定の地域(&R)"), self.default_region, self.tr("既定の地域"))
        self.region_error = QLabel()
        self.region_error.setTextFormat(Qt.TextFormat.PlainText)
        self.region_error.setVisible(False)
        form.addRow("", self.region_error)
        self.feeds = QLabel()
        self.feeds.setTextFormat(Qt.TextFormat.PlainText)
        self.feeds.setWordWrap(True)
        self.feeds.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        row(self.tr("フィード"), self.feeds, self.tr("登録されているフィード"))
        self.sync_interval = QSpinBox()
        self.sync_interval.setRange(0, 24 * 14)
        self.sync_interval.setSuffix(self.tr(" 時間ごと（0 = 手動）"))
        row(self.tr("同期の間隔(&I)"), self.sync_interval, self.tr("同期の間隔（時間）"))
        self.stale_days = QSpinBox()
        self.stale_days.setRange(1, 365)
        self.stale_days.setSuffix(self.tr(" 日"))
        row(
            self.tr("古いデータの警告(&W)"),
            self.stale_days,
            self.tr("何日で古いデータと警告するか"),
        )
        self.slip_format = QComboBox()
        row(self.tr("紹介票の形式(&F)"), self.slip_format, self.tr("紹介票の既定の形式"))
        self.slip_message = QPlainTextEdit()
        self.slip_message.setTabChangesFocus(True)
        self.slip_message.setMaximumHeight(70)
        row(self.tr("紹介票のひとこと(&M)"), self.slip_message, self.tr("紹介票の既定のひとこと"))
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 28)
        self.font_size.setSuffix(" pt")
        row(self.tr("文字の大きさ(&S)"), self.font_size, self.tr("文字の大きさ"))
        self.language = QComboBox()
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        row(self.tr("表示言語(&L)"), self.language, self.tr("表示言語（再起動後に反映）"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        outer.addWidget(self.buttons)
