"""The one SQLite transaction that applies a checked payload, and the worry dictionary it carries.

Why its own module: this is where a sync becomes visible. Upserts, tombstones (or a snapshot's
removals), the recomputed content digest and the new version, manifest and keys are one commit
(``write_transaction``: BEGIN IMMEDIATE, WAL, ``synchronous=FULL``): a crash, a full disk or a
digest mismatch leaves the previous version entirely in place. Notes and local resources are
separate tables that no statement here touches.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from index.crisis import is_national_feed_id
from index.database import write_transaction
from index.model import Layer
from index.regions import RegionMaster
from index.store import Owner, delete_services, write_records
from index.worries import WorryDictionary
from sync.check import Check, lines, records
from sync.deadline import Deadline
from sync.errors import (
    DatabaseFullError,
    DatabaseWriteError,
    DigestMismatchError,
    FeedNotFoundError,
    PayloadInvalidError,
)
from sync.feeds import FeedRow, TrustedKeys, feed_level, trusted_keys_text
from sync.manifest import Manifest, VerifiedManifest, content_digest, decode_json_object
from sync.partial import discard_partial
from sync.source import Source


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Worries:
    """What the apply does with the feed's dictionary: keep (same hash), store body, or drop."""

    sha256: str | None = None
    body: str | None = None


def fetch_worries(
    db: Database,
    feed: str,
    manifest: Manifest,
    src: Source,
    partial: Path,
    deadline: Deadline,
) -> Worries:
    """Download and check the feed's worry dictionary if it changed; refuse a bad one.

    Same rules as a payload: the signed hash and length first, then its content, and a refusal
    leaves everything as it was (the records are not applied either).
    """
    signed = manifest.worries
    if signed is None:
        return Worries()
    held = db.execute("SELECT sha256 FROM feed_worries WHERE feed = ?", [feed]).fetchone()
    if held is not None and held[0] == signed.sha256:
        return Worries(sha256=signed.sha256)  # unchanged: nothing to download
    path = src.download(signed.path, signed.sha256, signed.length, partial, deadline)
    try:
        raw = path.read_bytes()
    finally:
        discard_partial(partial, signed.path)
    data = decode_json_object(raw, what=signed.path)
    # A newer publisher's dictionary may name worries this tsunagi lacks: kept, never refused.
    problems = WorryDictionary.check(data, signed.path, unknown_worries=True)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PayloadInvalidError(f"worry dictionary {problems[0]}{more}")
    return Worries(sha256=signed.sha256, body=raw.decode("utf-8"))


class _NotVerbatim(Exception):
    """Lines were stored as they came, but the check found one that is not in stored form."""


@dataclass(frozen=True)
class Job:
    """Everything one apply needs, named (it used to be twelve positional arguments)."""

    row: FeedRow
    """The feed as read at the start of the sync (its version is the delta's base)."""
    verified: VerifiedManifest
    raw_path: Path
    what: str
    check: Check
    is_delta: bool
    regions: RegionMaster
    rotated: TrustedKeys | None
    etag: str | None
    start: datetime
    worries: Worries
    expires: datetime
    """The manifest's expiry, capped (:func:`sync.freshness.capped_expiry`)."""


@dataclass
class Applied:
    """What the transaction did."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    newer_held: int | None = None
    """Set when another sync committed this version or a newer one first: nothing was written."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(service id, who holds it) for records left out because another source holds the id."""
    taken_over: list[tuple[str, str]] = field(default_factory=list)
    """(service id, feed it came from) for records a higher-level feed took over."""
    notes: list[str] = field(default_factory=list)
    """The check's notes on records kept with a warning (newer fields, unknown codes …)."""


def apply_guarded(db: Database, job: Job) -> Applied:
    try:
        try:
            return _apply(db, job)
        except _NotVerbatim:  # rolled back; now the check's verdict is known
            return _apply(db, job)
    except sqlite3.DatabaseError as exc:
        if "full" in str(exc):
            raise DatabaseFullError(
                f"the disk is full: the database refused the update ({exc}); nothing was changed"
            ) from exc
        raise DatabaseWriteError(
            f"the database refused the update ({exc}); nothing was changed"
        ) from exc


def _newer_held(db: Database, job: Job) -> int | None:
    """The version another sync committed since this one started, if it makes ours moot.

    Read inside the write transaction, so no commit can slip in between: a slow sync of v2 that
    started before a fast sync of v3 committed must not roll v3 back to v2.
    """
    current = db.execute(
        "SELECT version, pubkey FROM feed WHERE name = ?", [job.row.name]
    ).fetchone()
    if current is None:
        raise FeedNotFoundError(f"feed {job.row.name!r} was removed while it was syncing")
    version = int(current[0] or 0)
    if current[1] != job.row.pubkey:
        return version  # another sync adopted a new key list: its data stands
    if job.rotated is None and version >= job.verified.manifest.version:
        return version
    return None


def _lower_feeds(db: Database, name: str) -> frozenset[str]:
    """The feeds whose records this feed takes over on a shared id: those of a lower level."""
    mine = feed_level(
        name, db.execute("SELECT feed_id FROM feed WHERE name = ?", [name]).fetchone()[0]
    )
    return frozenset(
        str(other)
        for other, feed_id in db.execute("SELECT name, feed_id FROM feed WHERE name != ?", [name])
        if feed_level(str(other), feed_id) > mine
    )


def _skipped_lines(job: Job, ids: set[str]) -> list[tuple[str, str]]:
    """(id, sha256 of its line) for payload records that were left out, for the digest."""
    found = []
    for _number, line, record in lines(job.raw_path, job.what):
        sid = str(record.get("id"))
        if sid in ids and "deleted" not in record:
            found.append((sid, hashlib.sha256(line).hexdigest()))
    return found


def _apply(db: Database, job: Job) -> Applied:
    """The one transaction."""
    row, manifest, check = job.row, job.verified.manifest, job.check
    # Our publisher writes each line in stored form, so the line itself can be stored (its
    # re-encoding was a sixth of a 100k apply). If the check is still running, assume so; its
    # verdict comes before the commit, and the signed digest would refuse a wrong guess anyway.
    known = check.known()
    verbatim = known.canonical if known is not None else True
    applied = Applied()
    with write_transaction(db):
        newer = _newer_held(db, job)
        if newer is not None:
            check.result()
            applied.newer_held = newer
            return applied
        lower = _lower_feeds(db, row.name)
        owner = Owner(
            Layer.FEED,
            source=f"feed:{row.name}",
            feed=row.name,
            feed_version=manifest.version,
            national=is_national_feed_id(manifest.feed_id),
            takes_from=lower,
        )
        before: dict[str, str] = {}
        if lower:
            marks = ", ".join("?" for _ in lower)
            before = {
                str(sid): str(feed)
                for sid, feed in db.execute(
                    f"SELECT id, feed FROM service WHERE layer = 'feed' AND feed IN ({marks})",
                    sorted(lower),
                )
            }
        try:
            report = write_records(
                db, records(job.raw_path, job.what, verbatim), owner, job.regions
            )
        except Exception:
            # The records may not have been checked yet: a malformed one can break the writer
            # (a wrong type, a string SQLite cannot encode). The check's refusal names it.
            check.result()
            raise
        checked = check.result()
        if verbatim and not checked.canonical:
            raise _NotVerbatim
        applied.added, applied.changed = report.added, report.changed
        if job.is_delta:
            applied.removed = delete_services(db, checked.tombstones, owner)
        else:
            held = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM service WHERE layer = 'feed' AND feed = ?", [row.name]
                )
            ]
            gone = [sid for sid in held if sid not in checked.ids]
            applied.removed = delete_services(db, gone, owner)
        mine = dict(
            db.execute(
                "SELECT id, raw_sha256 FROM service WHERE layer = 'feed' AND feed = ?", [row.name]
            ).fetchall()
        )
        if before:
            applied.taken_over = sorted((sid, feed) for sid, feed in before.items() if sid in mine)
        extra: list[tuple[str, str]] = []
        if report.problems:
            # Ids another source holds (the office's own copy, or a feed of the same or a higher
            # level): those records are left out and named, the rest of the feed goes in.
            wanted = set(checked.ids) - set(checked.tombstones) - set(mine)
            extra = _skipped_lines(job, wanted)
            holders = _holders(db, [sid for sid, _ in extra])
            applied.skipped = [(sid, holders.get(sid, "?")) for sid, _ in extra]
        digest = content_digest([*mine.items(), *extra])
        if digest != manifest.content_digest:
            raise DigestMismatchError(
                f"after applying version {manifest.version} the data's digest is {digest[:12]}…, "
                f"the manifest signed {manifest.content_digest[:12]}…; nothing was changed"
                + (" (a delta from the wrong base?)" if job.is_delta else "")
            )
        _store_worries(db, row.name, job.worries)
        db.execute(
            "UPDATE feed SET feed_id = ?, version = ?, manifest = ?, expires = ?, etag = ?, "
            "content_digest = ?, last_attempt = ?, last_success = ?, last_error = NULL"
            + (", pubkey = ?" if job.rotated else "")
            + " WHERE name = ?",
            [
                manifest.feed_id,
                manifest.version,
                job.verified.raw.decode("utf-8"),
                job.expires.isoformat(),
                job.etag,
                digest,
                job.start.isoformat(),
                _now().isoformat(),
                *([trusted_keys_text(job.rotated)] if job.rotated else []),
                row.name,
            ],
        )
    return applied


def _holders(db: Database, ids: list[str]) -> dict[str, str]:
    """Who holds each id: a feed's name, or ``local`` for the office's own resources."""
    found: dict[str, str] = {}
    for sid in ids:
        hit = db.execute("SELECT layer, feed FROM service WHERE id = ?", [sid]).fetchone()
        if hit is not None:
            found[sid] = str(hit[1]) if hit[0] == "feed" else "local"
    return found


def _store_worries(db: Database, feed: str, worries: Worries) -> None:
    if worries.body is not None:
        db.execute(
            "INSERT INTO feed_worries (feed, sha256, body) VALUES (?, ?, ?) "
            "ON CONFLICT (feed) DO UPDATE SET sha256 = excluded.sha256, body = excluded.body",
            [feed, worries.sha256, worries.body],
        )
    elif worries.sha256 is None:  # the feed no longer ships a dictionary
        db.execute("DELETE FROM feed_worries WHERE feed = ?", [feed])
