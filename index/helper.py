"""One spawned helper process for half of a big CPU-bound job.

Why a process: rebuilding the search index and checking a snapshot's records are pure Python,
so a thread would only wait on the GIL. Offices run 2-core laptops, and at 100k services these
two jobs take most of a first sync; a second process does half of each at the same time.

Why ``spawn``: the callers run on a worker thread of the Qt app, and forking a threaded process
can deadlock. Spawn behaves the same on Linux, macOS and Windows; the frozen bundle calls
``multiprocessing.freeze_support()`` first (``packaging/tsunagi_main.py``).

Why not ``ProcessPoolExecutor``: a refused feed or a failed build must stop the helper at once,
not wait for its half to finish, and a pool cannot kill a running task.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


class HelperFailed(RuntimeError):
    """The helper process died or its result could not be sent back."""


def cores() -> int:
    """CPUs this process may use (affinity, where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _die_with(parent: int) -> None:
    """On Linux, have the kernel kill this helper when its parent dies (a SIGKILLed sync must
    not leave a helper writing index files or burning a core for another minute).

    The kernel ties this to the thread that started the helper; callers wait for the result on
    that same thread, so it outlives the helper."""
    if not sys.platform.startswith("linux"):
        return  # elsewhere an orphan finishes its half, fails to send it, and exits
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _run(send: Connection, parent: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _die_with(parent)
    try:
        value = fn(*args)
    except BaseException as exc:  # the caller decides; it sees the helper's own error
        try:
            send.send((False, exc))
        except Exception:  # an exception that does not pickle still says what it was
            send.send((False, HelperFailed(f"{type(exc).__name__}: {exc}")))
        return
    send.send((True, value))


class Helper(Generic[T]):
    """``fn(*args)`` in a spawned process: :meth:`result` waits for it, leaving the block kills it.

    ``fn`` must be importable (a module-level function) and its arguments and result picklable.
    """

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_run, args=(send, os.getpid(), fn, args), daemon=True)
        self._process.start()
        send.close()  # the child holds the only sending end: its death reads as EOF here

    def result(self) -> T:
        """The helper's return value; its exception is raised here, as is :class:`HelperFailed`."""
        try:
            ok, value = self._receive.recv()
        except (EOFError, OSError) as exc:
            self._process.join()
            raise HelperFailed(
                f"the helper process stopped without a result (exit code {self._process.exitcode})"
            ) from exc
        self._process.join()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Kill the helper if it still runs (the caller gave up on its result)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()

    def __enter__(self) -> Helper[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
