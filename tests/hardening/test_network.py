"""A whole sync against an evil server on 127.0.0.1: each misbehaviour ends in its own refusal,
within the deadline, with the office's database exactly as it was.

``tests/sync/test_fetch_evil.py`` checks the fetcher alone; this drives ``sync_feed`` end to end
(manifest, signature, payload, decompression, apply) with a real signed feed, so a refusal that
the fetcher raises is also proven not to leak into the database or the partial folder.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from index.paths import app_paths
from index.regions import RegionMaster
from sync import errors
from sync.apply import add_feed, get_feed, sync_feed
from sync.fetch import FetchSettings
from sync.minisign import SecretKey
from sync.publish import publish
from tests.hardening.dbcheck import content_digest
from tests.hardening.evil_server import EvilServer
from tests.records import service

DEADLINE = 1.0
MARGIN = 1.0
KEY = SecretKey.generate()
SETTINGS = FetchSettings(connect_timeout=2.0, read_timeout=30.0, deadline=DEADLINE, attempts=1)


@pytest.fixture(scope="module")
def feed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("feed")
    source = base / "in.ndjson"
    records = [service(f"相談窓口 {i}", sid=f"svc-{i}") for i in range(40)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    out = base / "host"
    publish(
        [source], KEY, out, regions=RegionMaster.load(), feed_id="jp-test", now=datetime.now(UTC)
    )
    return out


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Directory]:
    directory = Directory.open(app_paths(tmp_path / "data"), seed=False)
    add_feed(directory.db, "national", "http://127.0.0.1:9/unused/", KEY.public_key.to_file_text())
    directory.save_local(service("事務所の窓口", sid="local-1"))
    directory.set_note("local-1", "夜間は転送")
    directory.set_note("svc-1", "フィードの窓口へのメモ")
    yield directory
    directory.close()


def _sync(office: Directory, url: str, settings: FetchSettings = SETTINGS) -> Any:
    office.db.execute("UPDATE feed SET url = ? WHERE name = 'national'", [url])
    return sync_feed(office.db, office.paths, office.regions, "national", settings=settings)


def _state(office: Directory) -> str:
    return content_digest(office.db.conn, skip=("feed",))


CASES: list[tuple[str, str, type[errors.SyncError]]] = [
    ("manifest.json", "slow-drip", errors.DeadlineExceededError),
    ("manifest.json", "slow-headers", errors.DeadlineExceededError),
    ("manifest.json", "silent", errors.DeadlineExceededError),
    ("manifest.json", "endless", errors.ManifestTooLargeError),
    ("manifest.json", "endless-chunked", errors.ManifestTooLargeError),
    ("manifest.json", "overlong", errors.ManifestTooLargeError),
    ("manifest.json", "short", errors.TruncatedPayloadError),
    ("manifest.json", "flip", errors.SyncError),
    ("manifest.json", "garbage", errors.ProtocolFetchError),
    ("manifest.json", "to-https", errors.RedirectRefusedError),
    ("manifest.json", "to-other-host", errors.RedirectRefusedError),
    ("manifest.json", "to-file", errors.RedirectRefusedError),
    ("manifest.json", "redirect-loop", errors.RedirectRefusedError),
    ("manifest.json", "status-500", errors.HTTPStatusError),
    ("manifest.json.minisig", "flip", errors.SyncError),
    ("manifest.json.minisig", "slow-drip", errors.DeadlineExceededError),
    ("snap/", "slow-drip", errors.DeadlineExceededError),
    ("snap/", "slow-headers", errors.DeadlineExceededError),
    ("snap/", "endless", errors.PayloadTooLargeError),
    ("snap/", "endless-chunked", errors.PayloadTooLargeError),
    ("snap/", "short", errors.TruncatedPayloadError),
    ("snap/", "overlong", errors.PayloadTooLargeError),
    ("snap/", "underlong", errors.TruncatedPayloadError),
    ("snap/", "padded", errors.PayloadTooLargeError),
    ("snap/", "flip", errors.HashMismatchError),
    ("snap/", "garbage", errors.ProtocolFetchError),
    ("snap/", "to-other-host", errors.RedirectRefusedError),
]


@pytest.mark.parametrize(
    ("path", "behaviour", "expected"), CASES, ids=[f"{p}-{b}" for p, b, _ in CASES]
)
def test_evil_server_is_refused_in_time_and_nothing_changes(
    office: Directory, feed_folder: Path, path: str, behaviour: str, expected: type[Exception]
) -> None:
    before = _state(office)
    with EvilServer(feed_folder, {path: behaviour}) as server:
        started = time.monotonic()
        with pytest.raises(expected) as refused:
            _sync(office, server.url)
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + MARGIN, f"took {elapsed:.2f} s"
    message = str(refused.value)
    assert message and "\n" not in message
    assert _state(office) == before, "a refused sync changed the database"
    row = get_feed(office.db, "national")
    assert row.version == 0
    assert row.last_error == message[:500]
    if not refused.value.transient:
        leftovers = list(office.paths.partial.glob("*")) if office.paths.partial.exists() else []
        assert not leftovers, leftovers


def test_honest_server_syncs(office: Directory, feed_folder: Path) -> None:
    """The control: the same feed, served honestly, applies (so the refusals above are real)."""
    with EvilServer(feed_folder) as server:
        outcome = _sync(office, server.url)
    assert (outcome.status, outcome.version, outcome.added) == ("applied", 1, 40)


def test_retries_of_a_failing_server_stop_at_the_deadline(
    office: Directory, feed_folder: Path
) -> None:
    settings = FetchSettings(
        connect_timeout=2.0, read_timeout=30.0, deadline=DEADLINE, attempts=50, backoff_base=0.05
    )
    before = _state(office)
    with EvilServer(feed_folder, {"manifest.json": "status-500"}) as server:
        started = time.monotonic()
        with pytest.raises(errors.FetchError):
            _sync(office, server.url, settings)
        elapsed = time.monotonic() - started
        tries = len(server.requests)
    assert elapsed < DEADLINE + MARGIN
    assert tries > 1, "transient errors were not retried"
    assert _state(office) == before


@pytest.mark.parametrize("behaviour", ["ok", "garbage", "silent"])
def test_https_url_to_a_server_that_does_not_speak_tls(
    office: Directory, feed_folder: Path, behaviour: str
) -> None:
    """TLS failure: an https:// feed URL answered in plain HTTP, random bytes, or silence."""
    before = _state(office)
    with EvilServer(feed_folder, {"": behaviour}) as server:
        url = server.url.replace("http://", "https://")
        started = time.monotonic()
        with pytest.raises(errors.FetchError) as refused:
            _sync(office, url)
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + MARGIN
    if behaviour != "silent":
        assert "TLS" in str(refused.value), str(refused.value)
    assert _state(office) == before
