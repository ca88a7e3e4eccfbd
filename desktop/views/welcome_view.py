"""The first-run welcome's layout: office name, default region, and where more data comes from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class WelcomeView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("tsunagi へようこそ"))
        self.setAccessibleName(self.tr("はじめての設定"))
        self.setMinimumWidth(560)
        outer = QVBoxLayout(self)

        self.intro = QLabel(
            self.tr(
                "このパソコンには相談窓口のデータ（くらし支援ナビ）が入っています。"
                "インターネットにつながっていなくても、すぐに検索できます。\n"
                "はじめに、事務所の名前と、ふだん相談を受ける地域を教えてください。"
                "どれもあとから「設定」で変えられます。"
            )
        )
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)

        form = QFormLayout()
        outer.addLayout(form)
        self.office_name = QLineEdit()
        self.office_name.setAccessibleName(self.tr("事務所名"))
        self.office_name.setPlaceholderText(self.tr("例: つなぎ相談室"))
        office_label = QLabel(self.tr("事務所名(&O)"))
        office_label.setBuddy(self.office_name)
        form.addRow(office_label, self.office_name)

        self.default_region = QLineEdit()
        self.default_region.setAccessibleName(self.tr("既定の地域"))
        self.default_region.setPlaceholderText(self.tr("市区町村名・よみ・コード（例: だてし）"))
        region_label = QLabel(self.tr("既定の地域(&R)"))
        region_label.setBuddy(self.default_region)
        form.addRow(region_label, self.default_region)
        self.office_phone = QLineEdit()
        self.office_phone.setAccessibleName(self.tr("事務所の電話番号"))
        self.office_phone.setAccessibleDescription(self.tr("紹介票に印刷されます"))
        self.office_phone.setPlaceholderText(self.tr("紹介票に印刷します（例: 0142-23-0000）"))
        phone_label = QLabel(self.tr("事務所の電話(&P)"))
        phone_label.setBuddy(self.office_phone)
        form.addRow(phone_label, self.office_phone)
        self.region_error = QLabel()
        self.region_error.setTextFormat(Qt.TextFormat.PlainText)
        self.region_error.setWordWrap(True)
        self.region_error.setVisible(False)
        form.addRow("", self.region_error)

        source = QGroupBox(self.tr("相談窓口のデータ"))
        source_box = QVBoxLayout(source)
        self.use_bundled = QRadioButton(self.tr("同梱のデータを使う（おすすめ）"))
        self.use_bundled.setAccessibleName(self.tr("同梱のデータを使う"))
        self.use_bundled.setChecked(True)
        self.use_feed = QRadioButton(self.tr("フィードやUSBメモリのデータも使う"))
        self.use_feed.setAccessibleName(self.tr("フィードやUSBメモリのデータも使う"))
        self.use_bundled.setToolTip(self.tr("フィードはあとから「設定」で追加できます"))
        source_box.addWidget(self.use_bundled)
        source_box.addWidget(self.use_feed)
        outer.addWidget(source)

        more = QGroupBox(self.tr("データを追加する"))
        more_form = QFormLayout(more)
        self.feed_intro = QLabel(
            self.tr(
                "フィードとは、相談窓口の最新の情報を発行元がインターネットで配るもので、"
                "発行元の公開鍵で本物と確かめてから取り込みます。"
            )
        )
        self.feed_intro.setTextFormat(Qt.TextFormat.PlainText)
        self.feed_intro.setWordWrap(True)
        more_form.addRow(self.feed_intro)
        self.feed_url = QLineEdit()
        self.feed_url.setAccessibleName(self.tr("フィードのURL"))
        self.feed_url.setPlaceholderText("https://feeds.example.jp/national/")
        feed_label = QLabel(self.tr("フィードのURL(&U)"))
        feed_label.setBuddy(self.feed_url)
        more_form.addRow(feed_label, self.feed_url)
        self.feed_key = QLineEdit()
        self.feed_key.setAccessibleName(self.tr("フィードの公開鍵"))
        self.feed_key.setPlaceholderText(self.tr("発行元から受け取った「RW」で始まる1行"))
        self.feed_key.setAccessibleDescription(
            self.tr("発行元から届いた公開鍵（RWで始まる1行）をそのまま貼り付けてください")
        )
        key_label = QLabel(self.tr("公開鍵(&K)"))
        key_label.setBuddy(self.feed_key)
        more_form.addRow(key_label, self.feed_key)
        self.feed_error = QLabel()
        self.feed_error.setTextFormat(Qt.TextFormat.PlainText)
        self.feed_error.setVisible(False)
        more_form.addRow("", self.feed_error)

        bundle_row = QHBoxLayout()
        self.bundle_path = QLineEdit()
        self.bundle_path.setReadOnly(True)
        self.bundle_path.setAccessibleName(self.tr("USBメモリのデータ"))
        self.bundle_path.setPlaceholderText(self.tr("（選ばれていません）"))
        self.choose_bundle = QPushButton(self.tr("選ぶ(&B)…"))
        self.choose_bundle.setAccessibleName(self.tr("USBメモリのデータを選ぶ"))
        # Enter anywhere finishes the welcome: this button never becomes the default one
        # (it did once it had been tabbed through, and Enter opened the file chooser).
        self.choose_bundle.setAutoDefault(False)
        bundle_row.addWidget(self.bundle_path, 1)
        bundle_row.addWidget(self.choose_bundle)
        bundle_label = QLabel(self.tr("USBメモリのデータ"))
        bundle_label.setBuddy(self.choose_bundle)
        more_form.addRow(bundle_label, bundle_row)
        self.bundle_error = QLabel()
        self.bundle_error.setTextFormat(Qt.TextFormat.PlainText)
        self.bundle_error.setWordWrap(True)
        self.bundle_error.setVisible(False)
        more_form.addRow("", self.bundle_error)
        self.progress = QLabel()
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.progress.setAccessibleName(self.tr("取り込みの進み具合"))
        more_form.addRow("", self.progress)
        outer.addWidget(more)
        self.more = more
        more.setEnabled(False)
        self.use_feed.toggled.connect(more.setEnabled)

        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton(
            self.tr("始める"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later = self.buttons.addButton(
            self.tr("あとで設定する"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later.setAutoDefault(False)
        self.start.setDefault(True)
        outer.addWidget(self.buttons)
