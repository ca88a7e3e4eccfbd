"""Time limits for one sync's downloads: the overall deadline, backoff with jitter, Retry-After.

Why its own module: a per-read timeout does not bound a download (a slow-drip server can run
forever), so every reader of a feed (HTTP or a folder) checks one :class:`Deadline`; the backoff
and poll-interval rules are shared by the fetcher and the window's background polls.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from sync.errors import DeadlineExceededError, SyncCancelledError


class Cancel:
    """A sync's stop button: set from any thread (the window closing); checked where it waits.

    Every read loop checks its :class:`Deadline`, which checks this too; a socket blocked in
    ``recv`` is shut down by the callback its download registered, so a stop is near-instant
    rather than up to a read timeout (or the 900 s deadline) later.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._next = 0

    def set(self) -> None:
        with self._lock:
            self._event.set()
            callbacks = list(self._callbacks.values())
        for callback in callbacks:
            callback()

    def is_set(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` when cancelled (at once if already); returns its un-registration."""
        with self._lock:
            if not self._event.is_set():
                key = self._next
                self._next += 1
                self._callbacks[key] = callback
                return lambda: self._callbacks.pop(key, None) and None
        callback()
        return lambda: None

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking at once on a cancel; True when cancelled."""
        return self._event.wait(seconds)

    def check(self) -> None:
        if self._event.is_set():
            raise SyncCancelledError("the sync was cancelled; nothing more was applied")


class Deadline:
    """An overall time limit, measured on a monotonic clock (wall-clock jumps do not move it).

    It also carries the sync's :class:`Cancel`, so every place that checks the deadline stops on
    a cancel too.
    """

    def __init__(
        self,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
        cancel: Cancel | None = None,
    ) -> None:
        self.clock = clock
        self.seconds = seconds
        self.at = clock() + seconds
        self.cancel = cancel or Cancel()

    def remaining(self) -> float:
        return self.at - self.clock()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def check(self, what: str) -> None:
        self.cancel.check()
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
