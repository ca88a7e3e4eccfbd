"""The window's names for search; the logic lives in index/ (``index.searchsession``,
``index.sqlsearch``) and is reached through :class:`index.directory.Directory`."""

from __future__ import annotations

from index.directory import Directory
from index.model import SearchQuery, SearchResult
from index.searchsession import SearchSession

SearchBackend = SearchSession
"""Kept for code that still says ``SearchBackend(directory)``; new code uses
``directory.search_session()``."""


def run_search(directory: Directory, query: SearchQuery) -> SearchResult:
    """One search, opening and closing the index (the window keeps a session instead)."""
    session = directory.search_session()
    try:
        return session.search(query)
    finally:
        session.close()


def fallback_search(directory: Directory, query: SearchQuery) -> SearchResult:
    """The plain SQL search (``Directory.sql_search``)."""
    return directory.sql_search(query)
