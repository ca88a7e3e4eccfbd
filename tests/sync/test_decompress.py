"""Gzip payloads inflate only up to their signed raw length, and must match the raw sha256."""

from __future__ import annotations

import gzip
import hashlib
import time
import zlib
from pathlib import Path

import pytest

from sync import errors
from sync.fetch import decompress_payload

RAW = b'{"id": "svc-1", "name": "\xe7\x9b\xb8\xe8\xab\x87"}\n' * 200


def gz_file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "p.ndjson.gz"
    path.write_bytes(data)
    return path


def test_valid_payload_inflates(tmp_path: Path) -> None:
    src = gz_file(tmp_path, gzip.compress(RAW))
    out = decompress_payload(
        src, tmp_path / "out", len(RAW), hashlib.sha256(RAW).hexdigest(), "snap/x"
    )
    assert out.read_bytes() == RAW


def test_gzip_bomb_is_refused_early(tmp_path: Path) -> None:
    # 64 MB of zeros compress to ~64 KB; the manifest claims 1000 raw bytes.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    bomb = b"".join(compressor.compress(block) for _ in range(64)) + compressor.flush()
    assert len(bomb) < 100_000
    src = gz_file(tmp_path, bomb)
    started = time.monotonic()
    with pytest.raises(errors.DecompressionBombError, match="past its signed raw length of 1000"):
        decompress_payload(src, tmp_path / "out", 1000, "0" * 64, "snap/bomb")
    assert time.monotonic() - started < 1.0  # stopped at the cap, not after 64 MB
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("data", "error", "match"),
    [
        (gzip.compress(RAW)[:-20], errors.CorruptPayloadError, "truncated"),
        (gzip.compress(RAW) + b"garbage", errors.CorruptPayloadError, "bytes after the end"),
        (gzip.compress(RAW) + gzip.compress(b"x"), errors.CorruptPayloadError, "bytes after"),
        (b"not gzip at all" * 10, errors.CorruptPayloadError, "not valid gzip"),
        (gzip.compress(RAW[:-1]), errors.RawHashMismatchError, "does not match the signed raw"),
        (gzip.compress(RAW.replace(b"1", b"2")), errors.RawHashMismatchError, "signed raw"),
    ],
    ids=["truncated", "trailing-garbage", "second-member", "garbage", "short", "altered"],
)
def test_broken_payloads(tmp_path: Path, data: bytes, error: type[Exception], match: str) -> None:
    src = gz_file(tmp_path, data)
    with pytest.raises(error, match=match):
        decompress_payload(
            src, tmp_path / "out", len(RAW), hashlib.sha256(RAW).hexdigest(), "snap/x"
        )
    assert not (tmp_path / "out").exists()
