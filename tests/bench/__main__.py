"""``make bench``: run every benchmark in ``tests/bench/`` (or the ones named on the command line).

Benchmarks are not tests: each prints its figures as ratios against a baseline measured in the
same run, because these machines are noisy. ``python -m tests.bench search slips`` runs two.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

from tests import bench


def main(argv: list[str]) -> int:
    names = argv or sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")
    )
    failed = []
    for name in names:
        module = importlib.import_module(f"tests.bench.{name}")
        entry = getattr(module, "main", None)
        if entry is None:
            continue
        print(f"\n=== bench: {name} ===", flush=True)
        started = time.perf_counter()
        try:
            result = entry()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            print(f"bench {name} failed: {type(exc).__name__}: {exc}", flush=True)
            failed.append(name)
            continue
        if isinstance(result, int) and result != 0:
            failed.append(name)
        print(f"=== {name}: {time.perf_counter() - started:.1f} s ===", flush=True)
    if failed:
        print(f"\nbenchmarks that failed or missed their targets: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
