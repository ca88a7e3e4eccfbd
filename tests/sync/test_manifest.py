"""Manifest verification: every refusal has its own class and a message naming what was wrong."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import errors
from sync.keys import keyring
from sync.manifest import VerifiedManifest, parse_manifest, verify_manifest
from sync.minisign import SecretKey, Signature
from tests.sync.feedkit import NOW, delta_payload, encode, manifest_dict, sign_bytes

KEY = SecretKey.generate()
OTHER = SecretKey.generate()
TRUSTED = keyring([KEY.public_key])


def check(
    manifest: dict[str, Any] | bytes,
    *,
    key: SecretKey = KEY,
    held: int = 0,
    feed_id: str | None = "jp-national",
    client: str = "0.1.0",
    signature: bytes | None = None,
) -> VerifiedManifest:
    raw = manifest if isinstance(manifest, bytes) else encode(manifest)
    return verify_manifest(
        raw,
        signature if signature is not None else sign_bytes(key, raw),
        trusted=TRUSTED,
        feed_id=feed_id,
        held_version=held,
        now=NOW,
        client_version=client,
    )


def test_valid_manifest_is_accepted() -> None:
    delta = delta_payload([{"id": "svc-1", "deleted": True}], 4, 5)
    verified = check(manifest_dict(KEY, version=5, deltas=[(4, delta)]), held=4)
    assert not verified.up_to_date
    assert verified.manifest.version == 5
    assert verified.manifest.delta_from(4) is not None
    assert verified.manifest.delta_from(3) is None
    assert verified.manifest.key_id == KEY.public_key.key_id_hex


def test_equal_version_means_nothing_to_do() -> None:
    assert check(manifest_dict(KEY, version=5), held=5).up_to_date


def test_first_contact_takes_any_feed_id() -> None:
    assert check(manifest_dict(KEY, feed_id="pref-13"), feed_id=None).manifest.feed_id == "pref-13"


def test_replay_is_refused_with_both_versions() -> None:
    with pytest.raises(errors.ReplayedManifestError) as caught:
        check(manifest_dict(KEY, version=7), held=9)
    assert str(caught.value) == (
        "replayed manifest: version 7 is older than the version 9 already held"
    )


def test_bad_signature_names_the_key() -> None:
    raw = encode(manifest_dict(KEY))
    sig = sign_bytes(KEY, raw)
    with pytest.raises(errors.BadSignatureError) as caught:
        check(raw.replace(b'"version": 5', b'"version": 6'), signature=sig)
    assert str(caught.value) == (
        f"manifest signature does not verify with key {KEY.public_key.key_id_hex}"
    )


def test_unknown_key_is_refused() -> None:
    with pytest.raises(errors.UnknownKeyError, match=OTHER.public_key.key_id_hex):
        check(manifest_dict(OTHER), key=OTHER)


def test_key_id_field_must_name_the_signer() -> None:
    trusted_both = keyring([KEY.public_key, OTHER.public_key])
    raw = encode(manifest_dict(OTHER))  # says OTHER …
    with pytest.raises(errors.KeyIdMismatchError, match="names key"):
        verify_manifest(
            raw, sign_bytes(KEY, raw), trusted=trusted_both, feed_id=None, held_version=0, now=NOW
        )


def test_wrong_feed_is_refused() -> None:
    with pytest.raises(errors.FeedIdMismatchError, match=r"'pref-13'.*'jp-national'"):
        check(manifest_dict(KEY, feed_id="pref-13"))


def test_expired_is_refused() -> None:
    manifest = manifest_dict(KEY, issued_at=NOW - timedelta(days=30), expires=NOW)
    with pytest.raises(errors.ManifestExpiredError, match="expired at"):
        check(manifest)


def test_newer_client_needed() -> None:
    manifest = manifest_dict(KEY, min_client_version="0.2")
    manifest["new_field_from_the_future"] = 1
    with pytest.raises(errors.ClientTooOldError, match=r"needs tsunagi 0\.2 or newer"):
        check(manifest, client="0.1.0")


def test_oversized_manifest_is_refused_before_the_signature() -> None:
    manifest = manifest_dict(KEY)
    raw = encode(manifest) + b" " * (64 * 1024)
    with pytest.raises(errors.ManifestTooLargeError, match="65536-byte cap"):
        check(raw, signature=b"not even looked at")


def test_strict_json() -> None:
    raw = encode(manifest_dict(KEY))
    duplicated = raw.replace(b'"version": 5,', b'"version": 5, "version": 6,')
    with pytest.raises(errors.ManifestMalformedError, match="'version' twice"):
        check(duplicated)
    with pytest.raises(errors.ManifestMalformedError, match="NaN"):
        check(raw.replace(b'"version": 5', b'"version": NaN'))
    with pytest.raises(errors.ManifestMalformedError, match="not a JSON object"):
        check(b"[1, 2]")
    with pytest.raises(errors.ManifestMalformedError, match="UTF-8"):
        check(b'{"a": "\xff"}')


def test_unsupported_format() -> None:
    manifest = manifest_dict(KEY)
    manifest["format"] = "tsunagi-feed/2"
    with pytest.raises(errors.UnsupportedFormatError, match="tsunagi-feed/2"):
        check(manifest)


def _set(path: str, value: Any) -> dict[str, Any]:
    manifest = manifest_dict(KEY, deltas=[(4, delta_payload([], 4, 5))])
    target: Any = manifest
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is _DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return manifest


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("version", "5", "version"),
        ("version", True, "version"),
        ("version", 0, "version"),
        ("version", 2**60, "version"),
        ("issued_at", "2026-11-26T12:00:00", "issued_at"),
        ("issued_at", "yesterday", "issued_at"),
        ("expires", "2020-01-01T00:00:00+09:00", "expires"),
        ("key_id", "abc", "key_id"),
        ("feed_id", "../etc", "feed_id"),
        ("feed_id", _DELETE, "feed_id"),
        ("schema_version", 1.5, "schema_version"),
        ("min_client_version", "latest", "min_client_version"),
        ("content_digest", "ABC", "content_digest"),
        ("snapshot", [], "snapshot"),
        ("snapshot.sha256", "0" * 63, "snapshot.sha256"),
        ("snapshot.length", -1, "snapshot.length"),
        ("snapshot.raw_length", "10", "snapshot.raw_length"),
        ("snapshot.path", "../../etc/passwd", "snapshot.path"),
        ("snapshot.record_counts", {"services": -2}, "snapshot.record_counts.services"),
        ("snapshot.extra", 1, "snapshot.extra"),
        ("deltas", {}, "deltas"),
        ("deltas.0.from_version", 5, "deltas[0].from_version"),
        ("deltas.0.path", "delta/3-5-" + "0" * 64 + ".ndjson.gz", "deltas[0].path"),
        ("deltas.0.length", None, "deltas[0].length"),
        ("surprise", "field", "surprise"),
    ],
)
def test_invalid_fields_name_the_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(errors.ManifestInvalidError) as caught:
        check(_set(path, value))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"manifest field {field!r}: ")


def test_parse_manifest_round_trip() -> None:
    from sync.manifest import manifest_to_dict

    manifest = manifest_dict(KEY, deltas=[(4, delta_payload([], 4, 5))])
    parsed = parse_manifest(manifest)
    assert json.loads(json.dumps(manifest_to_dict(parsed))) == manifest


VALID = encode(manifest_dict(KEY))
VALID_SIG = sign_bytes(KEY, VALID)


@settings(max_examples=100, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(VALID) - 1),
    replacement=st.binary(min_size=0, max_size=4),
    delete=st.integers(min_value=0, max_value=3),
)
def test_mutated_manifest_bytes_never_verify(
    position: int, replacement: bytes, delete: int
) -> None:
    mutated = VALID[:position] + replacement + VALID[position + delete :]
    if mutated == VALID:
        return
    with pytest.raises(errors.SyncError):
        check(mutated, signature=VALID_SIG)


@settings(max_examples=100, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(VALID_SIG) - 1),
    replacement=st.binary(min_size=0, max_size=3),
)
def test_mutated_signatures_never_verify(position: int, replacement: bytes) -> None:
    mutated = VALID_SIG[:position] + replacement + VALID_SIG[position + 1 :]
    try:
        check(VALID, signature=mutated)
    except errors.SyncError:
        return
    # Only changes that keep the decoded signature may pass: the untrusted comment, line
    # endings, or base64 padding bits that decode to the same bytes.
    ours, theirs = Signature.from_bytes(mutated), Signature.from_bytes(VALID_SIG)
    assert (ours.algorithm, ours.key_id, ours.signature, ours.trusted_comment) == (
        theirs.algorithm,
        theirs.key_id,
        theirs.signature,
        theirs.trusted_comment,
    )
    assert ours.global_signature == theirs.global_signature


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=100, deadline=None)
@given(
    field=st.sampled_from(
        [
            "version",
            "issued_at",
            "expires",
            "snapshot",
            "deltas",
            "feed_id",
            "key_id",
            "schema_version",
            "min_client_version",
            "content_digest",
            "format",
        ]
    ),
    value=json_values,
)
def test_signed_but_mangled_fields_raise_only_sync_errors(field: str, value: Any) -> None:
    """Even correctly signed nonsense (a publisher bug) only ever raises our error classes."""
    manifest = copy.deepcopy(manifest_dict(KEY))
    manifest[field] = value
    try:
        verified = check(manifest)
    except errors.SyncError:
        return
    # Accepted: then the mangled value must have been a valid one, and is what was parsed.
    assert json.loads(verified.raw)[field] == value


def test_content_digest_is_order_independent_and_sensitive() -> None:
    from sync.manifest import content_digest

    pairs = [("b", "1" * 64), ("a", "2" * 64), ("相談", "3" * 64)]
    assert content_digest(pairs) == content_digest(reversed(pairs))
    assert content_digest(pairs) != content_digest(pairs[:2])
    assert content_digest(pairs) != content_digest([("b", "1" * 64), ("a", "4" * 64), pairs[2]])
    expected = "a\t" + "2" * 64 + "\nb\t" + "1" * 64 + "\n相談\t" + "3" * 64 + "\n"
    assert content_digest(pairs) == __import__("hashlib").sha256(expected.encode()).hexdigest()


def test_tombstones_are_exactly_two_keys() -> None:
    from sync.manifest import is_tombstone

    assert is_tombstone({"id": "svc-1", "deleted": True})
    assert not is_tombstone({"id": "svc-1", "deleted": True, "name": "x"})
    assert not is_tombstone({"id": "svc-1", "deleted": 1})
    assert not is_tombstone({"id": 5, "deleted": True})
