"""Shared fixtures: a real data folder per test, and deterministic Hypothesis settings.

Qt runs offscreen in tests; the variable is set here, before any test module imports PySide6.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile(
    "tsunagi",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("tsunagi")

REPO = Path(__file__).resolve().parent.parent
HSDS_EXAMPLES = REPO / "tests" / "fixtures" / "hsds"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder that every tsunagi entry point in this test uses."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TSUNAGI_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def paths(data_dir: Path):  # type: ignore[no-untyped-def]
    from index.paths import app_paths

    return app_paths(data_dir)


@pytest.fixture
def directory(paths):  # type: ignore[no-untyped-def]
    """An open directory on a fresh folder, seeded from the bundled sample (as a first run is)."""
    from index.directory import Directory

    d = Directory.open(paths)
    yield d
    d.close()


@pytest.fixture
def empty_directory(paths) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """An open directory with nothing in it (no sample seeding)."""
    from index.directory import Directory

    d = Directory.open(paths, seed=False)
    yield d
    d.close()
