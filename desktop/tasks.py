"""Background work for the window, Anki-style: one database worker, one network worker.

Every database read or write the window makes runs on a single-worker pool, so they never overlap
and the GUI thread never waits on SQLite (a search over 100k services, a note saved while a sync
writes). Network work (sync) runs on its own single-worker pool so a slow server never delays a
search. Results come back to the GUI thread by a queued signal; the work itself must never touch a
widget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[float, str], None]
"""A worker reports progress as (fraction 0..1, message); it arrives on the GUI thread."""


class Tasks(QObject):
    """Runs callables off the GUI thread and calls back on it."""

    _deliver = Signal(object)
    progress = Signal(float, str)
    """Progress of the running network task (fraction, message), on the GUI thread."""
    idle = Signal()
    """Emitted on the GUI thread whenever the last pending task has been delivered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tsunagi-db")
        self._net = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tsunagi-net")
        self._lock = threading.Lock()
        self._pending = 0
        self._closed = False
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def run_db(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Run ``work`` on the database worker (in order with every other database task)."""
        return self._submit(self._db, work, on_success, on_failure)

    def run_net(
        self,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Future[T]:
        """Run ``work(progress)`` on the network worker; its progress reports become signals."""
        return self._submit(self._net, lambda: work(self._report), on_success, on_failure)

    def _report(self, fraction: float, message: str) -> None:
        self.progress.emit(float(fraction), str(message))

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None,
        on_failure: Callable[[BaseException], None] | None,
    ) -> Future[T]:
        with self._lock:
            if self._closed:
                raise RuntimeError("tasks are shut down")
            self._pending += 1

        def run() -> T:
            try:
                result = work()
            except BaseException as exc:
                self._deliver.emit(lambda error=exc: self._fail(error, on_failure))
                raise
            self._deliver.emit(lambda: on_success(result) if on_success else None)
            return result

        return pool.submit(run)

    @staticmethod
    def _fail(exc: BaseException, on_failure: Callable[[BaseException], None] | None) -> None:
        if on_failure is not None:
            on_failure(exc)
        else:
            log.error("background task failed: %s", exc, exc_info=exc)

    def _on_deliver(self, callback: Callable[[], Any]) -> None:
        try:
            if not self._closed:
                callback()
        finally:
            with self._lock:
                self._pending -= 1
                now_idle = self._pending == 0
            if now_idle:
                self.idle.emit()

    def shutdown(self) -> None:
        """Finish queued work (a note being saved must reach the disk), drop the callbacks."""
        with self._lock:
            self._closed = True
        self._db.shutdown(wait=True)
        self._net.shutdown(wait=True, cancel_futures=True)
