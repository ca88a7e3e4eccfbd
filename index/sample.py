"""What a brand-new directory is seeded with, so the app is useful offline from the first second."""

from __future__ import annotations

import os
from pathlib import Path

from index.resources import resource_path
from index.store import SAMPLE_FEED

__all__ = ["SAMPLE_ENV", "SAMPLE_FEED", "sample_files"]

SAMPLE_ENV = "TSUNAGI_SAMPLE"
"""Files to seed instead of ``resources/sample/`` (os.pathsep-separated): the test suite seeds the
small national + 【デモ】 set, since the real starter directory takes seconds to load."""


def sample_files() -> list[Path]:
    """What a brand-new directory is seeded with: the national lines and the real starter directory
    (くらし支援ナビ, ``resources/sample/*.ndjson.gz``); the fictional 【デモ】 services are not."""
    chosen = os.environ.get(SAMPLE_ENV)
    if chosen:
        return [Path(p) for p in chosen.split(os.pathsep) if p]
    sample_dir = resource_path("sample")
    if not sample_dir.exists():
        return []
    return sorted([*sample_dir.glob("*.ndjson"), *sample_dir.glob("*.ndjson.gz")])
