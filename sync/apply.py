"""One sync of one feed, end to end: fetch, verify, check every record, apply atomically.

Why this order (``sync/PROTOCOL.md``, "Client steps"): a feed carries crisis phone numbers, so
nothing touches the database until the manifest's signature, version, expiry, the payload's hashes
and lengths, and every record have passed. Then the whole change is one SQLite transaction
(``write_transaction``: BEGIN IMMEDIATE, WAL, ``synchronous=FULL``) that also recomputes the feed's
content digest and stores the new version and manifest: a crash, a full disk or a digest mismatch
leaves the previous version entirely in place. Notes and local resources are separate tables that
no sync statement touches.

The feed table (``index/migrations.py``) holds, per feed: its URL, trusted keys (``pubkey``: the
key list as JSON, see :func:`trusted_keys_text`), the publisher's ``feed_id``, the applied
``version``, the raw ``manifest``, ``expires``, the manifest ``etag`` and the ``content_digest``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from index.database import write_transaction
from index.helper import Helper, HelperFailed, cores
from index.model import Layer
from index.paths import AppPaths
from index.readers import dumps_record
from index.regions import RegionMaster
from index.store import Item, Owner, delete_services, write_records
from index.validate import validate_record
from index.worries import WorryDictionary
from sync.bundle import opened_bundle
from sync.errors import KeyFormatError, SyncError
from sync.fetch import (
    Deadline,
    FetchSettings,
    FolderSource,
    Source,
    decompress_payload,
    discard_partial,
    open_source,
)
from sync.keys import keyring, walk_rotation
from sync.manifest import (
    Manifest,
    Payload,
    VerifiedManifest,
    content_digest,
    decode_json_object,
    is_tombstone,
    verify_manifest,
)
from sync.minisign import PublicKey, Signature

log = logging.getLogger(__name__)

FEED_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MAX_LINE_BYTES = 4 * 1024 * 1024
"""One service record is a few KiB; a line this long is not a record."""
CHECK_APART_AT = 16 * 1024 * 1024
"""Uncompressed payload size (~8k services) from which its records are checked in a helper
process while they are applied. Starting the helper costs ~1 s, so a typical delta is checked
here first, as before."""


# --- errors only apply can raise ------------------------------------------------------------------


class FeedNotFoundError(SyncError):
    """No feed of that name is configured."""


class PayloadInvalidError(SyncError):
    """A record in the payload fails the schema or the Japan profile (names line and field)."""


class RecordCountMismatchError(SyncError):
    """The payload holds another number of records than the signed ``record_counts``."""


class ConflictingIdError(SyncError):
    """A feed record's id already belongs to another feed or to the office's own resources."""


class DatabaseWriteError(SyncError):
    """SQLite refused the write (disk full, locked, read-only); the transaction rolled back."""

    transient = True


class DigestMismatchError(SyncError):
    """After applying, the dataset's digest is not the signed ``content_digest`` (rolled back)."""


# --- keys stored with a feed -------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustedKeys:
    serial: int
    keys: tuple[PublicKey, ...]

    def ring(self) -> dict[str, PublicKey]:
        return keyring(self.keys)


def trusted_keys_text(keys: TrustedKeys) -> str:
    """The ``feed.pubkey`` column: ``{"serial": n, "keys": ["RWQ…", …]}``."""
    return json.dumps({"serial": keys.serial, "keys": [k.to_base64() for k in keys.keys]})


def parse_trusted_keys(text: str) -> TrustedKeys:
    """Read ``feed.pubkey``: our JSON, or a plain minisign ``.pub`` file / base64 line."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
            return TrustedKeys(
                serial=int(data["serial"]),
                keys=tuple(PublicKey.from_text(k) for k in data["keys"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFormatError(f"stored feed keys are unreadable ({exc})") from None
    return TrustedKeys(serial=0, keys=(PublicKey.from_text(stripped),))


# --- feeds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedRow:
    name: str
    url: str
    pubkey: str
    feed_id: str | None
    version: int
    manifest: str | None
    expires: str | None
    etag: str | None
    content_digest: str | None
    last_attempt: str | None
    last_success: str | None
    last_error: str | None
    created_at: str


def _now() -> datetime:
    return datetime.now(UTC)


def add_feed(db: Database, name: str, url: str, public_key_text: str) -> FeedRow:
    """Follow a new feed (``tsunagi feeds add NAME URL --key PUBKEYFILE``).

    ``url`` is the feed folder where ``manifest.json`` lives: ``http(s)://…/`` or a local path.
    """
    if not FEED_NAME.fullmatch(name):
        raise ValueError(f"feed name {name!r}: use 1-40 lower-case letters, digits, - or _")
    if "://" in url and not url.startswith(("http://", "https://")):
        raise ValueError(f"feed URL {url!r}: use http(s)://… or a folder path")
    key = PublicKey.from_text(public_key_text)
    with write_transaction(db):
        if db.execute("SELECT 1 FROM feed WHERE name = ?", [name]).fetchone():
            raise ValueError(f"a feed named {name!r} already exists")
        db.execute(
            "INSERT INTO feed (name, url, pubkey, version, created_at) VALUES (?, ?, ?, 0, ?)",
            [name, url, trusted_keys_text(TrustedKeys(0, (key,))), _now().isoformat()],
        )
    return get_feed(db, name)


def get_feed(db: Database, name: str) -> FeedRow:
    cur = db.execute("SELECT * FROM feed WHERE name = ?", [name])
    row = cur.fetchone()
    if row is None:
        raise FeedNotFoundError(f"no feed named {name!r} (see `tsunagi feeds list`)")
    values = dict(zip([d[0] for d in cur.description], row, strict=True))
    return FeedRow(**{k: values[k] for k in FeedRow.__dataclass_fields__})


def list_feeds(db: Database) -> list[FeedRow]:
    names = [r[0] for r in db.execute("SELECT name FROM feed ORDER BY name")]
    return [get_feed(db, n) for n in names]


def remove_feed(db: Database, name: str) -> int:
    """Stop following a feed and remove its services (notes on them stay, shown as orphaned)."""
    get_feed(db, name)
    with write_transaction(db):
        removed = db.execute(
            "DELETE FROM service WHERE layer = 'feed' AND feed = ?", [name]
        ).rowcount
        db.execute("DELETE FROM feed_worries WHERE feed = ?", [name])
        db.execute("DELETE FROM feed WHERE name = ?", [name])
    return removed


def feed_digest(db: Database, name: str) -> str:
    """The content digest of what this database holds for the feed (``sync/PROTOCOL.md``)."""
    return content_digest(
        db.execute(
            "SELECT id, raw_sha256 FROM service WHERE layer = 'feed' AND feed = ?", [name]
        ).fetchall()
    )


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


# --- one sync ----------------------------------------------------------------------------------------


class Reindexer(Protocol):
    def catch_up(self) -> int: ...


@dataclass
class SyncOutcome:
    """What a sync did, for the CLI line and the window's status."""

    feed: str
    status: str
    """``applied``, ``up-to-date`` (same version) or ``not-modified`` (HTTP 304)."""
    version: int
    previous_version: int
    used_delta: bool = False
    added: int = 0
    changed: int = 0
    removed: int = 0
    expires: str | None = None
    rotated_to_serial: int | None = None
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.status == "applied":
            kind = "delta" if self.used_delta else "snapshot"
            return (
                f"{self.feed}: version {self.previous_version} → {self.version} ({kind}): "
                f"{self.added} added, {self.changed} changed, {self.removed} removed"
            )
        return f"{self.feed}: version {self.version} is current ({self.status})"


Progress = Callable[[str, float], None]
"""``progress(step, fraction)``: called from the sync's thread; the GUI re-emits it as a signal."""


def _no_progress(_step: str, _fraction: float) -> None:
    return None


@dataclass
class _Checked:
    """Pass 1 over a verified payload: counts and ids, no records kept in memory."""

    upserts: int = 0
    tombstones: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    canonical: bool = True
    """Every record line is exactly its stored form (``dumps_record``), as ours publishes them."""


def _lines(path: Path, what: str) -> Iterator[tuple[int, bytes, dict[str, Any]]]:
    """Each line's number, its bytes (without the newline) and its JSON object."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            where = f"{what} line {number}"
            if len(line) > MAX_LINE_BYTES:
                raise PayloadInvalidError(f"{where}: longer than {MAX_LINE_BYTES} bytes")
            if not line.endswith(b"\n"):
                raise PayloadInvalidError(f"{where}: the last line has no newline (truncated?)")
            try:
                value = json.loads(line)
            except (ValueError, RecursionError) as exc:
                raise PayloadInvalidError(f"{where}: not valid JSON ({exc})") from None
            if not isinstance(value, dict):
                raise PayloadInvalidError(f"{where}: not a JSON object")
            yield number, line[:-1], value


def check_payload(
    path: Path, payload: Payload, is_delta: bool, regions: RegionMaster, what: str
) -> _Checked:
    """Validate every line before the database is touched; refuse on the first problem."""
    checked = _Checked()
    for number, line, record in _lines(path, what):
        where = f"{what} line {number}"
        if "deleted" in record:
            if not is_delta:
                raise PayloadInvalidError(f"{where}: a snapshot cannot hold a tombstone")
            if not is_tombstone(record):
                raise PayloadInvalidError(
                    f'{where}: a tombstone is exactly {{"id": "…", "deleted": true}}'
                )
            sid = record["id"]
            checked.tombstones.append(sid)
        else:
            problems = validate_record(record, where, regions)
            if problems:
                first = problems[0]
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                raise PayloadInvalidError(f"{first}{more}")
            sid = str(record["id"])
            checked.upserts += 1
            if checked.canonical:
                checked.canonical = dumps_record(record).encode("utf-8") == line
        if sid in checked.ids:
            raise PayloadInvalidError(f"{where}: id {sid!r} appears twice in the payload")
        checked.ids.add(sid)
    counts = dict(payload.record_counts)
    got = (
        {"upserts": checked.upserts, "tombstones": len(checked.tombstones)}
        if is_delta
        else {"services": checked.upserts}
    )
    for name, value in got.items():
        if name not in counts:
            raise RecordCountMismatchError(
                f"the manifest does not sign how many {name} {what} holds"
            )
        if counts[name] != value:
            raise RecordCountMismatchError(
                f"{what} holds {value} {name}, the manifest signed {counts[name]}"
            )
    return checked


class _Check:
    """:func:`check_payload` for one payload: in a helper process while this one applies, if the
    payload is big enough to pay for starting one, else here and now.

    Checking 100k records and writing them each take ~40 s of one core; side by side on two
    cores they overlap. Nothing is committed before :meth:`result` has passed: the apply asks
    for it inside its transaction, and an invalid record rolls everything back.
    """

    def __init__(
        self,
        raw_path: Path,
        payload: Payload,
        is_delta: bool,
        regions: RegionMaster,
        what: str,
        apart_at: int,
    ) -> None:
        self._helper: Helper[_Checked] | None = None
        self._checked: _Checked | None = None
        self._args = (raw_path, payload, is_delta, regions, what)
        if payload.raw_length >= apart_at and cores() >= 2:
            self._helper = Helper(check_payload, *self._args)
        else:
            self._checked = check_payload(*self._args)

    def known(self) -> _Checked | None:
        """The verdict if it is in (checked here), else None: the helper is still at it."""
        return self._checked

    def result(self) -> _Checked:
        """The check's verdict: its counts and ids, or its refusal raised here."""
        if self._checked is None:
            assert self._helper is not None
            try:
                self._checked = self._helper.result()
            except HelperFailed as exc:  # killed (out of memory?): the check still has to happen
                log.warning("record check in a helper process failed (%s); checking here", exc)
                self._checked = check_payload(*self._args)
        return self._checked

    def __enter__(self) -> _Check:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._helper is not None:
            self._helper.stop()


def _records(path: Path, what: str, verbatim: bool) -> Iterator[Item]:
    """The payload's records to write; ``verbatim``: with their line as the stored text."""
    for number, line, record in _lines(path, what):
        if "deleted" not in record:
            yield f"{what} line {number}", record, line.decode("utf-8") if verbatim else None


def sync_feed(
    db: Database,
    paths: AppPaths,
    regions: RegionMaster,
    name: str,
    *,
    source: Source | None = None,
    settings: FetchSettings | None = None,
    now: datetime | None = None,
    progress: Progress = _no_progress,
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
        worries = _fetch_worries(db, row.name, manifest, src, partial, deadline)
        gz = src.download(payload.path, payload.sha256, payload.length, partial, deadline)
        progress("verify", 0.45)
        decompress_payload(gz, raw_path, payload.raw_length, payload.raw_sha256, what, deadline)
        with _Check(raw_path, payload, delta is not None, regions, what, check_apart_at) as check:
            progress("apply", 0.6)
            applied = _apply_guarded(
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
    return outcome


@dataclass
class _Worries:
    """What the apply does with the feed's dictionary: keep (same hash), store body, or drop."""

    sha256: str | None = None
    body: str | None = None


def _fetch_worries(
    db: Database,
    feed: str,
    manifest: Manifest,
    src: Source,
    partial: Path,
    deadline: Deadline,
) -> _Worries:
    """Download and check the feed's worry dictionary if it changed; refuse a bad one.

    Same rules as a payload: the signed hash and length first, then its content, and a refusal
    leaves everything as it was (the records are not applied either).
    """
    signed = manifest.worries
    if signed is None:
        return _Worries()
    held = db.execute("SELECT sha256 FROM feed_worries WHERE feed = ?", [feed]).fetchone()
    if held is not None and held[0] == signed.sha256:
        return _Worries(sha256=signed.sha256)  # unchanged: nothing to download
    path = src.download(signed.path, signed.sha256, signed.length, partial, deadline)
    try:
        raw = path.read_bytes()
    finally:
        discard_partial(partial, signed.path)
    data = decode_json_object(raw, what=signed.path)
    problems = WorryDictionary.check(data, signed.path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PayloadInvalidError(f"worry dictionary {problems[0]}{more}")
    return _Worries(sha256=signed.sha256, body=raw.decode("utf-8"))


class _NotVerbatim(Exception):
    """Lines were stored as they came, but the check found one that is not in stored form."""


def _apply_guarded(db: Database, *args: Any) -> tuple[int, int, int]:
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
    check: _Check,
    is_delta: bool,
    regions: RegionMaster,
    rotated: TrustedKeys | None,
    etag: str | None,
    start: datetime,
    worries: _Worries,
) -> tuple[int, int, int]:
    """The one transaction; returns (added, changed, removed)."""
    manifest = verified.manifest
    owner = Owner(
        Layer.FEED, source=f"feed:{row.name}", feed=row.name, feed_version=manifest.version
    )
    # Our publisher writes each line in stored form, so the line itself can be stored (its
    # re-encoding was a sixth of a 100k apply). If the check is still running, assume so; its
    # verdict comes before the commit, and the signed digest would refuse a wrong guess anyway.
    known = check.known()
    verbatim = known.canonical if known is not None else True
    with write_transaction(db):
        try:
            report = write_records(db, _records(raw_path, what, verbatim), owner, regions)
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
