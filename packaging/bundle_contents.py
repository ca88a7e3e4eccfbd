"""What goes into the PyInstaller bundle, kept apart from the spec so tests can read it.

The spec file only runs inside PyInstaller; this module is plain Python, so
``tests/packaging/test_spec.py`` can check that every folder of ``resources/`` is listed and that
no Qt module the app imports is excluded. Nothing here imports PyInstaller or Qt.

Resource folders are listed by name on purpose, not copied wholesale: a new folder in
``resources/`` makes the test fail until someone decides it belongs in the bundle.
"""

from __future__ import annotations

from pathlib import Path

RESOURCE_FOLDERS: tuple[str, ...] = (
    "fonts",  # BIZ UDGothic: the window and the slips (SIL OFL 1.1, licence beside it)
    "hsds",  # HSDS 3.0 schema for validation (CC BY-SA 4.0)
    "icons",  # the window icon
    "keys",  # trusted feed public keys (may be empty: the folder must still exist)
    "regions",  # region master (CC0)
    "sample",  # the sample feed seeded on first run
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


def keep_binary(dest: str) -> bool:
    """Filter for ``Analysis.binaries``: no plugin from a dropped plugin folder.

    Qt libraries themselves are never filtered by name: PyInstaller collects only those something
    links against (``libQt6Gui`` needs ``libQt6DBus`` on Linux even though we never import QtDBus),
    so dropping one by name breaks the window at start-up.
    """
    norm = dest.replace("\\", "/")
    return not any(f"/plugins/{folder}/" in norm for folder in QT_PLUGIN_FOLDERS_DROPPED)
