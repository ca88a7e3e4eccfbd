"""The first-run welcome: shown once on a new folder, stores the office and region, never again."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer  # noqa: TID251 - a Qt test drives the modal dialog
from PySide6.QtWidgets import QApplication  # noqa: TID251
from pytestqt.qtbot import QtBot

from desktop.controllers.welcome import (
    WelcomeDialog,
    check_feed_url,
    feed_name_for,
    maybe_show_welcome,
    welcome_needed,
)
from index.directory import Directory
from index.regions import RegionMaster
from sync.minisign import SecretKey
from sync.publish import publish
from tests.records import service


def test_a_new_seeded_folder_needs_the_welcome(directory: Directory) -> None:
    assert directory.get_setting("seeded") == "sample"
    assert welcome_needed(directory)


def test_an_upgraded_folder_with_an_office_name_is_not_asked(directory: Directory) -> None:
    directory.set_setting("office_name", "つなぎ相談室")
    assert not welcome_needed(directory)
    assert directory.get_setting("welcome_done") == "existing-settings"


def test_region_type_ahead_offers_unambiguous_labels(qtbot: QtBot, directory: Directory) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    labels = dialog.suggest("だて")
    assert "伊達市（北海道）" in labels and "伊達市（福島県）" in labels
    dialog.default_region.setText("伊達市（福島県）")
    region = dialog.chosen_region()
    assert not isinstance(region, str) and region is not None
    assert region.prefecture == "福島県"


def test_ambiguous_region_is_refused_with_the_candidates(
    qtbot: QtBot, directory: Directory
) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.office_name.setText("つなぎ相談室")
    dialog.default_region.setText("伊達市")
    assert dialog.save() is False
    assert "伊達市（北海道）" in dialog.region_error.text()
    assert directory.get_setting("welcome_done") is None
    assert directory.get_setting("office_name") is None


def test_saving_stores_the_office_the_region_and_done(qtbot: QtBot, directory: Directory) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.office_name.setText("  つなぎ相談室  ")
    dialog.default_region.setText("012335")
    assert dialog.save() is True
    assert directory.get_setting("office_name") == "つなぎ相談室"
    assert directory.get_setting("default_region") == "012335"
    assert directory.get_setting("welcome_done")
    assert not welcome_needed(directory)


KEY = SecretKey.generate()
OTHER = SecretKey.generate()


@pytest.fixture
def usb_bundle(tmp_path: Path) -> Path:
    """A real signed feed (three services), zipped as a USB bundle by the publisher's tool."""
    source = tmp_path / "in" / "services.ndjson"
    source.parent.mkdir()
    records = [
        service("こころの相談", sid="usb-a", phones=["0120-111-111"]),
        service("よりそい窓口", sid="usb-b", phones=["0120-222-222"]),
        service("若者サポート", sid="usb-c", phones=["#8008"]),
    ]
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    host = tmp_path / "host"
    publish([source], KEY, host, regions=RegionMaster.load(), feed_id="jp-national")
    archive = shutil.make_archive(str(tmp_path / "national"), "zip", host)
    bundle = tmp_path / "national.tsunagi"
    Path(archive).rename(bundle)
    return bundle


def _feed_services(directory: Directory, feed: str) -> list[str]:
    return [
        r[0]
        for r in directory.db.execute(
            "SELECT id FROM service WHERE layer = 'feed' AND feed = ? ORDER BY id", [feed]
        )
    ]


def test_a_feed_url_needs_the_publishers_key(qtbot: QtBot, directory: Directory) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.feed_url.setText("https://feeds.example.jp/national/")
    assert dialog.save() is False
    assert "公開鍵" in dialog.feed_error.text()
    dialog.feed_key.setText("RWnot-a-key")
    assert dialog.save() is False
    assert "公開鍵が読めません" in dialog.feed_error.text()
    assert directory.db.execute("SELECT count(*) FROM feed").fetchone()[0] == 0
    assert directory.get_setting("welcome_done") is None


def test_a_feed_is_followed_with_its_key(qtbot: QtBot, directory: Directory) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.office_name.setText("つなぎ相談室")
    dialog.feed_url.setText("https://feeds.example.jp/national/")
    dialog.feed_key.setText(KEY.public_key.to_file_text())  # a whole .pub file pasted
    assert dialog.save() is True
    row = directory.db.execute("SELECT name, url FROM feed").fetchall()
    assert row == [("feeds-example-jp-national", "https://feeds.example.jp/national/")]
    assert any("feeds-example-jp-national" in m for m in dialog.messages)


def test_a_usb_bundle_is_verified_and_loaded(
    qtbot: QtBot, directory: Directory, usb_bundle: Path
) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.office_name.setText("つなぎ相談室")
    dialog.feed_key.setText(KEY.public_key.to_base64())
    dialog.set_bundle(usb_bundle)
    with qtbot.waitSignal(dialog.saved, timeout=60_000) as saved:
        assert dialog.save() is None  # loading on the task helper's network worker
        # No thread or nested event loop of the welcome's own: only the task helper's workers.
        assert not [t for t in threading.enumerate() if "welcome" in t.name]
    assert saved.args == [True]
    assert _feed_services(directory, "national") == ["usb-a", "usb-b", "usb-c"]
    assert "追加3" in dialog.progress.text()
    # The same session as the window's: the search index is brought up to date too.
    assert directory.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] == 0
    assert any("取り込みました" in m for m in dialog.messages)
    assert directory.get_setting("welcome_done")
    assert not (directory.paths.data / "bundles").exists() or not any(
        (directory.paths.data / "bundles").iterdir()
    )


def test_a_bundle_signed_by_another_key_loads_nothing(
    qtbot: QtBot, directory: Directory, usb_bundle: Path
) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.feed_key.setText(OTHER.public_key.to_base64())
    dialog.set_bundle(usb_bundle)
    with qtbot.waitSignal(dialog.saved, timeout=60_000) as saved:
        dialog.save()
    assert saved.args == [False]
    assert dialog.bundle_error.isVisibleTo(dialog)
    assert "取り込めませんでした" in dialog.bundle_error.text()
    assert _feed_services(directory, "national") == []
    assert directory.get_setting("welcome_done") is None
    assert dialog.start.isEnabled()


def test_feed_names_are_what_sync_accepts() -> None:
    assert feed_name_for("https://feeds.example.jp/national/", set()) == "feeds-example-jp-national"
    assert feed_name_for("/media/usb/National Feed.tsunagi", set()) == "national-feed"
    assert feed_name_for("/media/usb/national.tsunagi", {"national"}) == "national-2"
    assert feed_name_for("/media/usb/全国.zip", set()) == "feed"
    long = feed_name_for("https://" + "a" * 80 + ".jp/", set())
    assert len(long) <= 40 and re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", long)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://feeds.example.jp/national/", True),
        ("http://127.0.0.1:8080/feed/", True),
        ("http://localhost/feed/", True),
        ("http://feeds.example.jp/national/", False),
        ("ftp://feeds.example.jp/", False),
        ("feeds.example.jp", False),
        ("https://", False),
    ],
)
def test_feed_urls_are_checked(url: str, ok: bool) -> None:
    assert (check_feed_url(url) is None) is ok


def test_bad_feed_url_blocks_saving(qtbot: QtBot, directory: Directory) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.feed_url.setText("http://feeds.example.jp/")
    assert dialog.save() is False
    assert dialog.feed_error.isVisibleTo(dialog)
    assert directory.get_setting("welcome_done") is None


def test_later_means_never_again(qtbot: QtBot, directory: Directory) -> None:
    dialog = WelcomeDialog(directory)
    qtbot.addWidget(dialog)
    dialog.later.click()
    assert directory.get_setting("welcome_done") == "skipped"
    assert dialog.result() == WelcomeDialog.DialogCode.Rejected


def test_maybe_show_welcome_runs_once(qtbot: QtBot, directory: Directory) -> None:
    seen: list[WelcomeDialog] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WelcomeDialog):
            QTimer.singleShot(10, fill_in)  # not shown yet: look again on the next turn
            return
        seen.append(dialog)
        dialog.office_name.setText("つなぎ相談室")
        dialog.default_region.setText("札幌市 中央区")
        dialog.start.click()

    QTimer.singleShot(0, fill_in)
    assert maybe_show_welcome(None, directory) is True
    assert len(seen) == 1
    assert directory.get_setting("default_region") == seen[0].chosen_region().lgcode  # type: ignore[union-attr]
    assert directory.get_setting("office_name") == "つなぎ相談室"
    assert maybe_show_welcome(None, directory) is False
