"""The bundled Japanese font for slips, registered with reportlab once per process.

reportlab's built-in CID fonts (``HeiseiKakuGo-W5``) are not embedded, so a slip opened on a PC
without Japanese fonts, or printed through a driver that re-encodes text, would show boxes. BIZ
UDGothic is bundled, a universal-design face meant for readers with poor eyesight, and reportlab
embeds only the glyphs used (a subset). Loading the 4.7 MB TrueType file costs ~0.15 s, so it is
done on first use and cached for the life of the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from index.resources import resource_path

REGULAR = "TsunagiGothic"
BOLD = "TsunagiGothic-Bold"


@dataclass(frozen=True)
class SlipFonts:
    regular: str
    bold: str


@cache
def slip_fonts() -> SlipFonts:
    """Register BIZ UDGothic Regular/Bold (and the ``<b>`` mapping) the first time it is asked for."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", "BIZUDGothic-Regular.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "BIZUDGothic-Bold.ttf"))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return SlipFonts(regular=REGULAR, bold=BOLD)
