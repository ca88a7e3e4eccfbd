"""``tsunagi gui`` (and ``tsunagi`` alone): open the window; ``--screenshot`` saves a picture of it.

``--screenshot PNG [--query Q] [--region CODE] [--size WxH] [--zoom N]`` opens the real main
window (1280×800 unless ``--size`` says otherwise, ``--zoom`` steps of Ctrl++ / Ctrl+- on top of
the stored font size, not stored) on the current data, types the query, waits for the results and
the first result's detail (by signals, not sleeps), saves the window to PNG and exits 0. It works
with ``QT_QPA_PLATFORM=offscreen``; outside checks and docs/screenshots use it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.context import BadInput, Context

SCREENSHOT_TIMEOUT_MS = 60_000
WINDOW_SIZE = (1280, 800)


def register(sub: Any) -> None:
    p = sub.add_parser("gui", help="open the window (the default when no command is given)")
    p.add_argument("--screenshot", metavar="PNG", type=Path, help="save the window to PNG and exit")
    p.add_argument("--query", default="", help="type this into the search box first")
    p.add_argument("--region", metavar="CODE", help="the client's region (lgcode), e.g. 012335")
    p.add_argument("--size", metavar="WxH", type=window_size, help="window size, e.g. 1024x768")
    p.add_argument(
        "--zoom", metavar="N", type=int, default=0, help="zoom steps (+2 = Ctrl++ twice), not saved"
    )
    p.set_defaults(func=open_window)


def window_size(text: str) -> tuple[int, int]:
    """``1024x768`` (or ``1024×768``) → (1024, 768)."""
    width, sep, height = text.lower().replace("×", "x").partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if not sep or min(size) < 200 or max(size) > 10_000:
        raise argparse.ArgumentTypeError(f"not a window size: {text!r} (write it as 1024x768)")
    return size


def default_sync_runner(ctx: Context) -> Any:
    """The sync runner sync/ provides, bound to these folders; None while there is none."""
    try:
        from desktop.controllers.sync_runner import make_runner
    except ImportError:
        return None
    return make_runner(ctx.paths)


def open_window(args: argparse.Namespace, ctx: Context) -> int:
    """Open the main window; with ``--screenshot`` save it and exit."""
    from desktop.app import create_app
    from desktop.controllers.main_window import MainWindow
    from desktop.controllers.settings_dialog import load_settings

    screenshot: Path | None = getattr(args, "screenshot", None)
    query: str = getattr(args, "query", "") or ""
    region: str | None = getattr(args, "region", None)
    # The window checks the file (PRAGMA quick_check) on its database worker right after start:
    # on a large directory the check takes seconds, and the counsellor can read meanwhile.
    from index.directory import Directory

    directory = Directory.open(ctx.paths, check=False)
    try:
        if region is not None and region not in directory.regions:
            raise BadInput(f"unknown region code {region!r} (see `tsunagi regions NAME`)")
        settings = load_settings(directory)
        state = create_app(str(settings["ui_language"]), int(settings["font_size"] or 11))
        window = MainWindow(directory, state, settings, sync_runner=default_sync_runner(ctx))
        size: tuple[int, int] | None = getattr(args, "size", None)
        zoom: int = getattr(args, "zoom", 0) or 0
        if zoom:
            window.zoom(zoom, persist=False)
        if size is not None or screenshot is not None:
            window.resize(*(size or WINDOW_SIZE))
        if screenshot is None:
            from desktop.controllers.welcome import maybe_show_welcome

            window.show()
            if maybe_show_welcome(window, directory):
                window.reload_settings()  # read on the database worker, not here
            return int(state.app.exec())
        return _screenshot(window, state.app, screenshot, query, region)
    finally:
        directory.close()


def _screenshot(window: Any, app: Any, target: Path, query: str, region: str | None) -> int:
    from PySide6.QtCore import QTimer

    outcome = {"rc": 1}
    wanted = {"text": query, "region": region}

    def finish(rc: int, message: str = "") -> None:
        if message:
            print(f"tsunagi: {message}", file=sys.stderr)
        outcome["rc"] = rc
        window.close()
        app.quit()

    def grab() -> None:
        app.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(target), "PNG"):
            finish(1, f"cannot write {target}")
            return
        print(f"saved {target}", file=sys.stderr)
        finish(0)

    def on_results(_result: Any) -> None:
        current = window.search.query()
        if current.text != wanted["text"] or current.region != wanted["region"]:
            return  # an earlier query (the start-up search) answered; wait for ours
        window.search.results_shown.disconnect(on_results)
        if window.results_model.rowCount():
            window.detail.loaded.connect(lambda _sid: QTimer.singleShot(50, grab))
            window.view.results.setCurrentIndex(window.results_model.index(0, 0))
        else:
            QTimer.singleShot(50, grab)

    def start() -> None:
        if region is not None:
            window.region.set_region(region)
        wanted["region"] = window.region.current()
        window.view.search.search.setFocus()
        window.view.search.search.setText(query)
        window.search.search_now()

    window.search.results_shown.connect(on_results)
    window.show()
    QTimer.singleShot(0, start)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: finish(1, "timed out waiting for results"))
    app.exec()
    return outcome["rc"]
