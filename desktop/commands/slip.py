"""``tsunagi slip ID... -o FILE.pdf``: a referral slip from the command line, and the stats log.

Renders with reportlab only (no Qt), so it works over SSH and in scripts. There is deliberately no
option for the client's name: a name typed on a command line stays in the shell's history, which
the rule "never stored" forbids. Use the window's slip dialog for a named slip.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop.context import BadInput, Context, records_of

LGCODE = re.compile(r"^\d{6}$")


FORMATS = ("a5", "a6", "a4-2", "a4-4", "card")  # desktop.slips.FORMATS, without importing reportlab
LANGUAGES = ("ja", "easy", "en", "zh", "ko", "vi", "pt", "es", "tl", "ne", "id")
"""desktop.slips.translations.LANGUAGES, without importing reportlab."""
MAX_SERVICES = 5


def register(sub: Any) -> None:
    p = sub.add_parser(
        "slip",
        help="write a referral slip (PDF) for 1–5 services",
        description="Write a referral slip a client can take home. The slip is logged for the "
        "anonymous referral statistics (date, service ids, worry categories, region) unless "
        "logging is off (tsunagi stats --logging off) or --no-log is given.",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help=f"service ids, 1 to {MAX_SERVICES}")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="'-' for stdout")
    p.add_argument("--format", choices=FORMATS, default=None, help="paper format (default a5)")
    p.add_argument("--message", metavar="TEXT", help="the counsellor's message on the slip")
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="ja",
        help="slip language: ja, easy (やさしい日本語 with furigana), or a bilingual slip in the "
        "client's language with the Japanese beneath (default ja)",
    )
    p.add_argument(
        "--say",
        metavar="TEXT",
        help="what the client can say on the phone, in Japanese (default: from the services' "
        "worries; '' for none); never printed on the discreet card",
    )
    p.add_argument("--office", metavar="NAME", help="office name (default: from settings)")
    p.add_argument("--office-phone", metavar="TEL", help="office phone (default: from settings)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the slip's date (default: today)")
    p.add_argument(
        "--region", metavar="LGCODE", help="the client's region, for the statistics only"
    )
    p.add_argument("--no-log", action="store_true", help="do not count this slip in the stats")
    p.set_defaults(func=cmd_slip)


def _date(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{what}: {text!r} is not a date (use YYYY-MM-DD)") from None


def cmd_slip(args: argparse.Namespace, ctx: Context) -> int:
    from desktop.slips import DEFAULT_MESSAGE, SlipError, SlipOptions, render_slip
    from desktop.slips.content import slip_worries
    from desktop.slips.translations import worry_sentence
    from index.schedule import tokyo_now
    from index.stats import log_referral

    ids: list[str] = list(dict.fromkeys(args.ids))
    if len(ids) > MAX_SERVICES:
        raise BadInput(f"a slip holds at most {MAX_SERVICES} services, not {len(ids)}")
    if args.region is not None and not LGCODE.match(args.region):
        raise BadInput(f"--region: {args.region!r} is not a 6-digit region code")
    slip_day = _date(args.date, "--date")
    with ctx.open_directory() as directory:
        records = records_of(directory, ids)
        get = directory.get_setting
        fmt = args.format or str(get("slip_format", "a5") or "a5")
        options = SlipOptions(
            format=fmt,
            message=args.message
            if args.message is not None
            else str(get("slip_message", DEFAULT_MESSAGE) or ""),
            office_name=args.office
            if args.office is not None
            else str(get("office_name", "") or ""),
            office_phone=args.office_phone
            if args.office_phone is not None
            else str(get("office_phone", "") or ""),
            date=slip_day,
            language=args.lang,
            worry_sentence=args.say
            if args.say is not None
            else worry_sentence(slip_worries(records)),
        )
        try:
            pdf = render_slip(records, options)
        except SlipError as exc:
            raise BadInput(str(exc)) from exc
        _write(args.output, pdf)
        logged = False
        if not args.no_log:
            today = tokyo_now().date()
            logged = log_referral(directory.db, today, ids, slip_worries(records), args.region)
    where = "stdout" if args.output == "-" else args.output
    note = "" if logged else " (not counted in the stats)"
    print(f"wrote the slip ({fmt}, {len(records)} service(s)) to {where}{note}", file=sys.stderr)
    return 0


def _write(output: str, pdf: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BadInput(f"{target}: cannot write: {exc.strerror or exc}") from exc
