"""Screenshots of the window as a counsellor drives it: a real X server, a window manager, keys.

    python -m desktop.flow_shots [--out docs/screenshots] [--data-dir DIR]

For each screen (1024×768, 1366×768) this starts Xvfb and openbox, opens the real window on the
bundled directory, and types with ``xdotool`` (XTest key events through the X server, the window
manager and Qt's xcb input, as a keyboard would): Alt+A and 「だてし」↓Enter for the client's region,
Ctrl+F and the words, Ctrl+Shift+= twice for zoom +2 (how + is typed on many keyboards), ↓ to the
first result. Waits are on the window's own state (results settled, detail loaded), never sleeps.
The screen is saved with ImageMagick's ``import``. Debian packages: xvfb, openbox, xdotool,
imagemagick.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZES = ((1024, 768), (1366, 768))
SCENES = (
    # (file stem, query, region keys typed into the region box (None: no region))
    ("rent-date", "家賃が払えない", "だてし"),
    ("crisis", "死にたい", None),
)
TIMEOUT_MS = 60_000


def start_x(size: tuple[int, int]) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes], str]:
    """Xvfb on a free display (it writes the number to -displayfd when ready), then openbox."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            f"{size[0]}x{size[1]}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    env = {**os.environ, "DISPLAY": display}
    wm = subprocess.Popen(["openbox", "--sm-disable"], env=env, stderr=subprocess.DEVNULL)
    # openbox is managing once it owns the WM selection; xdotool waits for nothing else
    subprocess.run(
        ["sh", "-c", "until xprop -root _NET_SUPPORTING_WM_CHECK | grep -q window; do :; done"],
        env=env,
        timeout=30,
        check=True,
    )
    return xvfb, wm, display


def outer(args: argparse.Namespace) -> int:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    data = Path(args.data_dir or tempfile.mkdtemp(prefix="tsunagi-shots-"))
    sizes = [tuple(int(n) for n in text.split("x")) for text in args.sizes.split(",")]
    zooms = [int(z) for z in args.zooms.split(",")]
    scenes = [s for s in SCENES if not args.scenes or s[0] in args.scenes.split(",")]
    for width, height in sizes:
        size = (width, height)
        xvfb, wm, display = start_x(size)
        try:
            for zoom in zooms:
                for stem, query, region in scenes:
                    target = out / f"{stem}-{size[0]}x{size[1]}-zoom{zoom}.png"
                    command = [
                        sys.executable,
                        "-m",
                        "desktop.flow_shots",
                        "--inner",
                        "--data-dir",
                        str(data),
                        "--zoom",
                        str(zoom),
                        "--query",
                        query,
                        "--png",
                        str(target),
                    ]
                    if region:
                        command += ["--region-keys", region]
                    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
                    subprocess.run(command, env=env, check=True, cwd=REPO, timeout=300)
                    print(f"saved {target}")
        finally:
            wm.terminate()
            xvfb.terminate()
            wm.wait(10)
            xvfb.wait(10)
    return 0


# --- inside the X server: the real window, driven by xdotool ---------------------------------------


def inner(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import create_app
    from desktop.controllers.main_window import MainWindow
    from desktop.controllers.settings_dialog import load_settings
    from index.directory import Directory
    from index.paths import app_paths

    directory = Directory.open(app_paths(args.data_dir))
    directory.set_setting("welcome_done", "screenshots")
    directory.set_setting("office_name", "つなぎ相談室")
    directory.set_setting("font_size", 11)
    settings = load_settings(directory)
    state = create_app("ja", 11)
    window = MainWindow(directory, state, settings)
    window.show()

    def wait(what: str, predicate: Any, timeout: int = TIMEOUT_MS, fail: bool = True) -> bool:
        loop = QEventLoop()
        timer = QTimer()

        def check() -> None:
            if predicate():
                loop.quit()

        timer.timeout.connect(check)
        timer.start(30)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(timeout)
        loop.exec()
        if not predicate() and not fail:
            return False
        if not predicate():
            focus = QApplication.focusWidget()
            raise SystemExit(
                f"timed out waiting for {what} (focus: {focus.accessibleName() if focus else None}, "
                f"region box: {window.view.search.region_text.text()!r}, "
                f"search box: {window.view.search.search.text()!r})"
            )
        return True

    def xdotool(*words: str) -> None:
        """Run xdotool while the window keeps answering (its keys arrive through X)."""
        process = subprocess.Popen(["xdotool", *words])
        wait(f"xdotool {' '.join(words)}", lambda: process.poll() is not None)

    def type_into(box: Any, text: str) -> None:
        """One character per xdotool call, each waited for, typed again if it went missing:
        xdotool remaps a spare key for every kana, and Qt sometimes reads the key after the
        mapping is undone (「家賃が払えな」 arrived for 「家賃が払えない」)."""
        start = box.text()
        for count in range(1, len(text) + 1):
            for _attempt in range(5):
                xdotool("type", text[count - 1])
                if wait(
                    f"「{text[:count]}」",
                    lambda count=count: box.text() == start + text[:count],
                    timeout=1500,
                    fail=False,
                ):
                    break
                if box.text() != start + text[: count - 1]:
                    xdotool("key", "BackSpace")  # a wrong character arrived: take it back

    wait("the window to be active", lambda: window.isActiveWindow() and window.search.settled())
    if args.region_keys:
        xdotool("key", "alt+a")  # 相談者の地域(&A)
        wait("the region box", lambda: window.view.search.region_text.hasFocus())
        type_into(window.view.search.region_text, args.region_keys)
        popup = window.region._completer.popup()
        wait("the region suggestions", lambda: popup is not None and popup.isVisible())
        xdotool("key", "Down", "Return")
        wait("the region", lambda: window.region.current() is not None)
    xdotool("key", "ctrl+f")
    wait("the search box", lambda: window.view.search.search.hasFocus())
    type_into(window.view.search.search, args.query)

    def answered() -> bool:
        last = window.search.last_query
        return window.search.settled() and last is not None and last.text == args.query

    wait("the results", answered)
    for _ in range(args.zoom):
        before = window.settings["font_size"]
        xdotool("key", "ctrl+shift+equal")
        wait("the zoom", lambda before=before: window.settings["font_size"] == before + 1)
    if window.results_model.rowCount():
        xdotool("key", "Down")
        wait("the detail", lambda: window.view.detail.name.isVisible())
    QApplication.processEvents()
    wait("painting", lambda: True)
    subprocess.run(["import", "-window", "root", args.png], check=True)
    print(
        f"region={window.region.current()} zoom={window.settings['font_size']} "
        f"results={window.results_model.rowCount()} name column={window.view.results.name_width()}px",
        file=sys.stderr,
    )
    window.close()
    directory.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--data-dir")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))
    parser.add_argument("--zooms", default="0,2")
    parser.add_argument("--scenes", default="", help="e.g. rent-date,crisis (default: all)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--zoom", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--query", default="", help=argparse.SUPPRESS)
    parser.add_argument("--region-keys", help=argparse.SUPPRESS)
    parser.add_argument("--png", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return inner(args) if args.inner else outer(args)


if __name__ == "__main__":
    sys.exit(main())
