"""The About dialog's layout: version, data versions, and the licences with their full texts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class AboutView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("tsunagi について"))
        self.setAccessibleName(self.tr("tsunagi について"))
        self.resize(720, 520)
        outer = QVBoxLayout(self)

        top = QHBoxLayout()
        self.icon = QLabel()
        self.icon.setAccessibleName(self.tr("アイコン"))
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        self.version = QLabel()
        self.version.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self.version.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        self.version.setFont(title_font)
        self.version.setAccessibleName(self.tr("バージョン"))
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.version)
        self.data_versions = QLabel(self.tr("データの版を読み込んでいます…"))
        self.data_versions.setTextFormat(Qt.TextFormat.PlainText)
        self.data_versions.setWordWrap(True)
        self.data_versions.setAccessibleName(self.tr("データの版"))
        self.data_versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.data_versions)
        self.data_folder = QLabel()
        self.data_folder.setTextFormat(Qt.TextFormat.PlainText)
        self.data_folder.setWordWrap(True)
        self.data_folder.setAccessibleName(self.tr("データの保存先"))
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.data_folder)
        top.addLayout(text, 1)
        outer.addLayout(top)

        caption = QLabel(self.tr("同梱しているフォントとデータのライセンス(&L)"))
        outer.addWidget(caption)
        body = QHBoxLayout()
        self.licences = QListWidget()
        self.licences.setAccessibleName(self.tr("ライセンスの一覧"))
        self.licences.setMaximumWidth(300)
        self.licences.setWordWrap(True)
        self.licences.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        caption.setBuddy(self.licences)
        body.addWidget(self.licences)
        self.licence_text = QPlainTextEdit()
        self.licence_text.setReadOnly(True)
        self.licence_text.setAccessibleName(self.tr("ライセンスの全文"))
        self.licence_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        body.addWidget(self.licence_text, 1)
        outer.addLayout(body, 1)

        self.buttons = QDialogButtonBox()
        # Our own label: Qt's standard "Close" would stay English without Qt's translations.
        self.close_button = self.buttons.addButton(
            self.tr("閉じる"), QDialogButtonBox.ButtonRole.RejectRole
        )
        outer.addWidget(self.buttons)
