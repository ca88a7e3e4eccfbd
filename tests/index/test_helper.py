"""The spawned helper: its result, its error, its death, and being stopped, all as a caller sees."""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from index.helper import Helper, HelperFailed


def square(n: int) -> int:
    return n * n


def refuse(reason: str) -> None:
    raise ValueError(reason)


def die() -> None:
    os._exit(3)  # as if the OS killed it: no exception, no result


def linger(started: Any) -> None:
    started.set()
    signal.pause()  # stands for a long build: blocks until the test kills it


def test_the_result_comes_back() -> None:
    with Helper(square, 12) as helper:
        assert helper.result() == 144


def test_the_helpers_own_error_is_raised_in_the_caller() -> None:
    with Helper(refuse, "line 7: bad phone") as helper, pytest.raises(ValueError, match="line 7"):
        helper.result()


def test_a_helper_that_dies_is_reported_not_waited_for() -> None:
    with Helper(die) as helper, pytest.raises(HelperFailed, match="exit code 3"):
        helper.result()


def test_leaving_the_block_kills_a_running_helper() -> None:
    started = multiprocessing.get_context("spawn").Event()
    with Helper(linger, started) as helper:
        assert started.wait(60), "the helper never started"
        pid = helper._process.pid
        assert pid is not None
    assert helper._process.exitcode == -signal.SIGKILL
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


PARENT = """
import multiprocessing, sys
from index.helper import Helper
from tests.index.test_helper import linger
if __name__ == "__main__":
    started = multiprocessing.get_context("spawn").Event()
    helper = Helper(linger, started)
    started.wait(60)
    print(helper._process.pid, flush=True)
    sys.stdin.read()
"""


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # a zombie: dead, waiting for a reaper


def test_a_killed_parent_takes_its_helper_with_it(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    assert not _gone(pid)
    exited = os.pidfd_open(pid)  # readable once the helper has exited, child of ours or not
    try:
        parent.kill()
        parent.wait()
        ready, _, _ = select.select([exited], [], [], 30)
        assert ready, "the helper outlived its parent"
    finally:
        os.close(exited)
    assert _gone(pid)
