"""Publish → serve with a real nginx (Debian nginx-light) → sync, with the PROTOCOL.md config.

nginx runs in the foreground, its workers as this user, and inherits an already listening
socket on 127.0.0.1 (its binary-upgrade mechanism, the ``NGINX`` variable): connections queue in
the backlog until it accepts them, so the test never polls or sleeps waiting for it to start.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.directory import Directory
from sync.apply import add_feed, get_feed, sync_feed
from sync.fetch import Deadline, FetchSettings, HttpSource
from sync.minisign import SecretKey
from sync.publish import publish
from tests.records import service

pytestmark = pytest.mark.tools("nginx")

KEY = SecretKey.generate()
PROTOCOL = Path(__file__).resolve().parents[2] / "sync" / "PROTOCOL.md"


def nginx_config(root: Path, prefix: Path, port: int) -> str:
    """The server block from PROTOCOL.md, with only the listen address and root changed."""
    block = PROTOCOL.read_text().split("```nginx\n")[1].split("```")[0]
    block = block.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    block = block.replace("/srv/tsunagi", str(root))
    temp = "\n".join(
        f"{name}_temp_path {prefix}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Workers run as this user, so they can read tmp_path (as root nginx would switch to nobody).
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return (
        f"{user}error_log {prefix}/error.log;\npid {prefix}/nginx.pid;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}\n{block}}}\n"
    )


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    (root / "jp-national").mkdir(parents=True)
    prefix = tmp_path / "nginx"
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / name).mkdir(parents=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    (prefix / "nginx.conf").write_text(nginx_config(root, prefix, port))
    proc = subprocess.Popen(
        [
            shutil.which("nginx") or "/usr/sbin/nginx",
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-g",
            "daemon off;",
        ],
        env={**os.environ, "NGINX": f"{listener.fileno()};"},
        pass_fds=(listener.fileno(),),
        stderr=subprocess.PIPE,
    )
    listener.close()  # nginx holds its own copy
    try:
        yield f"http://127.0.0.1:{port}/jp-national/", root / "jp-national"
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=10)
        assert b"emerg" not in err, err.decode(errors="replace")


def test_publish_serve_with_nginx_then_sync(
    nginx: tuple[str, Path], empty_directory: Directory, tmp_path: Path
) -> None:
    url, folder = nginx
    records = [service(f"窓口{i}", sid=f"s{i}", phones=[f"0120-00{i}"]) for i in range(5)]
    source = tmp_path / "v1.ndjson"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    d = empty_directory
    publish([source], KEY, folder, regions=d.regions, feed_id="jp-national")
    add_feed(d.db, "national", url, KEY.public_key.to_file_text())
    settings = FetchSettings(attempts=1, deadline=20)

    first = sync_feed(d.db, d.paths, d.regions, "national", settings=settings)
    assert (first.status, first.version, first.added) == ("applied", 1, 5)
    assert get_feed(d.db, "national").etag  # nginx's ETag, kept for the next poll

    # Cache headers as PROTOCOL.md promises them.
    http = HttpSource(url, settings, proxies={})
    manifest = http._open(url + "manifest.json", {}, Deadline(10), "probe")
    snap = json.loads((folder / "manifest.json").read_bytes())["snapshot"]["path"]
    payload = http._open(url + snap, {"Range": "bytes=10-"}, Deadline(10), "probe")
    try:
        assert manifest.resp.getheader("Cache-Control") == "no-cache"
        assert manifest.resp.getheader("Content-Encoding") is None
        assert payload.resp.status == 206
        assert "immutable" in (payload.resp.getheader("Cache-Control") or "")
    finally:
        manifest.close()
        payload.close()

    again = sync_feed(d.db, d.paths, d.regions, "national", settings=settings)
    assert again.status == "not-modified"  # 304 from nginx
