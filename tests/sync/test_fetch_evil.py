"""The HTTP fetcher against an "evil" server on 127.0.0.1 that misbehaves on purpose.

Each case must end in its own precise error, and within the deadline: elapsed time is measured
in the test with time.monotonic. Only the server thread waits between drips; the test never sleeps.
"""

from __future__ import annotations

import contextlib
import random
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sync import errors
from sync.fetch import Deadline, FetchSettings, HttpSource

DEADLINE = 1.0
MARGIN = 0.75
SIGNED = 1000
SHA = "0" * 64

Behaviour = Callable[[socket.socket], None]


def drip(sock: socket.socket, data: bytes, every: float = 0.05) -> None:
    for byte in data:
        sock.sendall(bytes([byte]))
        time.sleep(every)  # sleep-ok: the evil server drips; the test never sleeps


def endless(sock: socket.socket) -> None:
    block = b"A" * 65536
    while True:
        sock.sendall(block)


BEHAVIOURS: dict[str, Behaviour] = {
    "slow-body": lambda s: (
        s.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"),
        drip(s, b"x" * 1000),
    ),
    "slow-headers": lambda s: drip(s, b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"y" * 500),
    "silent": lambda s: time.sleep(5),  # sleep-ok: a server that never answers
    "endless": lambda s: (s.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"), endless(s)),
    "endless-chunked": lambda s: (
        s.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
        endless_chunks(s),
    ),
    "short-body": lambda s: s.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"z" * 10
    ),
    "announces-too-much": lambda s: s.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n" + b"z" * 10
    ),
    "chunk-cut": lambda s: s.sendall(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n" + b"c" * 20
    ),
    "garbage": lambda s: s.sendall(b"\x16\x03\x01 lorem ipsum dolor\r\n\r\n"),
    "hang-up": lambda s: None,
    "to-https": lambda s: s.sendall(
        b"HTTP/1.1 301 Moved\r\nLocation: https://127.0.0.1/feed/x\r\nContent-Length: 0\r\n\r\n"
    ),
    "to-other-host": lambda s: s.sendall(
        b"HTTP/1.1 302 Found\r\nLocation: http://cdn.example.invalid/x\r\nContent-Length: 0\r\n\r\n"
    ),
    "to-file": lambda s: s.sendall(
        b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n"
    ),
    "busy-then-slow": lambda s: s.sendall(
        b"HTTP/1.1 503 Busy\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ),
}


def endless_chunks(sock: socket.socket) -> None:
    chunk = b"10000\r\n" + b"B" * 65536 + b"\r\n"
    while True:
        sock.sendall(chunk)


class EvilHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        request = b""
        while b"\r\n\r\n" not in request:
            data = sock.recv(4096)
            if not data:
                return
            request += data
        path = request.split(b" ", 2)[1].decode()
        name = next((part for part in path.split("/") if part in BEHAVIOURS), "hang-up")
        # OSError: the client hung up, which is exactly what it should do.
        with contextlib.suppress(OSError):
            BEHAVIOURS[name](sock)


@pytest.fixture
def evil() -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), EvilHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def client(url: str, **settings: float) -> HttpSource:
    return HttpSource(
        url,
        FetchSettings(**{"attempts": 1, "read_timeout": 5.0, "connect_timeout": 2.0, **settings}),
        sleep=lambda _s: None,
        rng=random.Random(1),
        proxies={},
    )


def download(url: str, case: str, tmp_path: Path, **settings: float) -> None:
    client(url, **settings).download(case, SHA, SIGNED, tmp_path / "partial", Deadline(DEADLINE))


@pytest.mark.parametrize(
    ("case", "error", "match"),
    [
        ("slow-body", errors.DeadlineExceededError, "slow-body: gave up after the 1 s deadline"),
        ("slow-headers", errors.DeadlineExceededError, "gave up after the 1 s deadline"),
        ("silent", errors.DeadlineExceededError, "deadline"),
        ("endless", errors.PayloadTooLargeError, "more than the signed length of 1000"),
        ("endless-chunked", errors.PayloadTooLargeError, "more than the signed length of 1000"),
        ("short-body", errors.TruncatedPayloadError, "closed the connection 990 bytes before"),
        ("announces-too-much", errors.PayloadTooLargeError, "announces 99999999 bytes"),
        ("chunk-cut", errors.TruncatedPayloadError, "closed in the middle of the body"),
        ("garbage", errors.ProtocolFetchError, "not valid HTTP"),
        ("hang-up", errors.ProtocolFetchError, "closed the connection without answering"),
        ("to-https", errors.RedirectRefusedError, "from http: to https:"),
        ("to-other-host", errors.RedirectRefusedError, "another host"),
        ("to-file", errors.RedirectRefusedError, "to file:"),
    ],
)
def test_evil_payload_download(
    evil: str, tmp_path: Path, case: str, error: type[Exception], match: str
) -> None:
    started = time.monotonic()
    with pytest.raises(error, match=match):
        download(evil, case, tmp_path)
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_read_timeout_before_the_deadline(evil: str, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(errors.TimeoutFetchError, match="no answer within the timeout"):
        client(evil, read_timeout=0.2).download("silent", SHA, SIGNED, tmp_path, Deadline(30))
    assert time.monotonic() - started < 0.2 + MARGIN


def test_endless_manifest_is_capped(evil: str) -> None:
    started = time.monotonic()
    with pytest.raises(errors.ManifestTooLargeError, match="65536-byte cap"):
        client(evil.rstrip("/") + "/endless/").fetch_manifest(None, Deadline(DEADLINE))
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_slow_manifest_hits_the_deadline_despite_retries(evil: str) -> None:
    src = client(evil.rstrip("/") + "/slow-headers/", attempts=5)
    started = time.monotonic()
    with pytest.raises(errors.DeadlineExceededError):
        src.fetch_manifest(None, Deadline(DEADLINE))
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_transient_failures_are_retried(evil: str, tmp_path: Path) -> None:
    sleeps: list[float] = []
    src = HttpSource(
        evil,
        FetchSettings(attempts=3, backoff_base=0.01),
        sleep=sleeps.append,
        rng=random.Random(2),
        proxies={},
    )
    with pytest.raises(errors.HTTPStatusError, match="HTTP 503"):
        src.download("busy-then-slow", SHA, SIGNED, tmp_path, Deadline(DEADLINE))
    assert src.attempts_made == 3 and len(sleeps) == 2


def test_truncated_download_keeps_the_part_for_resume(evil: str, tmp_path: Path) -> None:
    with pytest.raises(errors.TruncatedPayloadError):
        download(evil, "short-body", tmp_path)
    assert (tmp_path / "partial" / "short-body.part").read_bytes() == b"z" * 10


def test_unreachable_host_is_offline(tmp_path: Path) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    started = time.monotonic()
    with pytest.raises(errors.OfflineError, match=f"cannot reach 127.0.0.1:{port}"):
        client(f"http://127.0.0.1:{port}/").fetch_manifest(None, Deadline(DEADLINE))
    assert time.monotonic() - started < DEADLINE + MARGIN
