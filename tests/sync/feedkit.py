"""Build small signed feed folders for sync tests (a stand-in publisher, no database needed)."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sync import minisign
from sync.minisign import SecretKey

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@dataclass
class BuiltPayload:
    path: str
    gz: bytes
    raw: bytes

    def fields(self, counts: dict[str, int]) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": hashlib.sha256(self.gz).hexdigest(),
            "length": len(self.gz),
            "raw_sha256": hashlib.sha256(self.raw).hexdigest(),
            "raw_length": len(self.raw),
            "record_counts": counts,
        }


def ndjson(records: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True).encode() + b"\n" for r in records
    )


def snapshot_payload(records: list[dict[str, Any]]) -> BuiltPayload:
    raw = ndjson(records)
    gz = gzip.compress(raw, mtime=0)
    return BuiltPayload(f"snap/{hashlib.sha256(gz).hexdigest()}.ndjson.gz", gz, raw)


def delta_payload(lines: list[dict[str, Any]], from_version: int, version: int) -> BuiltPayload:
    raw = ndjson(lines)
    gz = gzip.compress(raw, mtime=0)
    sha = hashlib.sha256(gz).hexdigest()
    return BuiltPayload(f"delta/{from_version}-{version}-{sha}.ndjson.gz", gz, raw)


def records(n: int = 3) -> list[dict[str, Any]]:
    return [{"id": f"svc-{i}", "name": f"相談窓口 {i}", "status": "active"} for i in range(n)]


def manifest_dict(
    key: SecretKey,
    *,
    version: int = 5,
    feed_id: str = "jp-national",
    snapshot: BuiltPayload | None = None,
    deltas: list[tuple[int, BuiltPayload]] | None = None,
    issued_at: datetime = NOW - timedelta(hours=1),
    expires: datetime = NOW + timedelta(days=14),
    min_client_version: str = "0.1.0",
) -> dict[str, Any]:
    snapshot = snapshot or snapshot_payload(records())
    return {
        "format": "tsunagi-feed/1",
        "feed_id": feed_id,
        "version": version,
        "issued_at": issued_at.isoformat(),
        "expires": expires.isoformat(),
        "key_id": key.public_key.key_id_hex,
        "schema_version": 1,
        "min_client_version": min_client_version,
        "snapshot": snapshot.fields({"services": snapshot.raw.count(b"\n")}),
        "content_digest": hashlib.sha256(b"digest").hexdigest(),
        "deltas": [
            {"from_version": f, **p.fields({"upserts": 1, "tombstones": 0})}
            for f, p in deltas or []
        ],
    }


def encode(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()


def sign_bytes(key: SecretKey, data: bytes) -> bytes:
    return minisign.sign(key, data, trusted_comment="test").to_file_text().encode()


def write_feed(
    folder: Path,
    key: SecretKey,
    *,
    payloads: list[BuiltPayload] | None = None,
    **manifest_kwargs: Any,
) -> tuple[dict[str, Any], list[BuiltPayload]]:
    """A complete feed folder: payloads, manifest.json and manifest.json.minisig."""
    snap = manifest_kwargs.pop("snapshot", None) or snapshot_payload(records())
    manifest = manifest_dict(key, snapshot=snap, **manifest_kwargs)
    written = [snap, *(p for _, p in manifest_kwargs.get("deltas") or [])]
    for payload in [*written, *(payloads or [])]:
        target = folder / payload.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload.gz)
    raw = encode(manifest)
    (folder / "manifest.json").write_bytes(raw)
    (folder / "manifest.json.minisig").write_bytes(sign_bytes(key, raw))
    return manifest, written
