"""The Linux folder's scripts: AppRun starts the bundle from anywhere, the menu entry finds it.

Paths with spaces, quotes and ``$`` are what USB sticks and home folders really have; the
desktop-entry format needs two layers of escaping for them, which is easy to get wrong.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

LINUX = Path(__file__).resolve().parent.parent.parent / "packaging" / "linux"


def unescape_exec(value: str) -> list[str]:
    """Split an ``Exec=`` value the way the Desktop Entry Specification says launchers do."""
    # 1. the string layer: \\s \\n \\t \\r \\\\ are escapes
    text, i, out = value, 0, []
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(
                {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(
                    text[i + 1], text[i + 1]
                )
            )
            i += 2
        else:
            out.append(text[i])
            i += 1
    text = "".join(out)
    # 2. the quoting layer: double quotes, inside which \\ escapes " ` $ \\
    args, current, quoted, i = [], "", False, 0
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
            current += text[i + 1]
            i += 2
            continue
        if quoted and ch in "`$\\":
            raise ValueError(f"unescaped {ch!r} inside quotes in {value!r}")
        if ch == '"':
            quoted = not quoted
        elif ch == " " and not quoted:
            if current:
                args.append(current)
            current = ""
        else:
            current += ch
        i += 1
    if current:
        args.append(current)
    return args


def make_folder(root: Path) -> Path:
    folder = root / 'USB $stick "1"' / "tsunagi-0.1.0-linux-x86_64"
    (folder / "tsunagi").mkdir(parents=True)
    for name in ("AppRun", "install-desktop-entry.sh", "tsunagi.desktop"):
        shutil.copy2(LINUX / name, folder / name)
    shutil.copy2(LINUX.parent / "icons" / "tsunagi-256.png", folder / "tsunagi.png")
    program = folder / "tsunagi" / "tsunagi"
    program.write_text('#!/bin/sh\nprintf "%s\\n" "started" "$@"\n', encoding="utf-8")
    program.chmod(0o755)
    return folder


def test_apprun_starts_the_bundle_with_its_arguments(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    done = subprocess.run(
        [str(folder / "AppRun"), "search", "--json", "死にたい"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert done.stdout.splitlines() == ["started", "search", "--json", "死にたい"]


def test_menu_entry_points_at_this_folder_whatever_its_name(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    subprocess.run(
        [str(folder / "install-desktop-entry.sh")], check=True, env=env, capture_output=True
    )
    entry = (tmp_path / "share" / "applications" / "tsunagi.desktop").read_text(encoding="utf-8")
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert unescape_exec(exec_line.removeprefix("Exec=")) == [str(folder / "AppRun"), "%F"]
    assert "Icon=tsunagi" in entry and "Name[ja]=つなぎ" in entry
    assert (tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "tsunagi.png").is_file()
    subprocess.run(
        [str(folder / "install-desktop-entry.sh"), "--remove"],
        check=True,
        env=env,
        capture_output=True,
    )
    assert not (tmp_path / "share" / "applications" / "tsunagi.desktop").exists()


def test_the_exec_parser_is_strict() -> None:
    assert unescape_exec('"/a b/\\\\$c" %F') == ["/a b/$c", "%F"]
    with pytest.raises(ValueError, match="unescaped"):
        unescape_exec('"/a b/$c" %F')


def test_desktop_file_has_the_required_keys() -> None:
    entry = (LINUX / "tsunagi.desktop").read_text(encoding="utf-8").splitlines()
    assert entry[0] == "[Desktop Entry]"
    keys = dict(line.split("=", 1) for line in entry[1:] if "=" in line)
    assert keys["Type"] == "Application"
    assert keys["Terminal"] == "false"
    assert keys["Categories"].endswith(";") and keys["Keywords"].endswith(";")
