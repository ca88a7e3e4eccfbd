"""Opening a feed location: an HTTP(S) folder or a local folder, behind one interface.

The readers live in small modules (:mod:`sync.http_source`, :mod:`sync.folder_source`), the
limits in :mod:`sync.deadline`, the partial folder and capped inflating in :mod:`sync.partial`.
This module picks the reader for a location and keeps the names callers have always imported
from here.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from sync.deadline import Deadline, backoff_delay, parse_retry_after, poll_delay
from sync.errors import NotFoundError
from sync.folder_source import FolderSource
from sync.http_source import HttpSource
from sync.partial import decompress_payload, discard_partial
from sync.source import FetchSettings, ManifestFetch, Source

__all__ = [
    "Deadline",
    "FetchSettings",
    "FolderSource",
    "HttpSource",
    "ManifestFetch",
    "Source",
    "backoff_delay",
    "decompress_payload",
    "discard_partial",
    "open_source",
    "parse_retry_after",
    "poll_delay",
]


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
