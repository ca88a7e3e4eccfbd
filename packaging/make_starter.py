"""Build the bundled real starter directory, ``resources/sample/kurashi-navi.ndjson.gz``.

``.venv/bin/python packaging/make_starter.py [DIR]`` (DIR defaults to ``../shared/data/kurashi-navi``).

The records are くらし支援ナビ's open data (CC BY 4.0) converted by
``tsunagi-admin convert kurashi-navi`` (``sync/convert/kurashi_navi.py``), so a new office sees the
real 自立相談支援機関, 住居確保給付金 and 代表窓口 of its own municipality offline on day one. National
lines already in ``national.ndjson`` (189) are left out so the crisis block never shows one twice.
The output is byte-stable (gzip without a timestamp): rebuilding without a change leaves git clean.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from pathlib import Path

from index.resources import resource_path
from sync.convert.kurashi_navi import convert

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else REPO.parent / "shared" / "data" / "kurashi-navi"
    national = resource_path("sample", "national.ndjson").read_text(encoding="utf-8")
    known = {p["number"] for line in national.splitlines() for p in json.loads(line)["phones"]}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out.ndjson"
        report = convert(folder, out)
        lines = [
            line
            for line in out.read_text(encoding="utf-8").splitlines()
            if not (
                json.loads(line)["service_areas"][0].get("name") == "全国"
                and {p["number"] for p in json.loads(line)["phones"]} <= known
            )
        ]
    target = resource_path("sample") / "kurashi-navi.ndjson.gz"
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as fh,
    ):
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    for line in report.lines():
        print(line)
    print(f"wrote {target} ({len(lines)} services)")
    return 0 if not report.refused else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
