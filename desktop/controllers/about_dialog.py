"""The About dialog: what ``tsunagi --version`` prints, plus the licence texts themselves.

An office asked "which data is this, and may we hand it out?" needs the version of the program,
the version of each feed it holds, and the licences of the bundled font and data. The lines come
from :mod:`desktop.commands.about`, so the window and the command line never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QListWidgetItem, QWidget

from desktop.commands.about import LICENCES, data_versions
from desktop.context import Context
from desktop.tasks import Tasks
from desktop.views.about_view import AboutView
from index import __version__
from index.paths import AppPaths
from index.resources import resource_path, resources_root

_FILE_IN_PARENS = re.compile(r"\(([^()]+)\)\s*$")


_LICENCE_NAMES = ("LICENSE", "LICENCE", "COPYING")


@dataclass(frozen=True)
class Licence:
    what: str
    summary: str
    file: Path | None
    companions: tuple[Path, ...] = ()
    """Other licence files beside ``file``: the font's full OFL text is in ``DEBIAN-COPYRIGHT``."""


def licence_file(summary: str) -> Path | None:
    """The licence text named in a summary such as ``"CC0 1.0 (resources/regions/LICENSE.md)"``.

    ``resources/…`` goes through :func:`resource_path` (a bundle moves it); anything else is
    beside ``resources/`` — the project's own ``LICENSE`` in a checkout and in a bundle alike.
    """
    found = _FILE_IN_PARENS.search(summary)
    if found is None:
        return None
    name = found.group(1).strip()
    if name.startswith("resources/"):
        return resource_path(*name.removeprefix("resources/").split("/"))
    return resources_root().parent.joinpath(*name.split("/"))


def companion_files(path: Path | None) -> tuple[Path, ...]:
    """Licence and copyright files in the same bundled folder as ``path`` (not the project root)."""
    if path is None or path.parent == resources_root().parent or not path.parent.is_dir():
        return ()
    return tuple(
        sorted(
            p
            for p in path.parent.iterdir()
            if p.is_file()
            and p != path
            and (p.name.upper().startswith(_LICENCE_NAMES) or "COPYRIGHT" in p.name.upper())
        )
    )


def licences() -> list[Licence]:
    found = []
    for what, summary in LICENCES:
        path = licence_file(summary)
        found.append(Licence(what, summary, path, companion_files(path)))
    return found


def read_licence(licence: Licence) -> str:
    """The full texts, or a line saying where one should have been (a damaged install)."""
    if licence.file is None:
        return licence.summary
    parts = []
    for path in (licence.file, *licence.companions):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = f"{licence.summary}\n\n（ライセンスの全文 {path} が見つかりません）"
        header = f"――― {path.name} ―――\n\n" if licence.companions else ""
        parts.append(header + text.strip())
    return "\n\n".join(parts)


class AboutDialog(AboutView):
    """About tsunagi. With ``tasks`` the data versions are read on the database worker."""

    def __init__(
        self, paths: AppPaths, parent: QWidget | None = None, tasks: Tasks | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.version.setText(f"tsunagi {__version__}")
        self.data_folder.setText(self.tr("データの保存先: {0}").format(paths.data))
        icon = QPixmap(str(resource_path("icons", "tsunagi.png")))
        if not icon.isNull():
            self.icon.setPixmap(
                icon.scaled(
                    64,
                    64,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self._licences = licences()
        for licence in self._licences:
            item = QListWidgetItem(licence.what)
            item.setToolTip(licence.summary)
            self.licences.addItem(item)
        self.licences.currentRowChanged.connect(self.show_licence)
        self.licences.setCurrentRow(0)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        ctx = Context(paths=paths)
        if tasks is None:
            self.set_data_versions(data_versions(ctx))
        else:
            tasks.run_db(lambda: data_versions(ctx), self.set_data_versions)

    def set_data_versions(self, lines: list[str]) -> None:
        self.data_versions.setText("\n".join(lines))

    def show_licence(self, row: int) -> None:
        if 0 <= row < len(self._licences):
            licence = self._licences[row]
            self.licence_text.setPlainText(f"{licence.summary}\n\n{read_licence(licence)}")


def show_about(parent: QWidget | None, paths: AppPaths, tasks: Tasks | None = None) -> AboutDialog:
    """Open the About dialog (non-modal, deleted on close) and return it."""
    dialog = AboutDialog(paths, parent, tasks)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
