"""``feeds add|list|remove`` and ``sync``: following signed feeds from the command line.

The work is done by :mod:`sync.apply`; this module only turns arguments into calls and outcomes
into one line each. Any refusal exits non-zero with its one-line reason, so a scheduled task or an
outside check can tell a good sync from a refused one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.context import BadInput, Context
from index.directory import SAMPLE_FEED, Directory
from index.resources import resource_path
from sync.apply import (
    FeedNotFoundError,
    add_feed,
    get_feed,
    list_feeds,
    remove_feed,
)
from sync.errors import SyncError


def register(sub: Any) -> None:
    feeds = sub.add_parser("feeds", help="the feeds this office follows")
    actions = feeds.add_subparsers(dest="feeds_action", metavar="ACTION", required=True)
    p = actions.add_parser("add", help="follow a feed: NAME, its folder URL, its public key")
    p.add_argument("name")
    p.add_argument(
        "url", help="the feed folder (where manifest.json lives): http(s)://…/ or a path"
    )
    p.add_argument(
        "--key",
        type=Path,
        metavar="PUBKEYFILE",
        help="the feed's public key (default: the key shipped in resources/keys/NAME.pub)",
    )
    p.set_defaults(func=cmd_feeds_add)
    p = actions.add_parser("list", help="list feeds with their version and last sync")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_feeds_list)
    p = actions.add_parser("remove", help="stop following a feed and remove its services")
    p.add_argument("name")
    p.set_defaults(func=cmd_feeds_remove)

    p = sub.add_parser("sync", help="update from feeds (all, or NAME), or from a folder/bundle/URL")
    p.add_argument("name", nargs="?")
    p.add_argument("--from", dest="source", metavar="PATH_OR_URL")
    p.set_defaults(func=cmd_sync)


def cmd_feeds_add(args: argparse.Namespace, ctx: Context) -> int:
    if args.key is None:
        shipped = resource_path("keys", f"{args.name}.pub")
        if not shipped.is_file():
            raise BadInput(f"no key shipped for feed {args.name!r}: give its public key with --key")
        args.key = shipped
    try:
        key_text = args.key.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{args.key}: cannot read the public key ({exc})") from exc
    url = args.url
    if "://" not in url:
        url = str(Path(url).expanduser().resolve())
    with ctx.open_directory() as directory:
        try:
            row = add_feed(directory.db, args.name, url, key_text)
        except (ValueError, SyncError) as exc:
            raise BadInput(str(exc)) from exc
    print(f"added feed {row.name}: {row.url}")
    return 0


def cmd_feeds_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_directory() as directory:
        rows = list_feeds(directory.db)
        sample = directory.feed_service_count(SAMPLE_FEED)
        demo = directory.demo_count()
    if args.json:
        import json

        out = [
            {
                "name": r.name,
                "url": r.url,
                "feed_id": r.feed_id,
                "version": r.version,
                "expires": r.expires,
                "last_success": r.last_success,
                "last_error": r.last_error,
            }
            for r in rows
        ]
        if sample:
            out.append({"name": SAMPLE_FEED, "url": "(bundled)", "version": 0, "services": sample})
        json.dump(out, sys.stdout, ensure_ascii=False)
        print()
        return 0
    for r in rows:
        synced = r.last_success or "never"
        error = f"  last error: {r.last_error}" if r.last_error else ""
        print(f"{r.name}\tversion {r.version}\tlast sync {synced}\t{r.url}{error}")
    if sample:
        print(f"{SAMPLE_FEED}\tbundled sample ({sample} services; `tsunagi feeds remove sample`)")
        if demo:
            print(
                f"demo\t【デモ】 fictional services ({demo}; remove: `tsunagi feeds remove demo`)"
            )
    if not rows and not sample:
        print("no feeds (add one with `tsunagi feeds add NAME URL --key PUBKEYFILE`)")
    return 0


def cmd_feeds_remove(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_directory() as directory:
        if args.name == SAMPLE_FEED:
            removed = directory.remove_sample()
        elif args.name == "demo":  # only the fictional 【デモ】 services of the bundled sample
            removed = directory.remove_demo()
        else:
            try:
                removed = remove_feed(directory.db, args.name)
            except FeedNotFoundError as exc:
                raise BadInput(str(exc)) from exc
        _catch_up(directory)
    print(f"removed feed {args.name} ({removed} services; notes on them are kept)")
    return 0


def _catch_up(directory: Directory) -> None:
    from index.search import open_index

    index = open_index(directory)
    try:
        index.catch_up()
    finally:
        index.close()


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    """Every chosen feed in turn (national first); exit 1 only when a feed was refused.

    A feed another sync is running reports 「同期中です」 and counts as fine (exit 0); an index
    that could not follow yet is a warning, not a failure: the data is committed.
    """
    from sync.messages import japanese_message
    from sync.session import run_feeds

    with ctx.open_directory() as directory:
        names = _chosen_feeds(directory, args.name, args.source)
        report = run_feeds(directory, names=names, location=args.source)
    for result in report.results:
        if result.failed:
            assert result.error is not None
            print(
                f"tsunagi: sync {result.feed} refused: {japanese_message(result.error)}"
                f" ({result.error})",
                file=sys.stderr,
            )
            continue
        if result.error is not None:  # busy or cancelled: not the feed's fault
            print(result.message())
            continue
        assert result.outcome is not None
        print(result.outcome.summary())
        for message in result.outcome.messages:
            print(f"  {message}")
    if report.index_error is not None:
        print(f"tsunagi: {report.lines()[-1]} ({report.index_error})", file=sys.stderr)
    return 1 if report.failures else 0


def _chosen_feeds(directory: Directory, name: str | None, source: str | None) -> list[str]:
    feeds = [r.name for r in list_feeds(directory.db)]
    if name:
        try:
            get_feed(directory.db, name)
        except FeedNotFoundError as exc:
            raise BadInput(str(exc)) from exc
        return [name]
    if not feeds:
        raise BadInput(
            "no feeds to sync: add one with `tsunagi feeds add NAME URL --key PUBKEYFILE`"
        )
    if source and len(feeds) > 1:
        raise BadInput(
            f"--from needs a feed NAME when several feeds are followed ({', '.join(feeds)})"
        )
    return feeds
