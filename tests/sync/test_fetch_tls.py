"""HTTPS on loopback: a self-signed certificate for 127.0.0.1, trusted by the test's context."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sync import errors
from sync.fetch import Deadline, FetchSettings, HttpSource


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[tuple[HTTPServer, ssl.SSLContext]]:
    cert, key = self_signed(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=server_ctx)
    server.start()
    client_ctx = ssl.create_default_context(cafile=str(cert))
    try:
        yield server, client_ctx
    finally:
        server.clear()
        server.stop()


def test_https_fetch_and_no_downgrade(tls: tuple[HTTPServer, ssl.SSLContext]) -> None:
    server, ctx = tls
    server.expect_request("/feed/manifest.json").respond_with_data(b"{}", headers={"ETag": '"m1"'})
    server.expect_request("/feed/manifest.json.minisig").respond_with_data(b"sig")
    base = server.url_for("/feed/")
    assert base.startswith("https://127.0.0.1:")
    src = HttpSource(base, FetchSettings(attempts=1), ssl_context=ctx, proxies={})
    got = src.fetch_manifest(None, Deadline(10))
    assert (got.raw, got.signature, got.etag) == (b"{}", b"sig", '"m1"')

    def downgrade(_request: Request) -> Response:
        return Response("", status=302, headers={"Location": "http://127.0.0.1/feed/x"})

    server.expect_request(re.compile("/feed/keys/.*")).respond_with_handler(downgrade)
    with pytest.raises(errors.RedirectRefusedError, match="from https: to http:"):
        src.fetch_small("keys/1.json", 100, Deadline(10))


def test_untrusted_certificate_is_refused(tls: tuple[HTTPServer, ssl.SSLContext]) -> None:
    server, _ = tls
    server.expect_request("/feed/manifest.json").respond_with_data(b"{}")
    src = HttpSource(server.url_for("/feed/"), FetchSettings(attempts=1), proxies={})
    with pytest.raises(errors.FetchError, match="TLS failed"):
        src.fetch_manifest(None, Deadline(10))
