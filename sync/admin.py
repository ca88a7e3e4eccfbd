"""``tsunagi-admin``: the publisher's command line: keygen, publish, diff, verify.

Why a separate command: offices never publish, and the secret key must never be near the
counsellors' app. Keys are minisign files, so ``minisign -S``/``-V`` work on them as well.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from index.regions import RegionMaster
from sync.errors import SyncError
from sync.minisign import PublicKey, SecretKey
from sync.publish import (
    DEFAULT_EXPIRES_DAYS,
    MIN_CLIENT_VERSION,
    Diff,
    PhoneChangesNeedConfirmationError,
    PublishRefusedError,
    diff_inputs,
    publish,
    verify_folder,
)


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

    pub = commands.add_parser("publish", help="validate, diff, sign and write the next version")
    pub.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        help="HSDS JSON/NDJSON, CSV datapackage, or the spreadsheet template (.xlsx/.csv)",
    )
    pub.add_argument("--key", required=True, type=Path, help="secret key file")
    pub.add_argument("--out", required=True, type=Path, help="the feed folder to publish into")
    pub.add_argument("--feed-id", help="needed for a new feed, e.g. jp-national or pref-13")
    pub.add_argument("--expires-days", type=int, default=DEFAULT_EXPIRES_DAYS)
    pub.add_argument(
        "--worries",
        type=Path,
        help="a worry dictionary file to ship with the feed (kept from the last version if omitted)",
    )
    pub.add_argument(
        "--confirm-phone-changes",
        action="store_true",
        help="allow changed or removed phone numbers (after checking them with diff)",
    )

    rot = commands.add_parser(
        "rotate-key", help="move a published feed to a new signing key (offices follow it)"
    )
    rot.add_argument("--out", required=True, type=Path, help="the published feed folder")
    rot.add_argument("--key", required=True, type=Path, help="the current (old) secret key file")
    rot.add_argument(
        "--new-key", required=True, type=Path, help="the new secret key file (from keygen)"
    )
    rot.add_argument("--expires-days", type=int, default=DEFAULT_EXPIRES_DAYS)

    dif = commands.add_parser("diff", help="added / changed / removed services vs a feed folder")
    dif.add_argument("inputs", nargs="+", type=Path)
    dif.add_argument("--against", required=True, type=Path)

    conv = commands.add_parser("convert", help="convert an open data set into profile NDJSON")
    conv.add_argument("source", choices=["kurashi-navi"], help="which data set")
    conv.add_argument("folder", type=Path, help="the data set's folder (くらし支援ナビ: data/)")
    conv.add_argument("-o", "--out", required=True, type=Path, help="the NDJSON file to write")

    ver = commands.add_parser("verify", help="check a published feed folder end to end")
    ver.add_argument("folder", type=Path)
    ver.add_argument("--key", required=True, type=Path, help="the feed's public key (.pub)")
    return parser


def print_diff(diff: Diff) -> None:
    print(f"added {len(diff.added)}, changed {len(diff.changed)}, removed {len(diff.removed)}")
    for label, ids in (("+", diff.added), ("~", diff.changed), ("-", diff.removed)):
        for sid in ids:
            print(f"  {label} {sid}")
    if diff.phone_changes:
        print(f"!! {len(diff.phone_changes)} service(s) with changed or removed phone numbers:")
        for change in diff.phone_changes:
            print(f"!!   {change}")


def _run(args: argparse.Namespace) -> int:
    if args.command == "keygen":
        key_id = keygen(args.out, args.force)
        print(f"key {key_id}: secret key {args.out} (mode 600), public key {args.out}.pub")
        print("Keep the secret key off shared drives; give offices only the .pub file.")
        return 0
    regions = RegionMaster.load()
    if args.command == "convert":
        from sync.convert.kurashi_navi import convert

        converted = convert(args.folder, args.out, regions)
        for line in converted.lines():
            print(line)
        for refused in converted.problems[:50]:
            print(f"!! {refused}", file=sys.stderr)
        print(f"wrote {args.out}")
        return 0 if not converted.refused else 1
    if args.command == "publish":
        secret = SecretKey.from_text(args.key.read_text(encoding="utf-8"))
        try:
            result = publish(
                args.inputs,
                secret,
                args.out,
                regions=regions,
                feed_id=args.feed_id,
                expires_days=args.expires_days,
                confirm_phone_changes=args.confirm_phone_changes,
                worries=args.worries,
            )
        except PublishRefusedError as exc:
            for problem in exc.problems:
                print(f"tsunagi-admin: {problem}", file=sys.stderr)
            raise
        except PhoneChangesNeedConfirmationError as exc:
            for change in exc.changes:
                print(f"!! {change}", file=sys.stderr)
            raise
        m = result.manifest
        print(
            f"published {m.feed_id} version {m.version}: {m.snapshot.record_counts['services']} "
            f"services, expires {m.expires.isoformat()}"
        )
        if m.min_client_version != MIN_CLIENT_VERSION:
            print(
                f"min_client_version {m.min_client_version}: the feed uses codes or fields "
                "older tsunagi cannot show (older offices are asked to update)"
            )
        if m.worries is not None:
            print(f"worry dictionary: {m.worries.path} ({m.worries.length} bytes)")
        print_diff(result.diff)
        for path in result.pruned:
            print(f"pruned {path}")
        for warning in result.warnings:
            print(f"!! {warning}", file=sys.stderr)
        return 0
    if args.command == "rotate-key":
        from sync.rotate import rotate_key

        rotated = rotate_key(
            args.out,
            SecretKey.from_text(args.key.read_text(encoding="utf-8")),
            SecretKey.from_text(args.new_key.read_text(encoding="utf-8")),
            expires_days=args.expires_days,
        )
        print(
            f"rotated {rotated.feed_id} from key {rotated.old_key} to {rotated.new_key}: key list "
            f"{rotated.serial}, version {rotated.version} signed by the new key"
        )
        print("Publish from now on with --key pointing at the new secret key.")
        return 0
    if args.command == "diff":
        print_diff(diff_inputs(args.inputs, args.against, regions))
        return 0
    if args.command == "verify":
        public = PublicKey.from_text(args.key.read_text(encoding="utf-8"))
        report = verify_folder(args.folder, public, regions)
        for warning in report.warnings:
            print(f"warning: {warning}")
        print(
            f"ok: {report.manifest.feed_id} version {report.manifest.version}, "
            f"{len(report.checked)} payload(s) verified"
        )
        return 0
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (SyncError, OSError) as exc:
        print(f"tsunagi-admin: {exc}", file=sys.stderr)
        return 1
