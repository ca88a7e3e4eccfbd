"""``tsunagi stats``: anonymous referral counts by service, worry category and month.

For the reports NPOs file with funders and municipalities. Only ids, category codes, region codes
and dates were ever logged (``index/stats.py``), so nothing here can reveal a client.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from desktop.context import BadInput, Context


def register(sub: Any) -> None:
    p = sub.add_parser("stats", help="anonymous referral statistics (slips made)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")
    p.add_argument("--csv", metavar="FILE", help="also write the counts as CSV ('-' for stdout)")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.add_argument(
        "--logging", choices=("on", "off"), help="turn the logging of slips on or off, and exit"
    )
    p.set_defaults(func=cmd_stats)


def _date(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{what}: {text!r} is not a date (use YYYY-MM-DD)") from None


def cmd_stats(args: argparse.Namespace, ctx: Context) -> int:
    from index.stats import (
        referral_stats,
        set_stats_enabled,
        stats_csv,
        stats_enabled,
        write_stats_csv,
    )

    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise BadInput(f"--from {date_from} is after --to {date_to}")
    with ctx.open_directory() as directory:
        if args.logging is not None:
            set_stats_enabled(directory.db, args.logging == "on")
            print(f"referral logging is {args.logging}")
            return 0
        stats = referral_stats(directory.db, date_from, date_to)
        enabled = stats_enabled(directory.db)
    if args.csv == "-":
        sys.stdout.write(stats_csv(stats))
        return 0
    if args.csv:
        try:
            write_stats_csv(stats, Path(args.csv))
        except OSError as exc:
            raise BadInput(f"{args.csv}: cannot write: {exc.strerror or exc}") from exc
    if args.json:
        data = asdict(stats)
        data["date_from"] = date_from.isoformat() if date_from else None
        data["date_to"] = date_to.isoformat() if date_to else None
        data["logging"] = enabled
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    span = f"{date_from or '…'} – {date_to or '…'}"
    print(f"紹介票 {stats.slips} 枚 ({span}){'' if enabled else '  [記録は停止中]'}")
    for title, rows in (
        ("窓口別", stats.by_service),
        ("悩みの分類別", stats.by_category),
        ("月別", stats.by_month),
        ("地域別", stats.by_region),
    ):
        if not rows:
            continue
        print(f"\n{title}")
        for row in rows:
            label = row.label if row.label == row.key else f"{row.label} ({row.key})"
            print(f"  {row.count:5d}  {label}")
    return 0
