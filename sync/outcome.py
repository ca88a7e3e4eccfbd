"""What one sync reports: its outcome, its progress callback, and the index it may bring along.

Why its own module: the CLI, the window and the session read outcomes without importing the
machinery that produces them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class Reindexer(Protocol):
    def catch_up(self) -> int: ...


@dataclass
class SyncOutcome:
    """What a sync did, for the CLI line and the window's status."""

    feed: str
    status: str
    """``applied``, ``up-to-date`` (same version), ``not-modified`` (HTTP 304 or the same file),
    or ``newer-held`` (another sync committed this version or a newer one first)."""
    version: int
    previous_version: int
    used_delta: bool = False
    added: int = 0
    changed: int = 0
    removed: int = 0
    expires: str | None = None
    rotated_to_serial: int | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(service id, who holds it): records left out because another source holds the id."""
    taken_over: list[tuple[str, str]] = field(default_factory=list)
    """(service id, former feed): records this (higher-level) feed took over."""
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.status == "applied":
            kind = "delta" if self.used_delta else "snapshot"
            return (
                f"{self.feed}: version {self.previous_version} → {self.version} ({kind}): "
                f"{self.added} added, {self.changed} changed, {self.removed} removed"
            )
        return f"{self.feed}: version {self.version} is current ({self.status})"


Progress = Callable[[str, float], None]
"""``progress(step, fraction)``: called from the sync's thread; the GUI re-emits it as a signal."""


def no_progress(_step: str, _fraction: float) -> None:
    return None
