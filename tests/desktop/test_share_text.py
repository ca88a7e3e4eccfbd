"""The referral list as text for SMS, LINE and e-mail: dialable numbers, short blocks, one source."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.share_text import SMS_CHARS, dialable, mailto_url, service_block, share_text
from index.paths import app_paths
from index.schedule import tokyo
from tests.desktop.conftest import write_feed
from tests.desktop.test_cli_slip import tsunagi
from tests.desktop.test_window import type_query
from tests.records import service

THURSDAY_NOON = datetime(2026, 12, 3, 12, 0, tzinfo=tokyo())
WEEKDAYS = [
    {
        "id": "s-wk",
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR",
        "opens_at": "08:30",
        "closes_at": "17:15",
        "timezone": 9,
    }
]


@pytest.mark.parametrize(
    ("published", "dialed"),
    [
        ("０１４２－００－０１４０", "0142-00-0140"),
        ("0142(00)0131", "0142-00-0131"),
        ("０１２０ー２７９ー３３８", "0120-279-338"),
        ("#9999", "#9999"),
        ("0120-279-338", "0120-279-338"),
        ("03 1234 5678", "03-1234-5678"),
        ("0120-000-000（24時間）", "0120-000-000（24時間）"),  # not plainly a number: as published
    ],
)
def test_numbers_are_made_dialable(published: str, dialed: str) -> None:
    assert dialable(published) == dialed


def rent_centre() -> dict[str, object]:
    return service(
        "伊達市くらし・しごと相談センター",
        sid="svc-rent",
        phones=["０１４２－００－０１４０"],
        schedules=WEEKDAYS,
        url="https://example.jp/date/",
    )


def test_a_service_block_has_name_dialable_number_hours_and_address() -> None:
    block = service_block(rent_centre(), THURSDAY_NOON)
    assert block.splitlines() == [
        "伊達市くらし・しごと相談センター",
        "電話 0142-00-0140",
        "平日 8:30〜17:15",  # today's as well would pass one SMS: the weekly hours stay
        "https://example.jp/date/",
    ]
    without_address = service_block({**rent_centre(), "url": ""}, THURSDAY_NOON)
    assert without_address.splitlines()[2] == "本日 8:30〜17:15／平日 8:30〜17:15"
    assert len(without_address) <= SMS_CHARS


def test_a_long_block_drops_weekly_lines_before_growing_past_one_sms() -> None:
    many = [
        {
            **WEEKDAYS[0],
            "id": f"s{i}",
            "byday": day,
            "opens_at": f"{9 + i}:00",
            "closes_at": "20:00",
        }
        for i, day in enumerate(["MO", "TU", "WE", "TH", "FR", "SA"])
    ]
    record = service("夜間の相談窓口", sid="svc-long", phones=["011-000-0000"], schedules=many)
    block = service_block(record, THURSDAY_NOON)
    assert len(block) <= SMS_CHARS
    assert block.splitlines()[1] == "電話 011-000-0000"
    assert "12時〜20時" in block  # Thursday's line is kept


def test_the_whole_text_ends_with_the_office_line() -> None:
    text = share_text(
        [rent_centre()],
        office_name="つなぎ相談室",
        office_phone="０１４２(２３)０００９",
        now=THURSDAY_NOON,
    )
    assert text.splitlines()[-1] == "つなぎ相談室より（電話 0142-23-0009）"
    assert "０" not in text  # no full-width digit reaches the client's phone
    custom = share_text([rent_centre()], message="また連絡してください。", now=THURSDAY_NOON)
    assert custom.endswith("\n\nまた連絡してください。")


def test_mailto_carries_the_text() -> None:
    url = mailto_url("一行目\n二行目")
    assert url.startswith("mailto:?subject=")
    assert unquote(url.split("body=", 1)[1]) == "一行目\r\n二行目"


def test_share_command_prints_the_same_text(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "data")
    write_feed(paths, [rent_centre(), service("全国の窓口", sid="svc-2", phones=["0120-000-004"])])
    run = tsunagi(tmp_path / "data", "share", "svc-rent", "svc-2", "--message", "お大事に")
    assert run.returncode == 0, run.stderr
    assert "電話 0142-00-0140" in run.stdout and "電話 0120-000-004" in run.stdout
    assert run.stdout.rstrip().endswith("お大事に")
    mail = tsunagi(tmp_path / "data", "share", "svc-rent", "--mailto")
    assert mail.stdout.startswith("mailto:?subject=")
    assert "0142-00-0140" in unquote(mail.stdout)
    missing = tsunagi(tmp_path / "data", "share", "no-such-id")
    assert missing.returncode == 2 and "no-such-id" in missing.stderr


def test_copy_as_text_puts_the_referral_list_on_the_clipboard(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    for row in (0, 1):
        window.view.results.setCurrentIndex(window.results_model.index(row, 0))
        window.referral.add_current()
    names = [item.name for item in window.referral_model.items()]
    with qtbot.waitSignal(window.share.copied, timeout=10_000) as copied:
        qtbot.keyClick(
            window.view.results,
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    text = QGuiApplication.clipboard().text()
    assert copied.args[0] == text
    assert all(name in text for name in names)
    assert "電話 0142-23-0001" in text or "電話 024-000-0003" in text
    # the button does the same
    with qtbot.waitSignal(window.share.copied, timeout=10_000):
        window.view.referral.share.click()
    assert QGuiApplication.clipboard().text() == text


def test_right_click_on_a_result_offers_number_text_and_list(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "いのち")
    table = window.view.results
    rect = table.visualRect(window.results_model.index(0, 0))
    table.customContextMenuRequested.emit(rect.center())
    menu = window.share.last_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    texts = [a.text().split("\t")[0] for a in menu.actions()]
    assert texts == [
        "電話番号をコピー（発信用）",
        "この窓口を文章でコピー",
        "紹介リストを文章でコピー",
        "紹介リストに追加",
    ]
    with qtbot.waitSignal(window.share.copied, timeout=10_000):
        menu.actions()[0].trigger()
    assert QGuiApplication.clipboard().text() == "0120-000-004"
    menu.actions()[3].trigger()
    assert window.referral_model.ids() == ["svc-national"]
    menu.close()


def test_ctrl_c_in_the_detail_copies_the_number(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, 0))
    hit = window.results_model.hit(0)
    qtbot.waitUntil(lambda: window.view.detail.name.text() == hit.name)
    qtbot.keyClick(window.view.results, Qt.Key.Key_Return)  # Enter goes to the detail
    assert QApplication.focusWidget() is window.view.detail.name
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(window.view.detail.name, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == hit.phones[0]
    # the detail's right-click menu offers the same as the result's
    window.view.detail.customContextMenuRequested.emit(window.view.detail.rect().center())
    menu = window.share.last_menu
    assert menu is not None and menu.actions()[0].isEnabled()
    menu.close()
