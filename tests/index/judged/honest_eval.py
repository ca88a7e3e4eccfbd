"""Judge search on the honest sets (``honest/`` and the held-out ``heldout/``) beside FTS5.

Grades come from each set's ``truth.json`` only: what every record really offers (topics,
regions it really serves, languages), written by hand with the records. Nothing the app stores
or parses (worry attributes it boosts, regions it resolved) decides relevance. Negatives (junk,
out-of-scope) are reported on their own line, not averaged into the mean.

    python -m tests.index.judged.honest_eval            # both sets, tsunagi beside FTS5 trigram
    python -m tests.index.judged.honest_eval honest     # one set
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.model import SearchQuery
from index.regions import RegionMaster
from tests.index.judged.directory import Demo, build
from tests.index.judged.evaluate import Fts5Baseline, K, area_tier, metrics

HERE = Path(__file__).parent
SETS = ("honest", "heldout")
ORDER = (
    "colloquial",
    "dialect_slang",
    "runon",
    "shorthand",
    "mixed",
    "partial",
    "known",
    "phone",
    "area",
    "language",
)


@dataclass(frozen=True)
class Q:
    kind: str
    q: str
    region: str | None
    place: str | None
    topics: tuple[str, ...]
    known: tuple[str, ...]
    lang: str | None


def load(set_name: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[Q]]:
    folder = HERE / set_name
    with (folder / "records.ndjson").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    with (folder / "truth.json").open(encoding="utf-8") as fh:
        truth = json.load(fh)
    with (folder / "queries.json").open(encoding="utf-8") as fh:
        raw = json.load(fh)["queries"]
    qs = [
        Q(
            kind=item["kind"],
            q=item["q"],
            region=item.get("region"),
            place=item.get("place"),
            topics=tuple(item.get("topics", ())),
            known=tuple(item.get("known", ())),
            lang=item.get("lang"),
        )
        for item in raw
    ]
    return records, truth, qs


class Grader:
    """Grades from the truth file: region tiers from the regions a service really serves."""

    def __init__(self, truth: dict[str, dict[str, Any]], regions: RegionMaster) -> None:
        self.truth = truth
        self.regions = regions
        self.by_key = {t["key"]: sid for sid, t in truth.items()}

    def tier(self, served: list[str], region: str) -> int:
        return area_tier(self.regions, set(served), region)

    def grades(self, q: Q) -> dict[str, int]:
        if q.known:
            return {self.by_key[k]: 3 for k in q.known}
        out: dict[str, int] = {}
        where = q.region or q.place
        for sid, t in self.truth.items():
            if q.lang:
                base = 2 if q.lang in t["languages"] else 0
            else:
                topics = set(t["topics"])
                base = (
                    2
                    if q.topics and q.topics[0] in topics
                    else (1 if topics & set(q.topics) else 0)
                )
            if not base:
                continue
            if where:
                tier = self.tier(t["served"], where)
                if tier:
                    out[sid] = max(1, tier - (2 - base))
            else:
                out[sid] = base
        return out


def run_set(
    set_name: str, folder: Path
) -> tuple[dict[str, dict[str, tuple[float, ...]]], list[str], dict[str, int]]:
    records, truth, qs = load(set_name)
    demo: Demo = build(folder, records)
    regions = demo.index.regions
    grader = Grader(truth, regions)
    baseline = Fts5Baseline(demo.db, regions)
    engines: dict[str, Callable[[Q], list[str]]] = {
        "tsunagi": lambda q: [
            h.id for h in demo.searcher.search(SearchQuery(text=q.q, region=q.region, limit=K)).hits
        ],
        "fts5": lambda q: baseline.search(q.q, q.region),
    }
    sums: dict[str, dict[str, list[tuple[float, ...]]]] = {e: defaultdict(list) for e in engines}
    notes: list[str] = []
    counts: dict[str, int] = defaultdict(int)
    for q in qs:
        negative = q.kind == "negative"
        grades = {} if negative else grader.grades(q)
        if not negative and not grades:
            notes.append(f"no relevant record for {q.q!r}: fix the set")
        counts[q.kind] += 1
        if not negative:
            counts["all"] += 1
        for name, run in engines.items():
            ranked = run(q)
            m = metrics(ranked, grades, negative)
            sums[name][q.kind].append(m)
            if not negative:
                sums[name]["all"].append(m)
            if name == "tsunagi" and not negative and set_name != "heldout" and m[0] < 0.5:
                notes.append(f"{q.kind}: {q.q!r} nDCG {m[0]:.2f}")
    rows = {
        e: {k: tuple(sum(x[i] for x in v) / len(v) for i in range(3)) for k, v in kinds.items()}
        for e, kinds in sums.items()
    }
    demo.index.close()
    return rows, notes, counts


def table(
    set_name: str, rows: dict[str, dict[str, tuple[float, ...]]], counts: dict[str, int]
) -> str:
    lines = [
        f"### {set_name}",
        "| kind | n | nDCG@10 tsunagi | nDCG@10 FTS5 | Recall@10 tsunagi | Recall@10 FTS5 | MRR tsunagi | MRR FTS5 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    t, b = rows["tsunagi"], rows["fts5"]
    for kind in (*ORDER, "all"):
        if kind in t:
            lines.append(
                f"| {kind} | {counts[kind]} | {t[kind][0]:.2f} | {b[kind][0]:.2f} | {t[kind][1]:.2f} | "
                f"{b[kind][1]:.2f} | {t[kind][2]:.2f} | {b[kind][2]:.2f} |"
            )
    if "negative" in t:
        lines.append(
            f"| negatives (empty = right) | {counts['negative']} | {t['negative'][0]:.2f} | "
            f"{b['negative'][0]:.2f} | | | | |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    for set_name in argv or SETS:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            rows, notes, counts = run_set(set_name, Path(tmp))
            print(table(set_name, rows, counts))
            print(f"({time.perf_counter() - started:.1f} s)")
            for n in notes:
                print("  -", n)


if __name__ == "__main__":
    main(sys.argv[1:])
