"""Judge search quality: nDCG@10, Recall@10 and MRR per query kind, against an FTS5 baseline.

Relevance comes from each record's ground truth (worry attributes, resolved service regions, or
its identity for known items), never from its words, so neither engine can be rewarded for merely
echoing the query. The baseline is a plain SQLite FTS5 trigram index over the same visible
services, queried the way a straightforward implementation would: AND of the typed words (LIKE
for words shorter than a trigram), ranked by bm25, restricted to the region when one is given.

    python -m tests.index.judged.evaluate          # prints the table
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from index.model import NATIONAL, SearchQuery
from index.regions import RegionMaster
from tests.index.judged.directory import Demo, build, sample_records
from tests.synth import generate

KINDS = ("colloquial", "partial", "known", "variant", "place", "out_of_scope")
SYNTH_N = 3000
SYNTH_SEED = 11
K = 10


def area_tier(regions: RegionMaster, served: set[str], region: str) -> int:
    """How near a service's areas are to the client's region: 3 the region itself (or a city or
    ward around or inside it), 2 its prefecture, 1 nationwide, 0 elsewhere. Both judged sets
    grade by it."""
    chain = regions.ancestors(region)  # region, (city), prefecture, 全国
    inside = {region, *regions.descendants(region)}
    if served & inside or served & set(chain[1:-2]):
        return 3
    if len(chain) >= 2 and chain[-2] in served:
        return 2
    if NATIONAL in served:
        return 1
    return 0


@dataclass(frozen=True)
class Judged:
    kind: str
    q: str
    region: str | None
    param: bool
    worries: tuple[str, ...]
    known: tuple[str, ...]


def queries() -> list[Judged]:
    with (Path(__file__).parent / "queries.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return [
        Judged(
            kind=item["kind"],
            q=item["q"],
            region=item.get("region"),
            param=bool(item.get("param")),
            worries=tuple(item.get("worries", ())),
            known=tuple(item.get("known", ())),
        )
        for item in data["queries"]
    ]


def demo_records() -> list[dict[str, Any]]:
    return sample_records() + list(generate(SYNTH_N, SYNTH_SEED))


class Truth:
    """Ground truth per service id, read from SQLite (worries, regions) and the records (names)."""

    def __init__(self, db: Database, regions: RegionMaster) -> None:
        self.regions = regions
        self.worries: dict[str, set[str]] = {}
        self.areas: dict[str, set[str]] = defaultdict(set)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for sid, name, worries, status in db.execute(
            "SELECT id, name, worries, status FROM service"
        ):
            if status in ("inactive", "defunct"):
                continue
            self.worries[sid] = set(json.loads(worries))
            self.by_name[name].append(sid)
        for sid, code in db.execute("SELECT service_id, lgcode FROM service_region"):
            self.areas[sid].add(code)

    def tier(self, sid: str, region: str) -> int:
        return area_tier(self.regions, self.areas.get(sid, set()), region)

    def grades(self, j: Judged) -> dict[str, int]:
        out: dict[str, int] = {}
        if j.known:
            for name in j.known:
                for sid in self.by_name.get(name, []):
                    out[sid] = 3
            return out
        for sid, worries in self.worries.items():
            if not worries & set(j.worries):
                continue
            if j.region:
                tier = self.tier(sid, j.region)
                if tier:
                    out[sid] = tier
            else:
                out[sid] = 2 if j.worries[0] in worries else 1
        return out


def metrics(ranked: Sequence[str], grades: dict[str, int], out_of_scope: bool) -> tuple[float, ...]:
    top = list(ranked[:K])
    if out_of_scope:
        ok = 1.0 if not top else 0.0
        return ok, ok, ok
    dcg = sum((2 ** grades.get(sid, 0) - 1) / math.log2(i + 2) for i, sid in enumerate(top))
    ideal = sorted(grades.values(), reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    relevant = {sid for sid, g in grades.items() if g > 0}
    recall = len(relevant & set(top)) / min(K, len(relevant)) if relevant else 0.0
    rr = next((1.0 / (i + 1) for i, sid in enumerate(top) if sid in relevant), 0.0)
    return (dcg / idcg if idcg else 0.0), recall, rr


class Fts5Baseline:
    """Plain SQLite FTS5 trigram search over the same services (the issue's baseline)."""

    def __init__(self, db: Database, regions: RegionMaster) -> None:
        self.db = db
        self.regions = regions
        db.execute("DROP TABLE IF EXISTS baseline_fts")
        db.execute(
            "CREATE VIRTUAL TABLE baseline_fts USING fts5("
            "id UNINDEXED, name, org, body, place, phone, tokenize='trigram')"
        )
        place_names = {r.lgcode: r.name for r in regions.all()}
        place_names[NATIONAL] = "全国"
        areas: dict[str, list[str]] = defaultdict(list)
        for sid, code in db.execute("SELECT service_id, lgcode FROM service_region"):
            areas[sid].append(place_names.get(code, ""))
        phones: dict[str, list[str]] = defaultdict(list)
        for sid, number in db.execute("SELECT service_id, number FROM phone"):
            phones[sid].append(number)
        rows = [
            (
                sid,
                name,
                org or "",
                " ".join(x for x in (desc, elig) if x),
                " ".join(areas[sid]),
                " ".join(phones[sid]),
            )
            for sid, name, org, desc, elig, status in db.execute(
                "SELECT id, name, organization_name, description, eligibility_description, status "
                "FROM service"
            )
            if status not in ("inactive", "defunct")
        ]
        with db.atomic():
            db.conn.executemany("INSERT INTO baseline_fts VALUES (?, ?, ?, ?, ?, ?)", rows)

    def search(self, text: str, region: str | None, limit: int = K) -> list[str]:
        words = [w for w in text.split() if w.strip()]
        if not words:
            return []
        where: list[str] = []
        params: list[Any] = []
        match = [w for w in words if len(w) >= 3]
        short = [w for w in words if len(w) < 3]
        if match:
            where.append("baseline_fts MATCH ?")
            params.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in match))
        for w in short:
            where.append("(name || ' ' || org || ' ' || body || ' ' || place) LIKE ?")
            params.append(f"%{w}%")
        if region:
            codes = [*self.regions.ancestors(region), *self.regions.descendants(region)]
            marks = ",".join("?" for _ in codes)
            where.append(f"id IN (SELECT service_id FROM service_region WHERE lgcode IN ({marks}))")
            params.extend(codes)
        order = "ORDER BY bm25(baseline_fts)" if match else ""
        sql = f"SELECT id FROM baseline_fts WHERE {' AND '.join(where)} {order} LIMIT ?"
        try:
            return [r[0] for r in self.db.execute(sql, [*params, limit])]
        except Exception:
            return []


@dataclass
class Report:
    rows: dict[str, dict[str, tuple[float, float, float]]]  # engine → kind → (nDCG, R, MRR)
    failures: list[str]
    n: int


def evaluate(demo: Demo) -> Report:
    regions = demo.index.regions
    truth = Truth(demo.db, regions)
    baseline = Fts5Baseline(demo.db, regions)
    engines: dict[str, Callable[[Judged], list[str]]] = {
        "tsunagi": lambda j: [
            h.id
            for h in demo.searcher.search(
                SearchQuery(text=j.q, region=j.region if j.param else None, limit=K)
            ).hits
        ],
        "fts5-trigram": lambda j: baseline.search(j.q, j.region if j.param else None),
    }
    sums: dict[str, dict[str, list[tuple[float, float, float]]]] = {
        e: defaultdict(list) for e in engines
    }
    failures: list[str] = []
    judged = queries()
    for j in judged:
        grades = truth.grades(j)
        if j.kind != "out_of_scope" and not grades:
            failures.append(f"no relevant service for {j.q!r}: fix the judged set")
        for name, run in engines.items():
            m = metrics(run(j), grades, j.kind == "out_of_scope")
            sums[name][j.kind].append(m)
            sums[name]["all"].append(m)
            if name == "tsunagi" and m[2] == 0.0:
                failures.append(f"{j.kind}: {j.q!r} found nothing relevant in the top {K}")
    rows = {
        e: {k: tuple(sum(x[i] for x in v) / len(v) for i in range(3)) for k, v in kinds.items()}  # type: ignore[misc]
        for e, kinds in sums.items()
    }
    return Report(rows=rows, failures=failures, n=len(judged))


def table(report: Report) -> str:
    lines = [
        f"Judged queries: {report.n} over {len(sample_records())} sample + {SYNTH_N} synthetic services",
        "| kind | n | nDCG@10 tsunagi | nDCG@10 FTS5 | Recall@10 tsunagi | Recall@10 FTS5 | MRR tsunagi | MRR FTS5 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    counts: dict[str, int] = defaultdict(int)
    for j in queries():
        counts[j.kind] += 1
        counts["all"] += 1
    t, b = report.rows["tsunagi"], report.rows["fts5-trigram"]
    for kind in (*KINDS, "all"):
        if kind not in t:
            continue
        lines.append(
            f"| {kind} | {counts[kind]} | {t[kind][0]:.2f} | {b[kind][0]:.2f} | {t[kind][1]:.2f} | "
            f"{b[kind][1]:.2f} | {t[kind][2]:.2f} | {b[kind][2]:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        demo = build(Path(tmp), demo_records())
        print(f"built demo directory in {time.perf_counter() - started:.1f} s")
        report = evaluate(demo)
        print(table(report))
        for f in report.failures:
            print("  -", f)
        demo.index.close()


if __name__ == "__main__":
    main()
