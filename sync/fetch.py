"""Downloading a feed, over HTTP(S) or from a local folder, with one interface.

Why not ``urllib.request.urlopen`` or ``requests``: their timeouts cover each socket read, not the
download (measured: a slow-drip server ran ``requests`` with ``timeout=(3, 1)`` for 8.5 s), they
follow redirects to other hosts and schemes, and they cannot stop at a signed length. So this module
drives :mod:`http.client` itself:

* connect and read timeouts, **plus an overall deadline** checked inside the read loop, and a
  watchdog thread that shuts the socket down at the deadline (so even a server dripping its
  *headers* one byte at a time is cut off on time);
* size caps from the signed lengths (the manifest itself at 64 KiB), sha256 while streaming;
* conditional GET of the manifest with ``If-None-Match`` (304), resume of payloads into the partial
  folder with ``Range`` + ``If-Range``;
* redirects only to the same scheme and host; no ``Content-Encoding`` (payloads are gzip files
  served as-is, so ranges and hashes see the exact signed bytes);
* the system proxy settings, as urllib reads them (``getproxies()``: ``http_proxy``/``https_proxy``
  /``no_proxy`` variables, the Windows registry, macOS System Configuration), with loopback never
  proxied;
* retries with exponential backoff and full jitter that honour ``Retry-After``; the sleep function
  and the random source are injectable so tests never sleep.

Gzip payloads are inflated by :func:`decompress_payload`, capped at the signed raw length.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import os
import random
import socket
import ssl
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from typing import Protocol, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

import index
from sync.errors import (
    CorruptPayloadError,
    DeadlineExceededError,
    DecompressionBombError,
    FetchError,
    HashMismatchError,
    HTTPStatusError,
    ManifestTooLargeError,
    NotFoundError,
    OfflineError,
    PayloadTooLargeError,
    ProtocolFetchError,
    RawHashMismatchError,
    RedirectRefusedError,
    SyncError,
    TimeoutFetchError,
    TruncatedPayloadError,
)
from sync.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNATURE_NAME,
)

CHUNK = 64 * 1024
T = TypeVar("T")


# --- time ----------------------------------------------------------------------------------------


class Deadline:
    """An overall time limit, measured on a monotonic clock (wall-clock jumps do not move it)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.seconds = seconds
        self.at = clock() + seconds

    def remaining(self) -> float:
        return self.at - self.clock()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def check(self, what: str) -> None:
        if self.expired():
            raise DeadlineExceededError(
                f"{what}: gave up after the {self.seconds:g} s deadline (connection too slow)"
            )


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base·2^attempt)].

    Full jitter spreads thousands of offices that failed together (AWS architecture blog,
    "Exponential Backoff And Jitter"). ``attempt`` counts from 0.
    """
    return rng.uniform(0.0, min(cap, base * (2.0 ** min(attempt, 62))))


def poll_delay(
    rng: random.Random, failures: int = 0, low: float = 4 * 3600.0, high: float = 8 * 3600.0
) -> float:
    """Seconds until the next background sync: random in [low, high], or backoff after failures.

    After ``failures`` consecutive failures, exponential backoff with full jitter from 60 s,
    capped at 6 h, so an outage does not turn every office into a synchronised retry storm.
    """
    if failures <= 0:
        return rng.uniform(low, high)
    return max(1.0, backoff_delay(failures - 1, 60.0, 6 * 3600.0, rng))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; ``None`` when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# --- settings and results ------------------------------------------------------------------------


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 900.0
    """Seconds for one whole sync's downloads (manifest, signature and payload together)."""
    attempts: int = 4
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    max_redirects: int = 5
    user_agent: str = f"tsunagi/{index.__version__}"


@dataclass(frozen=True)
class ManifestFetch:
    """The manifest's raw bytes and signature, or ``not_modified`` (304 / unchanged file)."""

    not_modified: bool
    raw: bytes = b""
    signature: bytes = b""
    etag: str | None = None


class Source(Protocol):
    """A feed location: an HTTP(S) folder or a local folder (USB, extracted bundle)."""

    location: str

    def fetch_manifest(self, etag: str | None, deadline: Deadline) -> ManifestFetch: ...

    def fetch_small(self, path: str, cap: int, deadline: Deadline) -> bytes: ...

    def download(
        self, path: str, sha256: str, length: int, partial_dir: Path, deadline: Deadline
    ) -> Path: ...


def _check_relative(path: str) -> PurePosixPath:
    """Feed-relative paths come from a signed manifest, but are still kept inside the feed."""
    pure = PurePosixPath(path)
    if (
        not path
        or pure.is_absolute()
        or "\\" in path
        or ":" in path
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise ProtocolFetchError(f"refusing feed path {path[:80]!r}: not a plain relative path")
    return pure


# --- payload files in the partial folder ---------------------------------------------------------


def _final_path(partial_dir: Path, path: str) -> Path:
    return partial_dir / _check_relative(path).name


def _hash_file(path: Path, hasher: hashlib._Hash, deadline: Deadline | None = None) -> int:
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if deadline is not None:
                deadline.check(f"hashing {path.name}")
            hasher.update(chunk)
            size += len(chunk)
    return size


def _already_complete(final: Path, sha256: str, length: int) -> bool:
    """A verified download left by an earlier, interrupted sync (payloads never change)."""
    try:
        if final.stat().st_size != length:
            return False
    except FileNotFoundError:
        return False
    hasher = hashlib.sha256()
    _hash_file(final, hasher)
    return hasher.hexdigest() == sha256


def discard_partial(partial_dir: Path, path: str) -> None:
    """Remove every trace of one payload in the partial folder (after apply, or on refusal)."""
    final = _final_path(partial_dir, path)
    for candidate in (
        final,
        final.with_name(final.name + ".part"),
        final.with_name(final.name + ".part.json"),
    ):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def decompress_payload(
    src: Path,
    dest: Path,
    raw_length: int,
    raw_sha256: str,
    what: str,
    deadline: Deadline | None = None,
) -> Path:
    """Inflate a gzip payload into ``dest``, never producing more than ``raw_length`` bytes.

    Refuses a gzip bomb as soon as output passes the signed raw length (memory stays at one
    chunk), trailing bytes after the gzip stream, a truncated stream, and a raw sha256 or length
    that differs from the manifest. ``dest`` is removed on any refusal.
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    hasher = hashlib.sha256()
    produced = 0
    try:
        with src.open("rb") as source, dest.open("wb") as out:
            while True:
                chunk = source.read(CHUNK)
                if not chunk:
                    break
                if inflater.eof:
                    raise CorruptPayloadError(f"{what}: bytes after the end of the gzip stream")
                data = chunk
                while data:
                    if deadline is not None:
                        deadline.check(f"decompressing {what}")
                    try:
                        piece = inflater.decompress(data, CHUNK)
                    except zlib.error as exc:
                        raise CorruptPayloadError(f"{what} is not valid gzip ({exc})") from None
                    produced += len(piece)
                    if produced > raw_length:
                        raise DecompressionBombError(
                            f"{what} decompresses past its signed raw length of "
                            f"{raw_length} bytes (gzip bomb?)"
                        )
                    hasher.update(piece)
                    out.write(piece)
                    if inflater.eof:
                        if inflater.unused_data:
                            raise CorruptPayloadError(
                                f"{what}: bytes after the end of the gzip stream"
                            )
                        break
                    data = inflater.unconsumed_tail
            if not inflater.eof:
                raise CorruptPayloadError(f"{what}: the gzip stream is truncated")
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            dest.unlink()
        raise
    if produced != raw_length or hasher.hexdigest() != raw_sha256:
        dest.unlink()
        raise RawHashMismatchError(
            f"{what}: decompressed content ({produced} bytes) does not match the signed raw "
            f"sha256/length ({raw_length} bytes)"
        )
    return dest


# --- local folders -------------------------------------------------------------------------------


class FolderSource:
    """A feed folder on disk: a USB stick, a network share, or an extracted bundle.

    Same checks as HTTP: caps from signed lengths, hash while copying, the deadline (a dying USB
    stick can be as slow as a bad network).
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.location = str(self.root)

    def _file(self, path: str) -> Path:
        candidate = (self.root / _check_relative(path)).resolve()
        if not candidate.is_relative_to(self.root):
            raise ProtocolFetchError(f"refusing {path!r}: it leads outside the feed folder")
        return candidate

    def _read_capped(self, path: str, cap: int, deadline: Deadline) -> bytes:
        file = self._file(path)
        try:
            with file.open("rb") as handle:
                data = handle.read(cap + 1)
        except FileNotFoundError:
            raise NotFoundError(f"{path} is not in {self.location}", status=404) from None
        except OSError as exc:
            raise FetchError(f"cannot read {file}: {exc.strerror or exc}") from None
        deadline.check(f"reading {path}")
        if len(data) > cap:
            if path == MANIFEST_NAME:
                raise ManifestTooLargeError(
                    f"manifest is more than the {MAX_MANIFEST_BYTES}-byte cap"
                )
            raise PayloadTooLargeError(f"{path} is bigger than its {cap}-byte cap")
        return data

    def fetch_manifest(self, etag: str | None, deadline: Deadline) -> ManifestFetch:
        try:
            stat = self._file(MANIFEST_NAME).stat()
        except FileNotFoundError:
            raise NotFoundError(f"{MANIFEST_NAME} is not in {self.location}", status=404) from None
        tag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if etag is not None and etag == tag:
            return ManifestFetch(not_modified=True, etag=tag)
        raw = self._read_capped(MANIFEST_NAME, MAX_MANIFEST_BYTES, deadline)
        signature = self._read_capped(SIGNATURE_NAME, MAX_SIGNATURE_BYTES, deadline)
        return ManifestFetch(not_modified=False, raw=raw, signature=signature, etag=tag)

    def fetch_small(self, path: str, cap: int, deadline: Deadline) -> bytes:
        return self._read_capped(path, cap, deadline)

    def download(
        self, path: str, sha256: str, length: int, partial_dir: Path, deadline: Deadline
    ) -> Path:
        final = _final_path(partial_dir, path)
        if _already_complete(final, sha256, length):
            return final
        source = self._file(path)
        try:
            size = source.stat().st_size
        except FileNotFoundError:
            raise NotFoundError(f"{path} is not in {self.location}", status=404) from None
        if size > length:
            raise PayloadTooLargeError(
                f"{path} is {size} bytes, more than its signed length of {length}"
            )
        if size < length:
            raise TruncatedPayloadError(
                f"{path} is {size} bytes, less than its signed length of {length} (truncated?)"
            )
        partial_dir.mkdir(parents=True, exist_ok=True)
        part = final.with_name(final.name + ".part")
        hasher = hashlib.sha256()
        total = 0
        with source.open("rb") as src, part.open("wb") as out:
            while chunk := src.read(CHUNK):
                deadline.check(f"copying {path}")
                total += len(chunk)
                if total > length:
                    out.close()
                    part.unlink()
                    raise PayloadTooLargeError(
                        f"{path} grew past its signed length of {length} bytes while copying"
                    )
                hasher.update(chunk)
                out.write(chunk)
        return _finish(part, final, path, hasher, total, sha256, length)


def _finish(
    part: Path, final: Path, path: str, hasher: hashlib._Hash, total: int, sha256: str, length: int
) -> Path:
    if total < length:
        raise TruncatedPayloadError(f"{path}: got {total} of its signed {length} bytes (truncated)")
    if hasher.hexdigest() != sha256:
        part.unlink()
        with contextlib.suppress(FileNotFoundError):
            part.with_name(part.name + ".json").unlink()
        raise HashMismatchError(f"{path} does not match its signed sha256 (altered or damaged)")
    os.replace(part, final)
    with contextlib.suppress(FileNotFoundError):
        final.with_name(final.name + ".part.json").unlink()
    return final


# --- HTTP ----------------------------------------------------------------------------------------


@dataclass
class _Response:
    conn: http.client.HTTPConnection
    resp: http.client.HTTPResponse
    url: str
    watchdog: threading.Timer | None = field(default=None)

    def close(self) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
        with contextlib.suppress(Exception):
            self.resp.close()
        with contextlib.suppress(Exception):
            self.conn.close()


_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _shutdown(conn: http.client.HTTPConnection) -> None:
    """Watchdog: wake a blocked ``recv`` at the deadline by shutting the socket down."""
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class HttpSource:
    """A feed folder on an HTTP(S) host (any static web server, object store or CDN)."""

    def __init__(
        self,
        base_url: str,
        settings: FetchSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        proxies: Mapping[str, str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.location = self.base_url
        self.settings = settings or FetchSettings()
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.system_proxies = proxies is None
        self.proxies = dict(urllib.request.getproxies() if proxies is None else proxies)
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.attempts_made = 0
        """Requests started, for tests and the log (retries included)."""

    # -- connections --

    def _proxy_for(self, scheme: str, host: str) -> str | None:
        if host in _LOOPBACK or host.startswith("127."):
            return None
        proxy = self.proxies.get(scheme)
        if not proxy:
            return None
        bypass: Callable[..., bool]
        if "no" in self.proxies:
            # urllib's own no_proxy rules, applied to the mapping we were given.
            bypass = getattr(urllib.request, "proxy_bypass_environment")  # noqa: B009
            if bypass(host, self.proxies):
                return None
        elif self.system_proxies and urllib.request.proxy_bypass(host):
            return None
        return proxy

    def _connect(
        self, url: str, deadline: Deadline
    ) -> tuple[http.client.HTTPConnection, str, dict[str, str]]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        timeout = max(0.001, min(self.settings.connect_timeout, deadline.remaining()))
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        extra: dict[str, str] = {}
        proxy = self._proxy_for(parts.scheme, host)
        conn: http.client.HTTPConnection
        if proxy is None:
            if parts.scheme == "https":
                conn = http.client.HTTPSConnection(
                    host, port, timeout=timeout, context=self.ssl_context
                )
            else:
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
        else:
            pparts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
            auth: dict[str, str] = {}
            if pparts.username is not None:
                token = f"{unquote(pparts.username)}:{unquote(pparts.password or '')}"
                auth["Proxy-Authorization"] = "Basic " + base64.b64encode(token.encode()).decode()
            pport = pparts.port or 8080
            if parts.scheme == "https":
                conn = http.client.HTTPSConnection(
                    pparts.hostname or "", pport, timeout=timeout, context=self.ssl_context
                )
                conn.set_tunnel(host, port, headers=auth)
            else:
                conn = http.client.HTTPConnection(pparts.hostname or "", pport, timeout=timeout)
                target = url  # a plain HTTP proxy takes the absolute URL
                extra.update(auth)
        return conn, target, extra

    def _open(
        self, url: str, headers: Mapping[str, str], deadline: Deadline, what: str
    ) -> _Response:
        """GET ``url``; follow redirects only within the same scheme and host."""
        origin = urlsplit(url)
        for _hop in range(self.settings.max_redirects + 1):
            deadline.check(what)
            conn, target, extra = self._connect(url, deadline)
            watchdog = threading.Timer(max(0.0, deadline.remaining()), _shutdown, args=(conn,))
            watchdog.daemon = True
            watchdog.start()
            self.attempts_made += 1
            try:
                conn.connect()
                if conn.sock is not None:
                    conn.sock.settimeout(self._read_timeout(deadline))
                conn.putrequest("GET", target, skip_accept_encoding=True)
                conn.putheader("User-Agent", self.settings.user_agent)
                conn.putheader("Accept-Encoding", "identity")
                for name, value in {**extra, **headers}.items():
                    conn.putheader(name, value)
                conn.endheaders()
                resp = conn.getresponse()
            except BaseException as exc:
                watchdog.cancel()
                conn.close()
                raise self._map_error(exc, deadline, what) from None
            response = _Response(conn=conn, resp=resp, url=url, watchdog=watchdog)
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                response.close()
                if not location:
                    raise ProtocolFetchError(f"{what}: redirect without a Location")
                new_url = urljoin(url, location)
                new = urlsplit(new_url)
                if new.scheme != origin.scheme:
                    raise RedirectRefusedError(
                        f"{what}: refused a redirect from {origin.scheme}: to {new.scheme or '?'}:"
                        f" ({new_url[:100]})"
                    )
                if (new.hostname, new.port) != (origin.hostname, origin.port):
                    raise RedirectRefusedError(
                        f"{what}: refused a redirect to another host ({new.netloc[:100]})"
                    )
                url = new_url
                continue
            return response
        raise RedirectRefusedError(f"{what}: more than {self.settings.max_redirects} redirects")

    def _read_timeout(self, deadline: Deadline) -> float:
        return max(0.001, min(self.settings.read_timeout, deadline.remaining()))

    def _map_error(self, exc: BaseException, deadline: Deadline, what: str) -> BaseException:
        if isinstance(exc, SyncError):
            return exc
        if not isinstance(exc, Exception):
            return exc  # KeyboardInterrupt and friends pass through untouched
        if deadline.expired():
            return DeadlineExceededError(
                f"{what}: gave up after the {deadline.seconds:g} s deadline (connection too slow)"
            )
        if isinstance(exc, TimeoutError | socket.timeout):
            return TimeoutFetchError(f"{what}: no answer within the timeout")
        if isinstance(exc, ssl.SSLError):
            return FetchError(f"{what}: TLS failed ({exc.reason or exc})")
        if isinstance(exc, http.client.IncompleteRead):
            return TruncatedPayloadError(f"{what}: the connection closed in the middle of the body")
        if isinstance(exc, http.client.RemoteDisconnected):
            return ProtocolFetchError(f"{what}: the server closed the connection without answering")
        if isinstance(exc, http.client.HTTPException):
            return ProtocolFetchError(
                f"{what}: the server's answer is not valid HTTP ({type(exc).__name__})"
            )
        if isinstance(exc, ConnectionError | socket.gaierror | OSError):
            return OfflineError(f"{what}: cannot reach {urlsplit(self.base_url).netloc} ({exc})")
        return ProtocolFetchError(f"{what}: {type(exc).__name__}: {exc}")

    def _chunks(self, response: _Response, deadline: Deadline, what: str) -> Iterator[bytes]:
        """The body, chunk by chunk, with the deadline checked before every read."""
        while True:
            deadline.check(what)
            sock = response.conn.sock
            if sock is not None:
                sock.settimeout(self._read_timeout(deadline))
            try:
                chunk = response.resp.read1(CHUNK)
            except Exception as exc:
                raise self._map_error(exc, deadline, what) from None
            if not chunk:
                deadline.check(what)  # a watchdog shutdown looks like EOF
                left = response.resp.length
                if left:
                    raise TruncatedPayloadError(
                        f"{what}: the server closed the connection {left} bytes before the "
                        "end it announced"
                    )
                return
            yield chunk

    def _status_error(self, response: _Response, what: str) -> HTTPStatusError:
        status = response.resp.status
        retry_after = parse_retry_after(response.resp.getheader("Retry-After"))
        if status in (404, 410):
            return NotFoundError(f"{what}: not on the server (HTTP {status})", status=status)
        return HTTPStatusError(
            f"{what}: the server answered HTTP {status} {response.resp.reason}".rstrip(),
            status=status,
            retry_after=retry_after,
        )

    def _retrying(self, operation: Callable[[], T], deadline: Deadline) -> T:
        """Run ``operation``; retry transient failures with backoff, never past the deadline."""
        attempt = 0
        while True:
            try:
                return operation()
            except SyncError as exc:
                attempt += 1
                if not exc.transient or attempt >= self.settings.attempts:
                    raise
                wait = backoff_delay(
                    attempt - 1, self.settings.backoff_base, self.settings.backoff_cap, self.rng
                )
                retry_after = getattr(exc, "retry_after", None)
                if retry_after is not None:
                    wait = max(wait, retry_after)
                if wait >= deadline.remaining():
                    raise
                self.sleep(wait)

    # -- the Source interface --

    def fetch_small(self, path: str, cap: int, deadline: Deadline) -> bytes:
        return self._retrying(lambda: self._get_small(path, cap, deadline, None)[0], deadline)

    def _get_small(
        self, path: str, cap: int, deadline: Deadline, etag: str | None
    ) -> tuple[bytes, str | None, bool]:
        url = urljoin(self.base_url, str(_check_relative(path)))
        headers = {"If-None-Match": etag} if etag else {}
        if path == MANIFEST_NAME:
            headers["Cache-Control"] = "no-cache"  # revalidate through CDNs and proxies
        response = self._open(url, headers, deadline, path)
        try:
            if response.resp.status == 304 and etag:
                return b"", etag, True
            if response.resp.status != 200:
                raise self._status_error(response, path)
            announced = response.resp.length
            if announced is not None and announced > cap:
                raise self._too_large(path, cap)
            body = bytearray()
            for chunk in self._chunks(response, deadline, path):
                body += chunk
                if len(body) > cap:
                    raise self._too_large(path, cap)
            return bytes(body), response.resp.getheader("ETag"), False
        finally:
            response.close()

    @staticmethod
    def _too_large(path: str, cap: int) -> SyncError:
        if path == MANIFEST_NAME:
            return ManifestTooLargeError(f"manifest is more than the {cap}-byte cap")
        return PayloadTooLargeError(f"{path} is more than its {cap}-byte cap")

    def fetch_manifest(self, etag: str | None, deadline: Deadline) -> ManifestFetch:
        def operation() -> ManifestFetch:
            raw, new_etag, not_modified = self._get_small(
                MANIFEST_NAME, MAX_MANIFEST_BYTES, deadline, etag
            )
            if not_modified:
                return ManifestFetch(not_modified=True, etag=etag)
            signature, _, _ = self._get_small(SIGNATURE_NAME, MAX_SIGNATURE_BYTES, deadline, None)
            return ManifestFetch(not_modified=False, raw=raw, signature=signature, etag=new_etag)

        return self._retrying(operation, deadline)

    def download(
        self, path: str, sha256: str, length: int, partial_dir: Path, deadline: Deadline
    ) -> Path:
        final = _final_path(partial_dir, path)
        if _already_complete(final, sha256, length):
            return final
        partial_dir.mkdir(parents=True, exist_ok=True)
        return self._retrying(
            lambda: self._download_once(path, sha256, length, final, deadline), deadline
        )

    def _download_once(
        self, path: str, sha256: str, length: int, final: Path, deadline: Deadline
    ) -> Path:
        part = final.with_name(final.name + ".part")
        meta = final.with_name(final.name + ".part.json")
        have = part.stat().st_size if part.exists() else 0
        validator: str | None = None
        if have:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                validator = str(json.loads(meta.read_text("utf-8"))["validator"])
        if have > length:
            part.unlink()
            have = 0
        headers: dict[str, str] = {}
        if 0 < have < length:
            headers["Range"] = f"bytes={have}-"
            if validator:
                headers["If-Range"] = validator
        elif have == length:
            hasher = hashlib.sha256()
            _hash_file(part, hasher, deadline)
            try:
                return _finish(part, final, path, hasher, have, sha256, length)
            except HashMismatchError:
                have = 0  # _finish removed it; download afresh below
        url = urljoin(self.base_url, str(_check_relative(path)))
        response = self._open(url, headers, deadline, path)
        try:
            status = response.resp.status
            if status == 416 and have:
                part.unlink()
                raise ProtocolFetchError(f"{path}: the server refused to resume; starting over")
            if status == 206 and have and "Range" in headers:
                self._check_content_range(response, path, have, length)
                mode = "ab"
            elif status == 200:
                have = 0
                mode = "wb"
            else:
                raise self._status_error(response, path)
            announced = response.resp.length
            if announced is not None and have + announced > length:
                raise PayloadTooLargeError(
                    f"{path}: the server announces {have + announced} bytes, more than the "
                    f"signed length of {length}"
                )
            etag = response.resp.getheader("ETag")
            new_validator = etag if etag and not etag.startswith("W/") else None
            new_validator = new_validator or response.resp.getheader("Last-Modified")
            if new_validator:
                meta.write_text(json.dumps({"validator": new_validator}), "utf-8")
            hasher = hashlib.sha256()
            if mode == "ab":
                _hash_file(part, hasher, deadline)
            total = have
            with part.open(mode) as out:
                for chunk in self._chunks(response, deadline, path):
                    total += len(chunk)
                    if total > length:
                        out.close()
                        discard_partial(final.parent, path)
                        raise PayloadTooLargeError(
                            f"{path}: the server sent more than the signed length of {length} bytes"
                        )
                    hasher.update(chunk)
                    out.write(chunk)
            return _finish(part, final, path, hasher, total, sha256, length)
        finally:
            response.close()

    @staticmethod
    def _check_content_range(response: _Response, path: str, have: int, length: int) -> None:
        value = response.resp.getheader("Content-Range") or ""
        try:
            unit, _, spec = value.partition(" ")
            span, _, total = spec.partition("/")
            start, _, end = span.partition("-")
            ok = (
                unit == "bytes"
                and int(start) == have
                and int(end) < length
                and total in ("*", str(length))
            )
        except ValueError:
            ok = False
        if not ok:
            raise ProtocolFetchError(
                f"{path}: the server resumed with Content-Range {value[:60]!r}, expected "
                f"bytes {have}-…/{length}"
            )


def open_source(
    location: str,
    settings: FetchSettings | None = None,
    *,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
) -> Source:
    """An :class:`HttpSource` for ``http(s)://`` URLs, a :class:`FolderSource` for a folder.

    ``file:`` and every other scheme are refused: a feed URL that a redirect or a typo turns into
    a local path must not silently read the disk.
    """
    if location.startswith(("http://", "https://")):
        return HttpSource(location, settings, sleep=sleep, rng=rng)
    if "://" in location or location.startswith("file:"):
        raise ValueError(f"unsupported feed location {location[:80]!r}: use http(s):// or a folder")
    folder = Path(location).expanduser()
    if not folder.is_dir():
        raise NotFoundError(f"feed folder {location} does not exist", status=404)
    return FolderSource(folder)
