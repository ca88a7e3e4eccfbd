"""Per-feed locks across processes, so two syncs of one feed never overlap.

Why: two ``tsunagi sync`` (a scheduled task and a hand-run one, or the window and the CLI) used to
race: a slow sync of version 2 could commit over a fast sync of version 3, and both wrote the
search index at once. A lock file per feed under the data folder, held with the OS's advisory
lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows), is released by the OS when its process
dies, so a killed sync never leaves a stale lock behind. The apply still re-checks the held
version inside its write transaction (:mod:`sync.commit`): the lock is the first line, not the only.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from index.paths import AppPaths
from sync.errors import FeedBusyError, disk_error


def _lock_file(paths: AppPaths, name: str) -> Path:
    folder = paths.data / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.lock"


def _try_lock(fd: int, wait: bool) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def held_lock(paths: AppPaths, name: str, *, wait: bool = False) -> Iterator[None]:
    """Hold lock ``name`` (``sync-<feed>``, ``index``) for the ``with`` block.

    Without ``wait``, raises :class:`FeedBusyError` at once when another holder has it.
    """
    try:
        fd = os.open(_lock_file(paths, name), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise disk_error(exc) from exc
    try:
        if not _try_lock(fd, wait):
            raise FeedBusyError(f"{name.removeprefix('sync-')} is already syncing")
        yield
    finally:
        os.close(fd)  # closing releases the lock


def feed_lock(paths: AppPaths, feed: str) -> contextlib.AbstractContextManager[None]:
    """The lock one sync of ``feed`` holds; a second sync of it gets :class:`FeedBusyError`."""
    return held_lock(paths, f"sync-{feed}")


def index_lock(paths: AppPaths) -> contextlib.AbstractContextManager[None]:
    """Waits its turn: sessions bring the search index up to date one after another."""
    return held_lock(paths, "index", wait=True)


def download_lock(paths: AppPaths, feed: str) -> contextlib.AbstractContextManager[None]:
    """Waits its turn: one process at a time downloads, inflates or discards a feed's payload in
    the shared partial folder (``sync_feed`` called directly, outside a session, may overlap)."""
    return held_lock(paths, f"download-{feed}", wait=True)
