"""Hostile command-line arguments: exit code 0, 1 or 2 only, one line, never a traceback, and no
file written anywhere but the data folder.

Every run happens in a sandbox: ``HOME`` and the working folder are temporary folders inside one
root, whose whole file tree is compared before and after (so ``../../etc/passwd`` or ``~/.ssh``
resolve *inside* the root, where a stray write would be seen). Hypothesis drives ``main()``
in-process (fast); a batch of real subprocesses checks the same with real ``argv`` bytes, which
is how invalid UTF-8 and lone surrogates actually arrive.

Never fuzzed, on purpose: ``--data-dir`` and ``export -o`` with absolute paths. Those name where
to write, by design; the test runs as whatever user CI uses, maybe root.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.cli import main
from tests.hardening.dbcheck import tree
from tests.hardening.hostile import cli_argument

TSUNAGI = Path(sys.executable).parent / "tsunagi"


@dataclass
class Sandbox:
    root: Path
    home: Path
    cwd: Path
    data: Path

    def outside_data(self) -> dict[str, tuple[int, int]]:
        data_rel = str(self.data.relative_to(self.root))
        return {
            k: v
            for k, v in tree(self.root).items()
            if k != data_rel and not k.startswith(data_rel + os.sep)
        }

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TSUNAGI_"))}
        env.update(
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / ".local/share"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    root = tmp_path_factory.mktemp("box")
    box = Sandbox(root, root / "home", root / "a" / "b" / "cwd", root / "a" / "data")
    for folder in (box.home / ".ssh", box.cwd, root / "etc"):
        folder.mkdir(parents=True)
    (box.home / ".ssh" / "authorized_keys").write_text("ssh-ed25519 AAAA test\n")
    (root / "etc" / "passwd").write_text("root:x:0:0::/root:/bin/sh\n")
    # First run seeds the sample data; later runs only read.
    subprocess.run(
        [str(TSUNAGI), "--data-dir", str(box.data), "show", "seed"],
        cwd=box.cwd,
        env=box.env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert (box.data / "tsunagi.sqlite3").exists()
    yield box


def _commands(arg: str) -> list[list[str]]:
    cmds = [["show", arg], ["show", arg, "--json"], ["regions", arg], ["regions", arg, "--json"]]
    if not arg.startswith("/dev"):  # reading a device is a user's choice, not a test's
        cmds += [["import", arg], ["import", "--skip-invalid", arg]]
    cmds.append(["restore-backup", arg, "--list"])
    return cmds


@given(raw=cli_argument())
def test_main_in_process_exits_cleanly_and_writes_nothing_outside(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, raw: bytes
) -> None:
    arg = os.fsdecode(raw)  # exactly what sys.argv would hold
    with monkeypatch.context() as m:
        m.chdir(sandbox.cwd)
        for key, value in sandbox.env().items():
            m.setenv(key, value)
        before = sandbox.outside_data()
        for command in _commands(arg):
            out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
            # The streams a real process has: UTF-8, stdout strict, stderr backslashreplace.
            m.setattr(sys, "stdout", io.TextIOWrapper(out_bytes, "utf-8", "strict"))
            m.setattr(sys, "stderr", io.TextIOWrapper(err_bytes, "utf-8", "backslashreplace"))
            try:
                code = main(["--data-dir", str(sandbox.data), *command])
            except SystemExit as exc:  # argparse: usage errors (2) and --help (0)
                code = exc.code if isinstance(exc.code, int) else 2
            sys.stdout.flush()
            sys.stderr.flush()
            err = err_bytes.getvalue().decode("utf-8")
            assert code in (0, 1, 2), (command, code, err)
            assert "Traceback" not in err
            if code != 0:
                assert err.strip(), f"{command}: failed silently"
        assert sandbox.outside_data() == before, "a file appeared or changed outside the data dir"


SUBPROCESS_ARGS = [
    b"\xff\xfe",
    b"\xed\xa0\x80",  # a lone surrogate, CESU-8 encoded
    "<b>太字</b>\u202e".encode(),
    b"../../etc/passwd",
    b"~/.ssh/authorized_keys",
    b"C:\\Windows",
    b"\x1b[31mred",
    "\u200b\ufeff".encode(),
]


def test_real_processes_with_hostile_argv(sandbox: Sandbox) -> None:
    """Real argv bytes: all commands at once in parallel, then every result is judged."""
    before = sandbox.outside_data()
    runs: list[tuple[list[bytes], subprocess.Popen[bytes]]] = []
    commands = ("show", "import", "regions")
    for i, raw in enumerate(SUBPROCESS_ARGS):
        for command in ([commands[i % 3], raw],):
            argv = [os.fsencode(TSUNAGI), b"--data-dir", os.fsencode(sandbox.data), *command]
            proc = subprocess.Popen(
                argv,
                cwd=sandbox.cwd,
                env=sandbox.env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            runs.append((argv, proc))
    for argv, proc in runs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1, 2), (argv, proc.returncode, err)
        assert b"Traceback" not in err, (argv, err)
        assert len(err.decode("utf-8", "replace").strip().splitlines()) <= 3, (argv, err)
    assert sandbox.outside_data() == before


@pytest.mark.parametrize("path", ["../../etc/passwd", "..\\..\\Windows\\System32", "NUL", " ", "."])
def test_export_writes_only_the_named_file(sandbox: Sandbox, path: str) -> None:
    """``export -o VALUE``: the named file (inside the sandbox) or a clear refusal, nothing else."""
    env = sandbox.env()
    before = sandbox.outside_data()
    proc = subprocess.run(
        [str(TSUNAGI), "--data-dir", str(sandbox.data), "export", "-o", path],
        cwd=sandbox.cwd,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode in (0, 1, 2)
    assert b"Traceback" not in proc.stderr
    after = sandbox.outside_data()
    target = (sandbox.cwd / path).resolve()
    changed = {k for k in after if after.get(k) != before.get(k)} | (set(before) - set(after))
    allowed = set()
    if target.is_relative_to(sandbox.root):
        allowed.add(str(target.relative_to(sandbox.root)))
    assert changed <= allowed, changed
    for rel in changed:
        (sandbox.root / rel).unlink()


def test_show_with_an_undecodable_id_is_bad_input(sandbox: Sandbox) -> None:
    proc = subprocess.run(
        [os.fsencode(TSUNAGI), b"--data-dir", os.fsencode(sandbox.data), b"show", b"\xff\xfe"],
        cwd=sandbox.cwd,
        env=sandbox.env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert b"no service with id" in proc.stderr


@given(text=st.text(max_size=30))
def test_argparse_never_tracebacks_on_any_flag(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        code = main(["--data-dir", str(sandbox.data), f"--{text}", "show"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    assert code in (0, 1, 2)
    assert "Traceback" not in capsys.readouterr().err
