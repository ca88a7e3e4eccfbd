"""The bundled slip fonts, registered with reportlab once per process, and which one sets which text.

reportlab's built-in CID fonts (``HeiseiKakuGo-W5``) are not embedded, so a slip opened on a PC
without Japanese fonts, or printed through a driver that re-encodes text, would show boxes. BIZ
UDGothic is bundled, a universal-design face meant for readers with poor eyesight, and reportlab
embeds only the glyphs used (a subset). Loading the 4.7 MB TrueType file costs ~0.15 s, so it is
done on first use and cached for the life of the process.

Other scripts (bilingual slips) have their own TrueType faces beside it, all SIL OFL 1.1 (see
``resources/fonts/LICENSE.md``): Noto Sans for Latin with Vietnamese diacritics, Noto Sans
Devanagari for Nepali (shaped with HarfBuzz through reportlab when ``uharfbuzz`` is installed), and
renamed subsets of NanumGothic (Hangul) and LXGW WenKai (simplified Chinese). A piece of text is
cut into runs, each set in the first face of its script's chain that has the character, so a
「〜」 or a kanji inside a Korean line still prints from BIZ UDGothic, never as a missing glyph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from index.resources import resource_path

REGULAR = "TsunagiGothic"
BOLD = "TsunagiGothic-Bold"

SCRIPT_FILES = {
    "ja": ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf"),
    "latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "devanagari": ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    "hangul": ("TsunagiSlipHangul-Regular.ttf", "TsunagiSlipHangul-Bold.ttf"),
    "hans": ("TsunagiSlipHans-Regular.ttf", "TsunagiSlipHans-Bold.ttf"),
}
"""Script → (regular, bold) files in ``resources/fonts/``."""


@dataclass(frozen=True)
class SlipFonts:
    regular: str
    bold: str


@cache
def slip_fonts() -> SlipFonts:
    """Register BIZ UDGothic Regular/Bold (and the ``<b>`` mapping) the first time it is asked for."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", SCRIPT_FILES["ja"][0]))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", SCRIPT_FILES["ja"][1]))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return SlipFonts(regular=REGULAR, bold=BOLD)


@cache
def script_fonts(script: str) -> SlipFonts:
    """The registered (regular, bold) reportlab names of one script's face."""
    if script == "ja":
        return slip_fonts()
    regular_file, bold_file = SCRIPT_FILES[script]
    names = SlipFonts(regular=f"TsunagiSlip-{script}", bold=f"TsunagiSlip-{script}-Bold")
    for name, filename in ((names.regular, regular_file), (names.bold, bold_file)):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    addMapping(names.regular, 0, 0, names.regular)
    addMapping(names.regular, 1, 0, names.bold)
    addMapping(names.regular, 0, 1, names.regular)
    addMapping(names.regular, 1, 1, names.bold)
    return names


def chain(script: str) -> tuple[str, ...]:
    """Scripts to try, in order, for a character of text in ``script``."""
    order = [script, "latin", "ja"]
    return tuple(dict.fromkeys(order))


def has_glyph(font_name: str, char: str) -> bool:
    font = pdfmetrics.getFont(font_name)
    return ord(char) in font.face.charToGlyph


def runs(text: str, script: str, bold: bool = False) -> Iterator[tuple[str, str]]:
    """(font name, text) runs: each character in the first face of the chain that has it.

    Spaces and line breaks stay with the run they are in. A character no face has goes to the
    last face (BIZ UDGothic), which prints its missing-glyph box; the glyph test keeps the
    translation files clear of that.
    """
    names = [script_fonts(s).bold if bold else script_fonts(s).regular for s in chain(script)]
    current, start = "", 0
    for index, char in enumerate(text):
        if char in " \n" and current:
            continue
        font = next((n for n in names if has_glyph(n, char)), names[-1])
        if font != current:
            if current and index > start:
                yield current, text[start:index]
            current, start = font, index
    if text[start:]:
        yield current or names[0], text[start:]


def markup(text: str, script: str, bold: bool = False) -> str:
    """Plain text as Paragraph markup, each run wrapped in its face (text is escaped here)."""
    return "".join(
        f'<font name="{font}">{escape(part).replace(chr(10), "<br/>")}</font>'
        for font, part in runs(text, script, bold)
    )


def can_shape(text: str, script: str) -> bool:
    """Whether HarfBuzz shaping may be switched on for this text.

    reportlab shapes each space-separated word in the face of its first run, so a word that mixes
    faces (「NPO法人」) would be shaped with glyphs its face lacks and fail. Such text is drawn
    unshaped; the slip's own Nepali words are single-face and always shaped.
    """
    return all(len({font for font, _ in runs(word, script)}) <= 1 for word in text.split())
