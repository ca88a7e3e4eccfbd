"""One open directory's search, as the window uses it: fresh, following, never empty-handed.

Moved from ``desktop/search_backend.py`` (issue 18): how fresh the index must be before a
search is the index's decision, not the window's. Before each search the session follows a
generation another writer switched to, reopens an index built with another worry dictionary,
and catches up with writes journaled since (a local resource just saved is then found). If the
Whoosh search cannot be imported (a build without it), the plain SQL search answers
(``index.sqlsearch``). Runs on the window's database worker, never on the GUI thread; reach it
through :meth:`index.directory.Directory.search_session`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.model import SearchQuery, SearchResult
from index.sqlsearch import sql_search

if TYPE_CHECKING:
    from index.directory import Directory


class SearchSession:
    """The window's searcher over one open directory; used only on the database worker.

    The Whoosh index is opened (and caught up, or rebuilt) on the first search, so the window
    appears before that work and the GUI thread never does it.
    """

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self._searcher: Any = None
        self._available = True

    def search(self, query: SearchQuery) -> SearchResult:
        """Search with index.search when it is importable, else with the SQL search."""
        searcher = self._open()
        if searcher is None:
            return sql_search(self.directory.db, self.directory.regions, query)
        searcher.index.follow()
        if searcher.index.outdated:
            # A sync brought a new worry dictionary and the runner rebuilt the index with it.
            self.close()
            searcher = self._open()
        if self.directory.db.execute("SELECT 1 FROM index_dirty LIMIT 1").fetchone():
            searcher.index.catch_up()
        result: SearchResult = searcher.search(query)
        return result

    def _open(self) -> Any:
        if self._searcher is None and self._available:
            try:
                from index.search import Searcher
            except ImportError:
                self._available = False
                return None
            try:
                self._searcher = Searcher(self.directory)
            except Exception:
                if not self.directory.read_only:
                    raise
                # A read-only folder without a usable index cannot build one: search by SQL.
                self._available = False
                return None
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.index.close()
            self._searcher = None
