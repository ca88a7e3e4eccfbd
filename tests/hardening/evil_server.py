"""A loopback-only HTTP server that serves a real feed folder, misbehaving on chosen paths.

Why our own instead of pytest-httpserver: werkzeug always answers with well-formed HTTP. A CDN or
captive portal gone wrong does not: it drips a byte a second, never ends, announces one length and
sends another, redirects to ``file:`` or another host, or answers TLS with plain text.

Usage::

    with EvilServer(folder, {"snap/": "slow-drip"}) as server:
        sync(server.url)  # http://127.0.0.1:PORT/feed/

A rule applies to every request path that starts with its key (relative to ``/feed/``); other
paths are served from the folder honestly. It binds 127.0.0.1 only. Waiting happens only in the
server's threads, on an Event, so ``close()`` stops every drip at once; tests never sleep.
"""

from __future__ import annotations

import contextlib
import os
import socket
import socketserver
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

BEHAVIOURS = (
    "ok",
    "slow-drip",  # honest headers, then the body one byte every `drip` seconds
    "slow-headers",  # the status line and headers themselves, one byte at a time
    "silent",  # accept the connection, say nothing
    "endless",  # 200 with no length, then an endless body
    "endless-chunked",  # chunked transfer encoding that never ends
    "short",  # announces the full length, sends half, hangs up
    "overlong",  # announces far more than the signed length
    "underlong",  # announces (and sends) fewer bytes than the file has
    "padded",  # announces and sends the file plus trailing garbage
    "garbage",  # not HTTP at all
    "to-https",  # redirect to the https: scheme on the same host
    "to-other-host",  # redirect to another host
    "to-file",  # redirect to file:///etc/passwd
    "redirect-loop",  # redirect to itself forever
    "status-500",  # server error (transient)
    "flip",  # 200 with the right length but one bit flipped
)

PREFIX = "/feed/"


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(30)
        try:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                head += chunk
                if head.startswith(b"\x16\x03"):  # a TLS ClientHello sent to this plain server
                    self.server.owner.answer_tls(sock)
                    return
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            parts = line.split(" ")
            path = parts[1] if len(parts) > 1 else "/"
            self.server.owner.requests.append(path)
            rel = path.removeprefix(PREFIX).split("?", 1)[0]
            behaviour = self.server.owner.behaviour_for(rel)
            self.server.owner.dispatch(sock, rel, behaviour)
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: EvilServer


class EvilServer:
    """Serve ``folder`` under ``/feed/`` on 127.0.0.1, applying ``rules`` (path prefix → name)."""

    def __init__(
        self, folder: Path | None, rules: dict[str, str] | None = None, *, drip: float = 0.05
    ) -> None:
        for name in (rules or {}).values():
            if name not in BEHAVIOURS:
                raise ValueError(f"unknown behaviour {name!r}")
        self.folder = folder
        self.rules = dict(rules or {})
        self.drip = drip
        self.stop = threading.Event()
        self.requests: list[str] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    def __enter__(self) -> EvilServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    # --- behaviour -------------------------------------------------------------------------

    def behaviour_for(self, rel: str) -> str:
        for prefix, name in sorted(self.rules.items(), key=lambda kv: -len(kv[0])):
            if rel.startswith(prefix):
                return name
        return "ok"

    def answer_tls(self, sock: socket.socket) -> None:
        """What a plain-HTTP server (or a garbage one) says to an https:// client."""
        behaviour = self.behaviour_for("")
        if behaviour == "silent":
            self._wait(60)
        elif behaviour == "garbage":
            sock.sendall(os.urandom(2048))
        else:
            sock.sendall(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )

    def _body(self, rel: str) -> bytes | None:
        if self.folder is None:
            return b"hello"
        file = (self.folder / rel).resolve()
        if not file.is_relative_to(self.folder.resolve()) or not file.is_file():
            return None
        return file.read_bytes()

    def _wait(self, seconds: float) -> bool:
        """Pause this server thread; False once the server is closing."""
        return not self.stop.wait(seconds)

    def _drip(self, sock: socket.socket, data: bytes) -> None:
        for byte in data:
            sock.sendall(bytes([byte]))
            if not self._wait(self.drip):
                return

    def dispatch(self, sock: socket.socket, rel: str, behaviour: str) -> None:
        body = self._body(rel)
        if body is None and behaviour == "ok":
            sock.sendall(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        body = body if body is not None else b"x" * 1000
        action: Callable[[], None] = {
            "ok": lambda: sock.sendall(_head(200, len(body)) + body),
            "slow-drip": lambda: (sock.sendall(_head(200, len(body))), self._drip(sock, body)),
            "slow-headers": lambda: self._drip(sock, _head(200, len(body))),
            "silent": lambda: self._wait(60),
            "endless": lambda: self._endless(sock, b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"),
            "endless-chunked": lambda: self._endless_chunked(sock),
            "short": lambda: sock.sendall(_head(200, len(body)) + body[: len(body) // 2]),
            "overlong": lambda: sock.sendall(_head(200, len(body) * 1000 + 10**9) + body),
            "underlong": lambda: sock.sendall(_head(200, len(body) // 2) + body[: len(body) // 2]),
            "padded": lambda: sock.sendall(_head(200, len(body) + 4096) + body + os.urandom(4096)),
            "garbage": lambda: sock.sendall(os.urandom(2048)),
            "to-https": lambda: sock.sendall(
                _redirect(f"https://127.0.0.1:{self.port}{PREFIX}{rel}")
            ),
            "to-other-host": lambda: sock.sendall(_redirect(f"http://cdn.example.invalid/{rel}")),
            "to-file": lambda: sock.sendall(_redirect("file:///etc/passwd")),
            "redirect-loop": lambda: sock.sendall(_redirect(f"{PREFIX}{rel}")),
            "status-500": lambda: sock.sendall(
                b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
            "flip": lambda: sock.sendall(_head(200, len(body)) + _flip(body)),
        }[behaviour]
        action()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)

    def _endless(self, sock: socket.socket, head: bytes) -> None:
        sock.sendall(head)
        block = b"A" * 65536
        while not self.stop.is_set():
            sock.sendall(block)

    def _endless_chunked(self, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"10000\r\n" + b"B" * 65536 + b"\r\n"
        while not self.stop.is_set():
            sock.sendall(chunk)


def _head(status: int, length: int) -> bytes:
    return (
        f"HTTP/1.1 {status} OK\r\nContent-Length: {length}\r\n"
        "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
    ).encode()


def _redirect(location: str) -> bytes:
    return (
        f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def _flip(body: bytes) -> bytes:
    if not body:
        return body
    middle = len(body) // 2
    return body[:middle] + bytes([body[middle] ^ 0x01]) + body[middle + 1 :]
