"""Payload files in the partial folder: resume, hash, finish, discard, and capped inflating.

Why its own module: a download (HTTP or folder copy) lands in ``<cache>/partial/`` as ``.part``
until its signed sha256 and length match, and is then inflated capped at its signed raw length.
Both readers and the publisher's self-check share these steps.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zlib
from pathlib import Path

from sync.deadline import Deadline
from sync.errors import (
    CorruptPayloadError,
    DecompressionBombError,
    HashMismatchError,
    RawHashMismatchError,
    TruncatedPayloadError,
)
from sync.source import check_relative

CHUNK = 64 * 1024


def final_path(partial_dir: Path, path: str) -> Path:
    return partial_dir / check_relative(path).name


def hash_file(path: Path, hasher: hashlib._Hash, deadline: Deadline | None = None) -> int:
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if deadline is not None:
                deadline.check(f"hashing {path.name}")
            hasher.update(chunk)
            size += len(chunk)
    return size


def already_complete(final: Path, sha256: str, length: int) -> bool:
    """A verified download left by an earlier, interrupted sync (payloads never change)."""
    try:
        if final.stat().st_size != length:
            return False
    except FileNotFoundError:
        return False
    hasher = hashlib.sha256()
    hash_file(final, hasher)
    return hasher.hexdigest() == sha256


def discard_partial(partial_dir: Path, path: str) -> None:
    """Remove every trace of one payload in the partial folder (after apply, or on refusal)."""
    final = final_path(partial_dir, path)
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


def finish(
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
