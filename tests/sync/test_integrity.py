# ruff: noqa: F811 - the fixtures of test_apply.py are imported by name and used as arguments
"""The outside review's sync probes (issue 15): each row is a test that failed before the fix.

One bad feed or one race must never freeze or roll back the others: overlapping syncs, feeds in
the wrong order, shared service ids, a delta from the wrong base, a frozen (expired) manifest
served unchanged, a far-off expiry, a full disk during a download.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from sync import errors
from sync.apply import add_feed, feed_digest, get_feed, sync_feed
from sync.fetch import FolderSource
from sync.freshness import MAX_EXPIRY_DAYS
from sync.messages import japanese_message
from sync.publish import publish
from sync.session import run_feeds
from tests.records import service
from tests.sync.test_apply import (  # noqa: F401 - fixtures
    KEY,
    NOW,
    SETTINGS,
    _regions,
    base_records,
    case_delta_from_wrong_base,
    host,
    local_snapshot,
    office,
    run_sync,
    synced,
    write_input,
)


def publish_feed(
    folder: Path, records: list[dict[str, Any]], feed_id: str, tmp: Path, **kwargs: Any
) -> None:
    inputs = tmp / f"in-{feed_id}-{len(list(tmp.glob('in-*')))}"
    publish(
        [write_input(inputs, records)],
        KEY,
        folder,
        regions=_regions(),
        feed_id=feed_id,
        now=NOW,
        confirm_phone_changes=True,
        **kwargs,
    )


def held_version(d: Directory, name: str = "national") -> int:
    return get_feed(d.db, name).version


# --- a slow v2 overlapping a fast v3 -------------------------------------------------------------


def test_a_slow_v2_sync_never_rolls_back_a_fast_v3(office: Directory, tmp_path: Path) -> None:
    """v2 is verified and checked; just before it writes, a v3 sync commits. v3 must stay."""
    v2, v3 = tmp_path / "v2", tmp_path / "v3"
    records = base_records()
    publish_feed(v2, records, "jp-national", tmp_path)
    publish_feed(v3, records, "jp-national", tmp_path)
    publish_feed(v2, [*records, service("二版", sid="svc-v2")], "jp-national", tmp_path)
    publish_feed(v3, [*records, service("二版", sid="svc-v2")], "jp-national", tmp_path)
    publish_feed(v3, [*records, service("三版", sid="svc-v3")], "jp-national", tmp_path)
    overlapped: list[int] = []

    def slow(step: str, _fraction: float) -> None:
        if step == "apply" and not overlapped:
            overlapped.append(run_sync(office, FolderSource(v3)).version)

    outcome = run_sync(office, FolderSource(v2), progress=slow)
    assert overlapped == [3]
    assert held_version(office) == 3  # not rolled back to 2
    assert office.record("svc-v3") is not None and office.record("svc-v2") is None
    assert outcome.status == "newer-held" and outcome.version == 3
    assert feed_digest(office.db, "national") == get_feed(office.db, "national").content_digest


# --- national first; one refusal stops nothing -------------------------------------------------


def test_a_session_syncs_national_first_and_a_refusal_stops_no_other_feed(
    empty_directory: Directory, tmp_path: Path
) -> None:
    d = empty_directory
    folders = {}
    for name, feed_id, sid in [
        ("local", "city-012335", "svc-local"),
        ("national", "jp-national", "svc-nat"),
        ("prefectural", "pref-01", "svc-pref"),
    ]:
        folders[name] = tmp_path / name
        publish_feed(folders[name], [service(name, sid=sid)], feed_id, tmp_path)
        add_feed(d.db, name, str(folders[name]), KEY.public_key.to_file_text())
    # The local feed's publisher signs with a key this office does not trust: refused.
    from sync.minisign import SecretKey

    d.db.execute(
        "UPDATE feed SET pubkey = ? WHERE name = 'local'",
        [json.dumps({"serial": 0, "keys": [SecretKey.generate().public_key.to_base64()]})],
    )
    order: list[str] = []
    report = run_feeds(d, lambda _f, message: order.append(message.split(":")[0]))
    assert [r.feed for r in report.results] == ["national", "prefectural", "local"]
    assert [r.feed for r in report.failures] == ["local"]
    assert isinstance(report.failures[0].error, errors.UnknownKeyError)
    assert held_version(d, "national") == 1 and held_version(d, "prefectural") == 1
    assert d.record("svc-nat") is not None and d.record("svc-pref") is not None
    lines = report.lines()
    assert lines[0].startswith("national: 版0→版1を取り込みました")
    assert lines[2].startswith("local: フィードの署名が信頼できません")


# --- shared service ids --------------------------------------------------------------------------


def test_a_shared_id_is_skipped_in_the_lower_feed_and_national_keeps_it(
    empty_directory: Directory, tmp_path: Path
) -> None:
    d = empty_directory
    nat, pref = tmp_path / "nat", tmp_path / "pref"
    shared = service("よりそい窓口", sid="svc-shared", phones=["0120-222-222"])
    add_feed(d.db, "national", str(nat), KEY.public_key.to_file_text())
    add_feed(d.db, "pref-13", str(pref), KEY.public_key.to_file_text())
    # The prefecture syncs first (an older national sync failed): it holds the id for now.
    publish_feed(
        pref, [dict(shared, name="県版"), service("県の窓口", sid="svc-p")], "pref-13", tmp_path
    )
    first = sync_feed(d.db, d.paths, d.regions, "pref-13", settings=SETTINGS)
    assert first.status == "applied"
    # The national feed carries the same id: it is applied whole and takes the record over.
    publish_feed(nat, [shared, service("全国窓口", sid="svc-n")], "jp-national", tmp_path)
    national = sync_feed(d.db, d.paths, d.regions, "national", settings=SETTINGS)
    assert national.status == "applied" and national.version == 1
    assert national.taken_over == [("svc-shared", "pref-13")]
    assert d.record("svc-shared")["name"] == "よりそい窓口"  # type: ignore[index]
    # The prefecture's next version still names it: skipped and reported, the rest applied.
    publish_feed(
        pref,
        [dict(shared, name="県版"), service("県の窓口", sid="svc-p"), service("新", sid="svc-p2")],
        "pref-13",
        tmp_path,
    )
    again = sync_feed(d.db, d.paths, d.regions, "pref-13", settings=SETTINGS)
    assert again.status == "applied" and again.version == 2
    assert again.skipped == [("svc-shared", "national")]
    assert any("svc-shared" in m and "national" in m for m in again.messages)
    assert d.record("svc-p2") is not None
    assert d.record("svc-shared")["name"] == "よりそい窓口"  # type: ignore[index]


def test_an_offices_own_copy_of_a_national_record_does_not_refuse_the_feed(
    office: Directory, host: Path, tmp_path: Path
) -> None:
    before = local_snapshot(office)
    nat = tmp_path / "nat"
    publish_feed(
        nat, [*base_records(), service("乗っ取り", sid="local-1")], "jp-national", tmp_path
    )
    outcome = run_sync(office, FolderSource(nat))
    assert outcome.status == "applied" and held_version(office) == 1
    assert outcome.skipped == [("local-1", "local")]
    assert office.record("svc-a") is not None
    assert local_snapshot(office) == before  # the office's own record is untouched


def test_a_delta_from_the_wrong_base_falls_back_to_the_snapshot(
    synced: Directory, host: Path, tmp_path: Path
) -> None:
    source = case_delta_from_wrong_base(synced, host, tmp_path / "case")
    outcome = run_sync(synced, source)
    assert (outcome.status, outcome.version, outcome.used_delta) == ("applied", 2, False)
    assert any("snapshot" in m for m in outcome.messages)
    assert synced.record("svc-z") is not None
    assert synced.record("svc-a")["description"] == "別の版"  # type: ignore[index]


# --- freeze and staleness ------------------------------------------------------------------------


def test_an_expired_manifest_served_unchanged_is_not_a_verified_sync(
    office: Directory, host: Path
) -> None:
    office.db.execute("UPDATE feed SET url = ? WHERE name = 'national'", [str(host)])
    assert run_sync(office).status == "applied"
    row = get_feed(office.db, "national")
    later = NOW + timedelta(days=30)  # the publisher stopped re-signing; the host serves the same
    with pytest.raises(errors.ManifestExpiredError, match="expired"):
        run_sync(office, now=later)
    after = get_feed(office.db, "national")
    assert after.last_success == row.last_success
    assert after.last_error and "expired" in after.last_error


def test_an_expiry_years_ahead_counts_for_sixty_days(office: Directory, tmp_path: Path) -> None:
    far = tmp_path / "far"
    from sync.manifest import parse_manifest

    publish_feed(far, base_records(), "jp-national", tmp_path, expires_days=MAX_EXPIRY_DAYS)
    # Re-sign the manifest with a five-year expiry, as a careless or hostile publisher would.
    raw = json.loads((far / "manifest.json").read_text())
    raw["expires"] = (NOW + timedelta(days=36500)).isoformat()
    data = json.dumps(raw).encode()
    from tests.sync.feedkit import sign_bytes

    (far / "manifest.json").write_bytes(data)
    (far / "manifest.json.minisig").write_bytes(sign_bytes(KEY, data))
    office.db.execute("UPDATE feed SET url = ? WHERE name = 'national'", [str(far)])
    outcome = run_sync(office)
    issued = parse_manifest(raw).issued_at
    assert outcome.expires == (issued + timedelta(days=MAX_EXPIRY_DAYS)).isoformat()
    with pytest.raises(errors.ManifestExpiredError):
        run_sync(office, now=issued + timedelta(days=MAX_EXPIRY_DAYS + 1))


def test_the_publisher_refuses_an_expiry_past_sixty_days(tmp_path: Path) -> None:
    with pytest.raises(errors.ExpiryTooFarError, match="60"):
        publish_feed(tmp_path / "f", base_records(), "jp-national", tmp_path, expires_days=36500)
    assert not (tmp_path / "f" / "manifest.json").exists()


# --- a full disk during a download ---------------------------------------------------------------


def test_a_full_disk_during_a_download_is_a_recorded_refusal(office: Directory, host: Path) -> None:
    """``/dev/full`` answers every write with ENOSPC, as a full disk does."""
    from sync.manifest import parse_manifest

    snapshot = parse_manifest(json.loads((host / "manifest.json").read_text())).snapshot
    office.paths.partial.mkdir(parents=True, exist_ok=True)
    part = office.paths.partial / (Path(snapshot.path).name + ".part")
    part.symlink_to("/dev/full")
    with pytest.raises(errors.DiskFullError) as refused:
        run_sync(office, FolderSource(host))
    assert "ディスクがいっぱい" in japanese_message(refused.value)
    row = get_feed(office.db, "national")
    assert row.version == 0 and row.last_error == str(refused.value)


# --- staleness from the signature; the sample too ------------------------------------------------


def test_staleness_is_judged_from_the_signature_not_the_last_answer(
    office: Directory, host: Path
) -> None:
    from sync.freshness import feed_freshness, stale_reasons

    office.db.execute("UPDATE feed SET url = ? WHERE name = 'national'", [str(host)])
    run_sync(office)
    later = NOW + timedelta(days=10)
    assert run_sync(office, now=later).status == "not-modified"  # the host answered: 304
    # Answered today, but signed 10 days ago: with a 7-day threshold it is old all the same.
    assert ("old", "national", 10) in stale_reasons(feed_freshness(office.db), 7, later)


def test_the_bundled_sample_goes_stale_like_any_feed(tmp_path: Path) -> None:
    from index.paths import app_paths
    from sync.freshness import feed_freshness, stale_reasons

    with Directory.open(app_paths(tmp_path / "seeded")) as seeded:  # seeded from the sample
        found = {f.name: f for f in feed_freshness(seeded.db)}
    sample = found["sample"]
    assert sample.signed_at is not None and sample.expires is not None
    two_years = sample.signed_at + timedelta(days=730)
    assert [r[:2] for r in stale_reasons([sample], 30, two_years)] == [("expired", "sample")]
    assert stale_reasons([sample], 30, sample.signed_at + timedelta(days=1)) == []


# --- two syncs at once ---------------------------------------------------------------------------


def test_a_second_sync_of_a_feed_being_synced_says_so_and_exits_0(
    office: Directory, host: Path
) -> None:
    """The probe: two ``tsunagi sync`` at once; one exited 1 with an index error."""
    from desktop.cli import main
    from sync.lock import feed_lock

    office.db.execute("UPDATE feed SET url = ? WHERE name = 'national'", [str(host)])
    with feed_lock(office.paths, "national"):  # another sync of it is running
        report = run_feeds(office)
        assert [r.busy for r in report.results] == [True] and not report.failures
        assert "同期中です" in report.lines()[0]
        assert main(["--data-dir", str(office.paths.data), "sync"]) == 0
    assert held_version(office) == 0  # the other sync's business; nothing raced it
    assert run_feeds(office).results[0].outcome.status == "applied"  # type: ignore[union-attr]


def test_an_index_that_cannot_follow_is_reported_never_a_failed_sync(
    office: Directory, host: Path
) -> None:
    office.db.execute("UPDATE feed SET url = ? WHERE name = 'national'", [str(host)])
    office.paths.index_root.parent.mkdir(parents=True, exist_ok=True)
    office.paths.index_root.write_text("not a folder")  # the index cannot be written at all
    report = run_feeds(office)
    assert not report.failures and report.changed
    assert report.index_error is not None
    assert "検索索引の更新は次回" in report.lines()[-1]
    assert held_version(office) == 1  # the data committed
    assert office.db.execute("SELECT count(*) FROM index_dirty").fetchone()[0] > 0  # owed


def test_update_needed_errors_say_so_in_japanese() -> None:
    from sync.messages import error_needs_update

    for error in (
        errors.ClientTooOldError("this feed needs tsunagi 9.0.0 or newer; this is tsunagi 0.1.0"),
        errors.SchemaTooNewError("this feed's schema_version 2 needs tsunagi that reads …"),
    ):
        assert japanese_message(error).startswith("tsunagiの更新が必要です")
        assert error_needs_update(str(error))  # the stored last_error still says so
    assert not error_needs_update("manifest signature does not verify")
