"""Make the slip fonts in ``resources/fonts/`` from Debian's font packages, cut to what slips need.

Run after changing a translation in ``resources/translations/slips/`` (the glyph-coverage test in
``tests/desktop/test_slip_languages.py`` fails until you do)::

    apt-get install -y fonts-noto-core fonts-nanum fonts-lxgw-wenkai
    .venv/bin/python packaging/subset_fonts.py

Why subsets: the Hangul and simplified-Chinese faces are 4.5 MB and 15 MB a weight, and a slip
prints only its fixed labels in those scripts (names, addresses and numbers are Japanese, set in
BIZ UDGothic). Their licences (SIL OFL 1.1) reserve the names "Nanum" and "LXGW", so a cut-down
file is a Modified Version and is renamed (``TsunagiSlipHangul``, ``TsunagiSlipHans``). Noto has
no reserved name; its Latin face is cut to the Latin blocks (Vietnamese included) and Devanagari
is copied whole, because shaping Nepali needs all of its substitution tables.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
SLIPS = ROOT / "resources" / "translations" / "slips"
DEBIAN = Path("/usr/share/fonts/truetype")

ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
PUNCTUATION = "–—‐‑‘’“”…→・、。，：；！？（）〜～「」 \u00a0"
LATIN_RANGES = [
    (0x20, 0x24F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x2190, 0x2193),
    (0x20AC, 0x20AC),
]


def translation_text(*languages: str) -> str:
    chars: set[str] = set()
    for language in languages:
        data = json.loads((SLIPS / f"{language}.json").read_text(encoding="utf-8"))
        for value in data["texts"].values():
            chars.update(value)
        chars.update(data["name"])
    return "".join(sorted(chars))


def _rename(font: TTFont, family: str) -> None:
    """Give a Modified Version its own name (OFL §3: reserved names stay with the original)."""
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4, 6, 17, 21, 22):
            style = "Bold" if "Bold" in str(record) else "Regular"
            value = f"{family}-{style}" if record.nameID in (6,) else f"{family} {style}"
            if record.nameID in (17, 22):
                value = style
            names.setName(value, record.nameID, record.platformID, record.platEncID, record.langID)


def cut(
    source: Path,
    target: Path,
    text: str = "",
    ranges: list[tuple[int, int]] | None = None,
    family: str | None = None,
) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    font = TTFont(source)
    unicodes = {ord(c) for c in text}
    for low, high in ranges or []:
        unicodes.update(range(low, high + 1))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if family:
        _rename(font, family)
    font.save(target)
    print(
        f"{target.name}: {target.stat().st_size // 1024} KB (from {source.stat().st_size // 1024} KB)"
    )


def main() -> int:
    if not DEBIAN.exists():
        print("needs Debian's fonts-noto-core, fonts-nanum, fonts-lxgw-wenkai", file=sys.stderr)
        return 1
    noto, nanum, lxgw = DEBIAN / "noto", DEBIAN / "nanum", DEBIAN / "lxgw-wenkai"
    for weight in ("Regular", "Bold"):
        cut(noto / f"NotoSans-{weight}.ttf", FONTS / f"NotoSans-{weight}.ttf", ranges=LATIN_RANGES)
        shutil.copyfile(
            noto / f"NotoSansDevanagari-{weight}.ttf", FONTS / f"NotoSansDevanagari-{weight}.ttf"
        )
    korean = translation_text("ko") + ASCII + PUNCTUATION
    chinese = translation_text("zh") + ASCII + PUNCTUATION
    cut(
        nanum / "NanumGothic.ttf",
        FONTS / "TsunagiSlipHangul-Regular.ttf",
        korean,
        family="TsunagiSlipHangul",
    )
    cut(
        nanum / "NanumGothicBold.ttf",
        FONTS / "TsunagiSlipHangul-Bold.ttf",
        korean,
        family="TsunagiSlipHangul",
    )
    cut(
        lxgw / "LXGWWenKai-Regular.ttf",
        FONTS / "TsunagiSlipHans-Regular.ttf",
        chinese,
        family="TsunagiSlipHans",
    )
    cut(
        lxgw / "LXGWWenKai-Bold.ttf",
        FONTS / "TsunagiSlipHans-Bold.ttf",
        chinese,
        family="TsunagiSlipHans",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
