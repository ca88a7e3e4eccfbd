"""Trusted feed keys and key rotation (``keys/<n>.json``).

Why a chain of signed key lists: the app ships with (or an admin adds) one public key per feed, and
offices may not update the app for years. To move a feed to a new key, the publisher posts key list
``n`` signed by a key the clients already trust (the old one) **and** by every key it introduces
(proof that the new keys' holder agreed, so a stolen old key cannot hand the feed to a key nobody
holds). A client that meets a manifest signed by an unknown key walks ``keys/<held+1>.json``,
``keys/<held+2>.json``, … until the key is known or the chain ends. See ``sync/PROTOCOL.md``.

Signatures are separate minisign files, one per key: ``keys/<n>.json.<KEYID>.minisig``, so admins
can make and check them with the stock ``minisign`` tool.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sync import minisign
from sync.errors import (
    KeyFormatError,
    KeyListError,
    ManifestMalformedError,
    NotFoundError,
    SyncError,
    UnknownKeyError,
)
from sync.manifest import (
    FEED_ID_PATTERN,
    check_signature,
    decode_json_object,
)
from sync.minisign import PublicKey, SecretKey

KEYS_FORMAT = "tsunagi-keys/1"
MAX_KEY_LIST_BYTES = 16 * 1024
MAX_ROTATION_STEPS = 32
"""A client years out of date walks at most this many key lists in one sync."""


def key_list_path(serial: int) -> str:
    return f"keys/{serial}.json"


def key_signature_path(serial: int, key_id_hex: str) -> str:
    return f"keys/{serial}.json.{key_id_hex}.minisig"


def keyring(keys: list[PublicKey] | tuple[PublicKey, ...]) -> dict[str, PublicKey]:
    """Map key id (minisign hex) to key: the form :func:`sync.manifest.verify_manifest` takes."""
    return {key.key_id_hex: key for key in keys}


@dataclass(frozen=True)
class KeyList:
    """A verified key list: the keys to trust from now on for one feed."""

    serial: int
    feed_id: str
    keys: Mapping[str, PublicKey]
    version_floor: int
    """The held version to use after adopting this list (rotation resets replay protection)."""
    raw: bytes


def build_key_list(
    serial: int, feed_id: str, keys: list[PublicKey], issued_at: datetime, version_floor: int = 0
) -> bytes:
    """The bytes of ``keys/<serial>.json`` (the publisher signs them with old and new keys)."""
    document = {
        "format": KEYS_FORMAT,
        "feed_id": feed_id,
        "serial": serial,
        "issued_at": issued_at.isoformat(),
        "version_floor": version_floor,
        "keys": [{"key_id": k.key_id_hex, "public_key": k.to_base64()} for k in keys],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sign_key_list(raw: bytes, secret: SecretKey, serial: int) -> bytes:
    signature = minisign.sign(secret, raw, trusted_comment=f"tsunagi key list {serial}")
    return signature.to_file_text().encode("utf-8")


def _parse_key_list(raw: bytes, serial: int, feed_id: str) -> tuple[dict[str, PublicKey], int]:
    try:
        data = decode_json_object(raw, what=f"key list {serial}")
    except ManifestMalformedError as exc:
        raise KeyListError(str(exc)) from None
    where = f"key list {serial}"
    if data.get("format") != KEYS_FORMAT:
        raise KeyListError(f"{where}: format is not {KEYS_FORMAT!r}")
    if data.get("serial") != serial or isinstance(data.get("serial"), bool):
        raise KeyListError(f"{where}: its serial field says {data.get('serial')!r}")
    if not isinstance(data.get("feed_id"), str) or not FEED_ID_PATTERN.fullmatch(data["feed_id"]):
        raise KeyListError(f"{where}: feed_id is missing or malformed")
    if data["feed_id"] != feed_id:
        raise KeyListError(f"{where} is for feed {data['feed_id']!r}, not {feed_id!r}")
    floor = data.get("version_floor")
    if not isinstance(floor, int) or isinstance(floor, bool) or floor < 0:
        raise KeyListError(f"{where}: version_floor must be an integer >= 0")
    entries = data.get("keys")
    if not isinstance(entries, list) or not 1 <= len(entries) <= 8:
        raise KeyListError(f"{where}: keys must list 1 to 8 keys")
    keys: dict[str, PublicKey] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("public_key"), str):
            raise KeyListError(f"{where}: each key needs a public_key")
        try:
            key = PublicKey.from_text(entry["public_key"])
        except KeyFormatError as exc:
            raise KeyListError(f"{where}: {exc}") from None
        if entry.get("key_id") != key.key_id_hex:
            raise KeyListError(f"{where}: key_id {entry.get('key_id')!r} does not match its key")
        keys[key.key_id_hex] = key
    return keys, floor


def verify_key_list(
    raw: bytes,
    fetch_signature: Callable[[str], bytes],
    *,
    serial: int,
    feed_id: str,
    current: Mapping[str, PublicKey],
) -> KeyList:
    """Verify list ``serial``: first by a currently trusted key (before parsing), then by each new key.

    ``fetch_signature(key_id_hex)`` returns that key's ``.minisig`` bytes or raises
    :class:`NotFoundError`.
    """
    if len(raw) > MAX_KEY_LIST_BYTES:
        raise KeyListError(f"key list {serial} is {len(raw)} bytes, more than {MAX_KEY_LIST_BYTES}")
    old_ok = False
    for key_id in sorted(current):
        try:
            signature = fetch_signature(key_id)
        except NotFoundError:
            continue
        try:
            check_signature(raw, signature, {key_id: current[key_id]}, what=f"key list {serial}")
        except SyncError as exc:
            raise KeyListError(str(exc)) from None
        old_ok = True
        break
    if not old_ok:
        raise KeyListError(
            f"key list {serial} is not signed by any trusted key ({', '.join(sorted(current))})"
        )
    keys, floor = _parse_key_list(raw, serial, feed_id)
    for key_id, key in sorted(keys.items()):
        if key_id in current:
            continue
        try:
            signature = fetch_signature(key_id)
            check_signature(raw, signature, {key_id: key}, what=f"key list {serial}")
        except SyncError as exc:
            raise KeyListError(
                f"key list {serial}: new key {key_id} has not signed it ({exc})"
            ) from None
    return KeyList(serial=serial, feed_id=feed_id, keys=keys, version_floor=floor, raw=raw)


def walk_rotation(
    fetch: Callable[[str, int], bytes],
    *,
    wanted_key_id: str,
    held_serial: int,
    feed_id: str,
    current: Mapping[str, PublicKey],
) -> KeyList:
    """Follow ``keys/<held_serial+1>.json`` … until ``wanted_key_id`` is trusted.

    ``fetch(path, cap)`` returns a file's bytes or raises :class:`NotFoundError`. Raises
    :class:`UnknownKeyError` when the chain ends without the key.
    """
    trusted = dict(current)
    last: KeyList | None = None
    for serial in range(held_serial + 1, held_serial + 1 + MAX_ROTATION_STEPS):
        try:
            raw = fetch(key_list_path(serial), MAX_KEY_LIST_BYTES)
        except NotFoundError:
            break

        def fetch_signature(key_id: str, serial: int = serial) -> bytes:
            return fetch(key_signature_path(serial, key_id), minisign.MAX_SIGNATURE_FILE)

        last = verify_key_list(
            raw,
            fetch_signature,
            serial=serial,
            feed_id=feed_id,
            current=trusted,
        )
        trusted = dict(last.keys)
        if wanted_key_id in trusted:
            return last
    raise UnknownKeyError(
        f"manifest is signed by key {wanted_key_id}, which is not trusted for this feed and no "
        f"key list after {last.serial if last else held_serial} introduces it"
    )
