"""The one hours parser (index.hours) on every written form, and national holidays in open-now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from index.holidays import is_holiday
from index.hours import read_hours
from index.schedule import is_open, today_hours, tokyo, weekly_hours_text

WEEKDAYS = "MO,TU,WE,TH,FR"
ALL = "MO,TU,WE,TH,FR,SA,SU"


def blocks(text: str, closed: str = "") -> list[tuple[Any, ...]]:
    return [
        (s["freq"], s.get("byday"), s["opens_at"], s["closes_at"])
        for s in read_hours(text, closed).schedules
        if "opens_at" in s
    ]


def notes(text: str, closed: str = "") -> list[str]:
    return [s["description"] for s in read_hours(text, closed).schedules if "opens_at" not in s]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # から / ～ / - / 〜, 午前/午後, 時/分
        ("月曜日から金曜日 午前8時45分から午後5時15分", [("WEEKLY", WEEKDAYS, "08:45", "17:15")]),
        ("月曜日～金曜日 8時30分～17時15分", [("WEEKLY", WEEKDAYS, "08:30", "17:15")]),
        ("月-金 8:30-17:15", [("WEEKLY", WEEKDAYS, "08:30", "17:15")]),
        ("月〜金 9時〜16時半", [("WEEKLY", WEEKDAYS, "09:00", "16:30")]),
        # full-width digits
        ("平日午前８時30分から午後５時15分", [("WEEKLY", WEEKDAYS, "08:30", "17:15")]),
        ("月～金 ９：００～１６：００", [("WEEKLY", WEEKDAYS, "09:00", "16:00")]),
        # 正午 and two blocks a day
        (
            "平日 午前8時30分から正午、午後1時から午後5時15分",
            [("WEEKLY", WEEKDAYS, "08:30", "12:00"), ("WEEKLY", WEEKDAYS, "13:00", "17:15")],
        ),
        # days on the line above, and below
        ("月～金\n9:00～17:00", [("WEEKLY", WEEKDAYS, "09:00", "17:00")]),
        ("9:00～17:00\n土・日", [("WEEKLY", "SA,SU", "09:00", "17:00")]),
        # several blocks
        (
            "平日9時～21時／土曜9時～17時",
            [("WEEKLY", WEEKDAYS, "09:00", "21:00"), ("WEEKLY", "SA", "09:00", "17:00")],
        ),
        (
            "月曜日・火曜日・木曜日・金曜日 9:00～17:00、水曜日 9:00～20:00",
            [("WEEKLY", "MO,TU,TH,FR", "09:00", "17:00"), ("WEEKLY", "WE", "09:00", "20:00")],
        ),
        # 毎週, monthly
        ("毎週水・金 10時～15時", [("WEEKLY", "WE,FR", "10:00", "15:00")]),
        ("第1・第3水曜 13時～16時", [("MONTHLY", "1WE,3WE", "13:00", "16:00")]),
        ("第2土曜日 10:00-12:00", [("MONTHLY", "2SA", "10:00", "12:00")]),
        ("最終金曜 18:00-20:00", [("MONTHLY", "-1FR", "18:00", "20:00")]),
        # 平日, 土日祝, 毎日
        ("平日 8:30～17:15", [("WEEKLY", WEEKDAYS, "08:30", "17:15")]),
        ("土日祝 10:00-17:00", [("WEEKLY", "SA,SU", "10:00", "17:00")]),
        ("毎日 16:00-21:00", [("WEEKLY", ALL, "16:00", "21:00")]),
        # 24時間365日, 年中無休
        ("24時間365日", [("WEEKLY", ALL, "00:00", "23:59")]),
        ("365日24時間", [("WEEKLY", ALL, "00:00", "23:59")]),
        ("年中無休 9:00-17:00", [("WEEKLY", ALL, "09:00", "17:00")]),
        # overnight
        ("毎日 22:00-翌6:00", [("WEEKLY", ALL, "22:00", "06:00")]),
        # 土日祝日を除く平日
        (
            "土日祝日を除く平日の午前8時30分から午後5時まで",
            [("WEEKLY", WEEKDAYS, "08:30", "17:00")],
        ),
    ],
)
def test_written_forms(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert blocks(text) == expected
    read = read_hours(text)
    assert read.parsed
    assert read.warnings == []


def test_times_without_days_take_them_from_the_closed_days_column() -> None:
    assert blocks("午前8時30分から午後5時15分", "日曜日・祝日") == [
        ("WEEKLY", "MO,TU,WE,TH,FR,SA", "08:30", "17:15")
    ]
    assert blocks("8時30分～17時15分", "休日・年末年始") == [("WEEKLY", WEEKDAYS, "08:30", "17:15")]
    read = read_hours("8時30分～17時15分")
    assert read.days_assumed
    assert [kind for kind, _ in read.warnings] == ["hours-days-assumed"]


def test_closed_days_column_becomes_a_row_shown_as_written() -> None:
    read = read_hours("月-金 9:00-17:00", "土曜日・日曜日・祝日・年末年始")
    closed = read.schedules[-1]
    assert closed["description"] == "休み: 土曜日・日曜日・祝日・年末年始"
    assert (closed["freq"], closed["byday"]) == ("WEEKLY", "SA,SU")
    monthly = read_hours("月-土 9:00-17:00", "第2土曜").schedules[-1]
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "2SA")


def test_anytime_and_appointment_survive() -> None:
    anytime = read_hours("随時")
    assert anytime.anytime
    assert notes("随時") == ["随時"]
    booked = read_hours("毎週水 10:00-15:00（要予約）")
    assert booked.by_appointment
    assert notes("毎週水 10:00-15:00（要予約）") == ["要予約"]
    assert "要予約" in weekly_hours_text(booked.schedules)


def test_unreadable_text_is_kept_never_refused() -> None:
    read = read_hours("相談日程は公式ページで確認")
    assert not read.parsed
    assert read.schedules == [{"description": "相談日程は公式ページで確認"}]
    assert [kind for kind, _ in read.warnings] == ["hours-kept-as-text"]
    assert weekly_hours_text(read.schedules)[-1] == "相談日程は公式ページで確認"
    partly = read_hours("月-金 9:00-17:00／気が向いたとき")
    assert partly.parsed
    assert notes("月-金 9:00-17:00／気が向いたとき") == ["気が向いたとき"]
    assert [kind for kind, _ in partly.warnings] == ["hours-partly-read"]


def test_label_before_the_times_is_shown() -> None:
    assert blocks("電話受付：午前8時30分から午後5時15分まで", "土曜日・日曜日") == [
        ("WEEKLY", WEEKDAYS, "08:30", "17:15")
    ]
    assert notes("電話受付：午前8時30分から午後5時15分まで", "土曜日・日曜日")[0] == "電話受付"


# --- national holidays (jpholiday) ------------------------------------------------------------------

HOLIDAY = datetime(2026, 11, 23, 10, 0, tzinfo=tokyo())  # 勤労感謝の日, a Monday
ORDINARY_MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=tokyo())


def test_holiday_library_knows_the_day() -> None:
    assert is_holiday(HOLIDAY.date())
    assert not is_holiday(ORDINARY_MONDAY.date())


def test_closed_on_holidays_shows_closed_on_a_holiday() -> None:
    schedules = read_hours("月-金 9:00-17:00", "土曜日・日曜日・祝日").schedules
    assert is_open(schedules, ORDINARY_MONDAY) is True
    assert is_open(schedules, HOLIDAY) is False
    assert today_hours(schedules, HOLIDAY) == "本日休み"
    assert "祝日は要確認" not in weekly_hours_text(schedules)


def test_year_end_closure() -> None:
    schedules = read_hours("毎日 9:00-17:00", "年末年始").schedules
    assert is_open(schedules, datetime(2026, 12, 30, 10, 0, tzinfo=tokyo())) is False
    assert is_open(schedules, datetime(2026, 12, 28, 10, 0, tzinfo=tokyo())) is True


def test_open_on_holidays_uses_the_holiday_hours() -> None:
    schedules = read_hours("平日 8:30～20:00、土曜日・日曜日・祝日 9:00～18:00").schedules
    assert is_open(schedules, HOLIDAY.replace(hour=19)) is False  # holiday hours end at 18:00
    assert is_open(schedules, HOLIDAY) is True
    assert today_hours(schedules, HOLIDAY) == "9:00〜18:00"


def test_unknown_holiday_rule_stays_to_be_checked() -> None:
    schedules = read_hours("月-金 9:00-17:00").schedules
    assert is_open(schedules, HOLIDAY) is None
    assert today_hours(schedules, HOLIDAY) == "祝日は要確認"
    assert weekly_hours_text(schedules)[-1] == "祝日は要確認"
    around_the_clock = read_hours("24時間365日").schedules
    assert is_open(around_the_clock, HOLIDAY) is True
