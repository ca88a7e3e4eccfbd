"""Fixtures for sync tests: loopback-only HTTP servers."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 only (the project never touches any other address)."""
    return ("127.0.0.1", 0)
