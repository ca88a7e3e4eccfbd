"""The signed manifest: strict parsing and the checks that need no database.

Why so strict: the manifest decides which bytes reach a counsellor's screen, so anything we do not
understand exactly is refused rather than guessed at. The order of :func:`verify_manifest` is the
protocol (``sync/PROTOCOL.md``, "Client steps"): the signature is checked on the raw bytes before
``json.loads`` ever sees them, and every refusal raises its own class from :mod:`sync.errors`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import index
from index.compat import (
    SCHEMA_VERSION,
    SchemaVersionError,
    check_schema_version,
    parse_schema_version,
    schema_version_text,
)
from sync.errors import (
    ClientTooOldError,
    FeedIdMismatchError,
    KeyIdMismatchError,
    ManifestExpiredError,
    ManifestInvalidError,
    ManifestMalformedError,
    ManifestTooLargeError,
    ReplayedManifestError,
    SchemaTooNewError,
    SyncError,
    UnknownKeyError,
    UnsupportedFormatError,
)
from sync.minisign import MAX_SIGNATURE_FILE, PublicKey, Signature, verify

FORMAT = "tsunagi-feed/1"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.minisig"
MAX_MANIFEST_BYTES = 64 * 1024
"""Fixed cap: a manifest lists a snapshot and a few deltas; 64 KiB is two orders of headroom."""
MAX_SIGNATURE_BYTES = MAX_SIGNATURE_FILE
MAX_DELTAS = 256

_SHA256 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9A-F]{16}")
FEED_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_VERSION_TEXT = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}")
_SNAPSHOT_PATH = re.compile(r"snap/(?P<sha>[0-9a-f]{64})\.ndjson\.gz")
_DELTA_PATH = re.compile(
    r"delta/(?P<from>[0-9]{1,18})-(?P<to>[0-9]{1,18})-(?P<sha>[0-9a-f]{64})\.ndjson\.gz"
)
_COUNT_NAME = re.compile(r"[a-z_]{1,32}")
_WORRIES_PATH = re.compile(r"worries/(?P<sha>[0-9a-f]{64})\.json")
MAX_WORRIES_BYTES = 4 * 1024 * 1024
"""A worry dictionary is a few hundred expressions (~100 KiB); the cap bounds the download."""

_TOP_FIELDS = {
    "format",
    "feed_id",
    "version",
    "issued_at",
    "expires",
    "key_id",
    "schema_version",
    "min_client_version",
    "snapshot",
    "content_digest",
    "deltas",
}
_OPTIONAL_TOP_FIELDS = frozenset({"worries"})
_WORRIES_FIELDS = {"path", "sha256", "length"}
_SNAPSHOT_FIELDS = {"path", "sha256", "length", "raw_sha256", "raw_length", "record_counts"}
_DELTA_FIELDS = {
    "from_version",
    "path",
    "sha256",
    "length",
    "raw_sha256",
    "raw_length",
    "record_counts",
}


@dataclass(frozen=True)
class Payload:
    """One gzip'ed NDJSON file the manifest signs: where it is and exactly what it must be."""

    path: str
    sha256: str
    length: int
    raw_sha256: str
    raw_length: int
    record_counts: Mapping[str, int]


@dataclass(frozen=True)
class Delta(Payload):
    from_version: int = 0


@dataclass(frozen=True)
class WorriesFile:
    """The feed's worry dictionary (plain JSON, named by its hash), signed like a payload."""

    path: str
    sha256: str
    length: int


@dataclass(frozen=True)
class Manifest:
    format: str
    feed_id: str
    version: int
    issued_at: datetime
    expires: datetime
    key_id: str
    schema_version: int
    min_client_version: str
    snapshot: Payload
    content_digest: str
    deltas: tuple[Delta, ...]
    worries: WorriesFile | None = None
    schema_minor: int = 0
    """``schema_version`` may be ``"1.2"``: the major is ``schema_version``, this the minor."""

    def delta_from(self, local_version: int) -> Delta | None:
        """The delta that starts at ``local_version``, if the publisher kept one."""
        for delta in self.deltas:
            if delta.from_version == local_version:
                return delta
        return None


@dataclass(frozen=True)
class VerifiedManifest:
    """A manifest that passed every check, with the exact bytes to store next to the data."""

    manifest: Manifest
    raw: bytes
    signature: bytes
    up_to_date: bool
    """True when the version equals the one held: there is nothing to download."""
    warnings: tuple[str, ...] = ()
    """What this tsunagi reads but cannot fully show (a newer minor schema_version), in Japanese."""


def version_tuple(text: str) -> tuple[int, ...]:
    if not _VERSION_TEXT.fullmatch(text):
        raise ValueError(f"{text!r} is not a dotted version such as 0.1.0")
    parts = tuple(int(part) for part in text.split("."))
    return parts + (0,) * (4 - len(parts))


# --- field readers: each names the field and the reason --------------------------------------------


def _int(obj: Mapping[str, Any], key: str, where: str, minimum: int = 0) -> int:
    value = obj.get(key)
    # bool is an int subclass in Python; JSON true must not pass as 1.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ManifestInvalidError(f"{where}{key}", f"must be an integer, got {_describe(value)}")
    if value < minimum:
        raise ManifestInvalidError(f"{where}{key}", f"must be >= {minimum}, got {value}")
    if value > 2**53:
        raise ManifestInvalidError(f"{where}{key}", f"{value} is implausibly large")
    return value


def _str(obj: Mapping[str, Any], key: str, where: str, pattern: re.Pattern[str] | None) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise ManifestInvalidError(f"{where}{key}", f"must be a string, got {_describe(value)}")
    if pattern is not None and not pattern.fullmatch(value):
        raise ManifestInvalidError(f"{where}{key}", f"{value[:80]!r} is not in the expected form")
    return value


def _sha(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ManifestInvalidError(
            f"{where}{key}", f"must be 64 lower-case hex digits, got {_describe(value)}"
        )
    return value


def _datetime(obj: Mapping[str, Any], key: str) -> datetime:
    value = obj.get(key)
    if not isinstance(value, str) or len(value) > 40:
        raise ManifestInvalidError(key, f"must be an ISO 8601 date-time, got {_describe(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ManifestInvalidError(key, f"{value!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ManifestInvalidError(key, f"{value!r} has no time zone (add Z or +09:00)")
    return parsed


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, int | float):
        return repr(value)
    return f"a {type(value).__name__}"


def _only(
    obj: Mapping[str, Any], allowed: set[str], where: str, optional: frozenset[str] = frozenset()
) -> None:
    extra = sorted(set(obj) - allowed - optional)
    if extra:
        raise ManifestInvalidError(f"{where}{extra[0]}", "is not a field of tsunagi-feed/1")
    for name in sorted(allowed):
        if name not in obj:
            raise ManifestInvalidError(f"{where}{name}", "is missing")


def _counts(obj: Mapping[str, Any], where: str) -> dict[str, int]:
    value = obj.get("record_counts")
    if not isinstance(value, dict) or len(value) > 32:
        raise ManifestInvalidError(f"{where}record_counts", "must be an object of counts")
    counts: dict[str, int] = {}
    for name in value:
        if not _COUNT_NAME.fullmatch(name):
            raise ManifestInvalidError(f"{where}record_counts", f"bad count name {name[:40]!r}")
        counts[name] = _int(value, name, f"{where}record_counts.")
    return counts


def _payload_fields(obj: Mapping[str, Any], where: str) -> dict[str, Any]:
    return {
        "path": _str(obj, "path", where, None),
        "sha256": _sha(obj, "sha256", where),
        "length": _int(obj, "length", where),
        "raw_sha256": _sha(obj, "raw_sha256", where),
        "raw_length": _int(obj, "raw_length", where),
        "record_counts": _counts(obj, where),
    }


def parse_manifest(data: Mapping[str, Any]) -> Manifest:
    """Validate a decoded manifest object field by field; raise :class:`ManifestInvalidError`."""
    fmt = data.get("format")
    if fmt != FORMAT:
        raise UnsupportedFormatError(
            f"manifest format is {_describe(fmt)}, this tsunagi reads {FORMAT!r}"
        )
    _only(data, _TOP_FIELDS, "", _OPTIONAL_TOP_FIELDS)
    issued_at = _datetime(data, "issued_at")
    expires = _datetime(data, "expires")
    if expires <= issued_at:
        raise ManifestInvalidError("expires", "is not after issued_at")
    min_client = _str(data, "min_client_version", "", _VERSION_TEXT)
    version = _int(data, "version", "", minimum=1)
    try:
        schema = parse_schema_version(data.get("schema_version"))
    except SchemaVersionError:
        raise ManifestInvalidError(
            "schema_version",
            f'must be an integer or "major.minor", got {_describe(data.get("schema_version"))}',
        ) from None

    snap_obj = data.get("snapshot")
    if not isinstance(snap_obj, dict):
        raise ManifestInvalidError("snapshot", f"must be an object, got {_describe(snap_obj)}")
    _only(snap_obj, _SNAPSHOT_FIELDS, "snapshot.")
    snapshot = Payload(**_payload_fields(snap_obj, "snapshot."))
    match = _SNAPSHOT_PATH.fullmatch(snapshot.path)
    if not match or match["sha"] != snapshot.sha256:
        raise ManifestInvalidError("snapshot.path", "must be snap/<its sha256>.ndjson.gz")

    delta_list = data.get("deltas")
    if not isinstance(delta_list, list) or len(delta_list) > MAX_DELTAS:
        raise ManifestInvalidError("deltas", f"must be a list of at most {MAX_DELTAS} deltas")
    deltas: list[Delta] = []
    seen_from: set[int] = set()
    for number, item in enumerate(delta_list):
        where = f"deltas[{number}]."
        if not isinstance(item, dict):
            raise ManifestInvalidError(where[:-1], f"must be an object, got {_describe(item)}")
        _only(item, _DELTA_FIELDS, where)
        from_version = _int(item, "from_version", where, minimum=0)
        if from_version >= version:
            raise ManifestInvalidError(f"{where}from_version", "must be older than version")
        if from_version in seen_from:
            raise ManifestInvalidError(f"{where}from_version", "appears twice")
        seen_from.add(from_version)
        delta = Delta(from_version=from_version, **_payload_fields(item, where))
        dmatch = _DELTA_PATH.fullmatch(delta.path)
        if (
            not dmatch
            or int(dmatch["from"]) != from_version
            or int(dmatch["to"]) != version
            or dmatch["sha"] != delta.sha256
        ):
            raise ManifestInvalidError(
                f"{where}path", "must be delta/<from>-<version>-<its sha256>.ndjson.gz"
            )
        deltas.append(delta)

    worries: WorriesFile | None = None
    if "worries" in data:
        w_obj = data["worries"]
        if not isinstance(w_obj, dict):
            raise ManifestInvalidError("worries", f"must be an object, got {_describe(w_obj)}")
        _only(w_obj, _WORRIES_FIELDS, "worries.")
        worries = WorriesFile(
            path=_str(w_obj, "path", "worries.", None),
            sha256=_sha(w_obj, "sha256", "worries."),
            length=_int(w_obj, "length", "worries.", minimum=1),
        )
        wmatch = _WORRIES_PATH.fullmatch(worries.path)
        if not wmatch or wmatch["sha"] != worries.sha256:
            raise ManifestInvalidError("worries.path", "must be worries/<its sha256>.json")
        if worries.length > MAX_WORRIES_BYTES:
            raise ManifestInvalidError(
                "worries.length", f"is over the {MAX_WORRIES_BYTES} byte cap for a dictionary"
            )

    return Manifest(
        format=FORMAT,
        feed_id=_str(data, "feed_id", "", FEED_ID_PATTERN),
        version=version,
        issued_at=issued_at,
        expires=expires,
        key_id=_str(data, "key_id", "", _KEY_ID),
        schema_version=schema[0],
        min_client_version=min_client,
        snapshot=snapshot,
        content_digest=_sha(data, "content_digest", ""),
        deltas=tuple(deltas),
        worries=worries,
        schema_minor=schema[1],
    )


def manifest_to_dict(manifest: Manifest) -> dict[str, Any]:
    """The JSON object for ``manifest.json`` (what the publisher signs)."""

    def payload(item: Payload) -> dict[str, Any]:
        return {
            "path": item.path,
            "sha256": item.sha256,
            "length": item.length,
            "raw_sha256": item.raw_sha256,
            "raw_length": item.raw_length,
            "record_counts": dict(item.record_counts),
        }

    out: dict[str, Any] = {
        "format": manifest.format,
        "feed_id": manifest.feed_id,
        "version": manifest.version,
        "issued_at": manifest.issued_at.isoformat(),
        "expires": manifest.expires.isoformat(),
        "key_id": manifest.key_id,
        "schema_version": schema_version_text((manifest.schema_version, manifest.schema_minor)),
        "min_client_version": manifest.min_client_version,
        "snapshot": payload(manifest.snapshot),
        "content_digest": manifest.content_digest,
        "deltas": [{"from_version": d.from_version, **payload(d)} for d in manifest.deltas],
    }
    if manifest.worries is not None:
        w = manifest.worries
        out["worries"] = {"path": w.path, "sha256": w.sha256, "length": w.length}
    return out


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two parsers may pick different duplicates; a signed document must mean one thing.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ManifestMalformedError(f"manifest has the field {key[:40]!r} twice")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ManifestMalformedError(f"manifest contains {name}, which is not JSON")


def decode_json_object(raw: bytes, what: str = "manifest") -> dict[str, Any]:
    """Strict JSON: UTF-8, one object, no duplicate keys, no NaN/Infinity."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestMalformedError(f"{what} is not UTF-8") from None
    try:
        value = json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except SyncError:
        raise
    except (ValueError, RecursionError) as exc:
        raise ManifestMalformedError(f"{what} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ManifestMalformedError(f"{what} is not a JSON object")
    return value


def check_signature(
    raw: bytes, signature_bytes: bytes, trusted: Mapping[str, PublicKey], what: str = "manifest"
) -> Signature:
    """Size caps, then the signature over the raw bytes, before anything parses them."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ManifestTooLargeError(
            f"{what} is {len(raw)} bytes, more than the {MAX_MANIFEST_BYTES}-byte cap"
        )
    if len(signature_bytes) > MAX_SIGNATURE_BYTES:
        raise ManifestTooLargeError(
            f"{what} signature is {len(signature_bytes)} bytes, more than {MAX_SIGNATURE_BYTES}"
        )
    signature = Signature.from_bytes(signature_bytes)
    key = trusted.get(signature.key_id_hex)
    if key is None:
        known = ", ".join(sorted(trusted)) or "none"
        raise UnknownKeyError(
            f"{what} is signed by key {signature.key_id_hex}, which is not trusted for this "
            f"feed (trusted: {known})"
        )
    verify(key, raw, signature, what=what)
    return signature


def verify_manifest(
    raw: bytes,
    signature_bytes: bytes,
    *,
    trusted: Mapping[str, PublicKey],
    feed_id: str | None,
    held_version: int,
    now: datetime,
    client_version: str = index.__version__,
) -> VerifiedManifest:
    """Run every manifest check that needs no database, in protocol order.

    ``trusted`` maps key ids (minisign hex) to keys; ``feed_id`` is the id this feed was added
    with (``None`` on first contact: the caller then stores the manifest's); ``held_version`` the
    version already applied (0 for none; reset on key rotation); ``now`` the start time of this
    sync, recorded once.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    signature = check_signature(raw, signature_bytes, trusted)
    data = decode_json_object(raw)

    # Before the strict field check, so a newer feed format says "update tsunagi", not "bad field".
    wanted = data.get("min_client_version")
    if (
        isinstance(wanted, str)
        and _VERSION_TEXT.fullmatch(wanted)
        and version_tuple(wanted) > version_tuple(client_version)
    ):
        raise ClientTooOldError(
            f"this feed needs tsunagi {wanted} or newer; this is tsunagi {client_version}"
        )

    # Also before the field check: a newer major record schema needs a newer tsunagi.
    try:
        readable, schema_warning = check_schema_version(data.get("schema_version"))
    except SchemaVersionError:
        readable, schema_warning = True, None  # parse_manifest names the field
    if not readable:
        raise SchemaTooNewError(
            f"this feed's schema_version {data.get('schema_version')} needs tsunagi that reads "
            f"a newer record schema; this is tsunagi {client_version} "
            f"(schema {SCHEMA_VERSION[0]}.{SCHEMA_VERSION[1]})"
        )

    manifest = parse_manifest(data)
    if manifest.key_id != signature.key_id_hex:
        raise KeyIdMismatchError(
            f"manifest names key {manifest.key_id} but is signed by key {signature.key_id_hex}"
        )
    if feed_id is not None and manifest.feed_id != feed_id:
        raise FeedIdMismatchError(
            f"manifest is for feed {manifest.feed_id!r}, this feed is {feed_id!r}"
        )
    if manifest.version < held_version:
        raise ReplayedManifestError(
            f"replayed manifest: version {manifest.version} is older than the version "
            f"{held_version} already held"
        )
    if manifest.expires <= now:
        raise ManifestExpiredError(
            f"manifest version {manifest.version} expired at {manifest.expires.isoformat()}; "
            "nothing was applied (the publisher has not re-signed the feed)"
        )
    return VerifiedManifest(
        manifest=manifest,
        raw=raw,
        signature=signature_bytes,
        up_to_date=manifest.version == held_version,
        warnings=(schema_warning,) if schema_warning else (),
    )


def content_digest(items: Iterable[tuple[str, str]]) -> str:
    """The dataset digest of ``sync/PROTOCOL.md``: SHA-256 over ``id TAB record-sha256 LF``.

    ``items`` are (service id, sha256 of the record's NDJSON line) pairs, in any order; they are
    sorted by id in code-point order (SQLite's ``ORDER BY id`` gives the same order).
    """
    digest = hashlib.sha256()
    for service_id, record_sha in sorted(items):
        digest.update(f"{service_id}\t{record_sha}\n".encode())
    return digest.hexdigest()


def is_tombstone(line: Mapping[str, Any]) -> bool:
    """A delta line removing a service: exactly ``{"id": "…", "deleted": true}``."""
    return (
        set(line) == {"id", "deleted"} and line["deleted"] is True and isinstance(line["id"], str)
    )
