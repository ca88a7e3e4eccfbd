"""A feed folder on disk: a USB stick, a network share, or an extracted bundle.

Why its own module: a folder is read with the same checks as HTTP (caps from signed lengths, hash
while copying, the overall deadline), but none of HTTP's machinery.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sync.deadline import Deadline
from sync.errors import (
    FetchError,
    ManifestTooLargeError,
    NotFoundError,
    PayloadTooLargeError,
    ProtocolFetchError,
    TruncatedPayloadError,
)
from sync.manifest import MANIFEST_NAME, MAX_MANIFEST_BYTES, MAX_SIGNATURE_BYTES, SIGNATURE_NAME
from sync.partial import CHUNK, already_complete, final_path, finish
from sync.source import ManifestFetch, check_relative


class FolderSource:
    """A feed folder on disk: a USB stick, a network share, or an extracted bundle.

    Same checks as HTTP: caps from signed lengths, hash while copying, the deadline (a dying USB
    stick can be as slow as a bad network).
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.location = str(self.root)

    def _file(self, path: str) -> Path:
        candidate = (self.root / check_relative(path)).resolve()
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
        final = final_path(partial_dir, path)
        if already_complete(final, sha256, length):
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
        return finish(part, final, path, hasher, total, sha256, length)
