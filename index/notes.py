"""The office's notes as something to find: which services have one, which notes match a query.

Notes are local knowledge (never synced, never in the Whoosh index, which is derived from feed
data); the window merges the services they find into its results and marks noted services.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from index.model import SearchQuery, SearchResult
from index.regions import RegionMaster
from index.sqlsearch import sql_search

CHUNK = 500


def note_search(db: Database, regions: RegionMaster, query: SearchQuery) -> SearchResult:
    """Services whose note holds every typed word, with the query's region and filters."""
    return sql_search(db, regions, query, notes=True)


def noted_ids(db: Database, service_ids: Sequence[str]) -> set[str]:
    """Which of ``service_ids`` carry a note."""
    found: set[str] = set()
    for start in range(0, len(service_ids), CHUNK):
        chunk = list(service_ids[start : start + CHUNK])
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(f"SELECT service_id FROM note WHERE service_id IN ({marks})", chunk)
        found.update(str(r[0]) for r in rows)
    return found
