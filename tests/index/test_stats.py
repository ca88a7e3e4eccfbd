"""Anonymous referral statistics: only codes and ids are logged, counts add up, logging can be off."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from index.stats import (
    log_referral,
    referral_stats,
    set_stats_enabled,
    stats_csv,
    stats_enabled,
    write_stats_csv,
)
from tests.records import service

FREE_TEXT = ("山田花子", "夫に殴られる", "死にたい", "090-9999-0000", "<script>")


def _seed(directory: Any) -> None:
    directory.save_local(service("こころの相談", sid="svc-a", worries=["kokoro", "kodoku"]))
    directory.save_local(service("生活の相談", sid="svc-b", worries=["seikatsu"]))


def test_referrals_are_counted_by_service_category_and_month(empty_directory: Any) -> None:
    _seed(empty_directory)
    db = empty_directory.db
    assert log_referral(db, date(2026, 10, 3), ["svc-a"], ["kokoro"], "012335")
    assert log_referral(db, date(2026, 11, 5), ["svc-a", "svc-b"], ["kokoro", "seikatsu"], "012335")
    assert log_referral(db, date(2026, 11, 20), ["svc-b"], ["seikatsu"], None)
    stats = referral_stats(db)
    assert stats.slips == 3
    assert [(c.key, c.label, c.count) for c in stats.by_service] == [
        ("svc-a", "こころの相談", 2),
        ("svc-b", "生活の相談", 2),
    ]
    assert [(c.key, c.label, c.count) for c in stats.by_category] == [
        ("kokoro", "こころの健康", 2),
        ("seikatsu", "生活困窮", 2),
    ]
    assert [(c.key, c.count) for c in stats.by_month] == [("2026-10", 1), ("2026-11", 2)]
    assert [(c.key, c.count) for c in stats.by_region] == [("012335", 2)]
    november = referral_stats(db, date(2026, 11, 1), date(2026, 11, 30))
    assert november.slips == 2
    assert [(c.key, c.count) for c in november.by_month] == [("2026-11", 2)]
    assert referral_stats(db, date(2026, 11, 6), date(2026, 11, 19)).slips == 0


def test_the_log_and_the_stats_contain_no_free_text(empty_directory: Any, tmp_path: Path) -> None:
    _seed(empty_directory)
    db = empty_directory.db
    logged = log_referral(
        db,
        date(2026, 11, 26),
        ["svc-a", "山田花子", "090-9999-0000"],
        ["kokoro", "夫に殴られる", "死にたい"],
        "<script>",
    )
    assert logged
    assert not log_referral(db, date(2026, 11, 26), ["山田花子"], ["kokoro"], "012335")
    rows = db.execute("SELECT day, service_ids, worries, region FROM referral_log").fetchall()
    assert rows == [("2026-11-26", json.dumps(["svc-a"]), json.dumps(["kokoro"]), None)]
    stats = referral_stats(db)
    text = stats_csv(stats)
    for word in FREE_TEXT:
        assert word not in text
        assert word not in json.dumps([list(r) for r in rows], ensure_ascii=False)
    out = tmp_path / "stats.csv"
    write_stats_csv(stats, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads Japanese correctly
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert table[0] == ["section", "key", "label", "count"]
    assert ["total", "slips", "紹介票の枚数", "1"] in table
    assert ["service", "svc-a", "こころの相談", "1"] in table
    assert ["category", "kokoro", "こころの健康", "1"] in table
    assert ["month", "2026-11", "2026-11", "1"] in table


def test_logging_can_be_turned_off(empty_directory: Any) -> None:
    _seed(empty_directory)
    db = empty_directory.db
    assert stats_enabled(db)
    set_stats_enabled(db, False)
    assert not stats_enabled(db)
    assert empty_directory.get_setting("stats_enabled") is False
    assert not log_referral(db, date(2026, 11, 26), ["svc-a"], ["kokoro"], "012335")
    assert referral_stats(db).slips == 0
    set_stats_enabled(db, True)
    assert log_referral(db, date(2026, 11, 26), ["svc-a"], ["kokoro"], "012335")
    assert referral_stats(db).slips == 1


def test_a_deleted_service_still_counts_under_a_neutral_label(empty_directory: Any) -> None:
    _seed(empty_directory)
    db = empty_directory.db
    log_referral(db, date(2026, 11, 26), ["svc-b"], [], None)
    assert empty_directory.delete_local("svc-b")
    stats = referral_stats(db)
    assert [(c.key, c.label, c.count) for c in stats.by_service] == [
        ("svc-b", "（削除済みの窓口）", 1)
    ]
