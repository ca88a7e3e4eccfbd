"""The results table: one row per SearchHit, every cell a plain string.

Feed text is data, not markup: the view shows DisplayRole strings as plain text, so a description
or name containing ``<img src=x>`` appears literally. Colours are left to the palette (high
contrast themes keep working); the open/closed state is a word, not only a colour.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from index.model import Scope, SearchHit

COL_NAME = 0
COL_PHONE = 1
COL_TODAY = 2
COL_SCOPE = 3
COL_ACCESS = 4  # channels on the first line, flags (24h, 無料, 匿名, 多言語) on the second
COL_FRESH = 5
COLUMN_COUNT = 6

HitRole = Qt.ItemDataRole.UserRole + 1
"""The row's SearchHit."""
SortRole = Qt.ItemDataRole.UserRole + 2

STALE_DAYS = 365
"""A record not verified (assured_date) for this long is marked as possibly out of date."""

Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._today = today
        self.noted: set[str] = set()
        """Services with an office note: the name cell says so (✎ メモあり)."""
        self.compact = False
        """The freshness column is hidden (narrow window): 本日 says 要再確認 instead."""

    # --- contents ----------------------------------------------------------------------------

    def set_hits(self, hits: tuple[SearchHit, ...] | list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def set_noted(self, noted: set[str]) -> None:
        if noted != self.noted:
            self.noted = set(noted)
            if self._hits:
                last = self.index(len(self._hits) - 1, COL_NAME)
                self.dataChanged.emit(self.index(0, COL_NAME), last)

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            if self._hits:
                last = self.index(len(self._hits) - 1, COL_TODAY)
                self.dataChanged.emit(self.index(0, COL_TODAY), last)

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def row_of(self, service_id: str) -> int:
        for row, hit in enumerate(self._hits):
            if hit.id == service_id:
                return row
        return -1

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section] if 0 <= section < COLUMN_COUNT else None

    def headers(self) -> list[str]:
        return [
            self.tr("名称・運営"),
            self.tr("電話"),
            self.tr("本日"),
            self.tr("範囲"),
            self.tr("方法・特徴"),
            self.tr("情報確認日"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(hit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if hit.warnings and column in (COL_NAME, COL_PHONE):
                return "\n".join(hit.warnings)
            if column == COL_PHONE:
                return self.tr("Ctrl+C または Enter で番号をコピー")
            if column == COL_FRESH:
                return self.tr("情報の最終確認日: %1").replace("%1", hit.assured_date or "—")
            return self.cell_text(hit, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.cell_text(hit, column).replace("\n", " ")
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{self.headers()[column]}（{hit.name}）"
        if role == Qt.ItemDataRole.FontRole and column in (COL_PHONE, COL_NAME):
            font = QFont()
            if column == COL_PHONE:
                font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_SCOPE,):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == HitRole:
            return hit
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def width_samples(self) -> dict[int, list[str]]:
        """The longest texts each narrow column shows, in the current language, for sizing."""
        probe = SearchHit(
            id="",
            name="",
            organization="",
            phones=(),
            open_now=None,
            why=(),
            open_24h=True,
            free=True,
            anonymous=True,
            languages=("en",),
        )
        badges = [self.open_badge(replace(probe, open_now=state)) for state in (True, False, None)]
        return {
            COL_TODAY: [*badges, "10:00〜17:00、"],
            COL_SCOPE: [self.scope_text(scope) for scope in Scope],
            COL_ACCESS: [
                " ".join(self.channel_text(c) for c in ("phone", "visit")),
                " ".join(self.flag_texts(probe)[:3]),
            ],
            COL_FRESH: ["2026-11", self.tr("%1\n要再確認").split("\n")[-1]],
        }

    # --- cell text (also used by tests and the screen reader) ---------------------------------

    def cell_text(self, hit: SearchHit, column: int) -> str:
        if column == COL_NAME:
            name = hit.name + (self.tr("（事務所登録）") if hit.layer == "local" else "")
            if hit.id in self.noted:
                name = self.tr("✎メモ ") + name
            if hit.warnings:  # crisis-line guard (index/crisis.py): named like one, not its number
                name = self.tr("⚠ 番号要確認 ") + name
            # the real directory often names the office as its own operator, or as its operator
            # plus the scheme (「健康福祉部社会福祉課（自立相談支援）」): say the operator once
            org = hit.organization
            shown = org and hit.name != org and not hit.name.startswith(f"{org}（")
            return f"{name}\n{hit.organization}" if shown else name
        if column == COL_PHONE:
            return hit.phones[0] if hit.phones else self.tr("（電話なし）")
        if column == COL_TODAY:
            text = f"{self.open_badge(hit)}\n{hit.today_hours}".strip()
            if self.compact and "\n" in self.freshness_text(hit.assured_date):
                text += "\n" + self.tr("情報は要再確認")
            return text
        if column == COL_SCOPE:
            return self.scope_text(hit.scope)
        if column == COL_ACCESS:
            channels = " ".join(self.channel_text(c) for c in hit.channels)
            return f"{channels}\n{' '.join(self.flag_texts(hit))}".strip()
        if column == COL_FRESH:
            return self.freshness_text(hit.assured_date)
        return ""

    def open_badge(self, hit: SearchHit) -> str:
        if hit.open_now is True:
            return self.tr("● 受付中")
        if hit.open_now is False:
            return self.tr("○ 時間外")
        return self.tr("？ 時間不明")

    def scope_text(self, scope: Scope) -> str:
        return {
            Scope.MUNICIPALITY: self.tr("市内"),
            Scope.PREFECTURE: self.tr("県内"),
            Scope.NATIONAL: self.tr("全国"),
        }.get(scope, "—")

    def channel_text(self, channel: str) -> str:
        return {
            "phone": self.tr("電話"),
            "sns": self.tr("SNS"),
            "email": self.tr("メール"),
            "visit": self.tr("来所"),
        }.get(channel, channel)

    def flag_texts(self, hit: SearchHit) -> list[str]:
        flags = []
        if hit.open_24h:
            flags.append(self.tr("24h"))
        if hit.free:
            flags.append(self.tr("無料"))
        if hit.anonymous:
            flags.append(self.tr("匿名"))
        if len([lang for lang in hit.languages if lang != "ja"]) >= 1:
            flags.append(self.tr("多言語"))
        if hit.demo:
            flags.append(self.tr("デモ"))
        return flags

    def freshness_text(self, assured: str | None) -> str:
        if not assured:
            return self.tr("確認日不明")
        try:
            when = date.fromisoformat(assured[:10])
        except ValueError:
            return self.tr("確認日不明")
        today = self._today or date.today()
        month = when.strftime("%Y-%m")
        if (today - when).days > STALE_DAYS:
            return self.tr("%1\n要再確認").replace("%1", month)
        return month
