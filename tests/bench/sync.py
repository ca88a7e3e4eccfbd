"""Sync benchmark: a full first sync and a 500-change delta over loopback HTTP (issue 4).

Prints, each next to a plain full re-import (``Directory.import_files`` + index rebuild) measured
in the same run (the machine is shared: read the ratios, absolute times drift):

* full first sync of N services: download, verify, check every record, apply, build the index;
* a 500-change delta (450 changed, 25 removed, 25 added): publish, then sync end to end;
* payload sizes (the delta's size follows the changes, not the directory).

    python -m tests.bench.sync [--n 100000] [--dir /tmp/tsunagi-bench-sync]

Targets (issue 4): full sync ≤ 90 s at 100k, delta ≤ 3 s.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import threading
import time
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

from index.directory import Directory
from index.paths import app_paths
from index.search import open_index
from sync.apply import add_feed, sync_feed
from sync.fetch import FetchSettings
from sync.minisign import SecretKey
from sync.publish import publish
from tests.synth import generate

T = TypeVar("T")
FULL_TARGET_S = 90.0
DELTA_TARGET_S = 3.0


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


def timed(label: str, fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:8.2f} s", flush=True)
    return result, elapsed


def write_ndjson(path: Path, records: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/tsunagi-bench-sync"))
    args = parser.parse_args(argv)
    root: Path = args.dir
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    print(f"sync benchmark, {args.n} synthetic services, in {root}")

    records = list(generate(args.n, seed=1))
    v1_input = write_ndjson(root / "v1.ndjson", records)
    key = SecretKey.generate()
    host = root / "host"
    scratch = Directory.open(app_paths(root / "scratch"), seed=False)
    regions = scratch.regions
    scratch.close()

    _, publish_s = timed(
        "publish v1 (validate, snapshot, sign)",
        lambda: publish([v1_input], key, host, regions=regions, feed_id="bench"),
    )

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(host))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    settings = FetchSettings(deadline=3600)
    try:
        office = Directory.open(app_paths(root / "office"), seed=False)
        add_feed(office.db, "bench", url, key.public_key.to_file_text())
        index = open_index(office)

        def full_sync() -> Any:
            return sync_feed(
                office.db, office.paths, office.regions, "bench", settings=settings, reindex=index
            )

        outcome, full_s = timed("full first sync (HTTP → verify → apply → index)", full_sync)
        assert outcome.added == args.n, outcome

        # 500 changes: 450 changed, 25 removed, 25 added.
        changed = [dict(r) for r in records[:-25]]
        for record in changed[:450]:
            record["description"] = (record.get("description") or "") + "（更新）"
        changed += list(generate(25, seed=2))
        v2_input = write_ndjson(root / "v2.ndjson", changed)
        result, delta_publish_s = timed(
            "publish v2 (500 changes)",
            lambda: publish([v2_input], key, host, regions=regions, confirm_phone_changes=True),
        )
        delta, delta_s = timed("delta sync (HTTP → verify → apply → index)", full_sync)
        assert delta.used_delta and (delta.added, delta.changed, delta.removed) == (25, 450, 25)
        index.close()
        office.close()
    finally:
        server.shutdown()
        server.server_close()

    baseline_dir = Directory.open(app_paths(root / "baseline"), seed=False)

    def reimport() -> None:
        baseline_dir.import_files([v1_input])
        open_index(baseline_dir).close()

    _, reimport_s = timed("baseline: plain full re-import + index build", reimport)
    baseline_dir.close()

    snap = result.manifest.snapshot
    d = result.manifest.deltas[0]
    print()
    print(f"{'figure':<34}{'seconds':>10}{'× re-import':>14}{'target':>10}")
    rows = [
        ("full first sync", full_s, f"≤ {FULL_TARGET_S:g} s"),
        ("500-change delta sync", delta_s, f"≤ {DELTA_TARGET_S:g} s"),
        ("plain full re-import (baseline)", reimport_s, ""),
        ("publish v1", publish_s, ""),
        ("publish v2", delta_publish_s, ""),
    ]
    for label, seconds, target in rows:
        print(f"{label:<34}{seconds:>10.2f}{seconds / reimport_s:>14.2f}{target:>10}")
    print()
    print(f"snapshot: {snap.length / 2**20:.1f} MiB gzip ({snap.raw_length / 2**20:.1f} MiB raw)")
    print(
        f"delta:    {d.length / 2**10:.1f} KiB gzip ({d.raw_length / 2**10:.1f} KiB raw) "
        f"= {d.length / snap.length:.2%} of the snapshot"
    )
    verdict = "OK" if full_s <= FULL_TARGET_S and delta_s <= DELTA_TARGET_S else "OVER TARGET"
    print(f"targets: {verdict}")


if __name__ == "__main__":
    main()
