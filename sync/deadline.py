"""Time limits for one sync's downloads: the overall deadline, backoff with jitter, Retry-After.

Why its own module: a per-read timeout does not bound a download (a slow-drip server can run
forever), so every reader of a feed (HTTP or a folder) checks one :class:`Deadline`; the backoff
and poll-interval rules are shared by the fetcher and the window's background polls.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from sync.errors import DeadlineExceededError


class Deadline:
    """An overall time limit, measured on a monotonic clock (wall-clock jumps do not move it)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.seconds = seconds
        self.at = clock() + seconds

    def remaining(self) -> float:
        return self.at - self.clock()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def check(self, what: str) -> None:
        if self.expired():
            raise DeadlineExceededError(
                f"{what}: gave up after the {self.seconds:g} s deadline (connection too slow)"
            )


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base·2^attempt)].

    Full jitter spreads thousands of offices that failed together (AWS architecture blog,
    "Exponential Backoff And Jitter"). ``attempt`` counts from 0.
    """
    return rng.uniform(0.0, min(cap, base * (2.0 ** min(attempt, 62))))


def poll_delay(
    rng: random.Random, failures: int = 0, low: float = 4 * 3600.0, high: float = 8 * 3600.0
) -> float:
    """Seconds until the next background sync: random in [low, high], or backoff after failures.

    After ``failures`` consecutive failures, exponential backoff with full jitter from 60 s,
    capped at 6 h, so an outage does not turn every office into a synchronised retry storm.
    """
    if failures <= 0:
        return rng.uniform(low, high)
    return max(1.0, backoff_delay(failures - 1, 60.0, 6 * 3600.0, rng))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; ``None`` when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
