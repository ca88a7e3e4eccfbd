"""``tsunagi-admin rotate-key``: move a published feed to a new signing key, end to end.

Why: before this there was no rotate command; publishing with a new key started a new feed at
version 1, which every office refused as a replay, and an office still holding the old key saw
「信頼できません」 for good. Rotating writes, in the feed folder:

1. ``keys/<n>.json``: the next key list, naming the new key, with ``version_floor`` = the feed's
   current version (offices reset their replay protection to it, so a leaked old key's huge
   version is void, and the real versions keep counting);
2. its signatures by the old key (the publisher authorised the change) and by the new key (someone
   holds it), as ``keys/<n>.json.<KEYID>.minisig``;
3. the same data as the next version, signed by the new key, with an empty delta from the current
   version, so an office that follows the chain downloads almost nothing.

The next ``tsunagi-admin publish --key NEW`` then goes on from that version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sync import minisign
from sync.errors import ExpiryTooFarError, KeyListError
from sync.freshness import MAX_EXPIRY_DAYS
from sync.keys import build_key_list, key_list_path, key_signature_path, sign_key_list
from sync.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    manifest_to_dict,
    parse_manifest,
)
from sync.minisign import SecretKey
from sync.publish import _fields, _payload, _write_atomic, load_previous

DEFAULT_EXPIRES_DAYS = 14


@dataclass(frozen=True)
class Rotated:
    serial: int
    feed_id: str
    old_key: str
    new_key: str
    version: int
    """The version now published, signed by the new key."""


def next_serial(out: Path) -> int:
    """One more than the highest key list already in the folder (1 for the first rotation)."""
    serials = [
        int(p.name.split(".")[0])
        for p in (out / "keys").glob("*.json")
        if p.name.split(".")[0].isdigit()
    ]
    return max(serials, default=0) + 1


def rotate_key(
    out: Path,
    old: SecretKey,
    new: SecretKey,
    *,
    now: datetime | None = None,
    expires_days: int = DEFAULT_EXPIRES_DAYS,
) -> Rotated:
    """Rotate the feed in ``out`` from ``old`` to ``new`` (see the module docstring)."""
    now = now or datetime.now(UTC)
    if not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ExpiryTooFarError(f"--expires-days {expires_days}: use 1 to {MAX_EXPIRY_DAYS} days")
    if old.public_key.key_id_hex == new.public_key.key_id_hex:
        raise KeyListError("the new key is the old key: make one with tsunagi-admin keygen")
    previous, _lines = load_previous(out, old.public_key)  # refuses a feed the old key did not sign
    if previous is None:
        raise KeyListError(f"{out} holds no published feed: publish it with the old key first")
    serial = next_serial(out)
    raw_list = build_key_list(
        serial, previous.feed_id, [new.public_key], now, version_floor=previous.version
    )
    version = previous.version + 1
    d_raw, d_gz, d_path = _payload([], "delta", f"{previous.version}-{version}-")
    document = manifest_to_dict(previous)
    document.update(
        {
            "version": version,
            "issued_at": now.isoformat(timespec="seconds"),
            "expires": (now + timedelta(days=expires_days)).isoformat(timespec="seconds"),
            "key_id": new.public_key.key_id_hex,
            "deltas": [
                {
                    "from_version": previous.version,
                    **_fields(d_raw, d_gz, d_path, {"upserts": 0, "tombstones": 0}),
                }
            ],
        }
    )
    manifest = parse_manifest(document)  # the client's own checks, before anything is signed
    raw_manifest = (
        json.dumps(manifest_to_dict(manifest), ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    signature = minisign.sign(
        new,
        raw_manifest,
        trusted_comment=f"tsunagi feed {manifest.feed_id} version {version} issued "
        f"{document['issued_at']} (key rotation {serial})",
    )
    # Key list and its signatures first, then the payload, the signature, the manifest: a client
    # that sees the new manifest can always walk to the new key.
    (out / "keys").mkdir(parents=True, exist_ok=True)
    _write_atomic(out / key_list_path(serial), raw_list)
    for secret in (old, new):
        _write_atomic(
            out / key_signature_path(serial, secret.public_key.key_id_hex),
            sign_key_list(raw_list, secret, serial),
        )
    if not (out / d_path).exists():
        _write_atomic(out / d_path, d_gz)
    _write_atomic(out / SIGNATURE_NAME, signature.to_file_text().encode("utf-8"))
    _write_atomic(out / MANIFEST_NAME, raw_manifest)
    assert hashlib.sha256(d_gz).hexdigest() in d_path
    return Rotated(
        serial=serial,
        feed_id=manifest.feed_id,
        old_key=old.public_key.key_id_hex,
        new_key=new.public_key.key_id_hex,
        version=version,
    )
