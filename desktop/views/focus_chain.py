"""Tab order set explicitly, for forms whose widgets are not created in the order they show.

Qt's default Tab order is creation order; a form that adds some fields later (the 分野 boxes,
filled from the worry list after the buttons exist) made Tab jump past them to 保存.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtWidgets import QWidget


def chain_tabs(widgets: Sequence[QWidget]) -> None:
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
