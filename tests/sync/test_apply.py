"""Publish → serve → sync, and every refusal leaves the database exactly as it was.

Real parts only: a real SQLite directory in tmp_path, pytest-httpserver on 127.0.0.1, real
signatures. After each refusal: the feed's content digest is unchanged, notes and local resources
are byte-identical, and nothing is left in the partial folder.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import signal
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response
from werkzeug.utils import send_file

from index.directory import Directory
from index.model import SearchQuery
from index.paths import app_paths
from index.search import Searcher, open_index
from sync import errors
from sync.apply import (
    CHECK_APART_AT,
    DigestMismatchError,
    PayloadInvalidError,
    RecordCountMismatchError,
    _Check,
    add_feed,
    feed_digest,
    get_feed,
    list_feeds,
    remove_feed,
    sync_feed,
)
from sync.bundle import opened_bundle
from sync.fetch import FetchSettings, FolderSource, HttpSource
from sync.manifest import content_digest, parse_manifest
from sync.minisign import SecretKey
from sync.publish import PhoneChangesNeedConfirmationError, publish
from tests.records import service
from tests.sync.feedkit import sign_bytes

KEY = SecretKey.generate()
OTHER = SecretKey.generate()
NOW = datetime.now(UTC)
SETTINGS = FetchSettings(attempts=1, deadline=20)


def base_records() -> list[dict[str, Any]]:
    return [
        service("こころの相談", sid="svc-a", phones=["0120-111-111"]),
        service("よりそい窓口", sid="svc-b", phones=["0120-222-222"]),
        service("若者サポート", sid="svc-c", phones=["#8008"]),
    ]


def write_input(folder: Path, records: list[dict[str, Any]], name: str = "in.ndjson") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


@pytest.fixture
def office(empty_directory: Directory) -> Directory:
    """A directory with the office's own note and local resource, following one feed."""
    d = empty_directory
    add_feed(d.db, "national", "http://unused.invalid/", KEY.public_key.to_file_text())
    d.save_local(service("事務所の独自窓口", sid="local-1", phones=["03-0000-0000"]))
    d.set_note("svc-a", "夜は留守電。折り返しあり")
    d.set_note("svc-gone", "昔の窓口のメモ")
    return d


def local_snapshot(d: Directory) -> list[Any]:
    return [
        d.db.execute("SELECT * FROM note ORDER BY service_id").fetchall(),
        d.db.execute("SELECT * FROM service WHERE layer = 'local' ORDER BY id").fetchall(),
        d.db.execute("SELECT * FROM favourite ORDER BY service_id").fetchall(),
    ]


def run_sync(d: Directory, source: Any = None, **kwargs: Any) -> Any:
    return sync_feed(
        d.db, d.paths, d.regions, "national", source=source, settings=SETTINGS, **kwargs
    )


@pytest.fixture
def host(tmp_path: Path) -> Path:
    out = tmp_path / "host"
    publish(
        [write_input(tmp_path / "in1", base_records())],
        KEY,
        out,
        regions=_regions(),
        feed_id="jp-national",
        now=NOW,
    )
    return out


_REGIONS: list[Any] = []


def _regions() -> Any:
    from index.regions import RegionMaster

    if not _REGIONS:
        _REGIONS.append(RegionMaster.load())
    return _REGIONS[0]


def serve(server: HTTPServer, folder: Path) -> str:
    def handle(request: Request) -> Response:
        file = folder / request.path.removeprefix("/feed/")
        if not file.is_file():
            return Response("missing", status=404)
        return send_file(file, request.environ, conditional=True, max_age=0)

    server.expect_request(re.compile(r"/feed/.*")).respond_with_handler(handle)
    return server.url_for("/feed/")


def test_publish_serve_sync_search_then_delta_then_304(
    office: Directory, host: Path, httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = serve(httpserver, host)
    office.db.execute("UPDATE feed SET url = ? WHERE name = 'national'", [url])
    before = local_snapshot(office)
    index = open_index(office)
    searcher = Searcher(index)

    def found(text: str) -> list[str]:
        return [hit.id for hit in searcher.search(SearchQuery(text=text)).hits]

    first = run_sync(office, reindex=index)
    assert (first.status, first.version, first.used_delta, first.added) == ("applied", 1, False, 3)
    row = get_feed(office.db, "national")
    assert row.feed_id == "jp-national" and row.version == 1 and row.etag
    assert row.content_digest == feed_digest(office.db, "national")
    assert office.record("svc-c")["phones"][0]["number"] == "#8008"  # type: ignore[index]
    assert "svc-b" in found("よりそい窓口")

    # Version 2: one changed (new phone added, nothing removed), one removed, one added.
    records = base_records()
    records[0]["description"] = "24時間対応"
    removed = records.pop(1)
    records.append(service("新しい窓口", sid="svc-d", phones=["0120-444-444"]))
    with pytest.raises(PhoneChangesNeedConfirmationError, match="--confirm-phone-changes"):
        publish(
            [write_input(tmp_path / "in2", records)], KEY, host, regions=office.regions, now=NOW
        )
    result = publish(
        [write_input(tmp_path / "in2", records)],
        KEY,
        host,
        regions=office.regions,
        now=NOW,
        confirm_phone_changes=True,
    )
    assert [str(c).split(" ")[0] for c in result.diff.phone_changes] == [removed["id"]]
    second = run_sync(office, reindex=index)
    assert (second.status, second.version, second.used_delta) == ("applied", 2, True)
    assert "svc-b" not in found("よりそい窓口")
    assert "svc-d" in found("新しい窓口")
    assert (second.added, second.changed, second.removed) == (1, 1, 1)
    assert office.record("svc-b") is None
    assert office.orphaned_notes() == ["svc-gone"]  # the note on svc-a survives; svc-gone stays
    assert local_snapshot(office) == before

    third = run_sync(office)
    assert third.status == "not-modified"
    assert list(office.paths.partial.iterdir()) == []


@pytest.fixture
def synced(office: Directory, host: Path) -> Directory:
    run_sync(office, FolderSource(host))
    return office


def signed_feed(
    folder: Path,
    key: SecretKey,
    lines: list[str],
    *,
    version: int = 2,
    digest: str | None = None,
    gz: bytes | None = None,
    raw: bytes | None = None,
    counts: dict[str, int] | None = None,
    feed_id: str = "jp-national",
) -> Path:
    """A hand-made, correctly signed feed (so the refusal comes from the payload, not the signature)."""
    raw = raw if raw is not None else "".join(line + "\n" for line in lines).encode()
    gz = gz if gz is not None else gzip.compress(raw, mtime=0)
    sha = hashlib.sha256(gz).hexdigest()
    path = f"snap/{sha}.ndjson.gz"
    (folder / "snap").mkdir(parents=True, exist_ok=True)
    (folder / path).write_bytes(gz)
    ids = [
        (json.loads(x)["id"], hashlib.sha256(x.encode()).hexdigest())
        for x in lines
        if x.endswith("}")  # the broken-JSON case has a line that is not a record
    ]
    manifest = {
        "format": "tsunagi-feed/1",
        "feed_id": feed_id,
        "version": version,
        "issued_at": (NOW - timedelta(hours=1)).isoformat(),
        "expires": (NOW + timedelta(days=7)).isoformat(),
        "key_id": key.public_key.key_id_hex,
        "schema_version": 1,
        "min_client_version": "0.1.0",
        "snapshot": {
            "path": path,
            "sha256": sha,
            "length": len(gz),
            "raw_sha256": hashlib.sha256(raw).hexdigest(),
            "raw_length": len(raw),
            "record_counts": counts or {"services": len(lines)},
        },
        "content_digest": digest or content_digest(ids),
        "deltas": [],
    }
    data = json.dumps(manifest).encode()
    (folder / "manifest.json").write_bytes(data)
    (folder / "manifest.json.minisig").write_bytes(sign_bytes(key, data))
    return folder


def line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _flip(path: Path, at: int = 30) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _snap(folder: Path) -> Path:
    return next((folder / "snap").glob("*.ndjson.gz"))


GOOD = [line(r) for r in base_records()]


def case_bad_signature(d: Directory, host: Path, tmp: Path) -> Any:
    raw = (host / "manifest.json").read_bytes()
    (host / "manifest.json").write_bytes(raw.replace(b'"version": 1', b'"version": 9'))
    return FolderSource(host)


def case_wrong_key(d: Directory, host: Path, tmp: Path) -> Any:
    return FolderSource(signed_feed(tmp / "f", OTHER, GOOD))


def case_wrong_feed_id(d: Directory, host: Path, tmp: Path) -> Any:
    return FolderSource(signed_feed(tmp / "f", KEY, GOOD, feed_id="pref-13"))


def case_replay(d: Directory, host: Path, tmp: Path) -> Any:
    old = tmp / "old"
    shutil.copytree(host, old)
    records = base_records()
    records[2]["description"] = "v2"
    publish([write_input(tmp / "in", records)], KEY, host, regions=d.regions, now=NOW)
    run_sync(d, FolderSource(host))
    return FolderSource(old)  # the version 1 folder, served again


def case_expired(d: Directory, host: Path, tmp: Path) -> Any:
    return FolderSource(signed_feed(tmp / "f", KEY, GOOD)), NOW + timedelta(days=30)


def case_flipped_bit(d: Directory, host: Path, tmp: Path) -> Any:
    folder = signed_feed(tmp / "f", KEY, GOOD)
    _flip(_snap(folder))
    return FolderSource(folder)


def case_truncated(d: Directory, host: Path, tmp: Path) -> Any:
    folder = signed_feed(tmp / "f", KEY, GOOD)
    snap = _snap(folder)
    snap.write_bytes(snap.read_bytes()[:-10])
    return FolderSource(folder)


def case_garbage(d: Directory, host: Path, tmp: Path) -> Any:
    folder = signed_feed(tmp / "f", KEY, GOOD)
    _snap(folder).write_bytes(b"\x00garbage" * 10)
    return FolderSource(folder)


def case_gzip_bomb(d: Directory, host: Path, tmp: Path) -> Any:
    raw = "".join(x + "\n" for x in GOOD).encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = compressor.compress(raw + bytes(20 * 1024 * 1024)) + compressor.flush()
    return FolderSource(signed_feed(tmp / "f", KEY, GOOD, gz=bomb, raw=raw))


def case_schema_invalid(d: Directory, host: Path, tmp: Path) -> Any:
    bad = base_records()
    bad[1]["phones"][0]["number"] = "なし"
    return FolderSource(signed_feed(tmp / "f", KEY, [line(r) for r in bad]))


def case_broken_json(d: Directory, host: Path, tmp: Path) -> Any:
    return FolderSource(signed_feed(tmp / "f", KEY, [GOOD[0], '{"id": "x", "name": ']))


def case_lone_surrogate(d: Directory, host: Path, tmp: Path) -> Any:
    """Valid JSON that SQLite cannot store: the writer fails first when the check runs apart."""
    broken = GOOD[1].replace('"name":"', '"name":"\\ud800', 1)
    assert broken != GOOD[1]
    return FolderSource(signed_feed(tmp / "f", KEY, [GOOD[0], broken, GOOD[2]]))


def case_count_mismatch(d: Directory, host: Path, tmp: Path) -> Any:
    return FolderSource(signed_feed(tmp / "f", KEY, GOOD, counts={"services": 4}))


def case_digest_mismatch(d: Directory, host: Path, tmp: Path) -> Any:
    return FolderSource(signed_feed(tmp / "f", KEY, GOOD, digest="0" * 64))


def case_id_conflict(d: Directory, host: Path, tmp: Path) -> Any:
    clash = [*GOOD, line(service("乗っ取り", sid="local-1"))]
    return FolderSource(signed_feed(tmp / "f", KEY, clash))


def case_delta_from_wrong_base(d: Directory, host: Path, tmp: Path) -> Any:
    # Another publisher history: its version 1 differs from ours, its delta 1→2 builds on it.
    other = tmp / "other"
    theirs = base_records()
    theirs[0]["description"] = "別の版"
    publish(
        [write_input(tmp / "o1", theirs)],
        KEY,
        other,
        regions=d.regions,
        feed_id="jp-national",
        now=NOW,
    )
    theirs.append(service("追加", sid="svc-z"))
    publish([write_input(tmp / "o2", theirs)], KEY, other, regions=d.regions, now=NOW)
    return FolderSource(other)


CASES = {
    "bad-signature": (case_bad_signature, errors.BadSignatureError, "does not verify with key"),
    "wrong-key": (case_wrong_key, errors.UnknownKeyError, "not trusted"),
    "wrong-feed-id": (case_wrong_feed_id, errors.FeedIdMismatchError, "'pref-13'"),
    "replay": (case_replay, errors.ReplayedManifestError, "version 1 is older than the version 2"),
    "expired": (case_expired, errors.ManifestExpiredError, "expired at"),
    "flipped-bit": (case_flipped_bit, errors.HashMismatchError, "signed sha256"),
    "truncated": (case_truncated, errors.TruncatedPayloadError, "less than its signed length"),
    "garbage": (case_garbage, errors.TruncatedPayloadError, "signed length"),
    "gzip-bomb": (case_gzip_bomb, errors.DecompressionBombError, "gzip bomb"),
    "schema-invalid": (
        case_schema_invalid,
        PayloadInvalidError,
        r"line 2 \(id=svc-b\): phones\[0\]\.number: phone number 'なし' has no digits",
    ),
    "broken-json": (case_broken_json, PayloadInvalidError, "line 2: not valid JSON"),
    "lone-surrogate": (
        case_lone_surrogate,
        PayloadInvalidError,
        r"line 2 \(id=svc-b\): name: text contains an unpaired surrogate",
    ),
    "count-mismatch": (case_count_mismatch, RecordCountMismatchError, "signed 4"),
    "digest-mismatch": (case_digest_mismatch, DigestMismatchError, "nothing was changed"),
}


@pytest.mark.parametrize("apart_at", [CHECK_APART_AT, 0], ids=["checked-first", "checked-apart"])
@pytest.mark.parametrize("case", list(CASES))
def test_refusals_leave_everything_as_it_was(
    synced: Directory, host: Path, tmp_path: Path, case: str, apart_at: int
) -> None:
    """Each refusal, with the records checked before the apply (small payloads) and in a helper
    process during it (big ones): the same error, nothing changed."""
    build, error, match = CASES[case]
    made = build(synced, host, tmp_path / "case")
    source, now = made if isinstance(made, tuple) else (made, None)
    digest = feed_digest(synced.db, "national")
    row = get_feed(synced.db, "national")
    local = local_snapshot(synced)
    with pytest.raises(error, match=match) as refused:
        run_sync(synced, source, now=now, check_apart_at=apart_at)
    assert feed_digest(synced.db, "national") == digest
    after = get_feed(synced.db, "national")
    assert (after.version, after.manifest) == (row.version, row.manifest)
    assert after.last_error == str(refused.value)  # logged on the feed
    assert local_snapshot(synced) == local
    assert synced.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    leftovers = list(synced.paths.partial.iterdir()) if synced.paths.partial.exists() else []
    assert leftovers == []


def test_records_checked_apart_are_applied_the_same(
    office: Directory, host: Path, tmp_path: Path
) -> None:
    """A payload checked in a helper process lands exactly as one checked here first."""
    outcome = run_sync(office, FolderSource(host), check_apart_at=0)
    assert (outcome.status, outcome.added) == ("applied", len(base_records()))
    other = Directory.open(app_paths(tmp_path / "other"), seed=False)
    add_feed(other.db, "national", "http://unused.invalid/", KEY.public_key.to_file_text())
    run_sync(other, FolderSource(host))
    rows = "SELECT id, raw_json FROM service WHERE layer = 'feed' ORDER BY id"
    assert office.db.execute(rows).fetchall() == other.db.execute(rows).fetchall()
    assert feed_digest(office.db, "national") == feed_digest(other.db, "national")
    other.close()


def test_a_check_whose_helper_is_killed_is_done_here(host: Path, tmp_path: Path) -> None:
    """A helper the OS kills (out of memory, say) must not turn into a skipped check."""
    payload = parse_manifest(json.loads((host / "manifest.json").read_text())).snapshot
    raw = tmp_path / "snapshot.ndjson"
    raw.write_bytes(gzip.decompress((host / payload.path).read_bytes()))
    with _Check(raw, payload, False, _regions(), payload.path, 0) as check:
        assert check.known() is None  # the helper has it
        check._helper._process.kill()  # type: ignore[union-attr]
        checked = check.result()
        assert check._helper._process.exitcode == -signal.SIGKILL  # type: ignore[union-attr]
    assert (checked.upserts, checked.ids) == (
        len(base_records()),
        {r["id"] for r in base_records()},
    )


@pytest.mark.parametrize("apart_at", [CHECK_APART_AT, 0], ids=["checked-first", "checked-apart"])
def test_lines_in_another_json_form_are_stored_in_ours(
    office: Directory, tmp_path: Path, apart_at: int
) -> None:
    """Another publisher's spacing and escapes: applied, and stored exactly as ours would be
    (the apply stores our publisher's lines as they are, and must notice these are not)."""
    records = base_records()
    escaped = [json.dumps(r, ensure_ascii=True) for r in records]
    assert all(text != line(r) for text, r in zip(escaped, records, strict=True))
    # The signed digest is over the stored form (sync/PROTOCOL.md), whatever the lines look like.
    digest = content_digest(
        [(r["id"], hashlib.sha256(line(r).encode()).hexdigest()) for r in records]
    )
    feed = signed_feed(tmp_path / "f", KEY, escaped, digest=digest)
    outcome = run_sync(office, FolderSource(feed), check_apart_at=apart_at)
    assert (outcome.status, outcome.added) == ("applied", len(records))
    stored = dict(
        office.db.execute("SELECT id, raw_json FROM service WHERE feed = 'national'").fetchall()
    )
    assert stored == {r["id"]: line(r) for r in records}


def test_sync_from_a_bundle(office: Directory, host: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "national.tsunagi"
    shutil.make_archive(str(bundle.with_suffix("")), "zip", host)
    bundle.with_suffix(".zip").rename(bundle)
    with opened_bundle(bundle, office.paths.data / "tmp") as folder:
        outcome = run_sync(office, FolderSource(folder))
    assert outcome.status == "applied" and outcome.added == 3
    assert list((office.paths.data / "tmp").iterdir()) == []


def test_feeds_add_list_remove(office: Directory) -> None:
    with pytest.raises(ValueError, match="already exists"):
        add_feed(office.db, "national", "http://x.invalid/", KEY.public_key.to_file_text())
    add_feed(office.db, "pref-13", "/media/usb/feed", OTHER.public_key.to_base64())
    assert [f.name for f in list_feeds(office.db)] == ["national", "pref-13"]
    assert remove_feed(office.db, "pref-13") == 0
    with pytest.raises(errors.SyncError, match="no feed named 'pref-13'"):
        get_feed(office.db, "pref-13")


def test_remove_feed_keeps_notes(synced: Directory) -> None:
    assert remove_feed(synced.db, "national") == 3
    assert synced.note("svc-a") == "夜は留守電。折り返しあり"
    assert "svc-a" in synced.orphaned_notes()


def test_equal_version_is_up_to_date(synced: Directory, host: Path) -> None:
    again = run_sync(synced, FolderSource(host))
    assert again.status == "up-to-date" and again.version == 1
    assert get_feed(synced.db, "national").last_error is None


def test_http_sync_used_for_paths(office: Directory, host: Path, httpserver: HTTPServer) -> None:
    url = serve(httpserver, host)
    outcome = run_sync(office, HttpSource(url, SETTINGS, proxies={}))
    assert outcome.version == 1


def test_key_rotation_is_followed_and_resets_the_held_version(
    synced: Directory, host: Path, tmp_path: Path
) -> None:
    from sync.keys import build_key_list, key_list_path, key_signature_path, sign_key_list

    new_key = SecretKey.generate()
    raw = build_key_list(1, "jp-national", [new_key.public_key], NOW, version_floor=0)
    (host / "keys").mkdir()
    (host / key_list_path(1)).write_bytes(raw)
    for signer in (KEY, new_key):
        path = host / key_signature_path(1, signer.public_key.key_id_hex)
        path.write_bytes(sign_key_list(raw, signer, 1))
    # The first manifest under the new key starts again at version 1: the old key's history
    # (which a thief of the old key could have pushed to 10**9) no longer counts.
    for name in ("manifest.json", "manifest.json.minisig"):
        (host / name).unlink()
    shutil.rmtree(host / "snap")
    shutil.rmtree(host / "delta", ignore_errors=True)
    records = base_records()
    records[2]["description"] = "新しい鍵で"
    publish(
        [write_input(tmp_path / "r", records)],
        new_key,
        host,
        regions=synced.regions,
        feed_id="jp-national",
        now=NOW,
    )
    outcome = run_sync(synced, FolderSource(host))
    assert (outcome.status, outcome.version, outcome.rotated_to_serial) == ("applied", 1, 1)
    stored = json.loads(get_feed(synced.db, "national").pubkey)
    assert stored["serial"] == 1 and stored["keys"] == [new_key.public_key.to_base64()]
    # A manifest signed by the old key is no longer trusted.
    old_only = signed_feed(tmp_path / "old", KEY, GOOD, version=5)
    with pytest.raises(errors.UnknownKeyError, match=KEY.public_key.key_id_hex):
        run_sync(synced, FolderSource(old_only))


def test_open_location_takes_folders_bundles_and_urls(
    office: Directory, host: Path, tmp_path: Path
) -> None:
    from sync.apply import open_location

    bundle = tmp_path / "feed.tsunagi"
    shutil.make_archive(str(tmp_path / "feed"), "gztar", host)
    (tmp_path / "feed.tar.gz").rename(bundle)
    with open_location(str(bundle), office.paths) as source:
        assert isinstance(source, FolderSource)
        assert run_sync(office, source).added == 3
    assert list((office.paths.data / "bundles").iterdir()) == []
    with open_location(str(host), office.paths) as source:
        assert run_sync(office, source).status == "up-to-date"
    with open_location("http://127.0.0.1:9/feed/", office.paths) as source:
        assert isinstance(source, HttpSource)
    with pytest.raises(ValueError, match="use http"):
        add_feed(office.db, "x", "ftp://example.invalid/", KEY.public_key.to_file_text())
