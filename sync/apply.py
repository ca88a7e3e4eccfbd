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
import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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
from sync.commit import Applied, Job, apply_guarded, fetch_worries
from sync.deadline import Cancel
from sync.errors import (
    ConflictingIdError,
    DatabaseWriteError,
    DigestMismatchError,
    DiskFullError,
    FeedNotFoundError,
    ManifestExpiredError,
    PayloadInvalidError,
    RecordCountMismatchError,
    SyncError,
    disk_error,
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
from sync.freshness import MAX_EXPIRY_DAYS, capped_expiry, parse_stamp
from sync.keys import walk_rotation
from sync.lock import download_lock
from sync.manifest import FEED_ID_PATTERN, Delta, Payload, VerifiedManifest, verify_manifest
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
    cancel: Cancel | None = None,
) -> SyncOutcome:
    """Sync one feed from its URL (or from ``source``: a folder or an extracted bundle).

    Raises a :class:`SyncError` subclass on any refusal, after recording it in ``feed.last_error``;
    the feed's services, version and the office's own data are then exactly as before. A full
    disk is a refusal too (:class:`DiskFullError`), never a bare ``OSError``.
    """
    start = now or _now()  # recorded once; every check uses it
    row = get_feed(db, name)
    settings = settings or FetchSettings()
    run = _Run(
        db=db,
        paths=paths,
        regions=regions,
        row=row,
        source=source,
        settings=settings,
        deadline=Deadline(settings.deadline, cancel=cancel),
        start=start,
        progress=progress,
        client_version=client_version,
        check_apart_at=check_apart_at,
    )
    try:
        try:
            outcome = _sync(run)
        except OSError as exc:
            raise disk_error(exc) from exc
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


@dataclass(frozen=True)
class _Run:
    """One sync's fixed inputs, named (they used to be eleven positional arguments)."""

    db: Database
    paths: AppPaths
    regions: RegionMaster
    row: FeedRow
    source: Source | None
    settings: FetchSettings
    deadline: Deadline
    start: datetime
    progress: Progress
    client_version: str | None
    check_apart_at: int


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


def _check_held_expiry(row: FeedRow, start: datetime) -> None:
    """An unchanged manifest (304, the same file) is only as good as the expiry stored with it.

    A host that keeps serving the same expired manifest is a frozen feed, not an up-to-date one.
    """
    expires = parse_stamp(row.expires)
    if expires is not None and expires <= start:
        raise ManifestExpiredError(
            f"the feed still serves version {row.version}, which expired at "
            f"{expires.isoformat()}; nothing was applied (the publisher has not re-signed the feed)"
        )


def _unverified_feed_id(raw: bytes) -> str | None:
    """The ``feed_id`` a manifest names, read before its signature is checked (see the caller)."""
    try:
        value = json.loads(raw).get("feed_id")
    except (ValueError, AttributeError, RecursionError):
        return None
    return value if isinstance(value, str) and FEED_ID_PATTERN.fullmatch(value) else None


def _sync(run: _Run) -> SyncOutcome:
    row, db, start = run.row, run.db, run.start
    from_url = run.source is None
    src = run.source if run.source is not None else open_source(row.url, run.settings)
    run.progress("manifest", 0.0)
    fetched = src.fetch_manifest(row.etag if from_url else None, run.deadline)
    outcome = SyncOutcome(
        feed=row.name,
        status="not-modified",
        version=row.version,
        previous_version=row.version,
        expires=row.expires,
    )
    if fetched.not_modified:
        _check_held_expiry(row, start)
        _record_attempt(db, row.name, start, error=None)
        return outcome

    trusted = parse_trusted_keys(row.pubkey)
    held_version = row.version
    rotated: TrustedKeys | None = None
    try:
        signer: str | None = Signature.from_bytes(fetched.signature).key_id_hex
    except SyncError:
        signer = None  # verify_manifest reports the malformed signature in its own words
    # Key lists name their feed. Before the first sync the feed's id is not pinned yet: the one
    # the (unverified) manifest names is only used to ask for key lists, which must still chain
    # from a key this office trusts (a new install shipped with the pre-rotation key follows it).
    chain_feed_id = row.feed_id or _unverified_feed_id(fetched.raw)
    if signer is not None and signer not in trusted.ring() and chain_feed_id is not None:
        run.progress("keys", 0.02)
        key_list = walk_rotation(
            lambda path, cap: src.fetch_small(path, cap, run.deadline),
            wanted_key_id=signer,
            held_serial=trusted.serial,
            feed_id=chain_feed_id,
            current=trusted.ring(),
        )
        rotated = TrustedKeys(key_list.serial, tuple(key_list.keys.values()))
        held_version = key_list.version_floor  # a leaked old key's huge version is void now
    ring = (rotated or trusted).ring()
    extra: dict[str, Any] = (
        {} if run.client_version is None else {"client_version": run.client_version}
    )
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
    expires = capped_expiry(manifest.issued_at, manifest.expires)
    if expires <= start:
        raise ManifestExpiredError(
            f"manifest version {manifest.version} was signed at "
            f"{manifest.issued_at.isoformat()}; a signature counts for at most "
            f"{MAX_EXPIRY_DAYS} days, so it expired at {expires.isoformat()}; nothing was applied"
        )
    if expires < manifest.expires:
        outcome.messages.append(
            f"注意: 有効期限 {manifest.expires.date().isoformat()} は署名から{MAX_EXPIRY_DAYS}日を"
            f"超えるため、{expires.date().isoformat()} までとして扱います（発行元は再署名してください）"
        )
    if verified.up_to_date and rotated is None:
        with write_transaction(db):
            db.execute(
                "UPDATE feed SET etag = ?, expires = ?, manifest = ? WHERE name = ?",
                [fetched.etag, expires.isoformat(), fetched.raw.decode(), row.name],
            )
        _record_attempt(db, row.name, start, error=None)
        outcome.status = "up-to-date"
        outcome.expires = expires.isoformat()
        return outcome

    # After a rotation that keeps the versions counting (floor = what we hold), the delta holds.
    same_base = rotated is None or held_version == row.version
    delta = manifest.delta_from(row.version) if row.version > 0 and same_base else None
    etag = fetched.etag if from_url else row.etag  # a USB folder's tag means nothing to HTTP
    if delta is not None:
        try:
            applied = _fetch_and_apply(run, src, verified, delta, rotated, etag, expires)
        except (DatabaseWriteError, DiskFullError, FeedNotFoundError):
            raise
        except SyncError as exc:
            if exc.transient:
                raise
            # A delta from the wrong base (or pruned, or damaged) is no reason to stay behind:
            # the snapshot carries the whole feed.
            log.warning("delta for feed %s failed (%s); using the snapshot", row.name, exc)
            outcome.messages.append(
                f"差分が使えなかったため全件（snapshot）で更新しました（{exc}）"
            )
            delta = None
    if delta is None:
        applied = _fetch_and_apply(run, src, verified, manifest.snapshot, rotated, etag, expires)
    outcome.messages.extend(applied.notes)
    if applied.newer_held is not None:
        outcome.status = "newer-held"
        outcome.version = applied.newer_held
        outcome.messages.append(
            f"別の同期が版{applied.newer_held}を取り込み済みのため、"
            f"版{manifest.version}は上書きしませんでした"
        )
        return outcome
    outcome.status = "applied"
    outcome.version = manifest.version
    outcome.used_delta = delta is not None
    outcome.added, outcome.changed, outcome.removed = (
        applied.added,
        applied.changed,
        applied.removed,
    )
    outcome.skipped = list(applied.skipped)
    outcome.taken_over = list(applied.taken_over)
    for sid, holder in applied.skipped:
        who = "事務所の登録" if holder == "local" else f"フィード「{holder}」"
        outcome.messages.append(
            f"注意: id={sid} は{who}と同じIDのため取り込みませんでした（{who}の記録を使います）"
        )
    for sid, former in applied.taken_over:
        outcome.messages.append(
            f"注意: id={sid} はフィード「{former}」と同じIDのため、このフィード（より広い範囲）の記録に置き換えました"
        )
    outcome.expires = expires.isoformat()
    outcome.rotated_to_serial = rotated.serial if rotated else None
    outcome.messages.extend(crisis_report(db, feed=row.name))  # stored, but look before calling
    return outcome


def _fetch_and_apply(
    run: _Run,
    src: Source,
    verified: VerifiedManifest,
    payload: Payload,
    rotated: TrustedKeys | None,
    etag: str | None,
    expires: datetime,
) -> Applied:
    """Download, inflate, check and apply one payload (a delta or the snapshot)."""
    manifest = verified.manifest
    is_delta = isinstance(payload, Delta)
    partial = run.paths.partial
    what = payload.path
    run.progress("download", 0.05)
    # The inflated copy is this sync's own; the download is shared with any other sync of the
    # feed (resumable), so downloading, inflating and discarding it take the feed's download lock.
    raw_path = partial / f"{Path(payload.path).name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.raw"
    try:
        with download_lock(run.paths, run.row.name):
            worries = fetch_worries(run.db, run.row.name, manifest, src, partial, run.deadline)
            gz = src.download(payload.path, payload.sha256, payload.length, partial, run.deadline)
            run.progress("verify", 0.45)
            decompress_payload(
                gz, raw_path, payload.raw_length, payload.raw_sha256, what, run.deadline
            )
        with Check(raw_path, payload, is_delta, run.regions, what, run.check_apart_at) as check:
            run.deadline.check(what)  # the last moment a cancel or the deadline stops it
            run.progress("apply", 0.6)
            applied = apply_guarded(
                run.db,
                Job(
                    row=run.row,
                    verified=verified,
                    raw_path=raw_path,
                    what=what,
                    check=check,
                    is_delta=is_delta,
                    regions=run.regions,
                    rotated=rotated,
                    etag=etag,
                    start=run.start,
                    worries=worries,
                    expires=expires,
                ),
            )
            applied.notes = list(check.result().notes.summary())
    except SyncError as exc:
        if not exc.transient:
            _discard(run, payload)  # a refused payload is never resumed
        raise
    except OSError as exc:
        _discard(run, payload)  # a full disk: do not keep half a file
        raise disk_error(exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            raw_path.unlink()
    _discard(run, payload)
    return applied


def _discard(run: _Run, payload: Payload) -> None:
    with download_lock(run.paths, run.row.name):
        discard_partial(run.paths.partial, payload.path)
