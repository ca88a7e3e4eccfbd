"""The window's sync runner: one sync session (:func:`sync.session.run_feeds`) on the network worker.

It opens its own connection to the directory (WAL lets it write while the window reads), runs
every followed feed in turn (national first; one refusal never stops the others) and reports the
session's (fraction, message) to the status bar. The session brings the search index up to date
and compacts it here, so the window's worker never spends a minute rebuilding; the window's search
follows the new generation. :meth:`SyncRunner.cancel` stops it (the window calls it on close, so
closing never waits for a download).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from index.directory import Directory
from index.paths import AppPaths

Progress = Callable[[float, str], None]


class SyncRunner:
    """Callable on the network worker: ``runner(progress)`` returns the session's report."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self._lock = threading.Lock()
        self._cancel: Any = None
        self._closed = False

    def __call__(self, progress: Progress) -> Any:
        from sync.deadline import Cancel
        from sync.feeds import list_feeds
        from sync.session import run_feeds

        cancel = Cancel()
        with self._lock:
            if self._closed:
                cancel.set()
            self._cancel = cancel
        try:
            with Directory.open(self.paths, seed=False, check=False) as directory:
                if not list_feeds(directory.db):
                    progress(1.0, "同期先のフィードがありません")
                    return run_feeds(directory, progress, cancel, names=[])
                return run_feeds(directory, progress, cancel, compact=True)
        finally:
            with self._lock:
                self._cancel = None

    def cancel(self, *, closing: bool = False) -> None:
        """Stop the running session (from any thread); ``closing``: also any that starts later."""
        with self._lock:
            if closing:
                self._closed = True
            cancel = self._cancel
        if cancel is not None:
            cancel.set()


def make_runner(paths: AppPaths) -> SyncRunner:
    return SyncRunner(paths)
