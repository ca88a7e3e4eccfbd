"""The Whoosh index: derived from SQLite, rebuilt or caught up, never trusted over it.

SQLite is the single point of truth. The index lives in ``<cache>/index/index-<generation>/`` and
SQLite's ``index_state`` table names the live one (keys ``generation``, ``live_folder``,
``schema``). So:

* **Missing, unreadable, or another generation or schema** → rebuild into a *fresh* folder, then
  switch by updating the ``index_state`` rows in one transaction. Nothing is ever renamed onto a
  non-empty folder (that fails on every OS), and a crash mid-build leaves the old generation live.
* **Incremental**: triggers journal every changed service id into ``index_dirty`` inside the
  writer's transaction. :meth:`SearchIndex.catch_up` re-indexes just those services, commits
  Whoosh, and only then deletes the journal rows whose record has not changed again meanwhile
  (compared by ``raw_sha256``): at-least-once, so a crash between the two re-applies, never loses.
* **Locks**: Whoosh raises ``LockError`` at once when another writer holds the lock. We retry for
  a moment and otherwise leave the journal for the next catch-up. The lock is ``fcntl``-based, so a
  killed writer's lock dies with it; a leftover lock file is harmless.
* **Searchers**: ``Searcher.refresh()`` returns stale segments and duplicates in the maintained
  forks, so after each commit a fresh searcher is opened; the old one is closed when the last
  query using it finishes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from whoosh import fields, index
from whoosh.index import LockError
from whoosh.searching import Searcher as WhooshSearcher
from whoosh.writing import IndexWriter, SegmentWriter

from index.analysis import (
    digits_analyzer,
    japanese_analyzer,
    title_analyzer,
)
from index.bulkindex import write_documents
from index.database import write_transaction
from index.filtered import hoist_deletions
from index.helper import Helper, HelperFailed, cores
from index.indexdocs import DocumentSource, _chunks
from index.regions import RegionMaster
from index.worries import WorryDictionary

log = logging.getLogger(__name__)

SCHEMA_ID = "tsunagi-search-12"
"""Bump when the fields or the analysis change: a stored index with another id is rebuilt."""

LOCK_WAIT_S = 2.0
REBUILD_STALE_S = 1800.0
"""A rebuild marker older than this belongs to a builder that died; it is ignored."""
REBUILD_AT = 5000
"""A journal this long (and a quarter of the index) is caught up by a rebuild, not by updates."""
PARALLEL_AT = 20_000
"""From this many services a rebuild uses two processes (on 2+ cores): below it, starting the
helper (~1 s) costs more than its half saves."""


def schema() -> fields.Schema:
    """Fields and why: name/org/place short (unigrams too), terms and body long (bigrams only)."""
    ja_uni = japanese_analyzer(unigrams=True)
    ja = japanese_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=title_analyzer(), phrase=False),
        terms=fields.TEXT(analyzer=ja, phrase=False),
        body=fields.TEXT(analyzer=ja, phrase=False),
        place=fields.TEXT(analyzer=ja_uni, phrase=False),
        phone=fields.TEXT(analyzer=digits_analyzer(), phrase=False),
        worries=fields.KEYWORD(),
        cats=fields.KEYWORD(scorable=True),
        crisis=fields.KEYWORD(),
        name=fields.STORED(),
        phrases=fields.KEYWORD(),
        regions=fields.KEYWORD(stored=True),
        within=fields.KEYWORD(),
        facets=fields.KEYWORD(stored=True),
    )


@dataclass
class _Lease:
    searcher: WhooshSearcher
    users: int = 0
    retired: bool = False


class SearchIndex:
    """One directory's Whoosh index, kept in step with its SQLite database."""

    def __init__(
        self,
        db: Database,
        root: Path,
        regions: RegionMaster,
        worries: WorryDictionary,
        *,
        rebuild_at: int = REBUILD_AT,
        parallel_at: int = PARALLEL_AT,
    ) -> None:
        self.db = db
        self.root = Path(root)
        self.regions = regions
        self.worries = worries
        self.rebuild_at = rebuild_at
        self.parallel_at = parallel_at
        self.outdated = False
        self.read_only = False
        """A read-only data folder: search the index as it is, never write it (a catch-up is
        skipped, so the last changes still in the WAL are shown but not yet searchable)."""
        """True once another writer switched to an index built with another dictionary."""
        self._ix: Any = None
        self._lease: _Lease | None = None
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self.generation = 0

    @property
    def schema_id(self) -> str:
        """The fields' version and the dictionary's phrases: either changing means a rebuild."""
        return f"{SCHEMA_ID}/{self.worries.fingerprint}"

    # --- state in SQLite -------------------------------------------------------------------

    def _state(self) -> dict[str, str]:
        return {k: v for k, v in self.db.execute("SELECT key, value FROM index_state").fetchall()}

    def _dirty(self) -> dict[str, str | None]:
        rows = self.db.execute(
            "SELECT d.service_id, s.raw_sha256 FROM index_dirty d "
            "LEFT JOIN service s ON s.id = d.service_id"
        ).fetchall()
        return {sid: sha for sid, sha in rows}

    def _forget_dirty(self, seen: dict[str, str | None]) -> None:
        """Delete journal rows whose record is still what we indexed (at-least-once)."""
        if not seen:
            return
        now = self._dirty_for(list(seen))
        done = [sid for sid, sha in seen.items() if sid in now and now[sid] == sha]
        with write_transaction(self.db):
            for chunk in _chunks(done, 500):
                marks = ",".join("?" for _ in chunk)
                self.db.execute(f"DELETE FROM index_dirty WHERE service_id IN ({marks})", chunk)

    def _dirty_for(self, ids: Sequence[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" for _ in chunk)
            for sid, sha in self.db.execute(
                "SELECT d.service_id, s.raw_sha256 FROM index_dirty d "
                f"LEFT JOIN service s ON s.id = d.service_id WHERE d.service_id IN ({marks})",
                chunk,
            ).fetchall():
                out[sid] = sha
        return out

    # --- lifecycle ---------------------------------------------------------------------------

    def open(self) -> SearchIndex:
        """Open the live generation, rebuilding it if it is missing, unreadable or outdated."""
        with self._lock:
            state = self._state()
            folder = self.root / state.get("live_folder", "")
            ok = (
                state.get("schema") == self.schema_id
                and bool(state.get("live_folder"))
                and folder.is_dir()
            )
            if ok:
                try:
                    ix = index.open_dir(str(folder))
                    with ix.searcher() as probe:
                        probe.doc_count()
                    self._ix = ix
                    self.generation = int(state.get("generation", "0"))
                    self._new_searcher()
                except Exception as exc:  # unreadable: any error from a damaged index
                    log.warning("search index %s unreadable (%s); rebuilding", folder, exc)
                    ok = False
            if not ok:
                if not state.get("live_folder"):
                    reason = "no search index yet"
                elif state.get("schema") != self.schema_id:
                    reason = "search index made for other fields or another dictionary"
                elif not folder.is_dir():
                    reason = f"search index folder {folder} is missing"
                else:
                    reason = f"search index {folder} is unreadable"
                log.warning("%s; rebuilding it from the database", reason)
                count = self.rebuild()
                log.warning(
                    "search index rebuilt: %d services (generation %d)", count, self.generation
                )
            else:
                self.catch_up()
            return self

    def rebuild(self, *, both_cores: bool = True) -> int:
        """Build a new generation from SQLite into a fresh folder, then switch to it.

        ``both_cores=False`` for work nobody waits for (the compaction after a sync): it leaves
        a core to the window, where a counsellor may be typing meanwhile.
        """
        with self._write_lock:
            self._set_rebuilding(True)
            try:
                return self._rebuild(both_cores)
            finally:
                with contextlib.suppress(sqlite3.Error):  # a full disk must not hide the cause
                    self._set_rebuilding(False)

    def _set_rebuilding(self, on: bool) -> None:
        """Tell other ``SearchIndex`` objects (the window's, other processes) to leave the
        journal alone meanwhile: a change they applied to the old folder and then forgot could
        be missing from the new generation. They search the current generation until the switch
        and catch up on the new one after it."""
        with write_transaction(self.db):
            if on:
                self.db.execute(
                    "INSERT INTO index_state (key, value) VALUES ('rebuilding', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [f"{time.time()} {os.getpid()}"],
                )
            else:
                self.db.execute("DELETE FROM index_state WHERE key = 'rebuilding'")

    def _rebuild_elsewhere(self) -> bool:
        row = self.db.execute("SELECT value FROM index_state WHERE key = 'rebuilding'").fetchone()
        if row is None:
            return False
        try:
            stamp, _sep, pid = str(row[0]).partition(" ")
            started = float(stamp)
        except ValueError:
            return False
        if time.time() - started >= REBUILD_STALE_S:
            return False  # that builder died long ago
        return not pid.isdigit() or _process_alive(int(pid))  # killed: the journal is ours

    def _rebuild(self, both_cores: bool) -> int:
        """Build a new generation into a fresh folder, then switch to it (write lock held)."""
        seen = self._dirty()
        state = self._state()
        gen = max(int(state.get("generation", "0")), self.generation) + 1
        folder = self.root / f"index-{gen}"
        while folder.exists():  # a crashed build's leftovers: never live, safe to skip
            gen += 1
            folder = self.root / f"index-{gen}"
        folder.mkdir(parents=True)
        try:
            ix, count = self._build(folder, both_cores)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        with write_transaction(self.db):
            for key, value in (
                ("generation", str(gen)),
                ("live_folder", folder.name),
                ("schema", self.schema_id),
            ):
                self.db.execute(
                    "INSERT INTO index_state (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [key, value],
                )
        with self._lock:
            self._ix = ix
            self.generation = gen
            self._new_searcher()
        self._forget_dirty(seen)
        self._remove_old_generations(folder.name)
        return count

    def _build(self, folder: Path, both_cores: bool) -> tuple[Any, int]:
        """Write every visible service into the empty ``folder``: in two processes if it pays."""
        if both_cores and cores() >= 2:
            order = self._build_order()
            if len(order) >= self.parallel_at:
                try:
                    return self._build_in_two(folder, order)
                except HelperFailed as exc:
                    log.warning("two-process index build failed (%s); using one process", exc)
                    shutil.rmtree(folder, ignore_errors=True)
                    folder.mkdir(parents=True)
        ix = index.create_in(str(folder), schema())
        writer = ix.writer()
        try:
            count = write_documents(writer, self.documents())
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return ix, count

    def _build_in_two(self, folder: Path, order: list[str]) -> tuple[Any, int]:
        """A helper process writes the first half of ``order`` as one segment, this process the
        second half as another, and one commit lists both (Whoosh's own multi-process writer
        does the same with ``multisegment=True``). Both halves keep the region order, so each
        segment holds the few runs of document numbers that a region filter skips through."""
        ix = index.create_in(str(folder), schema())
        half = len(order) // 2
        with Helper(
            _write_part, self._db_file(), str(folder), self.regions, self.worries, order[:half]
        ) as helper:
            writer = ix.writer()
            try:
                count = write_documents(writer, self.documents(order[half:], keep_order=True))
                first, first_count = helper.result()
                # The helper's segment goes before ours: document numbers follow ``order``.
                writer.commit(mergetype=lambda _writer, segments: [*segments, first])
            except BaseException:
                writer.cancel()
                raise
        return ix, first_count + count

    def _build_order(self) -> list[str]:
        """Every service id in the order documents go into a fresh index (see ``_region_order``).

        One read: the helper is then handed ids, so a service changed during the build is at
        worst written twice or missed in one half, and its journal row repairs that afterwards.
        """
        areas: dict[str, list[str]] = {}
        for sid, code in self.db.execute("SELECT service_id, lgcode FROM service_region"):
            areas.setdefault(sid, []).append(code)
        ids = [sid for (sid,) in self.db.execute("SELECT id FROM service ORDER BY rowid")]
        ids.sort(key=lambda sid: self._region_order(areas.get(sid, [])))
        return ids

    def _db_file(self) -> str:
        for _seq, name, file in self.db.execute("PRAGMA database_list"):
            if name == "main" and file:
                return str(file)
        raise HelperFailed("the database is in memory: a helper process cannot read it")

    def catch_up(self, wait_s: float = LOCK_WAIT_S) -> int:
        """Re-index the services the journal names; returns how many, or -1 if locked out.

        A journal naming a large part of the directory (a first sync, a big import) is cheaper
        as a fresh generation: the bulk writer is ~10× faster per service than Whoosh's
        ``add_document``, and the old generation stays live until the new one is complete.
        """
        if self.read_only:
            return 0
        self._follow_generation()
        with self._write_lock:
            if self._ix is None:
                return -1
            seen = self._dirty()
            if not seen:
                return 0
            if self._rebuild_elsewhere():
                log.info("search index being rebuilt elsewhere; journal kept for after the switch")
                return -1
            if len(seen) < max(self.rebuild_at, self._doc_count() // 4):
                return self._update(seen, wait_s)
        self.rebuild()
        return len(seen)

    def _update(self, seen: dict[str, str | None], wait_s: float) -> int:
        """Delete and re-add the journal's services in the live generation (write lock held)."""
        writer = self._writer(wait_s)
        if writer is None:
            return -1
        try:
            docs = {d["id"]: d for d in self.documents(list(seen))}
            for sid in seen:
                writer.delete_by_term("id", sid)
                doc = docs.get(sid)
                if doc is not None:
                    writer.add_document(**doc)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        with self._lock:
            self._new_searcher()
        self._forget_dirty(seen)
        return len(seen)

    def _doc_count(self) -> int:
        with self._lock:
            lease = self._lease
            return int(lease.searcher.doc_count()) if lease is not None else 0

    def _writer(self, wait_s: float) -> IndexWriter | None:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                writer: IndexWriter = self._ix.writer()
                return writer
            except LockError:
                if time.monotonic() >= deadline:
                    log.info("search index locked by another writer; journal kept for later")
                    return None
                time.sleep(0.05)

    def _remove_old_generations(self, live: str) -> None:
        for old in self.root.glob("index-*"):
            if old.name != live and old.is_dir():
                # On Windows an open searcher keeps files busy; the next switch retries.
                shutil.rmtree(old, ignore_errors=True)

    # --- searchers ---------------------------------------------------------------------------

    def _new_searcher(self) -> None:
        old = self._lease
        searcher = self._ix.searcher()
        hoist_deletions(searcher)  # every search then goes through index.filtered.Filtered
        self._lease = _Lease(searcher)
        if old is not None:
            old.retired = True
            if old.users == 0:
                old.searcher.close()  # type: ignore[no-untyped-call]

    def follow(self) -> None:
        """Switch to what another writer made live (see :meth:`_follow_generation`)."""
        self._follow_generation()

    def _follow_generation(self) -> None:
        """Switch to the live generation if another writer made a new one.

        The window's sync runner and ``tsunagi sync`` in another process rebuild and compact
        with their own ``SearchIndex``; SQLite's ``index_state`` says which folder is live, so
        one cheap read per search keeps every reader on it.
        """
        if self._ix is None:
            return
        row = self.db.execute("SELECT value FROM index_state WHERE key = 'generation'").fetchone()
        if row is None or int(row[0]) == self.generation:
            with self._lock:
                lease = self._lease
                # Same folder, but another writer may have committed to it (a catch-up).
                if lease is not None and not lease.searcher.up_to_date():  # type: ignore[no-untyped-call]
                    self._new_searcher()
            return
        state = self._state()
        folder = self.root / state.get("live_folder", "")
        if state.get("schema") != self.schema_id or not state.get("live_folder"):
            # Made for other fields or another dictionary (a feed shipped a new one): this
            # object's dictionary is outdated; the owner reopens (desktop.search_backend).
            self.outdated = True
            return
        try:
            ix = index.open_dir(str(folder))
        except Exception as exc:  # removed or damaged meanwhile: keep the one we have
            log.info("could not follow search index generation %s (%s)", row[0], exc)
            return
        with self._lock:
            self._ix = ix
            self.generation = int(row[0])
            self._new_searcher()

    def compact(self) -> bool:
        """Rebuild if updates left deleted documents or several segments behind.

        Whoosh keeps a replaced or removed service as a deleted document until its segment is
        rewritten, and every search then pays for skipping them (~25 % on broad queries after a
        500-service update at 100k). A fresh generation from the bulk writer is the cheap
        rewrite; the caller runs this in the background after a sync.
        """
        with self._lock:
            if self._lease is None or self._ix is None:
                return False
            # A fresh generation is one commit (TOC generation 1) of one or two segments; any
            # later commit added a segment, deleted documents, or both.
            if self._ix.latest_generation() <= 1:
                return False
        self.rebuild(both_cores=False)
        return True

    @contextmanager
    def searcher(self) -> Iterator[WhooshSearcher]:
        """The current searcher, kept open while the caller uses it even if a commit lands."""
        self._follow_generation()
        with self._lock:
            if self._lease is None:
                raise RuntimeError("search index is not open")
            lease = self._lease
            lease.users += 1
        try:
            yield lease.searcher
        finally:
            with self._lock:
                lease.users -= 1
                if lease.retired and lease.users == 0:
                    lease.searcher.close()  # type: ignore[no-untyped-call]

    def close(self) -> None:
        with self._lock:
            if self._lease is not None:
                self._lease.retired = True
                if self._lease.users == 0:
                    self._lease.searcher.close()  # type: ignore[no-untyped-call]
                self._lease = None
            self._ix = None

    # --- documents ---------------------------------------------------------------------------
    # --- documents ---------------------------------------------------------------------------

    def documents(
        self, ids: Sequence[str] | None = None, *, keep_order: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Whoosh documents for the visible services (``index.indexdocs``)."""
        return DocumentSource(self.db, self.regions, self.worries).documents(
            ids, keep_order=keep_order
        )

    def _region_order(self, codes: list[str]) -> tuple[int, str]:
        return DocumentSource(self.db, self.regions, self.worries)._region_order(codes)


def _write_part(
    db_file: str, folder: str, regions: RegionMaster, worries: WorryDictionary, ids: list[str]
) -> tuple[Any, int]:
    """In the helper process: ``ids`` as one finished, uncommitted segment of ``folder``'s index.

    Unlocked, like the sub-writers of Whoosh's ``MpWriter``: the parent holds the index's lock
    and commits the returned segment with its own.
    """
    db = Database(sqlite3.connect(f"{Path(db_file).as_uri()}?mode=ro", uri=True))
    try:
        source = SearchIndex(db, Path(folder).parent, regions, worries)
        writer = SegmentWriter(index.open_dir(folder), _lk=False)  # type: ignore[no-untyped-call]
        count = write_documents(writer, source.documents(ids, keep_order=True))
        # Not ``_finish()``: that would delete the temporary folder the parent's writer shares.
        segment = writer._finalize_segment()  # type: ignore[no-untyped-call]
        return segment, count
    finally:
        db.close()


def _process_alive(pid: int) -> bool:
    """Whether the process that marked a rebuild still runs (a killed builder's mark is void)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # no safe probe without psutil; the marker's age decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
