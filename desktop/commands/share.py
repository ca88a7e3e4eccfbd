"""``tsunagi share ID... [--message TEXT] [--mailto]``: the referral list as a short text.

Prints the same text the window's 「文章でコピー」 puts on the clipboard (:mod:`desktop.share_text`):
for pasting into SMS, LINE or an e-mail, or, with ``--mailto``, a ``mailto:`` address that opens
the mail program with the text as the body. Nothing is logged or stored.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.context import Context, records_of


def register(sub: Any) -> None:
    p = sub.add_parser(
        "share",
        help="print services as a short text for SMS, LINE or e-mail",
        description="Print the services as a short plain text: name, a dialable number, today's "
        "and the weekly hours, the web address, and a closing line from the office.",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="service ids, in the order to list them")
    p.add_argument(
        "--message", metavar="TEXT", help="the closing line (default: the office name and phone)"
    )
    p.add_argument("--mailto", action="store_true", help="print a mailto: URL instead of the text")
    p.set_defaults(func=cmd_share)


def cmd_share(args: argparse.Namespace, ctx: Context) -> int:
    from desktop.share_text import mailto_url, share_text

    ids: list[str] = list(dict.fromkeys(args.ids))
    with ctx.open_directory() as directory:
        records = records_of(directory, ids)
        text = share_text(
            records,
            office_name=str(directory.get_setting("office_name", "") or ""),
            office_phone=str(directory.get_setting("office_phone", "") or ""),
            message=args.message,
        )
    print(mailto_url(text) if args.mailto else text)
    return 0
