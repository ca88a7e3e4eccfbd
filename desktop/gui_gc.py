"""Python's cyclic garbage collector runs only on the GUI thread.

Automatic collection starts in whichever thread happens to allocate when a threshold is crossed.
When that is a search or database worker (``desktop/tasks.py``) and the garbage holds a Qt object
(a closed dialog caught in a cycle with its own lambdas), its C++ destructor runs off the GUI
thread and the process dies with a segmentation fault; it was seen twice in ``make test``
(``Garbage-collecting`` on a ``tasks.py`` worker). So automatic collection is switched off and a
timer on the GUI thread collects each generation when its threshold is crossed, which is what
the automatic collector would have done, in the one thread allowed to destroy widgets. PyQt's
documentation and Anki (``aqt/main.py``) do the same.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Collects garbage on the GUI thread; keep one alive for the application's lifetime."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):  # the oldest due generation also collects the younger ones
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Switch automatic collection off and install the collector once per application
    (create_app runs again for each window under pytest-qt, whose teardown turns it back on)."""
    gc.disable()
    existing = app.findChild(GuiThreadCollector)
    return existing if isinstance(existing, GuiThreadCollector) else GuiThreadCollector(app)
