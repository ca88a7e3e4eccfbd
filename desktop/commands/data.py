"""``import``, ``export``, ``show`` and ``regions``: getting HSDS records in and out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.context import BadInput, Context
from index.readers import open_text_out, write_ndjson
from index.regions import RegionMaster


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="load HSDS records into the office's local layer")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.add_argument(
        "--skip-invalid", action="store_true", help="load the valid records and report the rest"
    )
    p.add_argument(
        "--lenient",
        action="store_true",
        help="repair third-party HSDS shapes no counsellor sees (an object for a list, missing "
        "child ids, fees as a list, freq DAILY, nulls) and report each repair",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="write HSDS NDJSON",
        description="Write services as HSDS NDJSON. With --layer local, each record carries the "
        f"office's note in the extension field {NOTE_FIELD!r} (local knowledge: never publish it).",
    )
    p.add_argument("--layer", choices=("feed", "local", "all"), default="all")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="'-' for stdout")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("show", help="one service, in full")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("regions", help="look up a region by name, kana or code")
    p.add_argument("text", nargs="?", default="")
    p.add_argument("--json", action="store_true")
    p.add_argument("--unresolved", action="store_true", help="list records with no resolved region")
    p.set_defaults(func=cmd_regions)


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    for path in args.files:
        if not path.exists():
            raise BadInput(f"{path}: no such file")
    with ctx.open_directory() as directory:
        report = directory.import_files(
            args.files, skip_invalid=args.skip_invalid, lenient=args.lenient
        )
    print(
        f"imported {report.loaded} record(s): {report.added} added, {report.changed} changed, "
        f"{report.unchanged} unchanged"
    )
    for problem in report.problems:
        print(f"  skipped: {problem}", file=sys.stderr)
    for warning in report.warnings:
        print(f"  要確認: {warning}", file=sys.stderr)
    if report.unresolved:
        print(f"  {len(report.unresolved)} record(s) with no resolved region:", file=sys.stderr)
        for sid in report.unresolved[:20]:
            print(f"    {sid}", file=sys.stderr)
    return 0


NOTE_FIELD = "x-tsunagi-note"
"""HSDS-compatible extension field (``x-`` prefix) carrying the office's note on export."""


def with_notes(directory: Any, records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The office's own records, each with its note when it has one."""
    for record in records:
        note = directory.note(str(record.get("id", "")))
        yield {**record, NOTE_FIELD: note} if note else record


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_directory() as directory:
        records = directory.export(args.layer)
        if args.layer == "local":
            records = with_notes(directory, records)
        if args.output == "-":
            count = write_ndjson(records, sys.stdout)
        else:
            target = Path(args.output)
            tmp = target.with_name(target.name + ".partial")
            try:
                with open_text_out(tmp) as out:
                    count = write_ndjson(records, out)
                tmp.replace(target)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise BadInput(f"{target}: cannot write: {exc.strerror or exc}") from exc
    print(f"exported {count} record(s)", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_directory() as directory:
        details = directory.details(args.id)
    if details is None:
        raise BadInput(f"no service with id {args.id!r}")
    if args.json:
        json.dump(details, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    info = details["tsunagi"]
    print(details.get("name", ""))
    org = details.get("organization") or {}
    if org.get("name"):
        print(f"  運営: {org['name']}")
    for phone in details.get("phones") or []:
        desc = f"  ({phone['description']})" if phone.get("description") else ""
        print(f"  電話: {phone.get('number', '')}{desc}")
    if details.get("url"):
        print(f"  URL: {details['url']}")
    if info["regions"]:
        print("  地域: " + "、".join(r["label"] for r in info["regions"]))
    if info["worries"]:
        print("  分野: " + "、".join(w["label"] for w in info["worries"]))
    if details.get("description"):
        print(f"  {details['description']}")
    prov = info["provenance"]
    print(f"  出典: {prov['source']}  確認日: {prov['assured_date'] or '不明'}")
    if info["note"]:
        print(f"  メモ: {info['note']}")
    return 0


def cmd_regions(args: argparse.Namespace, ctx: Context) -> int:
    if args.unresolved:
        with ctx.open_directory() as directory:
            rows = directory.unresolved()
        if args.json:
            json.dump(
                [{"id": s, "name": n, "reason": r} for s, n, r in rows],
                sys.stdout,
                ensure_ascii=False,
            )
            print()
        else:
            for sid, name, reason in rows:
                print(f"{sid}\t{name}\t{reason}")
        return 0
    if not args.text.strip():
        raise BadInput("regions needs TEXT: a name, a kana reading or a 6-digit code")
    found = RegionMaster.load().lookup(args.text)
    if args.json:
        json.dump(
            [
                {
                    "lgcode": r.lgcode,
                    "name": r.name,
                    "kana": r.kana,
                    "prefecture": r.prefecture,
                    "label": r.label,
                    "kind": r.kind,
                    "parent": r.parent,
                }
                for r in found
            ],
            sys.stdout,
            ensure_ascii=False,
        )
        print()
        return 0
    if not found:
        print(f"no region matches {args.text!r}", file=sys.stderr)
        return 0
    for r in found:
        print(f"{r.lgcode}\t{r.label}\t{r.kana}")
    return 0
