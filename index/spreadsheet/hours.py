"""The 受付時間 and 休み cells of the template, read by the one hours parser (:mod:`index.hours`).

Nothing here refuses a row: what cannot be read is kept as written with a warning. ``HoursError``
stays importable for callers written when unreadable hours were refused; it is no longer raised.
"""

from __future__ import annotations

from typing import Any

from index.hours import read_hours
from index.spreadsheet.cells import CellError


class HoursError(CellError):
    """Kept for compatibility: hours are never refused any more."""


def parse_hours(text: str, closed: str = "") -> list[dict[str, Any]]:
    """Written opening hours (and closed days) → HSDS schedule rows without ids."""
    return read_hours(text, closed).schedules
