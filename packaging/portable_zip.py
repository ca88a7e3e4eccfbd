"""Zip a built bundle as a *portable* install: the marker file beside the executable, data in ./data.

``python packaging/portable_zip.py [--bundle dist/tsunagi] [--out FILE.zip]``

The Windows portable zip is what an office without the right to run installers unpacks onto a
USB stick or a shared drive: ``tsunagi-portable.txt`` next to ``tsunagi.exe`` makes the program
keep its database, settings and cache in ``tsunagi\\data\\`` (see :mod:`index.paths`), so nothing
is written to the PC's profile and the data travels with the program. The same works for the
Linux and macOS one-folder bundles. Plain Python (``zipfile``) so one script serves every OS and
the test suite can run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import stat
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PORTABLE_MARKER = "tsunagi-portable.txt"  # the name index.paths looks for (a test keeps them equal)
MARKER_TEXT = (
    "This file makes tsunagi portable: its data is kept in the data folder next to it.\n"
    "このファイルがあると、tsunagi はデータをこのフォルダーの data に保存します（持ち運び用）。\n"
    "Delete this file to keep data in your user profile instead.\n"
    "このファイルを消すと、データはユーザーのフォルダーに保存されます。\n"
)


def read_version() -> str:
    for line in (REPO / "index" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("cannot find __version__ in index/__init__.py")


def default_name(version: str) -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    machine = platform.machine().lower()
    if system == "windows":
        machine = machine.replace("amd64", "x64").replace("x86_64", "x64")
    return f"tsunagi-{version}-{system}-{machine}-portable.zip"


def make_portable_zip(bundle: Path, out: Path, top: str = "tsunagi") -> int:
    """Write ``out`` with ``bundle``'s files under ``top/`` plus the marker; return the file count.

    Executable bits are kept in the zip (Linux and macOS unzip honour them). An existing
    ``data/`` folder in the bundle is never packed: it would carry one office's data to another.
    """
    if not bundle.is_dir():
        raise SystemExit(f"{bundle} is not a built bundle folder (run `make dist` first)")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    count = 0
    with zipfile.ZipFile(
        partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as archive:
        for root, dirs, files in os.walk(bundle):
            rel_root = Path(root).relative_to(bundle)
            if rel_root == Path("."):
                dirs[:] = [d for d in dirs if d != "data"]
            dirs.sort()
            for name in sorted(files):
                if rel_root == Path(".") and name == PORTABLE_MARKER:
                    continue  # written below, once
                path = Path(root) / name
                arcname = (Path(top) / rel_root / name).as_posix()
                if path.is_symlink():
                    # PyInstaller's Linux/macOS bundles link library names to their real place;
                    # store the link (unzip recreates it) instead of a second copy of the library.
                    link = zipfile.ZipInfo(arcname, date_time=(2024, 4, 1, 0, 0, 0))
                    link.external_attr = (stat.S_IFLNK | 0o777) << 16
                    link.create_system = 3  # Unix, so the mode bits are honoured
                    archive.writestr(link, os.readlink(path))
                else:
                    archive.write(path, arcname)
                count += 1
            if not files and not dirs:  # keep empty folders such as resources/keys
                info = zipfile.ZipInfo((Path(top) / rel_root).as_posix() + "/")
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
        marker = zipfile.ZipInfo(f"{top}/{PORTABLE_MARKER}", date_time=(2024, 4, 1, 0, 0, 0))
        marker.external_attr = 0o100644 << 16
        marker.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(marker, MARKER_TEXT.encode("utf-8"))
        count += 1
    partial.replace(out)
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "tsunagi")
    parser.add_argument(
        "--out", type=Path, help="the zip to write (default: dist/tsunagi-…-portable.zip)"
    )
    args = parser.parse_args(argv)
    out = args.out or REPO / "dist" / default_name(read_version())
    count = make_portable_zip(args.bundle, out)
    print(f"{out}: {count} files, {out.stat().st_size / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
