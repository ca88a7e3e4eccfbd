"""The bundle carries every resource folder, and never excludes a Qt module the app imports.

``packaging/bundle_contents.py`` is what the PyInstaller spec bundles; reading it here catches a
new ``resources/`` folder or a new Qt import before a build ships without it.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from index import __version__

REPO = Path(__file__).resolve().parent.parent.parent
PACKAGING = REPO / "packaging"


@pytest.fixture(scope="module")
def bc() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_contents", PACKAGING / "bundle_contents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bundle_contents", module)
    spec.loader.exec_module(module)
    return module


def test_every_resource_folder_is_bundled(bc: ModuleType) -> None:
    folders = {p.name for p in (REPO / "resources").iterdir() if p.is_dir()}
    assert folders - set(bc.RESOURCE_FOLDERS) == set(), "add the new folder to RESOURCE_FOLDERS"
    assert set(bc.RESOURCE_FOLDERS) - folders == set(), "a listed folder no longer exists"


def test_every_resource_file_is_in_the_data_list(bc: ModuleType) -> None:
    listed = {Path(src).resolve() for src, _ in bc.resource_datas(REPO)}
    for path in (REPO / "resources").rglob("*"):
        if path.is_file() and not path.name.endswith(bc.SKIPPED_SUFFIXES):
            assert path.resolve() in listed, f"{path} would be missing from the bundle"


def test_files_keep_their_folder_inside_the_bundle(bc: ModuleType) -> None:
    pairs = {Path(src).relative_to(REPO).as_posix(): dest for src, dest in bc.resource_datas(REPO)}
    assert pairs["resources/fonts/BIZUDGothic-Regular.ttf"] == "resources/fonts"
    assert pairs["resources/hsds/schema/objects/service.json"] == "resources/hsds/schema/objects"
    assert pairs["resources/sample/national.ndjson"] == "resources/sample"
    assert pairs["resources/icons/tsunagi.png"] == "resources/icons"


def test_empty_folders_are_created_in_the_bundle(bc: ModuleType) -> None:
    empties = set(bc.empty_resource_folders(REPO))
    for folder in bc.RESOURCE_FOLDERS:
        has_files = any(p.is_file() for p in (REPO / "resources" / folder).rglob("*"))
        assert (f"resources/{folder}" in empties) is not has_files
    assert "resources/fonts" not in empties


def _qt_modules_imported() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                found.add(str(node.module).split(".")[1])
            elif isinstance(node, ast.Import):
                found.update(
                    a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")
                )
    return found


def test_no_imported_qt_module_is_excluded(bc: ModuleType) -> None:
    imported = _qt_modules_imported()
    assert {"QtCore", "QtGui", "QtWidgets"} <= imported
    assert imported & set(bc.QT_MODULES_EXCLUDED) == set()
    assert imported - set(bc.QT_MODULES_USED) == set(), "add it to QT_MODULES_USED"
    assert set(bc.QT_MODULES_USED) & set(bc.QT_MODULES_EXCLUDED) == set()


def test_our_packages_and_dynamic_imports_are_collected(bc: ModuleType) -> None:
    # desktop.cli discovers commands with pkgutil and Whoosh unpickles index.analysis: both are
    # invisible to PyInstaller's import scan, so whole packages must be collected.
    assert {"desktop", "index", "sync"} <= set(bc.PACKAGES)
    assert "whoosh" in bc.THIRD_PARTY_SUBMODULES
    assert "tzdata" in bc.DATA_PACKAGES  # Windows has no system zoneinfo for Asia/Tokyo


def test_qt_translations_kept_only_for_our_languages(bc: ModuleType) -> None:
    assert bc.keep_data_file("PySide6/Qt/translations/qtbase_ja.qm")
    assert bc.keep_data_file("PySide6/Qt/translations/qtbase_en.qm")
    assert not bc.keep_data_file("PySide6/Qt/translations/qtbase_de.qm")
    assert not bc.keep_data_file("PySide6/Qt/translations/qt_help_zh_CN.qm")
    assert bc.keep_data_file("resources/translations/tsunagi_en.qm")
    assert not bc.keep_data_file("PySide6/Qt/plugins/qmltooling/libqmldbg_debugger.so")
    assert bc.keep_binary("PySide6/Qt/lib/libQt6DBus.so.6"), "Qt libraries are never dropped"
    assert not bc.keep_binary("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")


def test_spec_uses_the_tested_lists() -> None:
    spec = (PACKAGING / "tsunagi.spec").read_text(encoding="utf-8")
    for needle in (
        "bc.resource_datas(REPO)",
        "bc.empty_resource_folders(REPO)",
        "bc.QT_MODULES_EXCLUDED",
        "bc.keep_data_file",
        'name="tsunagi"',
        "COLLECT(",
        "BUNDLE(",
    ):
        assert needle in spec, needle
    assert "onefile" not in spec.lower().replace("one-file", "")


def test_installers_agree_with_the_program_version() -> None:
    iss = (PACKAGING / "windows" / "tsunagi.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in iss
    assert "PrivilegesRequired=lowest" in iss
    assert "{autoprograms}" in iss or "{userprograms}" in iss
    desktop_file = (PACKAGING / "linux" / "tsunagi.desktop").read_text(encoding="utf-8")
    assert "Exec=tsunagi" in desktop_file
    assert "Icon=tsunagi" in desktop_file


def test_single_plugins_and_their_libraries_are_dropped(bc: ModuleType) -> None:
    assert not bc.keep_binary("PySide6/Qt/plugins/platforms/libqeglfs.so")
    assert not bc.keep_binary("PySide6\\Qt\\plugins\\imageformats\\qtiff.dll")
    assert not bc.keep_binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not bc.keep_binary("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6")
    for needed in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6\\Qt\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    ):
        assert bc.keep_binary(needed), needed


def test_orphan_libraries_are_pruned_but_roots_stay(bc: ModuleType) -> None:
    entries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libX11.so.6", "/usr/lib/libX11.so.6", "BINARY"),
        ("libxcb.so.1", "/usr/lib/libxcb.so.1", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),  # was for the GTK theme only
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    imports = {
        "/src/QtGui.abi3.so": {"libX11.so.6", "libxcb.so.1"},  # ldd output is transitive
        "/src/libqxcb.so": {"libxcb.so.1"},
    }
    kept, dropped = bc.prune_orphan_libraries(entries, lambda path: imports.get(path, set()))
    assert dropped == ["libcairo.so.2"]
    assert [e[0] for e in kept] == [e[0] for e in entries if e[0] != "libcairo.so.2"]


def test_links_to_dropped_libraries_are_dropped(bc: ModuleType) -> None:
    entries = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6EglFsKmsSupport.so.6", "PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
    ]
    present = {"PySide6/Qt/lib/libQt6Core.so.6"}
    kept = bc.drop_dangling_symlinks(entries, present)
    assert [e[0] for e in kept] == ["libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6"]
