"""The About dialog shows the version, the data versions and each licence's full text."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.controllers.about_dialog import AboutDialog, licence_file, licences, read_licence
from desktop.tasks import Tasks
from index import __version__
from index.directory import Directory
from index.paths import AppPaths


def test_every_licence_text_is_found() -> None:
    found = licences()
    assert len(found) >= 4
    for licence in found:
        assert licence.file is not None and licence.file.is_file(), licence
        assert len(read_licence(licence)) > 200, licence.what


def test_licence_file_names_resolve_through_resources() -> None:
    path = licence_file("CC0 1.0 (resources/regions/LICENSE.md)")
    assert path is not None and path.parts[-3:] == ("resources", "regions", "LICENSE.md")
    assert licence_file("no file named here") is None


def test_missing_licence_text_says_where_it_should_be(tmp_path: Path) -> None:
    from desktop.controllers.about_dialog import Licence

    text = read_licence(Licence("x", "MIT (LICENSE)", tmp_path / "gone"))
    assert "gone" in text and "MIT" in text


def test_dialog_shows_version_data_and_licences(
    qtbot: QtBot, paths: AppPaths, directory: Directory
) -> None:
    dialog = AboutDialog(paths)
    qtbot.addWidget(dialog)
    assert dialog.version.text() == f"tsunagi {__version__}"
    assert "sample" in dialog.data_versions.text()
    assert "services" in dialog.data_versions.text()
    assert str(paths.data) in dialog.data_folder.text()
    assert dialog.licences.count() == len(licences())
    assert "SIL OPEN FONT LICENSE" in dialog.licence_text.toPlainText().upper()
    dialog.licences.setCurrentRow(1)
    assert "CC0" in dialog.licence_text.toPlainText()
    assert dialog.icon.pixmap() is not None and not dialog.icon.pixmap().isNull()


def test_data_versions_come_from_the_database_worker(
    qtbot: QtBot, paths: AppPaths, directory: Directory
) -> None:
    tasks = Tasks()
    try:
        dialog = AboutDialog(paths, tasks=tasks)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: "sample" in dialog.data_versions.text(), timeout=10_000)
    finally:
        tasks.shutdown()


def test_dialog_on_a_folder_without_a_database(qtbot: QtBot, paths: AppPaths) -> None:
    dialog = AboutDialog(paths)
    qtbot.addWidget(dialog)
    assert "not created yet" in dialog.data_versions.text()
    assert not paths.database.exists()


def test_font_licence_shows_the_full_ofl_text_from_its_companion_file() -> None:
    font = next(lic for lic in licences() if "font" in lic.what.lower())
    assert [p.name for p in font.companions] == [
        "DEBIAN-COPYRIGHT",
        "DEBIAN-COPYRIGHT-lxgw-wenkai",
        "DEBIAN-COPYRIGHT-nanum",
        "DEBIAN-COPYRIGHT-noto",
    ]
    text = read_licence(font)
    assert "LICENSE.md" in text and "DEBIAN-COPYRIGHT" in text
    assert "PERMISSION & CONDITIONS" in text.upper()  # a clause of the OFL itself


def test_close_button_closes(qtbot: QtBot, paths: AppPaths) -> None:
    dialog = AboutDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_the_about_dialog_says_which_slip_translations_are_machine_made() -> None:
    from desktop.slips.translations import machine_made

    entry = next(lic for lic in licences() if "Slip translations" in lic.what)
    made = [t.language for t in machine_made()]
    assert "machine-made" in entry.what and f"({', '.join(made)})" in entry.what
    text = read_licence(entry)
    assert "CC BY 4.0" in text and "くらし支援ナビ" in text
    for language in made:
        assert f"`{language}`" in text
