"""Demo directories for search tests and the judged set: real SQLite files, real Whoosh indexes.

The bundled sample (national hotlines + demo local services) plus, optionally, a seeded synthetic
directory from :mod:`tests.synth`. Ground truth for judging stays inside each record (worry
attributes, ``jp_lgcode`` service areas), so nothing here decides relevance from words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from index.migrations import migrations
from index.model import Layer
from index.regions import RegionMaster
from index.resources import resource_path
from index.search import Searcher
from index.searchindex import SearchIndex
from index.store import Owner, write_records
from index.worries import WorryDictionary


def sample_records() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in ("national.ndjson", "demo-local.ndjson"):
        folder = "demo" if name.startswith("demo") else "sample"
        with resource_path(folder, name).open(encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh if line.strip())
    return out


def open_db(path: Path) -> Database:
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db)
    return db


def load(db: Database, records: Iterable[dict[str, Any]], regions: RegionMaster) -> None:
    owner = Owner(layer=Layer.FEED, source="feed:test", feed="test", feed_version=1)
    with db.atomic():
        write_records(db, ((f"rec{i}", r) for i, r in enumerate(records)), owner, regions)


@dataclass
class Demo:
    db: Database
    index: SearchIndex
    searcher: Searcher
    records: list[dict[str, Any]]


def build(folder: Path, records: list[dict[str, Any]]) -> Demo:
    regions = RegionMaster.load()
    worries = WorryDictionary.load()
    db = open_db(folder / "tsunagi.sqlite3")
    load(db, records, regions)
    index = SearchIndex(db, folder / "index", regions, worries).open()
    return Demo(db, index, Searcher(index), records)
