"""Opening hours from HSDS schedules: open now, 24 hours and plain words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from index.schedule import is_24h, is_open, today_hours, weekly_hours_text, weekly_table

# 2026-11-30 is a Monday; 2026-11-14 the second Saturday of November; 2026-11-27 its last Friday.
MON = date(2026, 11, 30)


def at(day: date, hhmm: str) -> datetime:
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes)


def weekly(byday: str, opens: str, closes: str, **extra: Any) -> dict[str, Any]:
    return {"freq": "WEEKLY", "byday": byday, "opens_at": opens, "closes_at": closes, **extra}


def monthly(opens: str, closes: str, **extra: Any) -> dict[str, Any]:
    return {"freq": "MONTHLY", "opens_at": opens, "closes_at": closes, **extra}


ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"


def test_overnight_block_runs_into_the_next_morning() -> None:
    schedules = [weekly("MO", "22:00", "06:00")]
    tuesday = MON + timedelta(days=1)
    assert is_open(schedules, at(MON, "21:59")) is False
    assert is_open(schedules, at(MON, "22:00")) is True
    assert is_open(schedules, at(tuesday, "03:00")) is True
    assert is_open(schedules, at(tuesday, "05:59")) is True
    assert is_open(schedules, at(tuesday, "06:00")) is False
    assert is_open(schedules, at(tuesday, "07:00")) is False
    # Sunday night has no block, so Monday 03:00 is closed.
    assert is_open(schedules, at(MON, "03:00")) is False
    assert today_hours(schedules, at(MON, "12:00")) == "22:00〜翌6:00"
    assert today_hours(schedules, at(tuesday, "03:00")) == "〜6:00"
    assert today_hours(schedules, at(tuesday, "07:00")) == "本日休み"


def test_aware_datetimes_are_converted_to_tokyo() -> None:
    schedules = [weekly("MO", "22:00", "06:00")]
    # Monday 18:00 UTC is Tuesday 03:00 in Tokyo.
    utc = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
    assert is_open(schedules, utc) is True
    assert is_open(schedules, utc + timedelta(hours=4)) is False


def test_24_hours_in_all_three_spellings() -> None:
    for opens, closes in (("00:00", "23:59"), ("00:00", "24:00"), ("00:00", "00:00")):
        schedules = [weekly(ALL_DAYS, opens, closes)]
        assert is_24h(schedules), (opens, closes)
        assert is_open(schedules, at(MON, "23:59")) is True
        assert is_open(schedules, at(MON, "00:00")) is True
        assert today_hours(schedules, at(MON, "12:00")) == "24時間"
        assert weekly_hours_text(schedules) == ["24時間・年中無休"]


def test_not_24h_when_a_day_or_an_hour_is_missing() -> None:
    assert not is_24h([weekly("MO,TU,WE,TH,FR,SA", "00:00", "24:00")])
    assert not is_24h([weekly(ALL_DAYS, "00:00", "23:00")])
    assert not is_24h([])
    # Back-to-back overnight blocks cover the whole week too.
    assert is_24h([weekly(ALL_DAYS, "09:00", "09:00")])


def test_monthly_nth_weekday_and_last_weekday() -> None:
    second_saturday = [monthly("10:00", "12:00", byday="2SA")]
    assert is_open(second_saturday, at(date(2026, 11, 14), "11:00")) is True
    assert is_open(second_saturday, at(date(2026, 11, 7), "11:00")) is False
    assert is_open(second_saturday, at(date(2026, 11, 21), "11:00")) is False
    assert is_open(second_saturday, at(date(2026, 11, 14), "12:00")) is False

    last_friday = [monthly("18:00", "21:00", byday="-1FR")]
    assert is_open(last_friday, at(date(2026, 11, 27), "19:00")) is True
    assert is_open(last_friday, at(date(2026, 11, 20), "19:00")) is False
    # January 2027 has five Fridays; the last is the 29th, not the fourth (22nd).
    assert is_open(last_friday, at(date(2027, 1, 29), "19:00")) is True
    assert is_open(last_friday, at(date(2027, 1, 22), "19:00")) is False


def test_bymonthday_with_an_overnight_block() -> None:
    tenth = [monthly("08:00", "08:00", bymonthday="10")]
    assert is_open(tenth, at(date(2026, 12, 10), "08:00")) is True
    assert is_open(tenth, at(date(2026, 12, 11), "07:59")) is True
    assert is_open(tenth, at(date(2026, 12, 11), "08:00")) is False
    assert is_open(tenth, at(date(2026, 12, 9), "12:00")) is False
    assert weekly_hours_text(tenth) == ["毎月10日 8時〜翌8時", "祝日は要確認"]


def test_valid_from_and_valid_to_bound_the_block() -> None:
    schedules = [weekly(ALL_DAYS, "09:00", "17:00", valid_from="2026-12-01", valid_to="2026-12-31")]
    assert is_open(schedules, at(date(2026, 12, 15), "10:00")) is True
    # Outside the period the hours on file say nothing about today: unknown, not closed.
    assert is_open(schedules, at(date(2026, 11, 15), "10:00")) is None
    assert is_open(schedules, at(date(2027, 1, 5), "10:00")) is None
    assert today_hours(schedules, at(date(2027, 1, 5), "10:00")) == "時間は要確認"
    both = [*schedules, weekly(ALL_DAYS, "13:00", "15:00", valid_to="2026-11-30")]
    assert is_open(both, at(date(2026, 12, 15), "14:00")) is True
    assert is_open(both, at(date(2026, 11, 15), "10:00")) is False
    assert is_open(both, at(date(2026, 11, 15), "14:00")) is True


def test_unknown_schedules_give_none() -> None:
    assert is_open([], at(MON, "12:00")) is None
    assert is_open([{"description": "24時間受付"}], at(MON, "12:00")) is None
    assert is_open([weekly("MO", "25:00", "26:00")], at(MON, "12:00")) is None
    assert is_open([weekly("XX", "09:00", "17:00")], at(MON, "12:00")) is None
    assert is_open([weekly("MO", "09:00", "17:00", timezone=0)], at(MON, "12:00")) is None
    assert today_hours([], at(MON, "12:00")) == "時間は要確認"
    assert weekly_hours_text([{"description": "24時間受付"}]) == ["時間は要確認", "24時間受付"]
    assert weekly_table([]) == []


def test_interval_above_one_never_counts_as_open() -> None:
    fortnightly = [weekly("SA", "10:00", "12:00", interval=2)]
    assert is_open(fortnightly, at(date(2026, 11, 14), "11:00")) is None
    assert weekly_hours_text(fortnightly) == [
        "隔週 土曜 10時〜12時（日程は要確認）",
        "祝日は要確認",
    ]


def test_today_hours_for_a_results_list() -> None:
    schedules = [weekly(ALL_DAYS, "16:00", "21:00")]
    assert today_hours(schedules, at(MON, "10:00")) == "16:00〜21:00"
    weekdays = [weekly("MO,TU,WE,TH,FR", "08:30", "17:15")]
    assert today_hours(weekdays, at(date(2026, 12, 5), "10:00")) == "本日休み"
    split = [weekly("MO", "13:00", "16:00"), weekly("MO", "09:00", "12:00")]
    assert today_hours(split, at(MON, "10:00")) == "9:00〜12:00、13:00〜16:00"


def test_full_width_and_seconds_in_times() -> None:
    schedules = [weekly("MO", "１６：００", "21:00:00+09:00")]
    assert is_open(schedules, at(MON, "20:59")) is True
    assert weekly_hours_text(schedules) == ["月曜 16時〜21時", "祝日は要確認"]


def test_plain_words_for_weekly_hours() -> None:
    assert weekly_hours_text([weekly(ALL_DAYS, "16:00", "21:00")]) == [
        "毎日 16時〜21時",
        "祝日は要確認",
    ]
    assert weekly_hours_text([weekly("MO,TU,WE,TH,FR", "08:30", "17:15")]) == [
        "平日 8:30〜17:15",
        "祝日は要確認",
    ]
    assert weekly_hours_text(
        [weekly("MO,TU,WE,TH,FR", "09:00", "17:00"), weekly("SA,SU", "10:00", "17:00")]
    ) == ["平日 9時〜17時", "土日 10時〜17時", "祝日は要確認"]
    assert weekly_hours_text([weekly("MO,WE,FR", "13:00", "16:00")]) == [
        "月・水・金 13時〜16時",
        "祝日は要確認",
    ]
    # Identical hours on consecutive days are grouped, even when given as separate rows.
    rows = [weekly(code, "10:00", "15:00") for code in ("MO", "TU", "WE", "FR")]
    assert weekly_hours_text(rows)[0] == "月〜水・金 10時〜15時"
    assert weekly_hours_text([weekly("MO,TU,WE,TH,FR,SA", "22:00", "06:00")])[0] == (
        "月〜土 22時〜翌6時"
    )


def test_plain_words_for_monthly_rules() -> None:
    assert weekly_hours_text([monthly("10:00", "12:00", byday="2SA")]) == [
        "第2土曜 10時〜12時",
        "祝日は要確認",
    ]
    assert weekly_hours_text([monthly("10:00", "12:00", byday="1SA,3SA")])[0] == (
        "第1・第3土曜 10時〜12時"
    )
    assert weekly_hours_text([monthly("18:00", "21:00", byday="-1FR")])[0] == "最終金曜 18時〜21時"
    mixed = [weekly("MO,TU,WE,TH,FR", "09:00", "17:00"), monthly("10:00", "12:00", byday="2SA")]
    assert weekly_hours_text(mixed) == ["平日 9時〜17時", "第2土曜 10時〜12時", "祝日は要確認"]


def test_a_description_that_mentions_holidays_replaces_the_holiday_line() -> None:
    schedules = [weekly("MO,TU,WE,TH,FR", "08:30", "17:15", description="祝日・年末年始は休み")]
    assert weekly_hours_text(schedules) == ["平日 8:30〜17:15", "祝日・年末年始は休み"]


def test_weekly_table_rows() -> None:
    schedules = [weekly("MO,TU,WE,TH,FR", "08:30", "17:15"), monthly("10:00", "12:00", byday="2SA")]
    rows = weekly_table(schedules)
    assert rows[0] == ("月", "8:30〜17:15")
    assert rows[5] == ("土", "休み")
    assert rows[6] == ("日", "休み")
    assert rows[7] == ("第2土曜", "10時〜12時")
    assert len(rows) == 8
    assert weekly_table([weekly(ALL_DAYS, "00:00", "24:00")])[3] == ("木", "24時間")


def test_weekly_text_on_a_date_leaves_out_blocks_not_valid_then() -> None:
    schedules = [
        weekly(ALL_DAYS, "09:00", "17:00", valid_to="2026-12-31"),
        weekly(ALL_DAYS, "10:00", "16:00", valid_from="2027-01-01"),
    ]
    assert weekly_hours_text(schedules, on=date(2026, 12, 1))[0] == "毎日 9時〜17時"
    assert weekly_hours_text(schedules, on=date(2027, 1, 2))[0] == "毎日 10時〜16時"


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["MO,TU", "2SA", "-1FR", "10", "-1", "0SA", "9MO", "22:00", "06:00", "24:00"]),
    st.sampled_from(["WEEKLY", "MONTHLY", "weekly", "DAILY", "2026-12-01", "2026-02-30", "9"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner),
    max_leaves=6,
)
_keys = st.sampled_from(
    [
        "freq",
        "byday",
        "bymonthday",
        "opens_at",
        "closes_at",
        "valid_from",
        "valid_to",
        "interval",
        "timezone",
        "description",
        "dtstart",
        "until",
    ]
)
_schedule = st.dictionaries(_keys, _values, max_size=10)


@settings(max_examples=100, deadline=None)
@given(
    schedules=st.lists(st.one_of(_schedule, _values), max_size=4) | _values,
    when=st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2100, 12, 30)),
)
def test_random_schedules_never_raise(schedules: Any, when: datetime) -> None:
    result = is_open(schedules, when)
    assert result in (True, False, None)
    assert isinstance(is_24h(schedules), bool)
    assert isinstance(today_hours(schedules, when), str)
    lines = weekly_hours_text(schedules, on=when.date())
    assert lines and all(isinstance(line, str) for line in lines)
    assert all(isinstance(a, str) and isinstance(b, str) for a, b in weekly_table(schedules))
