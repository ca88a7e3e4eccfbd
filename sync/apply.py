"""One sync of one feed, end to end: fetch, verify, check every record, apply atomically.

Why this order (``sync/PROTOCOL.md``, "Client steps"): a feed carries crisis phone numbers, so
nothing touches the database until the manifest's signature, version, expiry, the payload's hashes
and lengths, and every record have passed (:mod:`sync.check`). Then the whole change is one SQLite
transaction (:mod:`sync.commit`) that also recomputes the feed's content digest and stores the new
version and manifest: a crash, a full disk or a digest mismatch leaves the previous version
entirely in place. The feed rows live in :mod:`sync.feeds`; this module also keeps the names
callers have always imported from here.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from index.crisis import crisis_report
from index.database import write_transaction
from index.paths import AppPaths
from index.regions import RegionMaster
from sync.bundle import opened_bundle
from sync.check import CHECK_APART_AT, MAX_LINE_BYTES, Check, check_payload
from sync.commit import apply_guarded, fetch_worries
from sync.errors import (
    ConflictingIdError,
    DatabaseWriteError,
    DigestMismatchError,
    FeedNotFoundError,
    PayloadInvalidError,
    RecordCountMismatchError,
    SyncError,
)
from sync.feeds import (
    FEED_NAME,
    FeedRow,
    TrustedKeys,
    add_feed,
    feed_digest,
    get_feed,
    list_feeds,
    parse_trusted_keys,
    remove_feed,
    trusted_keys_text,
)
from sync.fetch import (
    Deadline,
    FetchSettings,
    FolderSource,
    Source,
    decompress_payload,
    discard_partial,
    open_source,
)
from sync.keys import walk_rotation
from sync.manifest import Payload, verify_manifest
from sync.minisign import Signature
from sync.outcome import Progress, Reindexer, SyncOutcome, no_progress

_Check = Check  # the name tests have always used

__all__ = [
    "CHECK_APART_AT",
    "FEED_NAME",
    "MAX_LINE_BYTES",
    "ConflictingIdError",
    "DatabaseWriteError",
    "DigestMismatchError",
    "FeedNotFoundError",
    "FeedRow",
    "PayloadInvalidError",
    "Progress",
    "RecordCountMismatchError",
    "Reindexer",
    "SyncOutcome",
    "TrustedKeys",
    "add_feed",
    "check_payload",
    "feed_digest",
    "get_feed",
    "list_feeds",
    "open_location",
    "parse_trusted_keys",
    "remove_feed",
    "sync_feed",
    "trusted_keys_text",
]

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


# --- where a sync reads from --------------------------------------------------------------------


@contextlib.contextmanager
def open_location(
    location: str, paths: AppPaths, settings: FetchSettings | None = None
) -> Iterator[Source]:
    """``tsunagi sync --from PATH_OR_URL``: a URL, a feed folder, or a ``.tsunagi`` bundle.

    A bundle is checked and extracted into a temporary folder under the data folder
    (:mod:`sync.bundle`), which is removed again when the ``with`` block ends.
    """
    if location.startswith(("http://", "https://")):
        yield open_source(location, settings)
        return
    path = Path(location).expanduser()
    if path.is_file():
        with opened_bundle(path, paths.data / "bundles") as folder:
            yield FolderSource(folder)
        return
    yield open_source(str(path), settings)


def sync_feed(
    db: Database,
    paths: AppPaths,
    regions: RegionMaster,
    name: str,
    *,
    source: Source | None = None,
    settings: FetchSettings | None = None,
    now: datetime | None = None,
    progress: Progress = no_progress,
    reindex: Reindexer | None = None,
    client_version: str | None = None,
    check_apart_at: int = CHECK_APART_AT,
) -> SyncOutcome:
    """Sync one feed from its URL (or from ``source``: a folder or an extracted bundle).

    Raises a :class:`SyncError` subclass on any refusal, after recording it in ``feed.last_error``;
    the feed's services, version and the office's own data are then exactly as before.
    """
    start = now or _now()  # recorded once; every check uses it
    row = get_feed(db, name)
    settings = settings or FetchSettings()
    deadline = Deadline(settings.deadline)
    try:
        outcome = _sync(
            db,
            paths,
            regions,
            row,
            source,
            settings,
            deadline,
            start,
            progress,
            client_version,
            check_apart_at,
        )
    except SyncError as exc:
        log.warning("sync of feed %s refused: %s", name, exc)
        with contextlib.suppress(sqlite3.DatabaseError):  # a full disk must not hide the reason
            _record_attempt(db, name, start, error=str(exc))
        raise
    if reindex is not None:
        progress("index", 0.95)
        reindex.catch_up()
    progress("done", 1.0)
    return outcome


def _record_attempt(db: Database, name: str, start: datetime, error: str | None) -> None:
    with write_transaction(db):
        if error is None:
            db.execute(
                "UPDATE feed SET last_attempt = ?, last_success = ?, last_error = NULL "
                "WHERE name = ?",
                [start.isoformat(), _now().isoformat(), name],
            )
        else:
            db.execute(
                "UPDATE feed SET last_attempt = ?, last_error = ? WHERE name = ?",
                [start.isoformat(), error[:500], name],
            )


def _sync(
    db: Database,
    paths: AppPaths,
    regions: RegionMaster,
    row: FeedRow,
    source: Source | None,
    settings: FetchSettings,
    deadline: Deadline,
    start: datetime,
    progress: Progress,
    client_version: str | None,
    check_apart_at: int,
) -> SyncOutcome:
    from_url = source is None
    src = source if source is not None else open_source(row.url, settings)
    progress("manifest", 0.0)
    fetched = src.fetch_manifest(row.etag if from_url else None, deadline)
    outcome = SyncOutcome(
        feed=row.name,
        status="not-modified",
        version=row.version,
        previous_version=row.version,
        expires=row.expires,
    )
    if fetched.not_modified:
        _record_attempt(db, row.name, start, error=None)
        return outcome

    trusted = parse_trusted_keys(row.pubkey)
    held_version = row.version
    rotated: TrustedKeys | None = None
    try:
        signer: str | None = Signature.from_bytes(fetched.signature).key_id_hex
    except SyncError:
        signer = None  # verify_manifest reports the malformed signature in its own words
    if signer is not None and signer not in trusted.ring() and row.feed_id is not None:
        # Key lists name their feed: before the first sync there is nothing to rotate from.
        progress("keys", 0.02)
        key_list = walk_rotation(
            lambda path, cap: src.fetch_small(path, cap, deadline),
            wanted_key_id=signer,
            held_serial=trusted.serial,
            feed_id=row.feed_id,
            current=trusted.ring(),
        )
        rotated = TrustedKeys(key_list.serial, tuple(key_list.keys.values()))
        held_version = key_list.version_floor  # a leaked old key's huge version is void now
    ring = (rotated or trusted).ring()
    extra: dict[str, Any] = {} if client_version is None else {"client_version": client_version}
    verified = verify_manifest(
        fetched.raw,
        fetched.signature,
        trusted=ring,
        feed_id=row.feed_id,
        held_version=held_version,
        now=start,
        **extra,
    )
    manifest = verified.manifest
    outcome.messages.extend(verified.warnings)
    if verified.up_to_date and rotated is None:
        with write_transaction(db):
            db.execute(
                "UPDATE feed SET etag = ?, expires = ?, manifest = ? WHERE name = ?",
                [fetched.etag, manifest.expires.isoformat(), fetched.raw.decode(), row.name],
            )
        _record_attempt(db, row.name, start, error=None)
        outcome.status = "up-to-date"
        outcome.expires = manifest.expires.isoformat()
        return outcome

    delta = manifest.delta_from(row.version) if row.version > 0 and rotated is None else None
    payload: Payload = delta if delta is not None else manifest.snapshot
    what = payload.path
    partial = paths.partial
    progress("download", 0.05)
    raw_path = partial / (Path(payload.path).name + ".raw")
    try:
        worries = fetch_worries(db, row.name, manifest, src, partial, deadline)
        gz = src.download(payload.path, payload.sha256, payload.length, partial, deadline)
        progress("verify", 0.45)
        decompress_payload(gz, raw_path, payload.raw_length, payload.raw_sha256, what, deadline)
        with Check(raw_path, payload, delta is not None, regions, what, check_apart_at) as check:
            progress("apply", 0.6)
            applied = apply_guarded(
                db,
                row,
                verified,
                raw_path,
                what,
                check,
                delta is not None,
                regions,
                rotated,
                fetched.etag if from_url else row.etag,  # a USB folder's tag means nothing to HTTP
                start,
                worries,
            )
            outcome.messages.extend(check.result().notes.summary())
    except SyncError as exc:
        if not exc.transient:
            discard_partial(partial, payload.path)  # a refused payload is never resumed
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            raw_path.unlink()
    discard_partial(partial, payload.path)
    outcome.status = "applied"
    outcome.version = manifest.version
    outcome.used_delta = delta is not None
    outcome.added, outcome.changed, outcome.removed = applied
    outcome.expires = manifest.expires.isoformat()
    outcome.rotated_to_serial = rotated.serial if rotated else None
    outcome.messages.extend(crisis_report(db, feed=row.name))  # stored, but look before calling
    return outcome
