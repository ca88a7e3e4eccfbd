"""The one SQLite transaction that applies a checked payload, and the worry dictionary it carries.

Why its own module: this is where a sync becomes visible. Upserts, tombstones (or a snapshot's
removals), the recomputed content digest and the new version, manifest and keys are one commit
(``write_transaction``: BEGIN IMMEDIATE, WAL, ``synchronous=FULL``): a crash, a full disk or a
digest mismatch leaves the previous version entirely in place. Notes and local resources are
separate tables that no statement here touches.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from index.crisis import is_national_feed_id
from index.database import write_transaction
from index.model import Layer
from index.regions import RegionMaster
from index.store import Owner, delete_services, write_records
from index.worries import WorryDictionary
from sync.check import Check, records
from sync.deadline import Deadline
from sync.errors import (
    ConflictingIdError,
    DatabaseWriteError,
    DigestMismatchError,
    PayloadInvalidError,
)
from sync.feeds import FeedRow, TrustedKeys, feed_digest, trusted_keys_text
from sync.manifest import Manifest, VerifiedManifest, decode_json_object
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


def apply_guarded(db: Database, *args: Any) -> tuple[int, int, int]:
    try:
        try:
            return _apply(db, *args)
        except _NotVerbatim:  # rolled back; now the check's verdict is known
            return _apply(db, *args)
    except sqlite3.DatabaseError as exc:
        raise DatabaseWriteError(
            f"the database refused the update ({exc}); nothing was changed"
        ) from exc


def _apply(
    db: Database,
    row: FeedRow,
    verified: VerifiedManifest,
    raw_path: Path,
    what: str,
    check: Check,
    is_delta: bool,
    regions: RegionMaster,
    rotated: TrustedKeys | None,
    etag: str | None,
    start: datetime,
    worries: Worries,
) -> tuple[int, int, int]:
    """The one transaction; returns (added, changed, removed)."""
    manifest = verified.manifest
    owner = Owner(
        Layer.FEED,
        source=f"feed:{row.name}",
        feed=row.name,
        feed_version=manifest.version,
        national=is_national_feed_id(manifest.feed_id),
    )
    # Our publisher writes each line in stored form, so the line itself can be stored (its
    # re-encoding was a sixth of a 100k apply). If the check is still running, assume so; its
    # verdict comes before the commit, and the signed digest would refuse a wrong guess anyway.
    known = check.known()
    verbatim = known.canonical if known is not None else True
    with write_transaction(db):
        try:
            report = write_records(db, records(raw_path, what, verbatim), owner, regions)
        except Exception:
            # The records may not have been checked yet: a malformed one can break the writer
            # (a wrong type, a string SQLite cannot encode). The check's refusal names it.
            check.result()
            raise
        checked = check.result()
        if verbatim and not checked.canonical:
            raise _NotVerbatim
        if report.problems:
            first = report.problems[0]
            raise ConflictingIdError(f"{first}")
        if is_delta:
            removed = delete_services(db, checked.tombstones, owner)
        else:
            held = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM service WHERE layer = 'feed' AND feed = ?", [row.name]
                )
            ]
            gone = [sid for sid in held if sid not in checked.ids]
            removed = delete_services(db, gone, owner)
        digest = feed_digest(db, row.name)
        if digest != manifest.content_digest:
            raise DigestMismatchError(
                f"after applying version {manifest.version} the data's digest is {digest[:12]}…, "
                f"the manifest signed {manifest.content_digest[:12]}…; nothing was changed"
                + (" (a delta from the wrong base?)" if is_delta else "")
            )
        if worries.body is not None:
            db.execute(
                "INSERT INTO feed_worries (feed, sha256, body) VALUES (?, ?, ?) "
                "ON CONFLICT (feed) DO UPDATE SET sha256 = excluded.sha256, body = excluded.body",
                [row.name, worries.sha256, worries.body],
            )
        elif worries.sha256 is None:  # the feed no longer ships a dictionary
            db.execute("DELETE FROM feed_worries WHERE feed = ?", [row.name])
        db.execute(
            "UPDATE feed SET feed_id = ?, version = ?, manifest = ?, expires = ?, etag = ?, "
            "content_digest = ?, last_attempt = ?, last_success = ?, last_error = NULL"
            + (", pubkey = ?" if rotated else "")
            + " WHERE name = ?",
            [
                manifest.feed_id,
                manifest.version,
                verified.raw.decode("utf-8"),
                manifest.expires.isoformat(),
                etag,
                digest,
                start.isoformat(),
                _now().isoformat(),
                *([trusted_keys_text(rotated)] if rotated else []),
                row.name,
            ],
        )
    return report.added, report.changed, removed
