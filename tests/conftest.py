"""Shared fixtures: a real data folder per test, and deterministic Hypothesis settings.

Qt runs offscreen in tests; the variable is set here, before any test module imports PySide6.

The system parts the suite needs are checked once, before any test runs, and a missing one stops
the run with one line naming it (``make deps`` installs them all): Qt's system libraries, and the
real programs that tests marked ``@pytest.mark.tools(...)`` talk to. When the CUPS tests are
selected, the CUPS-PDF queue is started here too (``.ci/start-cups``), so ``make test`` needs no
other step; a scheduler this session started is stopped when it ends.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile(
    "tsunagi",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("tsunagi")

REPO = Path(__file__).resolve().parent.parent
# A fresh directory in tests is seeded with the national lines and the fictional 【デモ】 services
# (as it was before the real starter directory): seconds faster, and the demo records tests expect.
# tests/index/test_starter.py seeds the real default (くらし支援ナビ) explicitly.
SMALL_SAMPLE = os.pathsep.join(
    [
        str(REPO / "resources" / "sample" / "national.ndjson"),
        str(REPO / "resources" / "demo" / "demo-local.ndjson"),
    ]
)
os.environ.setdefault("TSUNAGI_SAMPLE", SMALL_SAMPLE)
HSDS_EXAMPLES = REPO / "tests" / "fixtures" / "hsds"

# The real programs tests may run (``@pytest.mark.tools``), and the Debian package that has each.
TOOLS = {
    "minisign": "minisign",
    "nginx": "nginx",
    "cupsd": "cups",
    "lpadmin": "cups-client",
    "lpstat": "cups-client",
    "lp": "cups-client",
    "Xvfb": "xvfb",
    "openbox": "openbox",
    "xdotool": "xdotool",
    "xprop": "x11-utils",
    "import": "imagemagick",
}


def find_tool(name: str) -> str | None:
    """The program on PATH, or in the sbin folders a non-root PATH leaves out (nginx, cupsd)."""
    return shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")


def _stop(reason: str) -> None:
    pytest.exit(f"{reason}; `make deps` installs what the tests need", returncode=1)


def pytest_sessionstart(session: pytest.Session) -> None:
    try:
        from PySide6 import QtGui  # noqa: F401 - loads libGL, libEGL, fontconfig, xkbcommon …
    except ImportError as exc:
        _stop(f"missing system library for Qt: {exc}")


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    needed = {name for item in items for mark in item.iter_markers("tools") for name in mark.args}
    missing = sorted(name for name in needed if find_tool(name) is None)
    if missing:
        packages = " ".join(sorted({TOOLS[name] for name in missing}))
        _stop(f"missing tool: {', '.join(missing)} (apt-get install {packages})")
    if "cupsd" in needed and not config.option.collectonly:
        before = _cupsd_pid()
        started = subprocess.run(
            ["bash", str(REPO / ".ci" / "start-cups")], capture_output=True, text=True, check=False
        )
        if started.returncode != 0:
            last = (started.stderr.strip() or started.stdout.strip() or "no output").splitlines()
            _stop(f"CUPS did not start (.ci/start-cups): {last[-1]}")
        after = _cupsd_pid()
        if after is not None and after != before:
            _STARTED.append(after)  # ours: stopped when the session ends


# Daemons this session started (a CUPS that was already running is left alone).
_STARTED: list[int] = []
CUPSD_PID = Path("/run/cups/cupsd.pid")


def _cupsd_pid() -> int | None:
    try:
        pid = int(CUPSD_PID.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for pid in _STARTED:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


@pytest.fixture(autouse=True)
def _collector_back_after_a_window() -> Iterator[None]:
    """A window switches Python's automatic garbage collection off (desktop/gui_gc.py collects on
    the GUI thread instead). After the test, its windows closed and its workers stopped, collect
    here on the main thread and switch it back on, so tests without a window run as usual."""
    yield
    if not gc.isenabled():
        gc.collect()
        gc.enable()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder that every tsunagi entry point in this test uses."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TSUNAGI_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def paths(data_dir: Path):  # type: ignore[no-untyped-def]
    from index.paths import app_paths

    return app_paths(data_dir)


@pytest.fixture
def directory(paths):  # type: ignore[no-untyped-def]
    """An open directory on a fresh folder, seeded from the bundled sample (as a first run is)."""
    from index.directory import Directory

    d = Directory.open(paths)
    yield d
    d.close()


@pytest.fixture
def empty_directory(paths) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """An open directory with nothing in it (no sample seeding)."""
    from index.directory import Directory

    d = Directory.open(paths, seed=False)
    yield d
    d.close()
