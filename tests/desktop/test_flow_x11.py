"""The window under a real X server and window manager, typed with xdotool (XTest keys).

Offscreen tests cannot see what X11's keyboard mapping does: there Ctrl+Shift+= matched two
zoom shortcuts and Qt dropped it as ambiguous. This starts its own Xvfb and openbox (and stops
them), and drives the window as ``python -m desktop.flow_shots`` does for the screenshots.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.tools("Xvfb", "openbox", "xdotool", "xprop", "import")
def test_region_by_keys_and_ctrl_shift_equal_under_x11(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.flow_shots",
            "--out",
            str(tmp_path),
            "--data-dir",
            str(tmp_path / "data"),
            "--sizes",
            "1024x768",
            "--zooms",
            "2",
            "--scenes",
            "rent-date",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = next(line for line in run.stderr.splitlines() if line.startswith("region="))
    fields = dict(part.split("=", 1) for part in report.split(" ") if "=" in part)
    assert fields["region"] == "012335"  # 「だてし」↓Enter through X: 伊達市（北海道）
    assert fields["zoom"] == "13"  # Ctrl+Shift+= twice from 11: both presses zoomed in
    assert int(fields["results"]) > 0
    assert (tmp_path / "rent-date-1024x768-zoom2.png").stat().st_size > 10_000
