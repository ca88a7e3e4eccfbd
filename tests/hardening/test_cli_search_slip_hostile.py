"""Hostile arguments to ``tsunagi search`` and ``tsunagi slip``: same rules as the other commands.

Exit code 0, 1 or 2 only, a message when it fails, never a traceback, and nothing written outside
the data folder except the PDF the command was told to write. The sandbox (``HOME``, working
folder, data folder inside one root whose file tree is compared) is the one from
``test_cli_hostile.py``.
"""

from __future__ import annotations

import io
import os
import sqlite3
import sys

import pytest
from hypothesis import given, settings

from desktop.cli import main
from tests.hardening.hostile import cli_argument
from tests.hardening.test_cli_hostile import Sandbox, sandbox

__all__ = ["sandbox"]  # the fixture, re-used


def _a_service(box: Sandbox) -> str:
    conn = sqlite3.connect(box.data / "tsunagi.sqlite3")
    try:
        return str(conn.execute("SELECT id FROM service ORDER BY id").fetchone()[0])
    finally:
        conn.close()


@settings(max_examples=25)  # each example runs eight commands, PDFs included
@given(raw=cli_argument())
def test_search_and_slip_with_hostile_arguments(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, raw: bytes
) -> None:
    arg = os.fsdecode(raw)
    sid = _a_service(sandbox)
    out_rel = os.path.join("a", "b", "cwd", "slip.pdf")
    commands = [
        ["search", arg],
        ["search", arg, "--json"],
        ["search", "相談", "--region", arg],
        ["search", "相談", "--worry", arg],
        ["search", arg, "--limit", "3", "--open-now"],
        ["slip", arg, "-o", "slip.pdf", "--no-log"],
        ["slip", sid, "-o", "slip.pdf", "--message", arg, "--office", arg, "--no-log"],
        ["slip", sid, "-o", "slip.pdf", "--office-phone", arg, "--date", arg, "--no-log"],
    ]
    with monkeypatch.context() as m:
        m.chdir(sandbox.cwd)
        for key, value in sandbox.env().items():
            m.setenv(key, value)
        before = sandbox.outside_data()
        for command in commands:
            err_bytes = io.BytesIO()
            m.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), "utf-8", "strict"))
            m.setattr(sys, "stderr", io.TextIOWrapper(err_bytes, "utf-8", "backslashreplace"))
            try:
                code = main(["--data-dir", str(sandbox.data), *command])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            sys.stderr.flush()
            err = err_bytes.getvalue().decode("utf-8")
            assert code in (0, 1, 2), (command, code, err)
            assert "Traceback" not in err
            if code != 0:
                assert err.strip(), f"{command}: failed silently"
        after = sandbox.outside_data()
        changed = {k for k in after if after.get(k) != before.get(k)} | (set(before) - set(after))
        assert changed <= {out_rel}, changed
        (sandbox.cwd / "slip.pdf").unlink(missing_ok=True)
