"""What a feed location is: the :class:`Source` interface, its settings and the manifest result.

Why its own module: HTTP hosts and local folders (USB, extracted bundles) are read through the
same three calls, so the sync never cares where a feed lives; both readers import this.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

import index
from sync.deadline import Deadline
from sync.errors import ProtocolFetchError


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


def check_relative(path: str) -> PurePosixPath:
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
