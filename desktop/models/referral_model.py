"""The referral list (紹介リスト) of the current consultation: services to hand to the client.

It lives only in memory: a consultation's list is never stored (no client data is kept), and
「相談終了」 clears it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from index.model import SearchHit

Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Referral:
    id: str
    name: str
    phone: str
    worries: tuple[str, ...] = ()

    @classmethod
    def from_hit(cls, hit: SearchHit) -> Referral:
        return cls(hit.id, hit.name, hit.phones[0] if hit.phones else "", hit.worries)


class ReferralModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Referral] = []

    def items(self) -> list[Referral]:
        return list(self._items)

    def ids(self) -> list[str]:
        return [item.id for item in self._items]

    def add(self, item: Referral) -> bool:
        """Append ``item`` unless it is already on the list; True when added."""
        if item.id in self.ids():
            return False
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            self.endRemoveRows()

    def move(self, row: int, delta: int) -> int:
        """Move one row up (-1) or down (+1); return its new row."""
        target = row + delta
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)):
            return row
        # beginMoveRows wants the destination *before* which the row goes.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._items.insert(target, self._items.pop(row))
        self.endMoveRows()
        return target

    def clear(self) -> None:
        self.beginResetModel()
        self._items.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{index.row() + 1}. {item.name}  {item.phone}".rstrip()
        if role == IdRole:
            return item.id
        return None
