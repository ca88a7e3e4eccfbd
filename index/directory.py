"""The local directory as one object: the database, the region master, and what they can do.

Both the ``tsunagi`` command line and the window open a :class:`Directory`. Opening is careful
because an office's notes live here:

* a database from a **newer** tsunagi is refused, never downgraded;
* a database from an **older** one is copied to a timestamped backup, then migrated; a failed
  migration restores the backup and says so (the last three backups are kept);
* ``PRAGMA quick_check`` runs first; a damaged file is refused for writing, never silently
  replaced by an empty one;
* a brand-new, empty folder is seeded from the bundled sample feed so the app is useful offline
  from the first second.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from index import holdings, notes
from index.backups import backup_database, list_backups, restore_file
from index.crisis import item_warnings, record_warnings
from index.database import (
    DiskFull,
    LinkedDatabase,
    check_not_linked,
    connect,
    disk_full_message,
    is_disk_full,
    open_read_only,
    write_transaction,
)
from index.directory_errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    DirectoryError,
    ImportRefused,
    MigrationFailed,
    ReadOnlyDirectory,
)
from index.migrations import migrations
from index.model import ImportReport, Layer, Problem, SearchQuery, SearchResult
from index.paths import AppPaths
from index.readers import Item, read_path
from index.regions import RegionMaster
from index.sample import SAMPLE_ENV, SAMPLE_FEED, sample_files
from index.store import Owner, delete_services, iter_records, write_records
from index.validate import check_files, validate_record

if TYPE_CHECKING:
    from index.searchsession import SearchSession

DAILY_BACKUP_SECONDS = 24 * 3600

__all__ = [
    "SAMPLE_ENV",
    "SAMPLE_FEED",
    "DatabaseCorrupt",
    "DatabaseTooNew",
    "Directory",
    "DirectoryError",
    "ImportRefused",
    "MigrationFailed",
    "ReadOnlyDirectory",
    "backup_database",
    "connect",
    "list_backups",
    "restore_file",
    "sample_files",
    "write_transaction",
]


def known_migrations() -> list[str]:
    return [m.name for m in migrations._migrations]


class Directory:
    """An open local directory. Use :meth:`open`; close it when done."""

    def __init__(
        self, db: Database, paths: AppPaths, regions: RegionMaster, *, read_only: bool = False
    ) -> None:
        self.db = db
        self.paths = paths
        self.regions = regions
        self.read_only = read_only
        self.read_only_reason = _read_only_message(paths) if read_only else ""
        """Why nothing can be saved, in Japanese (a read-only folder, a full disk)."""
        self._scratch: Path | None = None  # a read-only open's private copy (removed on close)
        self._backup_thread: threading.Thread | None = None

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, paths: AppPaths, *, seed: bool = True, check: bool = True) -> Directory:
        try:
            check_not_linked(paths.database)  # a dangling link made a database outside the folder
        except LinkedDatabase as exc:
            raise DirectoryError(str(exc)) from exc
        existed = paths.database.exists()
        if existed and paths.database.stat().st_size == 0 and list_backups(paths):
            # A copy tool or a crash left an empty file: starting afresh would silently drop
            # every note while backups exist.
            raise DatabaseCorrupt(
                f"the database {paths.database} is empty, but backups exist in {paths.backups}; "
                "run `tsunagi restore-backup`, or delete the empty file to start afresh."
            )
        existed = existed and paths.database.stat().st_size > 0
        if existed and not _writable(paths):
            return cls._open_read_only(paths, check)
        try:
            paths.ensure()
        except OSError as exc:
            blocker = next(
                (p for p in (paths.data, paths.config, paths.cache) if p.is_file()), None
            )
            if blocker is not None:
                raise DirectoryError(
                    f"{blocker} is a file, not a folder; choose another data folder with --data-dir."
                ) from exc
            if is_disk_full(exc, paths.data):
                raise DirectoryError(disk_full_message(paths.data)) from exc
            raise ReadOnlyDirectory(
                f"the data folder {paths.data} cannot be written ({exc.strerror or exc}); "
                "choose another with --data-dir, or fix its permissions."
            ) from exc
        try:
            db = connect(paths.database)
        except sqlite3.DatabaseError as exc:
            if existed and is_disk_full(exc, paths.data):
                return cls._open_read_only(paths, check, full=True)
            raise _unreadable(paths, exc) from exc
        try:
            if check and existed:
                result = db.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise DatabaseCorrupt(
                        f"the database {paths.database} is damaged ({result}); tsunagi will not "
                        f"write to it. Restore a backup from {paths.backups} "
                        "(`tsunagi restore-backup`), or move the file away to start afresh."
                    )
            cls._migrate(db, paths, existed)
        except sqlite3.DatabaseError as exc:
            db.close()
            if existed and is_disk_full(exc, paths.data):
                return cls._open_read_only(paths, check, full=True)
            raise _unreadable(paths, exc) from exc
        except BaseException:
            db.close()
            raise
        directory = cls(db, paths, RegionMaster.load())
        try:
            if seed:
                directory.seed_if_new()
        except DiskFull as exc:
            directory.close()
            raise DirectoryError(f"cannot create the directory in {paths.data}: {exc}") from exc
        if existed:
            directory._start_daily_backup()
        return directory

    @classmethod
    def _open_read_only(cls, paths: AppPaths, check: bool, *, full: bool = False) -> Directory:
        """Open for reading only: a read-only folder, or a disk too full to open for writing.

        The commits still in the WAL are read (``index.database.open_read_only``); if even the
        private copy cannot be made, the file alone is read and the reason says so.
        """
        scratch: Path | None = None
        partial = False
        try:
            try:
                db, scratch = open_read_only(paths.database)
            except OSError:
                db, partial = connect(paths.database, read_only=True), True
            if check and db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            if migrations.pending(db):
                db.close()
                raise ReadOnlyDirectory(
                    f"the data folder {paths.data} is read-only and its database needs an "
                    "upgrade; copy it somewhere writable and use --data-dir."
                )
        except sqlite3.DatabaseError as exc:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
            if full:
                raise DirectoryError(disk_full_message(paths.data)) from exc
            raise _unreadable(paths, exc) from exc
        directory = cls(db, paths, RegionMaster.load(), read_only=True)
        directory._scratch = scratch
        if full:
            directory.read_only_reason = disk_full_message(paths.data) + (
                " いまは表示と検索だけができます。"
            )
        if partial:
            directory.read_only_reason += " 一時フォルダーにも書けないため、最後の変更の一部が表示されていないことがあります。"
        return directory

    @staticmethod
    def _migrate(db: Database, paths: AppPaths, existed: bool) -> None:
        applied = [m.name for m in migrations.applied(db)]
        unknown = [name for name in applied if name not in known_migrations()]
        if unknown:
            raise DatabaseTooNew(
                f"the database {paths.database} was made by a newer tsunagi (it has schema step "
                f"{unknown[-1]!r}); refusing to open it. Install the newer version, or use another "
                "--data-dir."
            )
        if not migrations.pending(db):
            return
        backup = backup_database(db, paths, reason="pre-migration") if existed and applied else None
        try:
            migrations.apply(db)
        except Exception as exc:
            if backup is None:
                raise MigrationFailed(f"creating the database failed: {exc}") from exc
            db.conn.close()
            restore_file(backup, paths.database)
            raise MigrationFailed(
                f"upgrading the database failed ({exc}); the backup {backup.name} was restored, "
                "your data is as it was before the upgrade."
            ) from exc

    def close(self) -> None:
        if self._backup_thread is not None:
            self._backup_thread.join()
        self.db.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    # --- searching ----------------------------------------------------------------------------------

    def search_session(self) -> SearchSession:
        """The window's search over this directory (index.searchsession): call its ``search``
        on the database worker, ``close`` it when done."""
        from index.searchsession import SearchSession

        return SearchSession(self)

    def sql_search(self, query: SearchQuery) -> SearchResult:
        """The plain SQL search, for when the Whoosh index cannot answer (index.sqlsearch)."""
        from index.sqlsearch import sql_search

        return sql_search(self.db, self.regions, query)

    # --- writing ------------------------------------------------------------------------------------

    def writing(self) -> Any:
        """A write transaction (``BEGIN IMMEDIATE``); refused at once when opened read-only."""
        if self.read_only:
            raise ReadOnlyDirectory(self.read_only_reason or _read_only_message(self.paths))
        return write_transaction(self.db)

    def _start_daily_backup(self) -> None:
        """Keep a recent copy to restore, taken off the caller's thread at most once a day.

        Only migrations used to back up, so an office that never upgraded had nothing to restore
        after a power cut damaged its database (found by the hardening suite).
        """
        newest = list_backups(self.paths)[-1:] or None
        if newest and time.time() - newest[0].stat().st_mtime < DAILY_BACKUP_SECONDS:
            return

        def run() -> None:
            try:
                source = connect(self.paths.database)
                try:
                    backup_database(source, self.paths, reason="daily")
                finally:
                    source.close()
            except (OSError, sqlite3.Error):
                pass  # a missed backup must never stop the counsellor; tomorrow tries again

        self._backup_thread = threading.Thread(target=run, name="tsunagi-daily-backup")
        self._backup_thread.start()

    def __enter__(self) -> Directory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- seeding ----------------------------------------------------------------------------------

    def seed_if_new(self) -> int:
        """Load the bundled sample feed into a brand-new directory; return how many records."""
        if self.get_setting("seeded") is not None:
            return 0
        if self.db.execute("SELECT count(*) FROM service").fetchone()[0]:
            self.set_setting("seeded", "existing-data")
            return 0
        files = sample_files()
        items = [item for path in files for item in read_path(path)]
        good = [
            (item.where, item.record)
            for item in items
            if item.record is not None
            and not validate_record(item.record, item.where, self.regions)
        ]
        owner = Owner(Layer.FEED, source="bundled:sample", feed=SAMPLE_FEED, feed_version=0)
        with self.writing():
            report = write_records(self.db, good, owner, self.regions)
            self._set_setting_raw("seeded", json.dumps("sample"))
        return report.loaded

    # --- import / export --------------------------------------------------------------------------

    def check_files(
        self, files: Sequence[Path], warnings: list[Problem] | None = None, *, lenient: bool = False
    ) -> tuple[list[Item], list[Problem]]:
        """Read and validate files without writing anything (``warnings``: what is kept but
        not fully shown, such as an unknown worry code; ``lenient``: third-party shapes repaired,
        each repair a warning)."""
        return check_files(files, self.regions, warnings, lenient=lenient)

    def import_files(
        self, files: Sequence[Path], *, skip_invalid: bool = False, lenient: bool = False
    ) -> ImportReport:
        """Load records into the **local layer**: all or nothing, unless ``skip_invalid``;
        ``lenient`` repairs third-party HSDS shapes first (:mod:`index.lenient`)."""
        warnings: list[Problem] = []
        good, problems = self.check_files(files, warnings, lenient=lenient)
        report = ImportReport(problems=list(problems), warnings=warnings)
        if problems and not skip_invalid:
            raise ImportRefused(report)
        source = "file:" + ", ".join(str(f) for f in files)
        owner = Owner(Layer.LOCAL, source=source[:500])
        records = [(item.where, item.record) for item in good if item.record is not None]
        with self.writing():
            write_records(self.db, records, owner, self.regions, report)
            if report.problems and not skip_invalid:
                raise ImportRefused(report)  # an id clash found while writing: roll back
        report.warnings.extend(item_warnings(good))
        return report

    def save_local(self, record: dict[str, Any]) -> ImportReport:
        """Create or update one of the office's own resources (the window's form)."""
        problems = validate_record(record, "local resource", self.regions)
        report = ImportReport(problems=problems)
        if problems:
            raise ImportRefused(report)
        report.warnings.extend(
            Problem("local resource", "name", str(w)) for w in record_warnings(record)
        )
        with self.writing():
            write_records(
                self.db,
                [("local resource", record)],
                Owner(Layer.LOCAL, "app"),
                self.regions,
                report,
            )
            if report.problems:
                raise ImportRefused(report)
        return report

    def delete_local(self, service_id: str) -> bool:
        with self.writing():
            return delete_services(self.db, [service_id], Owner(Layer.LOCAL, "app")) > 0

    def remove_sample(self) -> int:
        """Remove the bundled sample (national hotlines and 【デモ】 services) once real feeds arrive.

        Notes on its services stay, as they do for any feed.
        """
        with self.writing():
            return int(
                self.db.execute(
                    "DELETE FROM service WHERE layer = 'feed' AND feed = ?", [SAMPLE_FEED]
                ).rowcount
            )

    def demo_count(self) -> int:
        """How many fictional 【デモ】 services an older first start seeded (offer their removal)."""
        row = self.db.execute(
            "SELECT count(*) FROM service WHERE layer = 'feed' AND feed = ? AND demo = 1",
            [SAMPLE_FEED],
        ).fetchone()
        return int(row[0])

    def remove_demo(self) -> int:
        """Remove the fictional 【デモ】 services of the bundled sample, keeping its real records."""
        with self.writing():
            return int(
                self.db.execute(
                    "DELETE FROM service WHERE layer = 'feed' AND feed = ? AND demo = 1",
                    [SAMPLE_FEED],
                ).rowcount
            )

    def export(self, layer: str = "all") -> Iterator[dict[str, Any]]:
        return iter_records(self.db, layer)

    # --- reading ----------------------------------------------------------------------------------

    def record(self, service_id: str) -> dict[str, Any] | None:
        if not _encodable(service_id):
            return None
        row = self.db.execute("SELECT raw_json FROM service WHERE id = ?", [service_id]).fetchone()
        return json.loads(row[0]) if row else None

    def service_row(self, service_id: str) -> dict[str, Any] | None:
        if not _encodable(service_id):
            return None
        cur = self.db.execute("SELECT * FROM service WHERE id = ?", [service_id])
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def details(self, service_id: str) -> dict[str, Any] | None:
        """The record plus what tsunagi knows about it (``show --json``; index/details.py)."""
        from index.details import service_details

        return service_details(self, service_id)

    def unresolved(self) -> list[tuple[str, str, str]]:
        return [
            (sid, name, reason)
            for sid, name, reason in self.db.execute(
                "SELECT u.service_id, s.name, u.reason FROM unresolved_region u "
                "JOIN service s ON s.id = u.service_id ORDER BY s.name"
            )
        ]

    # --- what is held (read-only summaries: index/holdings.py) ----------------------------------

    def feed_states(self) -> list[holdings.FeedState]:
        return holdings.feed_states(self.db)

    def services_by_feed(self) -> list[holdings.LayerCount]:
        return holdings.services_by_feed(self.db)

    def feed_service_count(self, feed: str) -> int:
        return holdings.feed_service_count(self.db, feed)

    def quick_check(self) -> str:
        return holdings.quick_check(self.db)

    # --- local layer: notes, favourites, settings --------------------------------------------------

    def note(self, service_id: str) -> str:
        if not _encodable(service_id):
            return ""
        row = self.db.execute("SELECT body FROM note WHERE service_id = ?", [service_id]).fetchone()
        return str(row[0]) if row else ""

    def set_note(self, service_id: str, body: str) -> None:
        """Save (or, when empty, delete) the office's note on a service, at once and durably."""
        _check_text(body, "the note")
        with self.writing():
            if body.strip():
                now = datetime.now(UTC).isoformat(timespec="seconds")
                self.db.execute(
                    "INSERT INTO note (service_id, body, updated_at, created_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (service_id) DO UPDATE SET body = excluded.body, "
                    "updated_at = excluded.updated_at",
                    [service_id, body, now, now],
                )
            else:
                self.db.execute("DELETE FROM note WHERE service_id = ?", [service_id])

    def note_search(self, query: SearchQuery) -> SearchResult:
        """Services whose office note holds every typed word (index.notes)."""
        return notes.note_search(self.db, self.regions, query)

    def noted_ids(self, service_ids: Sequence[str]) -> set[str]:
        return notes.noted_ids(self.db, [s for s in service_ids if _encodable(s)])

    def orphaned_notes(self) -> list[str]:
        """Notes whose service is no longer in any feed or the local layer."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT service_id FROM note WHERE service_id NOT IN (SELECT id FROM service)"
            )
        ]

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        _check_text(json.dumps(value, ensure_ascii=False), f"the setting {key!r}")
        with self.writing():
            self._set_setting_raw(key, json.dumps(value, ensure_ascii=False))

    def _set_setting_raw(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def _encodable(text: str) -> bool:
    """False for text SQLite cannot store (lone surrogates from undecodable command-line bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_text(text: str, what: str) -> None:
    if not _encodable(text):
        raise DirectoryError(
            f"{what} contains broken text (an unpaired surrogate); it was not saved"
        )


def _read_only_message(paths: AppPaths) -> str:
    return (
        f"データフォルダー {paths.data} は読み取り専用です（read-only）。表示と検索はできますが、"
        "メモ・登録・同期は保存できません。書き込めるフォルダーを --data-dir で選ぶか、"
        "フォルダーの権限を直してください。"
    )


def _writable(paths: AppPaths) -> bool:
    return os.access(paths.data, os.W_OK) and os.access(paths.database, os.W_OK)


def _unreadable(paths: AppPaths, exc: Exception) -> DirectoryError:
    if not _writable(paths):
        return ReadOnlyDirectory(
            f"the data folder {paths.data} is read-only ({exc}); nothing can be saved there. "
            "Choose another with --data-dir, or fix its permissions."
        )
    return DatabaseCorrupt(
        f"the database {paths.database} cannot be read ({exc}); tsunagi will not write to it. "
        f"Restore a backup from {paths.backups} (`tsunagi restore-backup`)."
    )
