"""``tsunagi-admin``: the publisher's command line (keys now; publish, diff and verify build on it).

Why a separate command: offices never publish, and the secret key must never be near the
counsellors' app. Keys are minisign files, so ``minisign -S``/``-V`` work on them as well.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sync.errors import SyncError
from sync.minisign import SecretKey


def write_private(path: Path, text: str) -> None:
    """Create ``path`` with mode 600 from the start (no window where others could read it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)  # O_CREAT's mode is masked by the umask; 600 is the point


def keygen(out: Path, force: bool) -> str:
    """Write the secret key to ``out`` (mode 600) and the public key to ``out.pub``."""
    public_path = out.with_name(out.name + ".pub")
    if not force:
        for existing in (out, public_path):
            if existing.exists():
                raise FileExistsError(
                    f"{existing} already exists; refusing to overwrite a key (use --force)"
                )
    secret = SecretKey.generate()
    if force:
        for existing in (out, public_path):
            existing.unlink(missing_ok=True)
    write_private(out, secret.to_file_text())
    public_path.write_text(secret.public_key.to_file_text(), encoding="utf-8")
    return secret.public_key.key_id_hex


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tsunagi-admin", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    key = commands.add_parser("keygen", help="make a signing key pair (minisign format)")
    key.add_argument("--out", required=True, type=Path, help="secret key file; KEYFILE.pub too")
    key.add_argument("--force", action="store_true", help="overwrite an existing key pair")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "keygen":
            key_id = keygen(args.out, args.force)
            print(f"key {key_id}: secret key {args.out} (mode 600), public key {args.out}.pub")
            print("Keep the secret key off shared drives; give offices only the .pub file.")
            return 0
    except (SyncError, OSError) as exc:
        print(f"tsunagi-admin: {exc}", file=sys.stderr)
        return 1
    return 2
