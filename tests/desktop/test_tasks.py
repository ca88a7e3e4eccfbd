"""The background task helper: order, thread, results by signal, failures, progress."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.tasks import Tasks


def test_db_tasks_run_in_order_off_the_gui_thread(qtbot: Any) -> None:
    tasks = Tasks()
    gui = threading.get_ident()
    ran_on: list[int] = []
    delivered: list[tuple[int, int]] = []
    for n in range(20):
        tasks.run_db(
            lambda n=n: (ran_on.append(threading.get_ident()), n)[1],
            lambda n_back: delivered.append((n_back, threading.get_ident())),
        )
    with qtbot.waitSignal(tasks.idle, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: len(delivered) == 20)
    assert [n for n, _ in delivered] == list(range(20))
    assert {t for _, t in delivered} == {gui}  # callbacks on the GUI thread
    assert len(set(ran_on)) == 1 and gui not in ran_on  # one worker, not the GUI thread
    tasks.shutdown()


def test_failures_reach_the_failure_callback(qtbot: Any) -> None:
    tasks = Tasks()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("disk full")

    tasks.run_db(boom, lambda _r: errors.append(AssertionError("succeeded")), errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "disk full"
    assert tasks.pending == 0
    tasks.shutdown()


def test_network_progress_arrives_while_the_db_worker_keeps_working(qtbot: Any) -> None:
    tasks = Tasks()
    release = threading.Event()
    seen: list[tuple[float, str]] = []
    tasks.progress.connect(lambda f, m: seen.append((f, m)))

    def slow_sync(progress: Any) -> str:
        progress(0.5, "half")
        assert release.wait(10)
        return "synced"

    results: list[str] = []
    tasks.run_net(slow_sync, results.append)
    qtbot.waitUntil(lambda: seen == [(0.5, "half")])
    # the database worker is free while the network one waits
    db_results: list[int] = []
    tasks.run_db(lambda: 42, db_results.append)
    qtbot.waitUntil(lambda: db_results == [42])
    assert results == []
    release.set()
    qtbot.waitUntil(lambda: results == ["synced"])
    tasks.shutdown()


def test_after_shutdown_callbacks_are_dropped_and_work_is_refused(qtbot: Any) -> None:
    tasks = Tasks()
    done: list[str] = []
    tasks.run_db(lambda: "written", done.append)
    tasks.shutdown()  # waits for the write itself
    QApplication.processEvents()
    assert done == []  # the window may be gone: its callback is not called
    try:
        tasks.run_db(lambda: "late")
    except RuntimeError as exc:
        assert "shut down" in str(exc)
    else:
        raise AssertionError("a task was accepted after shutdown")
