"""Downloading a feed over HTTP(S), with our own limits.

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

"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import http.client
import json
import random
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from sync.deadline import Deadline, backoff_delay, parse_retry_after
from sync.errors import (
    DeadlineExceededError,
    FetchError,
    HashMismatchError,
    HTTPStatusError,
    ManifestTooLargeError,
    NotFoundError,
    OfflineError,
    PayloadTooLargeError,
    ProtocolFetchError,
    RedirectRefusedError,
    SyncCancelledError,
    SyncError,
    TimeoutFetchError,
    TruncatedPayloadError,
)
from sync.manifest import MANIFEST_NAME, MAX_MANIFEST_BYTES, MAX_SIGNATURE_BYTES, SIGNATURE_NAME
from sync.partial import CHUNK, already_complete, discard_partial, final_path, finish, hash_file
from sync.source import FetchSettings, ManifestFetch, check_relative

T = TypeVar("T")


@dataclass
class _Response:
    conn: http.client.HTTPConnection
    resp: http.client.HTTPResponse
    url: str
    watchdog: threading.Timer | None = field(default=None)
    unwatch: Callable[[], None] | None = field(default=None)

    def close(self) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
        if self.unwatch is not None:
            self.unwatch()
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
            unwatch = deadline.cancel.on_cancel(functools.partial(_shutdown, conn))
            self.attempts_made += 1
            try:
                conn.connect()
                # A cancel that came while connecting found no socket to shut: look again now.
                deadline.check(what)
                if conn.sock is not None:
                    conn.sock.settimeout(self._read_timeout(deadline))
                conn.putrequest("GET", target, skip_accept_encoding=True)
                conn.putheader("User-Agent", self.settings.user_agent)
                conn.putheader("Accept-Encoding", "identity")
                for name, value in {**extra, **headers}.items():
                    conn.putheader(name, value)
                conn.endheaders()
                deadline.check(what)
                resp = conn.getresponse()
            except BaseException as exc:
                watchdog.cancel()
                unwatch()
                conn.close()
                raise self._map_error(exc, deadline, what) from None
            response = _Response(conn=conn, resp=resp, url=url, watchdog=watchdog, unwatch=unwatch)
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
        if deadline.cancel.is_set():
            return SyncCancelledError(f"{what}: the sync was cancelled")
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
                if self.sleep is time.sleep:
                    deadline.cancel.wait(wait)  # a cancel ends the wait at once
                else:
                    self.sleep(wait)
                deadline.cancel.check()

    # -- the Source interface --

    def fetch_small(self, path: str, cap: int, deadline: Deadline) -> bytes:
        return self._retrying(lambda: self._get_small(path, cap, deadline, None)[0], deadline)

    def _get_small(
        self, path: str, cap: int, deadline: Deadline, etag: str | None
    ) -> tuple[bytes, str | None, bool]:
        url = urljoin(self.base_url, str(check_relative(path)))
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
        final = final_path(partial_dir, path)
        if already_complete(final, sha256, length):
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
            hash_file(part, hasher, deadline)
            try:
                return finish(part, final, path, hasher, have, sha256, length)
            except HashMismatchError:
                have = 0  # _finish removed it; download afresh below
        url = urljoin(self.base_url, str(check_relative(path)))
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
                hash_file(part, hasher, deadline)
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
            return finish(part, final, path, hasher, total, sha256, length)
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
