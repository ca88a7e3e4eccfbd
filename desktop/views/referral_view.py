"""The referral list (紹介リスト) panel: the list and its buttons."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ReferralView(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("紹介リスト (Ctrl+D で追加)"))
        layout = QVBoxLayout(self)
        self.list = QListView()
        self.list.setAccessibleName(self.tr("紹介リスト"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.up = QPushButton(self.tr("↑ 上へ"))
        self.up.setAccessibleName(self.tr("選んだ窓口を上へ"))
        self.down = QPushButton(self.tr("↓ 下へ"))
        self.down.setAccessibleName(self.tr("選んだ窓口を下へ"))
        self.remove = QPushButton(self.tr("削除"))
        self.remove.setAccessibleName(self.tr("選んだ窓口をリストから削除"))
        for button in (self.up, self.down, self.remove):
            row.addWidget(button)
        layout.addLayout(row)
        row2 = QHBoxLayout()
        self.slip = QPushButton(self.tr("紹介票を作る… (Ctrl+P)"))
        self.slip.setAccessibleName(self.tr("紹介票を作って保存または印刷"))
        self.finish = QPushButton(self.tr("相談終了"))
        self.finish.setAccessibleName(self.tr("相談終了: 紹介リストを空にする"))
        self.share = QPushButton(self.tr("文章でコピー"))
        self.share.setAccessibleName(self.tr("紹介リストを文章でコピー（SMS・LINE・メール用）"))
        self.share.setToolTip(self.tr("Ctrl+Shift+C: SMS・LINE・メールに貼り付ける文章をコピー"))
        row2.addWidget(self.slip, 2)
        row2.addWidget(self.share, 1)
        row2.addWidget(self.finish, 1)
        layout.addLayout(row2)
