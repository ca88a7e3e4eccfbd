"""Redraw the slip pictures in this folder: ``python docs/slips/regenerate.py`` from the repo root.

One PNG per format (first page, 80 dpi, via poppler's ``pdftoppm``), and A5 slips in やさしい日本語,
Vietnamese, Nepali and Korean (every page), from the demo services in
``tests/desktop/slip_samples.py``, on Thursday 26 November 2026 at 14:00 in Tokyo.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # a script run from the checkout, not an import

from desktop.slips import SlipOptions, render_slip  # noqa: E402
from tests.desktop.slip_samples import NOW, five_services, sensitive_services  # noqa: E402

OFFICE = {"office_name": "NPO法人つなぎ 相談室", "office_phone": "0142-00-0000"}
SAY = "家賃が払えず、住まいを失いそうで、相談したいです"


def main() -> None:
    services = five_services()
    slips = {
        "a5": (services[:3], SlipOptions(format="a5", now=NOW, client_name="山田", **OFFICE)),
        "a6": (services[:2], SlipOptions(format="a6", now=NOW, **OFFICE)),
        "a4-2": (services[1:3], SlipOptions(format="a4-2", now=NOW, **OFFICE)),
        "a4-4": (services[:1], SlipOptions(format="a4-4", now=NOW, **OFFICE)),
        "card": (sensitive_services()[:3], SlipOptions(format="card", now=NOW)),
    }
    for language in ("easy", "vi", "ne", "ko"):
        options = SlipOptions(format="a5", now=NOW, language=language, worry_sentence=SAY, **OFFICE)
        slips[f"a5-{language}"] = (services[:3], options)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (records, options) in slips.items():
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(render_slip(records, options))
            resolution = "200" if name == "card" else "80"
            pages = (
                ["-png"]
                if name.startswith("a5-")
                else ["-png", "-singlefile", "-f", "1", "-l", "1"]
            )
            target = str(HERE / f"slip-{name}")
            subprocess.run(["pdftoppm", "-r", resolution, *pages, str(pdf), target], check=True)
            print(target)


if __name__ == "__main__":
    main()
