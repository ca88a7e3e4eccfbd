"""The detail pane: every field of one service, as plain text, plus the office's note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from index.phones import left_to_right


def plain_label(text: str = "", *, selectable: bool = True) -> QLabel:
    """A label that never interprets feed text as HTML and can be read by keyboard."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setOpenExternalLinks(False)
    if selectable:
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
    label.setText(text)
    return label


NAME_SCALE = 1.3
PHONE_SCALE = 1.25


class DetailView(QScrollArea):
    phones_added = Signal()
    """New phone labels are on screen (the share controller watches them for Ctrl+C)."""

    FIELDS = ("eligibility", "fees", "apply", "languages", "address", "area", "worries")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("詳細"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setSpacing(8)

        self.placeholder = plain_label(self.tr("結果を選ぶと、ここに詳細が出ます。"))
        layout.addWidget(self.placeholder)

        self.name = plain_label()
        self.name.setAccessibleName(self.tr("窓口名"))
        self.organization = plain_label()
        self.organization.setAccessibleName(self.tr("運営"))
        self.alert = plain_label()
        self.alert.setAccessibleName(self.tr("お知らせ"))
        self.description = plain_label()
        self.description.setAccessibleName(self.tr("説明"))
        for widget in (self.name, self.organization, self.alert, self.description):
            layout.addWidget(widget)

        self.phones_title = plain_label(self.tr("電話"), selectable=False)
        self.phones_title.setFont(_bold(self.phones_title.font()))
        layout.addWidget(self.phones_title)
        self.phones_box = QVBoxLayout()
        layout.addLayout(self.phones_box)

        self.note_title = plain_label(self.tr("事務所メモ（自動保存）"), selectable=False)
        self.note_title.setFont(_bold(self.note_title.font()))
        layout.addWidget(self.note_title)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("事務所メモ"))
        self.note.setPlaceholderText(
            self.tr("この窓口についての事務所内のメモ（相談者の情報は書かない）")
        )
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        layout.addWidget(self.note)
        self.note_status = plain_label(selectable=False)
        self.note_status.setAccessibleName(self.tr("メモの保存状態"))
        layout.addWidget(self.note_status)

        self.hours_title = plain_label(self.tr("受付時間"), selectable=False)
        self.hours_title.setFont(_bold(self.hours_title.font()))
        layout.addWidget(self.hours_title)
        self.hours_text = plain_label()
        self.hours_text.setAccessibleName(self.tr("受付時間"))
        layout.addWidget(self.hours_text)
        self.schedule = QTableWidget(0, 2)
        self.schedule.setAccessibleName(self.tr("曜日ごとの受付時間"))
        self.schedule.setHorizontalHeaderLabels([self.tr("曜日"), self.tr("時間")])
        self.schedule.verticalHeader().setVisible(False)
        self.schedule.horizontalHeader().setAccessibleName(self.tr("受付時間の列見出し"))
        self.schedule.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.schedule.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.schedule)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QLabel] = {}
        captions = {
            "eligibility": self.tr("対象"),
            "fees": self.tr("費用"),
            "apply": self.tr("利用方法"),
            "languages": self.tr("言語"),
            "address": self.tr("所在地"),
            "area": self.tr("対象地域"),
            "worries": self.tr("分野"),
        }
        for key in self.FIELDS:
            label = plain_label()
            label.setAccessibleName(captions[key])
            self.fields[key] = label
            form.addRow(captions[key], label)
        layout.addLayout(form)

        link_row = QHBoxLayout()
        self.url = plain_label()
        self.url.setAccessibleName(self.tr("ウェブサイト"))
        self.open_url = QPushButton(self.tr("ブラウザで開く"))
        self.open_url.setAccessibleName(self.tr("ウェブサイトをブラウザで開く"))
        link_row.addWidget(self.url, 1)
        link_row.addWidget(self.open_url)
        layout.addLayout(link_row)

        self.provenance = plain_label()
        self.provenance.setAccessibleName(self.tr("情報の出典"))
        layout.addWidget(self.provenance)

        self.orphans = plain_label(selectable=True)
        self.orphans.setAccessibleName(self.tr("窓口が見つからないメモ"))
        layout.addWidget(self.orphans)
        layout.addStretch(1)
        self.setWidget(body)
        self.content_widgets: list[QWidget] = [
            self.name,
            self.organization,
            self.alert,
            self.description,
            self.phones_title,
            self.hours_title,
            self.hours_text,
            self.schedule,
            self.url,
            self.open_url,
            self.provenance,
            self.note_title,
            self.note,
            self.note_status,
            *self.fields.values(),
        ]
        self.phone_labels: list[QLabel] = []
        self.rescale()
        self.show_empty()

    def show_empty(self) -> None:
        self.placeholder.setVisible(True)
        for widget in self.content_widgets:
            widget.setVisible(False)
        for label in self.phone_labels:
            label.setVisible(False)

    def show_content(self) -> None:
        self.placeholder.setVisible(False)
        for widget in self.content_widgets:
            widget.setVisible(True)

    def set_phones(self, lines: list[str]) -> None:
        for label in self.phone_labels:
            self.phones_box.removeWidget(label)
            label.deleteLater()
        self.phone_labels = []
        for line in lines:
            label = plain_label(left_to_right(line))
            label.setAccessibleName(self.tr("電話番号"))
            self.phones_box.addWidget(label)
            self.phone_labels.append(label)
        self.rescale()
        self.phones_added.emit()

    def rescale(self) -> None:
        """Name and numbers are larger than the text around them, at every zoom step."""
        base = QApplication.font()  # this widget hears of a new zoom only later, by event
        self.name.setFont(scaled(base, NAME_SCALE, bold=True))
        number = scaled(base, PHONE_SCALE)
        for label in self.phone_labels:
            label.setFont(number)


def _bold(_font: QFont) -> QFont:
    """Bold only: the size is left unset, so the label follows the zoom with everything else."""
    bold = QFont()
    bold.setBold(True)
    return bold


def scaled(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    return font
