"""The form for one of the office's own resources: every field with a place for its error."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.views.flow_layout import FlowLayout
from desktop.views.focus_chain import chain_tabs

PHONE_ROWS = 3


def error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setVisible(False)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def captioned(caption: str, field: QWidget) -> QHBoxLayout:
    """A short caption before a field, so a filled field still says what it holds."""
    row = QHBoxLayout()
    label = QLabel(caption)
    label.setBuddy(field)
    row.addWidget(label)
    row.addWidget(field, 1)
    return row


class LocalResourceView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("事務所の地域資源"))
        self.setAccessibleName(self.tr("事務所の地域資源の登録"))
        self.resize(720, 680)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.errors: dict[str, QLabel] = {}

        def add(key: str, caption: str, widget: QWidget, accessible: str) -> None:
            widget.setAccessibleName(accessible)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            err = error_label()
            err.setAccessibleName(self.tr("%1の入力エラー").replace("%1", accessible))
            self.errors[key] = err
            box.addWidget(err)
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, box)

        self.name = QLineEdit()
        add("name", self.tr("名称(&N) *"), self.name, self.tr("名称"))
        self.organization = QLineEdit()
        add("organization", self.tr("運営団体(&O)"), self.organization, self.tr("運営団体"))

        self.phone_numbers: list[QLineEdit] = []
        self.phone_notes: list[QLineEdit] = []
        phones = QWidget()
        grid = QGridLayout(phones)
        grid.setContentsMargins(0, 0, 0, 0)
        for i in range(PHONE_ROWS):
            number = QLineEdit()
            number.setPlaceholderText(self.tr("例: 0142-23-0000"))
            number.setAccessibleName(self.tr("電話番号 %1").replace("%1", str(i + 1)))
            note = QLineEdit()
            note.setPlaceholderText(self.tr("説明（例: 夜間）"))
            note.setAccessibleName(self.tr("電話番号 %1 の説明").replace("%1", str(i + 1)))
            err = error_label()
            self.errors[f"phones[{i}]"] = err
            grid.addWidget(number, i * 2, 0)
            grid.addWidget(note, i * 2, 1)
            grid.addWidget(err, i * 2 + 1, 0, 1, 2)
            self.phone_numbers.append(number)
            self.phone_notes.append(note)
        phones_label = QLabel(self.tr("電話(&T)"))
        phones_label.setBuddy(self.phone_numbers[0])
        form.addRow(phones_label, phones)

        hours = QWidget()
        hours_box = QVBoxLayout(hours)
        hours_box.setContentsMargins(0, 0, 0, 0)
        days_row = QHBoxLayout()
        self.days: dict[str, QCheckBox] = {}
        for code, label in zip(
            ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
            (
                self.tr("月"),
                self.tr("火"),
                self.tr("水"),
                self.tr("木"),
                self.tr("金"),
                self.tr("土"),
                self.tr("日"),
            ),
            strict=True,
        ):
            box = QCheckBox(label)
            box.setAccessibleName(self.tr("%1曜日に受付").replace("%1", label))
            self.days[code] = box
            days_row.addWidget(box)
        days_row.addStretch(1)
        hours_box.addLayout(days_row)
        time_row = QHBoxLayout()
        self.opens_at = QLineEdit()
        self.opens_at.setPlaceholderText("09:00")
        self.opens_at.setAccessibleName(self.tr("受付開始時刻"))
        self.closes_at = QLineEdit()
        self.closes_at.setPlaceholderText("17:00")
        self.closes_at.setAccessibleName(self.tr("受付終了時刻"))
        time_row.addWidget(self.opens_at)
        time_row.addWidget(QLabel("〜"))
        time_row.addWidget(self.closes_at)
        time_row.addStretch(1)
        hours_box.addLayout(time_row)
        self.hours_note = QLineEdit()
        self.hours_note.setPlaceholderText(self.tr("補足（例: 祝日休み）"))
        self.hours_note.setAccessibleName(self.tr("受付時間の補足"))
        hours_box.addWidget(self.hours_note)
        self.more_hours = QLineEdit()
        self.more_hours.setPlaceholderText(
            self.tr("ほかの時間帯（例: 第1・第3水曜 10時〜15時／土 9:00〜12:00）")
        )
        self.more_hours.setAccessibleName(self.tr("ほかの受付時間"))
        self.more_hours.setAccessibleDescription(
            self.tr("複数の時間帯や第1・第3水曜などを、テンプレートと同じ書き方で入力します")
        )
        hours_box.addLayout(captioned(self.tr("ほかの時間帯"), self.more_hours))
        self.closed = QLineEdit()
        self.closed.setPlaceholderText(self.tr("休み（例: 日・祝日・年末年始）"))
        self.closed.setAccessibleName(self.tr("休みの日"))
        hours_box.addLayout(captioned(self.tr("休み"), self.closed))
        self.hours_preview = QLabel()
        self.hours_preview.setTextFormat(Qt.TextFormat.PlainText)
        self.hours_preview.setWordWrap(True)
        self.hours_preview.setAccessibleName(self.tr("受付時間の読み取り結果"))
        hours_box.addWidget(self.hours_preview)
        err = error_label()
        self.errors["hours"] = err
        hours_box.addWidget(err)
        hours_label = QLabel(self.tr("受付時間(&H)"))
        hours_label.setBuddy(self.days["MO"])
        form.addRow(hours_label, hours)

        self.region = QLineEdit()
        self.region.setPlaceholderText(self.tr("市区町村名・かな・コード（例: 伊達市（北海道））"))
        add("region", self.tr("地域(&R)"), self.region, self.tr("対象地域"))

        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("例: 北海道伊達市鹿島町20-1"))
        add("address", self.tr("住所(&D)"), self.address, self.tr("住所"))

        worries = QWidget()
        flow = FlowLayout(worries, spacing=4)
        self.worries: dict[str, QCheckBox] = {}
        self.worries_box = worries
        self.worries_flow = flow
        add("worries", self.tr("分野(&W)"), worries, self.tr("悩みの分野"))

        self.url = QLineEdit()
        add("url", self.tr("URL(&U)"), self.url, self.tr("ウェブサイト"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(100)
        add("notes", self.tr("メモ・説明(&M)"), self.notes, self.tr("説明"))

        self.general_error = error_label()
        outer.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.errors["general"] = self.general_error
        outer.addWidget(self.buttons)
        self.order_tabs()

    def add_worry(self, code: str, label: str) -> None:
        box = QCheckBox(label)
        box.setAccessibleName(self.tr("分野: %1").replace("%1", label))
        self.worries_flow.addWidget(box)
        self.worries[code] = box
        self.order_tabs()

    def tab_chain(self) -> list[QWidget]:
        """Every field in the order the form shows them, the buttons last."""
        chain: list[QWidget] = [self.name, self.organization]
        for number, note in zip(self.phone_numbers, self.phone_notes, strict=True):
            chain += [number, note]
        chain += [*self.days.values(), self.opens_at, self.closes_at, self.hours_note]
        chain += [self.more_hours, self.closed]
        chain += [self.region, self.address, *self.worries.values(), self.url, self.notes]
        chain += [b for b in self.buttons.buttons() if b.focusPolicy() != Qt.FocusPolicy.NoFocus]
        return chain

    def order_tabs(self) -> None:
        """Tab follows the form: the 分野 boxes, added last, once came after 保存."""
        chain_tabs(self.tab_chain())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
