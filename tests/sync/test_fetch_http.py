"""The HTTP fetcher against a real server on loopback (pytest-httpserver, werkzeug send_file)."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response
from werkzeug.utils import send_file

from sync import errors
from sync.fetch import Deadline, FetchSettings, FolderSource, HttpSource, open_source
from sync.keys import keyring
from sync.manifest import verify_manifest
from sync.minisign import SecretKey
from tests.sync.feedkit import NOW, records, snapshot_payload, write_feed

KEY = SecretKey.generate()


class FeedServer:
    """Serves a feed folder like a static host, and records every request's headers."""

    def __init__(self, server: HTTPServer, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.requests: list[dict[str, str]] = []
        self.failures: list[Response] = []
        server.expect_request(__import__("re").compile(r"/feed/.*")).respond_with_handler(
            self.handle
        )

    def handle(self, request: Request) -> Response:
        self.requests.append({"path": request.path, **dict(request.headers)})
        if self.failures:
            return self.failures.pop(0)
        file = self.folder / request.path.removeprefix("/feed/")
        if not file.is_file():
            return Response("missing", status=404)
        return send_file(file, request.environ, conditional=True, max_age=0)

    @property
    def url(self) -> str:
        return self.server.url_for("/feed/")


@pytest.fixture
def feed(tmp_path: Path, httpserver: HTTPServer) -> FeedServer:
    folder = tmp_path / "host"
    folder.mkdir()
    big = snapshot_payload(records(400))  # big enough to split for a resume
    write_feed(folder, KEY, snapshot=big)
    return FeedServer(httpserver, folder)


def source(url: str, sleeps: list[float] | None = None, **settings: Any) -> HttpSource:
    record = sleeps if sleeps is not None else []
    return HttpSource(
        url,
        FetchSettings(**{"attempts": 1, **settings}),
        sleep=record.append,
        rng=random.Random(4),
        proxies={},
    )


def snap_fields(feed: FeedServer) -> dict[str, Any]:
    return json.loads((feed.folder / "manifest.json").read_bytes())["snapshot"]  # type: ignore[no-any-return]


def test_manifest_200_then_304(feed: FeedServer) -> None:
    src = source(feed.url)
    first = src.fetch_manifest(None, Deadline(10))
    assert not first.not_modified and first.etag
    assert first.raw == (feed.folder / "manifest.json").read_bytes()
    verified = verify_manifest(
        first.raw,
        first.signature,
        trusted=keyring([KEY.public_key]),
        feed_id="jp-national",
        held_version=0,
        now=NOW,
    )
    assert verified.manifest.version == 5
    second = src.fetch_manifest(first.etag, Deadline(10))
    assert second.not_modified
    assert feed.requests[-1]["If-None-Match"] == first.etag
    assert feed.requests[-1]["Accept-Encoding"] == "identity"
    assert len(feed.requests) == 3  # manifest, signature, 304 manifest


def test_payload_download_verifies_hash(feed: FeedServer, tmp_path: Path) -> None:
    snap = snap_fields(feed)
    partial = tmp_path / "partial"
    got = source(feed.url).download(
        snap["path"], snap["sha256"], snap["length"], partial, Deadline(10)
    )
    assert hashlib.sha256(got.read_bytes()).hexdigest() == snap["sha256"]
    assert sorted(p.name for p in partial.iterdir()) == [got.name]  # no .part left


def test_resume_with_range_and_if_range(feed: FeedServer, tmp_path: Path) -> None:
    snap = snap_fields(feed)
    data = (feed.folder / snap["path"]).read_bytes()
    partial = tmp_path / "partial"
    partial.mkdir()
    name = Path(snap["path"]).name
    # An earlier sync got half the file, and remembered the validator of the response.
    first = source(feed.url)._open(feed.url + snap["path"], {}, Deadline(10), "probe")
    etag = first.resp.getheader("ETag")
    first.close()
    assert etag and not etag.startswith("W/")
    (partial / f"{name}.part").write_bytes(data[: len(data) // 2])
    (partial / f"{name}.part.json").write_text(json.dumps({"validator": etag}))
    got = source(feed.url).download(
        snap["path"], snap["sha256"], snap["length"], partial, Deadline(10)
    )
    assert got.read_bytes() == data
    last = feed.requests[-1]
    assert last["Range"] == f"bytes={len(data) // 2}-"
    assert last["If-Range"] == etag


def test_stale_if_range_restarts_from_zero(feed: FeedServer, tmp_path: Path) -> None:
    snap = snap_fields(feed)
    data = (feed.folder / snap["path"]).read_bytes()
    partial = tmp_path / "partial"
    partial.mkdir()
    name = Path(snap["path"]).name
    (partial / f"{name}.part").write_bytes(b"X" * 100)  # not even the right bytes
    (partial / f"{name}.part.json").write_text(json.dumps({"validator": '"stale"'}))
    got = source(feed.url).download(
        snap["path"], snap["sha256"], snap["length"], partial, Deadline(10)
    )
    assert got.read_bytes() == data  # the server sent 200 with the whole file


def test_hash_mismatch_discards_the_download(feed: FeedServer, tmp_path: Path) -> None:
    snap = snap_fields(feed)
    file = feed.folder / snap["path"]
    data = bytearray(file.read_bytes())
    data[10] ^= 1
    file.write_bytes(bytes(data))
    partial = tmp_path / "partial"
    with pytest.raises(errors.HashMismatchError, match="does not match its signed sha256"):
        source(feed.url).download(
            snap["path"], snap["sha256"], snap["length"], partial, Deadline(10)
        )
    assert list(partial.iterdir()) == []


def test_longer_than_signed_is_refused(feed: FeedServer, tmp_path: Path) -> None:
    snap = snap_fields(feed)
    with pytest.raises(errors.PayloadTooLargeError, match="more than the signed length"):
        source(feed.url).download(
            snap["path"], snap["sha256"], snap["length"] - 1, tmp_path / "p", Deadline(10)
        )


def test_not_found(feed: FeedServer) -> None:
    with pytest.raises(errors.NotFoundError, match="HTTP 404"):
        source(feed.url).fetch_small("keys/1.json", 1000, Deadline(10))


def test_retry_after_is_honoured(feed: FeedServer) -> None:
    feed.failures.append(Response("busy", status=503, headers={"Retry-After": "7"}))
    sleeps: list[float] = []
    src = source(feed.url, sleeps, attempts=3, backoff_base=0.5)
    result = src.fetch_manifest(None, Deadline(60))
    assert not result.not_modified
    assert sleeps == [7.0]  # Retry-After beats the (smaller) jittered backoff


def test_gives_up_when_retry_after_passes_the_deadline(feed: FeedServer) -> None:
    feed.failures.append(Response("busy", status=503, headers={"Retry-After": "3600"}))
    sleeps: list[float] = []
    with pytest.raises(errors.HTTPStatusError, match="HTTP 503"):
        source(feed.url, sleeps, attempts=3).fetch_manifest(None, Deadline(60))
    assert sleeps == []


def test_backoff_grows_with_full_jitter(feed: FeedServer) -> None:
    for _ in range(3):
        feed.failures.append(Response("oops", status=500))
    sleeps: list[float] = []
    src = source(feed.url, sleeps, attempts=4, backoff_base=1.0, backoff_cap=60)
    assert not src.fetch_manifest(None, Deadline(600)).not_modified
    assert len(sleeps) == 3
    assert all(0 <= s <= 2**i for i, s in enumerate(sleeps))


def test_permanent_errors_are_not_retried(feed: FeedServer) -> None:
    feed.failures.append(Response("no", status=403))
    sleeps: list[float] = []
    with pytest.raises(errors.HTTPStatusError, match="HTTP 403"):
        source(feed.url, sleeps, attempts=4).fetch_manifest(None, Deadline(60))
    assert sleeps == [] and len(feed.requests) == 1


def test_same_host_redirect_is_followed(feed: FeedServer) -> None:
    feed.failures.append(Response("", status=302, headers={"Location": "/feed/manifest.json"}))
    assert not source(feed.url).fetch_manifest(None, Deadline(10)).not_modified


@pytest.mark.parametrize(
    ("location", "match"),
    [
        ("https://127.0.0.1/feed/manifest.json", "from http: to https:"),
        ("file:///etc/passwd", "from http: to file:"),
        ("http://mirror.example.invalid/feed/manifest.json", "another host"),
        ("http://127.0.0.1:1/feed/manifest.json", "another host"),
    ],
)
def test_cross_redirects_are_refused(feed: FeedServer, location: str, match: str) -> None:
    feed.failures.append(Response("", status=301, headers={"Location": location}))
    with pytest.raises(errors.RedirectRefusedError, match=match):
        source(feed.url).fetch_manifest(None, Deadline(10))
    assert len(feed.requests) == 1  # never followed


def test_redirect_loop_is_cut(feed: FeedServer) -> None:
    for _ in range(10):
        feed.failures.append(Response("", status=302, headers={"Location": "/feed/x"}))
    with pytest.raises(errors.RedirectRefusedError, match="more than 5 redirects"):
        source(feed.url).fetch_manifest(None, Deadline(10))


def test_folder_source_has_the_same_interface(feed: FeedServer, tmp_path: Path) -> None:
    src = open_source(str(feed.folder))
    assert isinstance(src, FolderSource)
    first = src.fetch_manifest(None, Deadline(10))
    assert first.raw == (feed.folder / "manifest.json").read_bytes()
    assert src.fetch_manifest(first.etag, Deadline(10)).not_modified
    snap = snap_fields(feed)
    got = src.download(snap["path"], snap["sha256"], snap["length"], tmp_path / "p", Deadline(10))
    assert got.read_bytes() == (feed.folder / snap["path"]).read_bytes()
    with pytest.raises(errors.PayloadTooLargeError):
        src.download(snap["path"], snap["sha256"], snap["length"] - 1, tmp_path / "q", Deadline(10))
    with pytest.raises(errors.ProtocolFetchError, match="not a plain relative path"):
        src.fetch_small("../host/manifest.json", 100, Deadline(10))


def test_open_source_refuses_other_schemes() -> None:
    with pytest.raises(ValueError, match="unsupported feed location"):
        open_source("file:///etc")
    with pytest.raises(ValueError, match="unsupported feed location"):
        open_source("ftp://127.0.0.1/feed/")


def test_proxy_settings_are_used_but_never_for_loopback(feed: FeedServer) -> None:
    # A proxy that does not exist: if it were used, the fetch would fail as offline.
    src = HttpSource(feed.url, FetchSettings(attempts=1), proxies={"http": "http://127.0.0.1:9"})
    assert src._proxy_for("http", "127.0.0.1") is None
    assert src._proxy_for("http", "feeds.example.jp") == "http://127.0.0.1:9"
    assert not src.fetch_manifest(None, Deadline(10)).not_modified
    bypass = HttpSource(feed.url, proxies={"http": "http://127.0.0.1:9", "no": ".example.jp"})
    assert bypass._proxy_for("http", "feeds.example.jp") is None


def test_plain_http_proxy_gets_the_absolute_url(feed: FeedServer) -> None:
    # pytest-httpserver plays the proxy: it receives the absolute URL and serves it.
    proxied = HttpSource(
        "http://feeds.example.invalid/feed/",
        FetchSettings(attempts=1),
        proxies={"http": feed.server.url_for("/").rstrip("/")},
    )
    result = proxied.fetch_manifest(None, Deadline(10))
    assert result.raw == (feed.folder / "manifest.json").read_bytes()
