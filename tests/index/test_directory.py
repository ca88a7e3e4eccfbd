"""The local directory: import all-or-nothing, lossless export, migrations, notes survive."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from index.directory import (
    DatabaseCorrupt,
    DatabaseTooNew,
    Directory,
    ImportRefused,
    list_backups,
)
from index.model import Layer
from index.paths import AppPaths
from index.store import Owner, delete_services, write_records
from tests.conftest import HSDS_EXAMPLES
from tests.records import service


def write_ndjson(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def db_bytes(paths: AppPaths) -> bytes:
    return paths.database.read_bytes()


@pytest.mark.parametrize("example", ["service_full.json", "service_list.json"])
def test_official_examples_round_trip(empty_directory: Directory, example: str) -> None:
    source = json.loads((HSDS_EXAMPLES / example).read_text("utf-8"))
    expected = source.get("contents", [source])
    report = empty_directory.import_files([HSDS_EXAMPLES / example])
    assert report.added == len(expected)
    assert list(empty_directory.export("local")) == expected


def test_csv_datapackage_loads(empty_directory: Directory) -> None:
    report = empty_directory.import_files([HSDS_EXAMPLES / "csv"])
    assert report.added == 1
    record = empty_directory.record("ac148810-d857-441c-9679-408f346de14b")
    assert record is not None
    assert record["minimum_age"] == 12  # CSV text became a JSON number
    assert record["phones"][0]["number"] == '"+44 1234 234567"'  # exactly as given
    assert record["service_at_locations"][0]["location"]["addresses"]


def test_all_shapes_accepted(empty_directory: Directory, tmp_path: Path) -> None:
    a, b, c, d, e = (service(f"窓口{i}") for i in range(5))
    (tmp_path / "one.json").write_text(json.dumps(a), "utf-8")
    (tmp_path / "list.json").write_text(json.dumps([b]), "utf-8")
    (tmp_path / "page.json").write_text(json.dumps({"total_items": 1, "contents": [c]}), "utf-8")
    write_ndjson(tmp_path / "lines.ndjson", [d])
    with gzip.open(tmp_path / "lines.ndjson.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(e) + "\n")
    files = [
        tmp_path / n
        for n in ("one.json", "list.json", "page.json", "lines.ndjson", "lines.ndjson.gz")
    ]
    report = empty_directory.import_files(files)
    assert report.added == 5
    assert {r["id"] for r in empty_directory.export("local")} == {x["id"] for x in (a, b, c, d, e)}


BAD_CASES = {
    "broken-json": ('{"id": "x", "name": ', "invalid JSON"),
    "wrong-type": (json.dumps(service(sid="w1", minimum_age="twelve")), "minimum_age"),
    "bad-status": (json.dumps(service(sid="w3", status="closed?")), "status"),
    "no-digits": (json.dumps(service(sid="w4", phones=["いのちの電話"])), "has no digits"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_malformed_file_rejected_and_database_byte_identical(
    paths: AppPaths, tmp_path: Path, case: str
) -> None:
    with Directory.open(paths) as directory:
        directory.set_note("keep-me", "大切なメモ")
    before = db_bytes(paths)
    text, expected = BAD_CASES[case]
    good = json.dumps(service("正しい窓口"))
    bad_file = write_ndjson(tmp_path / "bad.ndjson", []) if False else tmp_path / "bad.ndjson"
    bad_file.write_text(good + "\n" + text + "\n", "utf-8")
    with Directory.open(paths) as directory, pytest.raises(ImportRefused) as caught:
        directory.import_files([bad_file])
    messages = [str(p) for p in caught.value.report.problems]
    assert any(expected in m for m in messages), messages
    assert all("bad.ndjson" in m for m in messages)
    assert db_bytes(paths) == before


def test_fifty_megabyte_string_rejected_precisely(paths: AppPaths, tmp_path: Path) -> None:
    with Directory.open(paths):
        pass
    before = db_bytes(paths)
    big = tmp_path / "big.json"
    big.write_text(
        json.dumps(service(sid="big", description="あ" * (50 * 1024 * 1024 // 3))), "utf-8"
    )
    with Directory.open(paths) as directory, pytest.raises(ImportRefused) as caught:
        directory.import_files([big])
    (problem,) = caught.value.report.problems
    assert problem.field == "description"
    assert "too long" in problem.reason
    assert len(str(problem)) < 300  # the value itself is never echoed back
    assert db_bytes(paths) == before


def test_skip_invalid_loads_the_rest(empty_directory: Directory, tmp_path: Path) -> None:
    good = service("良い窓口")
    path = tmp_path / "mixed.ndjson"
    path.write_text(json.dumps(good) + "\n{oops\n", "utf-8")
    report = empty_directory.import_files([path], skip_invalid=True)
    assert report.added == 1
    assert len(report.problems) == 1 and "mixed.ndjson:2" in report.problems[0].where


def test_regions_resolved_and_unresolved_listed(empty_directory: Directory, tmp_path: Path) -> None:
    national = service("全国窓口", lgcode=None, service_areas=[{"id": "n", "name": "全国"}])
    by_name = service("名前で", lgcode=None, service_areas=[{"id": "m", "name": "東京都府中市"}])
    ambiguous = service("曖昧", lgcode=None, service_areas=[{"id": "q", "name": "府中市"}])
    nowhere = service("どこ", lgcode=None)
    path = write_ndjson(tmp_path / "r.ndjson", [national, by_name, ambiguous, nowhere])
    report = empty_directory.import_files([path])
    assert set(report.unresolved) == {ambiguous["id"], nowhere["id"]}
    info = empty_directory.details(by_name["id"])
    assert info is not None
    assert info["tsunagi"]["regions"] == [
        {"lgcode": "132063", "name": "府中市", "label": "府中市（東京都）", "how": "name"}
    ]
    national_info = empty_directory.details(national["id"])
    assert national_info is not None and national_info["tsunagi"]["regions"][0]["how"] == "national"
    unresolved = {sid: reason for sid, _n, reason in empty_directory.unresolved()}
    assert "ambiguous" in unresolved[ambiguous["id"]]


def test_phone_kept_exactly_and_digits_derived(empty_directory: Directory, tmp_path: Path) -> None:
    rec = service("全角", phones=["０１２０－２７９－３３８", "#9999", "0142(23)3331"])
    empty_directory.import_files([write_ndjson(tmp_path / "p.ndjson", [rec])])
    rows = empty_directory.db.execute(
        "SELECT number, digits FROM phone WHERE service_id = ? ORDER BY seq", [rec["id"]]
    ).fetchall()
    assert rows == [
        ("０１２０－２７９－３３８", "0120279338"),
        ("#9999", "9999"),
        ("0142(23)3331", "0142233331"),
    ]


def test_notes_survive_feed_removal_and_reimport(directory: Directory) -> None:
    rec = service("フィード窓口")
    owner = Owner(Layer.FEED, source="feed:test", feed="test", feed_version=1)
    with directory.db.atomic():
        write_records(directory.db, [("t", rec)], owner, directory.regions)
    directory.set_note(rec["id"], "月曜は担当者が不在")
    with directory.db.atomic():
        write_records(directory.db, [("t", {**rec, "name": "改名"})], owner, directory.regions)
    assert directory.note(rec["id"]) == "月曜は担当者が不在"
    with directory.db.atomic():
        assert delete_services(directory.db, [rec["id"]], owner) == 1
    assert directory.note(rec["id"]) == "月曜は担当者が不在"
    assert rec["id"] in directory.orphaned_notes()


def test_local_import_cannot_take_over_a_feed_id(directory: Directory, tmp_path: Path) -> None:
    rec = service("フィード")
    owner = Owner(Layer.FEED, source="feed:test", feed="test", feed_version=1)
    with directory.db.atomic():
        write_records(directory.db, [("t", rec)], owner, directory.regions)
    with pytest.raises(ImportRefused) as caught:
        directory.import_files([write_ndjson(tmp_path / "x.ndjson", [{**rec, "name": "乗っ取り"}])])
    assert "already belongs to feed 'test'" in str(caught.value.report.problems[0])
    record = directory.record(rec["id"])
    assert record is not None and record["name"] == "フィード"


def test_first_run_seeds_sample_once(paths: AppPaths) -> None:
    with Directory.open(paths) as directory:
        count = directory.db.execute("SELECT count(*) FROM service").fetchone()[0]
        assert directory.get_setting("seeded") == "sample"
    with Directory.open(paths) as directory:
        assert directory.db.execute("SELECT count(*) FROM service").fetchone()[0] == count


def test_newer_database_refused(paths: AppPaths) -> None:
    with Directory.open(paths) as directory:
        directory.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            ["tsunagi", "m999_from_the_future", "2030-01-01"],
        )
        directory.db.conn.commit()
    with pytest.raises(DatabaseTooNew, match="newer tsunagi"):
        Directory.open(paths)


def test_corrupt_database_refused_not_replaced(paths: AppPaths) -> None:
    with Directory.open(paths) as directory:
        directory.set_note("x", "メモ")
    raw = bytearray(paths.database.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)
    paths.database.write_bytes(bytes(raw))
    damaged = paths.database.read_bytes()
    with pytest.raises(DatabaseCorrupt, match="will not"):
        Directory.open(paths)
    assert paths.database.read_bytes() == damaged


def test_settings_and_notes_round_trip(directory: Directory) -> None:
    directory.set_setting("office", {"name": "つなぎ相談室", "region": "012335"})
    assert directory.get_setting("office") == {"name": "つなぎ相談室", "region": "012335"}
    directory.set_note("abc", "")
    assert directory.note("abc") == ""


def test_backups_keep_last_three(paths: AppPaths) -> None:
    from index.directory import backup_database

    with Directory.open(paths) as directory:
        for _ in range(5):
            backup_database(directory.db, paths, "manual")
    backups = list_backups(paths)
    assert len(backups) == 3
    for backup in backups:
        conn = sqlite3.connect(backup)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


def test_restore_backup_after_corruption(paths: AppPaths) -> None:
    import subprocess
    import sys

    from index.directory import backup_database
    from tests.conftest import REPO

    with Directory.open(paths) as directory:
        directory.set_note("svc", "残すメモ")
        backup_database(directory.db, paths, "manual")
    paths.database.write_bytes(b"garbage" * 1000)
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(paths.data), "restore-backup"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    with Directory.open(paths) as directory:
        assert directory.note("svc") == "残すメモ"
    assert paths.database.with_name(paths.database.name + ".damaged").exists()


def test_a_real_feed_takes_over_ids_seeded_by_the_sample(directory: Directory) -> None:
    sid, raw = directory.db.execute(
        "SELECT id, raw_json FROM service WHERE feed = 'sample' AND id IN "
        "(SELECT service_id FROM service_region WHERE lgcode = '000000') ORDER BY id LIMIT 1"
    ).fetchone()
    record = {**json.loads(raw), "name": "国の窓口（正式版）"}
    local = Owner(Layer.FEED, source="feed:local", feed="local", feed_version=1)
    with directory.writing():
        refused = write_records(directory.db, [("feed", record)], local, directory.regions)
    assert "only a national feed may replace it" in str(refused.problems[0])  # issue 15
    owner = Owner(
        Layer.FEED, source="feed:national", feed="national", feed_version=1, national=True
    )
    with directory.writing():
        report = write_records(directory.db, [("feed", record)], owner, directory.regions)
    assert not report.problems and report.loaded == 1
    row = directory.service_row(sid)
    assert row is not None and row["feed"] == "national" and row["name"] == "国の窓口（正式版）"
    phones = directory.db.execute(
        "SELECT count(*) FROM phone WHERE service_id = ?", [sid]
    ).fetchone()[0]
    assert phones == len(record.get("phones") or [])
