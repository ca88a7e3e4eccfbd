"""The publisher side of the feed: validate, diff, write payloads, sign the manifest, prune.

Why here and not in the app: only admins publish, with the secret key on their own machine. The
output folder is the whole host layout of ``sync/PROTOCOL.md``; copy it to any static host.

Publishing is careful in the same ways the client is: every record is validated first (a bad record
blocks the whole publish, naming file, row/line and field), **changed or removed phone numbers need
a second pair of eyes** (``--confirm-phone-changes``), payloads are written before the manifest, and
the signature before the manifest, each by an atomic rename.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from index import compat
from index.compat import FIRST_VERSION, schema_version_text
from index.crisis import is_national_feed_id, record_warnings
from index.model import Problem
from index.readers import dumps_record
from index.regions import RegionMaster
from index.validate import check_files
from index.worries import WorryDictionary
from sync import minisign
from sync.apply import check_payload
from sync.errors import ExpiryTooFarError, SyncError
from sync.fetch import decompress_payload
from sync.freshness import MAX_EXPIRY_DAYS
from sync.manifest import (
    FORMAT,
    MANIFEST_NAME,
    MAX_SIGNATURE_BYTES,
    MAX_WORRIES_BYTES,
    SIGNATURE_NAME,
    Manifest,
    check_signature,
    content_digest,
    decode_json_object,
    is_tombstone,
    manifest_to_dict,
    parse_manifest,
)
from sync.minisign import PublicKey, SecretKey

MIN_CLIENT_VERSION = FIRST_VERSION
"""The oldest tsunagi that reads what this publisher writes (tsunagi-feed/1). A feed whose records
use codes or fields an older tsunagi cannot show asks for more (:func:`index.compat.min_client_version`)."""
SCHEMA_VERSION = schema_version_text(compat.SCHEMA_VERSION)
DEFAULT_EXPIRES_DAYS = 14
DEFAULT_RETENTION = timedelta(days=2)
"""Old payloads stay at least this long: well over twice the 4–8 h polling interval."""


class PublishRefusedError(SyncError):
    """Records failed validation: nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"publish refused: {count} problem{'s' if count != 1 else ''} in the input, "
            "nothing was written"
        )


class PhoneChangesNeedConfirmationError(SyncError):
    """Phone numbers changed or disappeared: a human must confirm (``--confirm-phone-changes``)."""

    def __init__(self, changes: Sequence[PhoneChange]) -> None:
        self.changes = list(changes)
        super().__init__(
            f"publish refused: {len(self.changes)} service(s) have changed or removed phone "
            "numbers; check them with `tsunagi-admin diff`, then publish with "
            "--confirm-phone-changes"
        )


class PreviousFeedError(SyncError):
    """The output folder holds a feed this key did not sign, or a damaged one."""


@dataclass(frozen=True)
class PhoneChange:
    service_id: str
    name: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    def __str__(self) -> str:
        after = ", ".join(self.after) if self.after else "(none: service removed or no phone)"
        return f"{self.service_id} {self.name}: {', '.join(self.before)} → {after}"


@dataclass
class Diff:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    phone_changes: list[PhoneChange] = field(default_factory=list)


@dataclass(frozen=True)
class PublishResult:
    manifest: Manifest
    diff: Diff
    pruned: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    """What was published but needs a person's look: the crisis-line guard (``index.crisis``: a
    non-national feed's record named like a national crisis line with another number), and codes
    this publisher does not know (``index.compat``: shown by their own name)."""


# --- input -----------------------------------------------------------------------------------------


def read_inputs(
    inputs: Sequence[Path], regions: RegionMaster, warnings: list[Problem] | None = None
) -> dict[str, str]:
    """Validate every input record; return id → NDJSON line, or raise with every problem."""
    return _read_inputs(inputs, regions, warnings)[0]


def _read_inputs(
    inputs: Sequence[Path], regions: RegionMaster, warnings: list[Problem] | None = None
) -> tuple[dict[str, str], str]:
    """:func:`read_inputs`, and the ``min_client_version`` its records need."""
    good, problems = check_files(inputs, regions, warnings)
    if problems:
        raise PublishRefusedError(problems)
    records = [item.record for item in good if item.record]
    needs = compat.min_client_version(records, floor=MIN_CLIENT_VERSION)
    return {str(record["id"]): dumps_record(record) for record in records}, needs


def _phones(line: str) -> tuple[str, ...]:
    record = json.loads(line)
    return tuple(
        str(p.get("number", "")) for p in record.get("phones") or [] if isinstance(p, dict)
    )


def _name(line: str) -> str:
    return str(json.loads(line).get("name", ""))


def diff_lines(old: dict[str, str], new: dict[str, str]) -> Diff:
    diff = Diff()
    for sid in sorted(new):
        if sid not in old:
            diff.added.append(sid)
        elif old[sid] != new[sid]:
            diff.changed.append(sid)
            before, after = _phones(old[sid]), _phones(new[sid])
            # A phone added is fine; one changed or gone needs a human to look.
            if any(number not in after for number in before):
                diff.phone_changes.append(PhoneChange(sid, _name(new[sid]), before, after))
    for sid in sorted(set(old) - set(new)):
        diff.removed.append(sid)
        before = _phones(old[sid])
        if before:
            diff.phone_changes.append(PhoneChange(sid, _name(old[sid]), before, ()))
    return diff


# --- the previous publish --------------------------------------------------------------------------


def load_previous(out: Path, public: PublicKey | None) -> tuple[Manifest | None, dict[str, str]]:
    """The feed already in ``out`` (verified with ``public`` if given), and its snapshot's lines."""
    manifest_path = out / MANIFEST_NAME
    if not manifest_path.exists():
        return None, {}
    raw = manifest_path.read_bytes()
    try:
        if public is not None:
            signature = (out / SIGNATURE_NAME).read_bytes()[: MAX_SIGNATURE_BYTES + 1]
            check_signature(raw, signature, {public.key_id_hex: public}, what=f"{manifest_path}")
        manifest = parse_manifest(decode_json_object(raw))
    except (SyncError, OSError) as exc:
        raise PreviousFeedError(
            f"{out} holds a feed this key cannot vouch for ({exc}); publish into an empty folder"
        ) from None
    lines = read_snapshot(out, manifest)
    return manifest, lines


def read_snapshot(folder: Path, manifest: Manifest) -> dict[str, str]:
    """Verify and read a published snapshot into id → line."""
    snap = manifest.snapshot
    gz = folder / snap.path
    data = gz.read_bytes() if gz.exists() else b""
    if len(data) != snap.length or hashlib.sha256(data).hexdigest() != snap.sha256:
        raise PreviousFeedError(f"{gz} is missing or does not match its manifest")
    with tempfile.TemporaryDirectory() as tmp:
        raw = decompress_payload(gz, Path(tmp) / "raw", snap.raw_length, snap.raw_sha256, snap.path)
        lines: dict[str, str] = {}
        for line in raw.read_text("utf-8").splitlines():
            lines[str(json.loads(line)["id"])] = line
    return lines


# --- writing ---------------------------------------------------------------------------------------


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _payload(lines: Iterable[str], folder: str, name_prefix: str) -> tuple[bytes, bytes, str]:
    raw = "".join(line + "\n" for line in lines).encode("utf-8")
    gz = gzip.compress(raw, compresslevel=6, mtime=0)  # mtime 0: same input, same hash
    sha = hashlib.sha256(gz).hexdigest()
    return raw, gz, f"{folder}/{name_prefix}{sha}.ndjson.gz"


def _fields(raw: bytes, gz: bytes, path: str, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "path": path,
        "sha256": hashlib.sha256(gz).hexdigest(),
        "length": len(gz),
        "raw_sha256": hashlib.sha256(raw).hexdigest(),
        "raw_length": len(raw),
        "record_counts": counts,
    }


def publish(
    inputs: Sequence[Path],
    secret: SecretKey,
    out: Path,
    *,
    regions: RegionMaster,
    feed_id: str | None = None,
    expires_days: int = DEFAULT_EXPIRES_DAYS,
    confirm_phone_changes: bool = False,
    now: datetime | None = None,
    retention: timedelta = DEFAULT_RETENTION,
    worries: Path | None = None,
) -> PublishResult:
    """Publish ``inputs`` as the next version of the feed in ``out``.

    ``worries``: a worry dictionary file (shaped like ``resources/worries/dictionary.json``) to
    ship with the feed. Without it, the dictionary of the previous version is kept.
    """
    now = now or datetime.now(UTC)
    if not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ExpiryTooFarError(
            f"--expires-days {expires_days}: use 1 to {MAX_EXPIRY_DAYS} days (clients count a "
            f"signature for at most {MAX_EXPIRY_DAYS} days); re-publish before it expires instead"
        )
    notes: list[Problem] = []
    new, min_client = _read_inputs(inputs, regions, notes)
    worries_file = read_worries(worries) if worries is not None else None
    previous, old = load_previous(out, secret.public_key)
    if previous is not None and feed_id is not None and feed_id != previous.feed_id:
        raise PreviousFeedError(
            f"{out} holds feed {previous.feed_id!r}, not {feed_id!r}; use another folder"
        )
    chosen_feed_id = feed_id or (previous.feed_id if previous else None)
    if chosen_feed_id is None:
        raise PreviousFeedError("a new feed needs --feed-id (e.g. jp-national, pref-13)")
    diff = diff_lines(old, new)
    if diff.phone_changes and not confirm_phone_changes:
        raise PhoneChangesNeedConfirmationError(diff.phone_changes)

    version = (previous.version + 1) if previous else 1
    ordered = [new[sid] for sid in sorted(new)]
    snap_raw, snap_gz, snap_path = _payload(ordered, "snap", "")
    written = [(snap_path, snap_gz)]
    deltas: list[dict[str, Any]] = []
    if previous is not None:
        changes = [new[sid] for sid in diff.added + diff.changed]
        tombstones = [
            json.dumps({"id": sid, "deleted": True}, ensure_ascii=False) for sid in diff.removed
        ]
        assert all(is_tombstone(json.loads(t)) for t in tombstones)
        d_raw, d_gz, d_path = _payload(
            sorted(changes) + tombstones, "delta", f"{previous.version}-{version}-"
        )
        written.append((d_path, d_gz))
        deltas.append(
            {
                "from_version": previous.version,
                **_fields(
                    d_raw, d_gz, d_path, {"upserts": len(changes), "tombstones": len(tombstones)}
                ),
            }
        )
    digest = content_digest(
        (sid, hashlib.sha256(line.encode("utf-8")).hexdigest()) for sid, line in new.items()
    )
    document = {
        "format": FORMAT,
        "feed_id": chosen_feed_id,
        "version": version,
        "issued_at": now.isoformat(timespec="seconds"),
        "expires": (now + timedelta(days=expires_days)).isoformat(timespec="seconds"),
        "key_id": secret.public_key.key_id_hex,
        "schema_version": SCHEMA_VERSION,
        "min_client_version": min_client,
        "snapshot": _fields(snap_raw, snap_gz, snap_path, {"services": len(ordered)}),
        "content_digest": digest,
        "deltas": deltas,
    }
    if worries_file is not None:
        w_path, w_bytes = worries_file
        written.append((w_path, w_bytes))
        document["worries"] = {
            "path": w_path,
            "sha256": hashlib.sha256(w_bytes).hexdigest(),
            "length": len(w_bytes),
        }
    elif previous is not None and previous.worries is not None:
        kept = previous.worries
        if (out / kept.path).is_file():
            written.append((kept.path, b""))  # already there: kept, never rewritten
            document["worries"] = {"path": kept.path, "sha256": kept.sha256, "length": kept.length}
    manifest = parse_manifest(document)  # the client's own checks, before anything is signed
    raw_manifest = (
        json.dumps(manifest_to_dict(manifest), ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    signature = minisign.sign(
        secret,
        raw_manifest,
        trusted_comment=f"tsunagi feed {chosen_feed_id} version {version} issued {document['issued_at']}",
    )

    # Payloads first, then the signature, then the manifest (see PROTOCOL.md "Host layout").
    for path, data in written:
        target = out / path
        if not target.exists() and data:
            _write_atomic(target, data)
    _write_atomic(out / SIGNATURE_NAME, signature.to_file_text().encode("utf-8"))
    _write_atomic(out / MANIFEST_NAME, raw_manifest)
    pruned = prune(out, keep={p for p, _ in written}, older_than=now - retention)
    warnings = (
        ()
        if is_national_feed_id(chosen_feed_id)
        else tuple(
            f"要確認: id={sid}: {warning}"
            for sid in sorted(new)
            for warning in record_warnings(json.loads(new[sid]))
        )
    )
    warnings += tuple(f"注意: {note}" for note in notes)
    return PublishResult(manifest=manifest, diff=diff, pruned=tuple(pruned), warnings=warnings)


def read_worries(path: Path) -> tuple[str, bytes]:
    """Check a worry dictionary file for publishing; refuse it, naming every problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PublishRefusedError([Problem(str(path), "-", f"cannot read it ({exc})")]) from None
    if len(raw) > MAX_WORRIES_BYTES:
        raise PublishRefusedError(
            [Problem(str(path), "-", f"larger than the {MAX_WORRIES_BYTES} byte cap")]
        )
    try:
        data = decode_json_object(raw, what=str(path))
    except SyncError as exc:
        raise PublishRefusedError([Problem(str(path), "-", str(exc))]) from None
    problems = WorryDictionary.check(data, str(path))
    if problems:
        found = []
        for text in problems:
            field, _sep, reason = text.removeprefix(f"{path}: ").partition(": ")
            found.append(
                Problem(str(path), field, reason) if reason else Problem(str(path), "-", field)
            )
        raise PublishRefusedError(found)
    return f"worries/{hashlib.sha256(raw).hexdigest()}.json", raw


def prune(out: Path, keep: set[str], older_than: datetime) -> list[str]:
    """Remove payloads the manifest no longer names once they are past the retention window."""
    removed: list[str] = []
    cutoff = older_than.timestamp()
    for folder, pattern in (
        ("snap", "*.ndjson.gz"),
        ("delta", "*.ndjson.gz"),
        ("worries", "*.json"),
    ):
        for path in sorted((out / folder).glob(pattern)):
            rel = f"{folder}/{path.name}"
            if rel in keep:
                continue
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(rel)
    return removed


def diff_inputs(inputs: Sequence[Path], against: Path, regions: RegionMaster) -> Diff:
    """``tsunagi-admin diff``: what publishing ``inputs`` over the feed in ``against`` changes."""
    new = read_inputs(inputs, regions)
    _previous, old = load_previous(against, None)
    return diff_lines(old, new)


@dataclass
class VerifyReport:
    manifest: Manifest
    checked: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def verify_folder(
    folder: Path, public: PublicKey, regions: RegionMaster, now: datetime | None = None
) -> VerifyReport:
    """``tsunagi-admin verify``: the client's checks, end to end, on a published folder."""
    now = now or datetime.now(UTC)
    raw = (folder / MANIFEST_NAME).read_bytes()
    signature = (folder / SIGNATURE_NAME).read_bytes()[: MAX_SIGNATURE_BYTES + 1]
    check_signature(raw, signature, {public.key_id_hex: public})
    manifest = parse_manifest(decode_json_object(raw))
    report = VerifyReport(manifest=manifest)
    if manifest.key_id != public.key_id_hex:
        raise PreviousFeedError(
            f"manifest names key {manifest.key_id}, signed by {public.key_id_hex}"
        )
    if manifest.expires <= now:
        raise PreviousFeedError(f"manifest expired at {manifest.expires.isoformat()}: re-publish")
    if manifest.expires - now < timedelta(days=3):
        report.warnings.append(f"manifest expires soon ({manifest.expires.isoformat()})")
    with tempfile.TemporaryDirectory() as tmp:
        for payload in (manifest.snapshot, *manifest.deltas):
            gz = folder / payload.path
            data = gz.read_bytes() if gz.is_file() else b""
            if len(data) != payload.length or hashlib.sha256(data).hexdigest() != payload.sha256:
                raise PreviousFeedError(f"{payload.path} is missing or does not match its manifest")
            out = decompress_payload(
                gz, Path(tmp) / "raw", payload.raw_length, payload.raw_sha256, payload.path
            )
            is_delta = payload is not manifest.snapshot
            check_payload(out, payload, is_delta, regions, payload.path)
            if not is_delta:
                pairs = []
                for text in out.read_text("utf-8").splitlines():
                    pairs.append(
                        (str(json.loads(text)["id"]), hashlib.sha256(text.encode()).hexdigest())
                    )
                if content_digest(pairs) != manifest.content_digest:
                    raise PreviousFeedError(
                        "the snapshot's content digest differs from the manifest's"
                    )
            out.unlink()
            report.checked.append(payload.path)
    return report
