"""``tsunagi search``: the search engine from the command line (a stable interface).

    tsunagi search QUERY [--region LGCODE] [--worry CODE]... [--open-now] [--limit N] [--json]
    tsunagi search --batch   < queries.jsonl

``--json`` prints a JSON array of hits, best first. ``--batch`` reads one JSON object a line
(``{"q": str, "region": str|null, "limit": int, "worries": [str], "open_now": bool}``), keeps one
searcher open, and writes one line per query: ``{"ids": [...], "ms": float}`` where ``ms`` is the
in-process search time. A bad batch line gets ``{"ids": [], "ms": 0.0, "error": "..."}`` and the
batch goes on: outside checks feed thousands of lines and one typo must not end the run.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any, TextIO

from desktop.context import BadInput, Context
from index.model import SearchHit, SearchQuery
from index.regions import RegionMaster, normalise_code
from index.search import Searcher, open_index
from index.worries import WorryDictionary


def register(sub: Any) -> None:
    p = sub.add_parser("search", help="search the directory (as the window does)")
    p.add_argument("query", nargs="?", default=None, metavar="QUERY")
    p.add_argument("--region", metavar="LGCODE", help="the client's region (6-digit code)")
    p.add_argument(
        "--worry", action="append", default=[], metavar="CODE", help="worry category (repeatable)"
    )
    p.add_argument("--open-now", action="store_true", help="only services open now (Asia/Tokyo)")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--json", action="store_true", help="print a JSON array of hits")
    p.add_argument("--batch", action="store_true", help="JSON lines in on stdin, one line out each")
    p.set_defaults(func=cmd_search)


def _region(code: str | None, regions: RegionMaster) -> str | None:
    if code is None or code == "":
        return None
    normal = normalise_code(str(code))
    if normal == "000000":
        return None
    if normal not in regions:
        raise BadInput(f"--region {code}: not a known 全国地方公共団体コード")
    return normal


def _worries(codes: list[str], book: WorryDictionary) -> tuple[str, ...]:
    unknown = [c for c in codes if c not in book.categories]
    if unknown:
        known = ", ".join(sorted(book.categories))
        raise BadInput(f"--worry {unknown[0]}: unknown worry category (known: {known})")
    return tuple(codes)


def hit_json(hit: SearchHit) -> dict[str, Any]:
    data = asdict(hit)
    data["phones"] = list(hit.phones)
    data["why"] = list(hit.why)
    data["scope"] = hit.scope.value
    data["layer"] = hit.layer.value
    for key in ("channels", "languages", "worries"):
        data[key] = list(data[key])
    return data


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    if args.limit is not None and args.limit < 1:
        raise BadInput("--limit must be 1 or more")
    if not args.batch and args.query is None:
        raise BadInput("give a QUERY, or --batch to read queries from stdin")
    with ctx.open_directory() as directory:
        index = open_index(directory)
        try:
            searcher = Searcher(index)
            if args.batch:
                return run_batch(searcher, sys.stdin, sys.stdout)
            request = SearchQuery(
                text=args.query,
                region=_region(args.region, searcher.regions),
                worries=_worries(args.worry, searcher.worries),
                open_now=args.open_now,
                limit=args.limit,
            )
            result = searcher.search(request)
            if args.json:
                json.dump([hit_json(h) for h in result.hits], sys.stdout, ensure_ascii=False)
                sys.stdout.write("\n")
                if result.message and not result.hits:
                    print(result.message, file=sys.stderr)
                return 0
            print_hits(result.hits, result.message, result.crisis)
            return 0
        finally:
            index.close()


def print_hits(hits: tuple[SearchHit, ...], message: str, crisis: str | None) -> None:
    if message:
        print(message)
    for rank, hit in enumerate(hits, 1):
        state = {True: "受付中", False: "時間外", None: "時間は要確認"}[hit.open_now]
        mark = "【緊急】" if hit.crisis else ""
        print(f"{rank:2d}. {mark}{hit.name}  ({hit.organization or '-'})")
        print(f"    電話: {' / '.join(hit.phones) or '-'}  {state}  本日: {hit.today_hours}")
        if hit.why:
            print(f"    理由: {'、'.join(hit.why)}")


def run_batch(searcher: Searcher, stdin: TextIO, stdout: TextIO) -> int:
    searcher.warm()
    for line in stdin:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object")
            limit = int(item.get("limit") or 20)
            if limit < 1:
                raise ValueError("limit must be 1 or more")
            request = SearchQuery(
                text=str(item.get("q") or ""),
                region=_region(item.get("region"), searcher.regions),
                worries=_worries([str(w) for w in item.get("worries") or []], searcher.worries),
                open_now=bool(item.get("open_now")),
                limit=limit,
            )
        except (ValueError, TypeError, BadInput) as exc:
            stdout.write(json.dumps({"ids": [], "ms": 0.0, "error": str(exc)}) + "\n")
            stdout.flush()
            continue
        result = searcher.search(request)
        out = {"ids": [h.id for h in result.hits], "ms": round(result.elapsed_ms, 3)}
        stdout.write(json.dumps(out) + "\n")
        stdout.flush()
    return 0
