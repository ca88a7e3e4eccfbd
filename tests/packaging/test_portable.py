"""Portable mode: a ``tsunagi-portable.txt`` beside a bundled executable keeps data in ``./data``.

Freezing cannot happen inside pytest, so ``sys.frozen`` and ``sys.executable`` are set the way
PyInstaller's bootloader sets them; ``.ci/bundle-test`` checks the same against the real bundle.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from index.paths import DATA_DIR_ENV, PORTABLE_MARKER, app_paths

PACKAGING = Path(__file__).resolve().parent.parent.parent / "packaging"


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "USB" / "tsunagi"
    folder.mkdir(parents=True)
    executable = folder / ("tsunagi.exe" if sys.platform == "win32" else "tsunagi")
    executable.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return folder


def test_marker_beside_the_executable_keeps_everything_in_data(bundle: Path) -> None:
    (bundle / PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    paths = app_paths()
    assert paths.data == (bundle / "data").resolve()
    assert paths.config == paths.data / "config"
    assert paths.cache == paths.data / "cache"
    assert paths.database == (bundle / "data" / "tsunagi.sqlite3").resolve()


def test_without_the_marker_data_goes_to_the_user_folders(bundle: Path) -> None:
    paths = app_paths()
    assert bundle not in paths.data.parents
    assert paths.data.name == "tsunagi"


def test_explicit_data_dir_beats_the_marker(bundle: Path, tmp_path: Path) -> None:
    (bundle / PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    assert app_paths(tmp_path / "elsewhere").data == (tmp_path / "elsewhere").resolve()


def test_environment_variable_beats_the_marker(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (bundle / PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert app_paths().data == (tmp_path / "env").resolve()


def test_marker_is_ignored_when_not_frozen(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's checkout with a stray marker next to the venv's python keeps normal folders.
    (bundle / PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", False)
    assert app_paths().data != (bundle / "data").resolve()


def _load_portable_zip() -> ModuleType:
    spec = importlib.util.spec_from_file_location("portable_zip", PACKAGING / "portable_zip.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_portable_zip_makes_an_install_that_keeps_data_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portable_zip = _load_portable_zip()
    assert portable_zip.PORTABLE_MARKER == PORTABLE_MARKER
    built = tmp_path / "dist" / "tsunagi"
    (built / "_internal" / "resources" / "keys").mkdir(parents=True)
    (built / "_internal" / "resources" / "fonts").mkdir(parents=True)
    (built / "_internal" / "resources" / "fonts" / "font.ttf").write_bytes(b"font")
    (built / "tsunagi.exe").write_bytes(b"MZ")
    (built / "data").mkdir()  # someone ran the bundle in portable mode before zipping
    (built / "data" / "tsunagi.sqlite3").write_bytes(b"an office's data")
    out = tmp_path / "tsunagi-portable.zip"
    count = portable_zip.make_portable_zip(built, out)
    assert count == 3
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
        archive.extractall(tmp_path / "stick")
    assert f"tsunagi/{PORTABLE_MARKER}" in names
    assert "tsunagi/_internal/resources/keys/" in names
    assert not any(n.startswith("tsunagi/data") for n in names)
    unpacked = tmp_path / "stick" / "tsunagi"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(unpacked / "tsunagi.exe"))
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert app_paths().data == (unpacked / "data").resolve()


def test_portable_zip_refuses_a_missing_bundle(tmp_path: Path) -> None:
    portable_zip = _load_portable_zip()
    with pytest.raises(SystemExit, match="make dist"):
        portable_zip.make_portable_zip(tmp_path / "nothing", tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_portable_zip_stores_library_links_as_links(tmp_path: Path) -> None:
    portable_zip = _load_portable_zip()
    built = tmp_path / "tsunagi"
    (built / "_internal" / "lib").mkdir(parents=True)
    (built / "_internal" / "lib" / "libQt6Core.so.6").write_bytes(b"\x7fELF" + b"\0" * 4096)
    (built / "_internal" / "libQt6Core.so.6").symlink_to("lib/libQt6Core.so.6")
    (built / "tsunagi").write_bytes(b"\x7fELF")
    out = tmp_path / "p.zip"
    portable_zip.make_portable_zip(built, out)
    with zipfile.ZipFile(out) as archive:
        link = archive.getinfo("tsunagi/_internal/libQt6Core.so.6")
        assert (link.external_attr >> 16) & 0o170000 == 0o120000
        assert archive.read(link) == b"lib/libQt6Core.so.6"
