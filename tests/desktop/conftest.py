"""The real window on a temporary data folder (Vorta style): no mocks, an offscreen display.

``QT_QPA_PLATFORM`` is set before anything imports Qt. Every test gets its own data folder with a
handful of services written as a feed would write them, and a fresh main window on it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from index.model import Layer
from index.paths import AppPaths, app_paths
from index.store import Owner, write_records
from tests.records import service

DATE_HOKKAIDO = "012335"  # 伊達市（北海道）
DATE_FUKUSHIMA = "072133"  # 伊達市（福島県）
HOSTILE = '<img src=x> <a href="file:///etc/passwd">click</a> <b>bold</b>'
ALL_WEEK = [
    {
        "id": "s-24h",
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR,SA,SU",
        "opens_at": "00:00",
        "closes_at": "00:00",
        "timezone": 9,
    }
]


def sample_records() -> list[dict[str, Any]]:
    return [
        service(
            "伊達市くらし相談センター",
            sid="svc-date-rent",
            phones=["0142-23-0001"],
            lgcode=DATE_HOKKAIDO,
            worries=["seikatsu", "kodoku"],
            access_codes=["free", "channel-phone", "channel-visit"],
            description="家賃や生活費の困りごとの相談。",
        ),
        service(
            "伊達市ひとり暮らし見守り",
            sid="svc-date-lonely",
            phones=["0142-23-0002"],
            lgcode=DATE_HOKKAIDO,
            worries=["kodoku"],
            description="孤独・孤立の相談と居場所づくり。",
        ),
        service(
            "伊達市（福島）生活支援窓口",
            sid="svc-fukushima",
            phones=["024-000-0003"],
            lgcode=DATE_FUKUSHIMA,
            worries=["seikatsu"],
            description="家賃の支払いに困ったときの相談。",
        ),
        service(
            "全国いのちの電話",
            sid="svc-national",
            phones=["0120-000-004"],
            lgcode=None,
            service_areas=[{"id": "svc-national-a0", "name": "全国"}],
            worries=["shinitai", "kodoku"],
            access_codes=["free", "anonymous", "channel-phone"],
            description="死にたいほどつらいときの24時間電話相談。",
            schedules=ALL_WEEK,
        ),
        service(
            "表示テスト窓口",
            sid="svc-hostile",
            phones=["0120-000-005"],
            lgcode=DATE_HOKKAIDO,
            worries=["ibasho"],
            description=HOSTILE,
        ),
    ]


def write_feed(paths: AppPaths, records: list[dict[str, Any]], version: int = 1) -> None:
    """Write records as sync does: the feed layer, inside one transaction, in its own connection."""
    with Directory.open(paths, seed=False) as directory, directory.db.atomic():
        write_records(
            directory.db,
            [(f"test {i}", r) for i, r in enumerate(records)],
            Owner(Layer.FEED, "test-feed", feed="test", feed_version=version),
            directory.regions,
        )


@pytest.fixture
def seeded_paths(tmp_path: Path) -> AppPaths:
    paths = app_paths(tmp_path / "data")
    write_feed(paths, sample_records())
    return paths


WindowFactory = Callable[..., Any]


@pytest.fixture
def make_window(qtbot: Any, seeded_paths: AppPaths) -> Iterator[WindowFactory]:
    """Open a real main window (more than one may be open at once); closed after the test."""
    from desktop.app import create_app, remove_translator
    from desktop.controllers.main_window import MainWindow
    from desktop.controllers.settings_dialog import load_settings

    opened: list[tuple[Any, Directory, Any]] = []

    def open_one(paths: AppPaths | None = None, sync_runner: Any = None) -> Any:
        directory = Directory.open(paths or seeded_paths, seed=False)
        settings = load_settings(directory)
        state = create_app(str(settings["ui_language"]), int(settings["font_size"]))
        window = MainWindow(directory, state, settings, sync_runner=sync_runner)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.waitUntil(lambda: window.search.last_result is not None, timeout=60_000)
        opened.append((window, directory, state))
        return window

    yield open_one
    for window, directory, state in opened:
        remove_translator(state)  # the QApplication outlives the test
        window.close()
        directory.close()
