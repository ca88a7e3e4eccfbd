"""Fixtures for the hardening suite: one seeded directory per module, because Hypothesis examples
must be cheap (opening and seeding a directory costs about a second)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.directory import Directory
from index.paths import AppPaths, app_paths


@pytest.fixture(scope="module")
def module_paths(tmp_path_factory: pytest.TempPathFactory) -> AppPaths:
    return app_paths(tmp_path_factory.mktemp("hardening") / "data")


@pytest.fixture(scope="module")
def shared_dir(module_paths: AppPaths) -> Iterator[Directory]:
    """A seeded directory shared by a module's tests (each test leaves it as it found it)."""
    directory = Directory.open(module_paths)
    yield directory
    directory.close()


@pytest.fixture
def some_service(shared_dir: Directory) -> str:
    row = shared_dir.db.execute("SELECT id FROM service ORDER BY id LIMIT 1").fetchone()
    return str(row[0])
