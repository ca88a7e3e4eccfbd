"""Benchmark: a five-service A5 referral slip, warm process (fonts registered once).

Targets: median ≤ 300 ms for the Japanese slip (issue 6) and for a five-service bilingual slip
(issue 17: Vietnamese, Korean, Chinese and Nepali, whose Devanagari is shaped by HarfBuzz). Printed next to a baseline measured in the same run: a one-line
reportlab canvas page in the same font, so a slow machine and a slow renderer can be told apart.
Run: ``python -m tests.bench.slips`` (or ``make bench``).
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from desktop.slips import SlipOptions, render_slip
from desktop.slips.fonts import slip_fonts
from tests.desktop.slip_samples import NOW, five_services

TARGET_MS = 300.0
RUNS = 15


def _times(work: Callable[[], object], runs: int = RUNS) -> list[float]:
    work()  # warm: font registration, imports, caches
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        found.append((time.perf_counter() - start) * 1000)
    return found


def _baseline() -> None:
    fonts = slip_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A5)
    canvas.setFont(fonts.regular, 12)
    canvas.drawString(40, 500, "ひとりで抱え込まず、いつでも相談してください 0120-279-338")
    canvas.showPage()
    canvas.save()


def main() -> None:
    records = five_services()
    base = _times(_baseline)
    rows = [("baseline: one-line canvas page", base)]
    for fmt in ("a5", "a6", "a4-2", "a4-4", "card"):
        options = SlipOptions(format=fmt, now=NOW, office_name="つなぎ相談室", client_name="山田")
        rows.append((f"slip {fmt}, 5 services", _times(lambda o=options: render_slip(records, o))))
    for language in ("vi", "ko", "zh", "ne", "easy"):
        options = SlipOptions(
            format="a5", now=NOW, language=language, worry_sentence="家賃が払えず、相談したいです"
        )
        rows.append(
            (f"slip a5 {language}, 5 services", _times(lambda o=options: render_slip(records, o)))
        )
    base_median = statistics.median(base)
    print(f"slips: median and p95 over {RUNS} warm runs")
    print(f"{'what':34} {'median ms':>10} {'p95 ms':>8} {'× baseline':>11}")
    for what, times in rows:
        median = statistics.median(times)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        print(f"{what:34} {median:10.1f} {p95:8.1f} {median / base_median:11.1f}")
    for what, times in rows[1:2] + [r for r in rows if " a5 " in r[0] and "easy" not in r[0]]:
        median = statistics.median(times)
        verdict = "OK" if median <= TARGET_MS else "OVER TARGET"
        print(f"{what}: median {median:.1f} ms (target ≤ {TARGET_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
