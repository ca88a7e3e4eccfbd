"""Garbage holding a Qt object is destroyed on the GUI thread, never on a worker (desktop/gui_gc.py).

Two ``make test`` runs died with a segmentation fault while a search worker was
"Garbage-collecting" a closed dialog caught in a reference cycle.
"""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QObject

from desktop.app import create_app, remove_translator


class _Cycle:
    """A cycle that only the cyclic collector frees, holding a Qt object like a closed dialog."""

    def __init__(self) -> None:
        self.me = self
        self.qt = QObject()


def test_cycles_holding_qt_objects_are_collected_on_the_gui_thread(qtbot: Any) -> None:
    state = create_app()
    try:
        assert not gc.isenabled()
        freed_in: list[threading.Thread] = []
        cycle = _Cycle()
        weakref.finalize(cycle, lambda: freed_in.append(threading.current_thread()))
        del cycle

        def busy_worker() -> None:
            # far past the collector's first threshold, as a search's allocations are
            kept = [[] for _ in range(50_000)]
            assert len(kept) == 50_000

        worker = threading.Thread(target=busy_worker)
        worker.start()
        worker.join()
        assert freed_in == []  # the worker did not collect it
        kept_here = [[] for _ in range(5_000)]  # the GUI thread's own allocations, over threshold
        qtbot.waitUntil(lambda: bool(freed_in), timeout=5_000)
        assert freed_in == [threading.main_thread()]
        assert kept_here
    finally:
        remove_translator(state)
