"""The top of the window: the search box, the client's region, worry chips and filters."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.flow_layout import FlowLayout


class SearchView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)

        top = QHBoxLayout()
        self.search_label = QLabel(self.tr("検索(&S)"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("悩み・窓口名・電話番号など（例: 家賃、眠れない）"))
        self.search.setAccessibleName(self.tr("検索語"))
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QToolButton):  # the ⊗ inside the box
            button.setAccessibleName(self.tr("検索語を消す"))
        self.search.setMinimumWidth(220)
        self.search_label.setBuddy(self.search)
        top.addWidget(self.search_label)
        top.addWidget(self.search, 3)

        self.region_label = QLabel(self.tr("相談者の地域(&A)"))
        self.region_text = QLineEdit()
        self.region_text.setPlaceholderText(self.tr("地域名・かな"))
        self.region_text.setAccessibleName(self.tr("地域を名前やかなで入力"))
        self.region_label.setBuddy(self.region_text)
        self.prefecture = QComboBox()
        self.prefecture.setAccessibleName(self.tr("都道府県"))
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(self.tr("市区町村"))
        for combo in (self.prefecture, self.municipality):
            # wide enough for 「伊達市（北海道）」, not for the longest name in Japan
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(15)
        self.region_text.setMaximumWidth(150)
        top.addWidget(self.region_label)
        top.addWidget(self.region_text)
        top.addWidget(self.prefecture)
        top.addWidget(self.municipality)
        outer.addLayout(top)

        self.chip_box = QWidget()
        self.chip_box.setAccessibleName(self.tr("悩みの分野"))
        self.chips_layout = FlowLayout(self.chip_box, spacing=4)
        self.chips: dict[str, QToolButton] = {}
        outer.addWidget(self.chip_box)

        # The filters wrap onto a second line rather than widen the window past a small screen.
        self.filter_box = QWidget()
        filters = FlowLayout(self.filter_box, spacing=8)
        self.open_now = QCheckBox(self.tr("いま受付中"))
        self.free = QCheckBox(self.tr("無料"))
        self.anonymous = QCheckBox(self.tr("匿名可"))
        for box, name in (
            (self.open_now, self.tr("いま受付中の窓口だけ")),
            (self.free, self.tr("無料の窓口だけ")),
            (self.anonymous, self.tr("匿名で相談できる窓口だけ")),
        ):
            box.setAccessibleName(name)
            filters.addWidget(box)
        self.channel = QComboBox()
        self.channel.setAccessibleName(self.tr("相談方法"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("言語"))
        self.audience = QComboBox()
        self.audience.setAccessibleName(self.tr("対象"))
        for label, combo in (
            (self.tr("方法"), self.channel),
            (self.tr("言語"), self.language),
            (self.tr("対象"), self.audience),
        ):
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            caption = QLabel(label)
            caption.setBuddy(combo)
            row.addWidget(caption)
            row.addWidget(combo)
            filters.addWidget(pair)
        self.clear_filters = QToolButton()
        self.clear_filters.setText(self.tr("絞り込みを解除"))
        self.clear_filters.setAccessibleName(self.tr("絞り込みをすべて解除"))
        filters.addWidget(self.clear_filters)
        outer.addWidget(self.filter_box)

    def add_chip(self, code: str, label: str, tooltip: str = "") -> QToolButton:
        chip = QToolButton(self.chip_box)
        chip.setText(label)
        chip.setCheckable(True)
        chip.setAutoRaise(False)
        chip.setAccessibleName(self.tr("分野: %1").replace("%1", label))
        if tooltip:
            chip.setToolTip(tooltip)
        self.chips_layout.addWidget(chip)
        self.chips[code] = chip
        return chip
