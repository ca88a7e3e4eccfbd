"""What goes into the PyInstaller bundle, kept apart from the spec so tests can read it.

The spec file only runs inside PyInstaller; this module is plain Python, so
``tests/packaging/test_spec.py`` can check that every folder of ``resources/`` is listed and that
no Qt module the app imports is excluded. Nothing here imports PyInstaller or Qt.

Resource folders are listed by name on purpose, not copied wholesale: a new folder in
``resources/`` makes the test fail until someone decides it belongs in the bundle.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

RESOURCE_FOLDERS: tuple[str, ...] = (
    "crisis",  # the national crisis lines the crisis-line guard checks names and numbers against
    "demo",  # fictional 【デモ】 services for screenshots and tests; never seeded
    "fonts",  # BIZ UDGothic: the window and the slips (SIL OFL 1.1, licence beside it)
    "hsds",  # HSDS 3.0 schema for validation (CC BY-SA 4.0)
    "icons",  # the window icon
    "keys",  # trusted feed public keys (may be empty: the folder must still exist)
    "regions",  # region master (CC0)
    "sample",  # seeded on first run: national lines + くらし支援ナビ (CC BY 4.0, licence beside it)
    "templates",  # slip / spreadsheet templates
    "translations",  # compiled Qt translations (.qm)
    "worries",  # worry dictionary and categories
)
"""Every folder of ``resources/`` that the bundle carries, whole."""

SKIPPED_SUFFIXES: tuple[str, ...] = (".ts", ".pyc", ".orig", ".rej", "~")
"""Source or stray files that never belong in a bundle (``.ts`` compiles to the bundled ``.qm``)."""

PACKAGES: tuple[str, ...] = ("desktop", "index", "sync")
"""Our packages, collected with every submodule.

``desktop.cli`` finds its subcommands with ``pkgutil`` at run time, and Whoosh unpickles analysers
from ``index.analysis``: PyInstaller's import scan sees neither, so all submodules go in.
"""

THIRD_PARTY_SUBMODULES: tuple[str, ...] = ("whoosh", "reportlab.graphics.barcode")
"""Libraries that import parts of themselves by name.

Whoosh loads codecs and filedb lazily; ``reportlab.graphics.barcode`` imports every symbology
(``code128``, ``qr``, …) by name when the package is first imported, which the slips do.
"""

DATA_PACKAGES: tuple[str, ...] = ("pykakasi", "tzdata", "jsonschema_specifications")
"""Libraries with data files beside their code: kana dictionaries, time zones, JSON metaschemas.

``tzdata`` matters on Windows, which has no system time-zone database for ``ZoneInfo("Asia/Tokyo")``.
"""

QT_MODULES_USED: tuple[str, ...] = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtPrintSupport",
    "QtNetwork",
    "QtSvg",
)
"""The PySide6 modules tsunagi imports (QtSvg renders the SVG icon)."""

QT_MODULES_EXCLUDED: tuple[str, ...] = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtHelp",
    "QtLabsStyleKit",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialPort",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtXml",
)
"""PySide6 modules the app never imports; excluding them keeps the bundle lean.

PySide6-Essentials ships QtQml, QtQuick, QtSql, QtDesigner and others; PyInstaller's hooks pull a
module in only when something imports it, and this list makes sure nothing does by accident.
"""

PYTHON_EXCLUDED: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc_data",
    "lib2to3",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "pytest_httpserver",
    "mypy",
    "IPython",
    "numpy",
    "PyInstaller",
    # reportlab needs Pillow's core, but the slips embed no raster image: Pillow's optional
    # codecs and font/colour/Tk bindings (and the ~9 MB of libraries behind them) stay out.
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingcms",
    "PIL._imagingft",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
)
"""Development tools and heavy optional imports that must never be in an office PC's bundle."""

QT_TRANSLATION_LANGUAGES: tuple[str, ...] = ("ja", "en")
"""Qt's own translations (dialog buttons, print dialog) kept: the app's two languages."""

QT_PLUGIN_FOLDERS_DROPPED: tuple[str, ...] = (
    "qmltooling",
    "designer",
    "sqldrivers",
    "virtualkeyboard",
    "egldeviceintegrations",
)
"""Qt plugin folders of modules we exclude, dropped if a hook collected them anyway."""


QT_PLUGINS_DROPPED: tuple[str, ...] = (
    # Platforms for kiosks and embedded boards; offices run X11, Wayland, Windows or macOS.
    "platforms/qeglfs",
    "platforms/qlinuxfb",
    "platforms/qvnc",
    "platforms/qminimalegl",
    "platforms/qvkkhrdisplay",
    # The GTK 3 theme would load the host's GTK against cairo/pango copied from the build machine;
    # the XDG portal theme (kept) gives native file dialogs without that mix.
    "platformthemes/qgtk3",
    # Image formats the app never reads (icons are PNG/SVG; slips are made by reportlab).
    "imageformats/qtiff",
    "imageformats/qwebp",
    "imageformats/qtga",
    "imageformats/qwbmp",
    "imageformats/qpdf",
)
"""Single Qt plugins left out, as ``folder/name`` without ``lib`` prefix or file suffix."""

LIBRARIES_ONLY_FOR_DROPPED_PLUGINS: tuple[str, ...] = (
    "libQt6EglFSDeviceIntegration",
    "libQt6EglFsKmsSupport",
    "Qt6EglFSDeviceIntegration",
)
"""Qt libraries whose only users are dropped plugins (``qeglfs``)."""


def resource_datas(repo: Path) -> list[tuple[str, str]]:
    """``(source file, folder in bundle)`` pairs for every bundled resource file.

    Files are listed one by one (not whole folders) so the skip list applies; empty folders such
    as ``keys/`` are created after collection by the spec, see :func:`empty_resource_folders`.
    """
    pairs: list[tuple[str, str]] = []
    root = repo / "resources"
    for folder in RESOURCE_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.name.endswith(SKIPPED_SUFFIXES):
                continue
            if "__pycache__" in path.parts:
                continue
            pairs.append((str(path), str(path.parent.relative_to(repo))))
    return pairs


def empty_resource_folders(repo: Path) -> list[str]:
    """Listed folders with no bundled file (``keys/`` today): the spec creates them in the bundle.

    Code reads ``resources/keys`` as the list of trusted keys; a missing folder and an empty one
    must look the same to it, and keeping the folder shows where a key would go.
    """
    files = {dest for _, dest in resource_datas(repo)}
    return [
        f"resources/{folder}"
        for folder in RESOURCE_FOLDERS
        if not any(
            d == f"resources/{folder}" or d.startswith(f"resources/{folder}/") for d in files
        )
    ]


def keep_data_file(dest: str) -> bool:
    """Filter for ``Analysis.datas``: drop Qt translations and plugins we do not need."""
    norm = dest.replace("\\", "/")
    if "/Qt/translations/" in norm or norm.startswith("PySide6/translations/"):
        name = norm.rsplit("/", 1)[-1]
        stem = name.removesuffix(".qm")
        language = stem.split("_", 1)[1] if "_" in stem else ""
        return language.split("_")[0] in QT_TRANSLATION_LANGUAGES
    return not any(f"/plugins/{folder}/" in norm for folder in QT_PLUGIN_FOLDERS_DROPPED)


def _plugin_key(norm: str) -> str | None:
    """``"platforms/qeglfs"`` for ``…/plugins/platforms/libqeglfs.so`` (or ``qeglfs.dll``)."""
    parts = norm.split("/")
    if len(parts) < 3 or parts[-3] != "plugins":
        return None
    name = parts[-1].split(".", 1)[0].removeprefix("lib")
    return f"{parts[-2]}/{name}"


def keep_binary(dest: str) -> bool:
    """Filter for ``Analysis.binaries``: no dropped plugin, nor a library only they need.

    Qt libraries are otherwise never filtered by name: PyInstaller collects only those something
    links against (``libQt6Gui`` needs ``libQt6DBus`` on Linux even though we never import QtDBus),
    so dropping one by name breaks the window at start-up (the bundle test caught exactly that).
    """
    norm = dest.replace("\\", "/")
    if any(f"/plugins/{folder}/" in norm for folder in QT_PLUGIN_FOLDERS_DROPPED):
        return False
    if _plugin_key(norm) in QT_PLUGINS_DROPPED:
        return False
    name = norm.rsplit("/", 1)[-1]
    return not name.startswith(tuple(f"{lib}." for lib in LIBRARIES_ONLY_FOR_DROPPED_PLUGINS))


Entry = tuple[str, str, str]
"""PyInstaller's TOC entry: (name in the bundle, source path, type code)."""


def prune_orphan_libraries(
    entries: list[Entry], imports_of: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[str]]:
    """Drop top-level shared libraries that nothing kept still needs; return (kept, dropped names).

    PyInstaller copies the host libraries a plugin needs (GTK's cairo and pango for the GTK theme);
    once the plugin is dropped they would ride along unused. ``imports_of(path)`` returns the
    base names a binary loads, transitively (PyInstaller's ``get_imports`` uses ``ldd`` on Linux).
    Python extension modules, anything inside a package folder and ``libpython`` (which the
    bootloader loads itself) are the roots and are always kept.
    """

    def is_candidate(entry: Entry) -> bool:
        name, _, kind = entry
        return (
            kind == "BINARY"
            and "/" not in name.replace("\\", "/")
            and not name.startswith("libpython")
        )

    needed: set[str] = set()
    for entry in entries:
        if not is_candidate(entry):
            needed.update(imports_of(entry[1]))
    kept = [e for e in entries if not is_candidate(e) or e[0] in needed]
    dropped = sorted(e[0] for e in entries if is_candidate(e) and e[0] not in needed)
    return kept, dropped


def drop_dangling_symlinks(entries: list[Entry], present: set[str]) -> list[Entry]:
    """Drop ``SYMLINK`` entries whose target was filtered out above.

    PyInstaller 6 links top-level library names to their real place (``libQt6Core.so.6`` →
    ``PySide6/Qt/lib/libQt6Core.so.6``); a link to a library we dropped would dangle, and the
    portable zip (which follows links) would fail on it.
    """
    kept = []
    for entry in entries:
        name, target, kind = entry
        if kind == "SYMLINK":
            where = posixpath.normpath(
                posixpath.join(
                    posixpath.dirname(name.replace("\\", "/")), target.replace("\\", "/")
                )
            )
            if where not in present:
                continue
        kept.append(entry)
    return kept
