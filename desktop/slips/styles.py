"""Type sizes, colours, paragraph styles and the small drawing pieces every slip story uses.

Kept apart from the stories (``stories.py``) and the page machinery (``render.py``) so each stays a
readable size. Feed text is data, not markup: ``text()`` escapes it before it reaches a Paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f5f8b")
SOFT = colors.HexColor("#eef4f8")
GREY = colors.HexColor("#666666")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Sizes:
    body: float
    small: float
    name: float
    phone: float
    title: float
    message: float
    qr: float
    gap: float


LARGE = Sizes(body=11, small=9.5, name=14, phone=28, title=16, message=12, qr=22 * mm, gap=5)
SMALL = Sizes(body=9, small=8, name=11.5, phone=21, title=12.5, message=9.5, qr=16 * mm, gap=3.5)
MEDIUM = Sizes(body=10, small=8.5, name=12.5, phone=24, title=14, message=10.5, qr=18 * mm, gap=4)
COMPACT = Sizes(body=9.5, small=8, name=12, phone=21, title=13, message=10, qr=17 * mm, gap=3)
"""A5 with three or more services: what fits them on one sheet (tried when LARGE does not)."""
CARD = Sizes(body=7, small=6.5, name=7, phone=13, title=8, message=7, qr=0, gap=2)


def text(value: str) -> str:
    """Feed text as Paragraph-safe markup: escaped, control characters dropped, newlines kept."""
    return escape(_CONTROL.sub("", value)).replace("\n", "<br/>")


@dataclass
class Styles:
    sizes: Sizes
    regular: str
    bold: str
    cache: dict[str, ParagraphStyle] = field(default_factory=dict)

    def get(self, key: str, size: float, bold: bool = False, **extra: Any) -> ParagraphStyle:
        name = f"{key}-{size}-{bold}"
        if name not in self.cache:
            values: dict[str, Any] = {
                "fontName": self.bold if bold else self.regular,
                "fontSize": size,
                "leading": size * 1.35,
                "wordWrap": "CJK",
                "textColor": INK,
            }
            values.update(extra)
            self.cache[name] = ParagraphStyle(name, **values)
        return self.cache[name]

    def derived(self, name: str, base: ParagraphStyle, **extra: Any) -> ParagraphStyle:
        """``base`` with some attributes changed, cached under ``name``."""
        if name not in self.cache:
            self.cache[name] = ParagraphStyle(name, parent=base, **extra)
        return self.cache[name]


def para(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(value, style)


class QrCode(Flowable):  # type: ignore[misc]
    """A QR code drawn straight onto the canvas.

    reportlab's QR widget goes through a Drawing, whose renderer starts every drawing by selecting
    Helvetica: the PDF would then list an unembedded font. Drawing the modules here avoids that.
    """

    QUIET = 4  # modules of white border, as the QR standard asks

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        widget = QrCodeWidget(url, barLevel="M")
        widget.qr.make()
        self.modules = [[bool(cell) for cell in row] for row in widget.qr.modules]
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules) + 2 * self.QUIET
        box = self.size / count
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        for r, row in enumerate(self.modules):
            y = self.size - (r + self.QUIET + 1) * box
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                canvas.rect((start + self.QUIET) * box, y, (c - start) * box, box, stroke=0, fill=1)
        canvas.restoreState()


def qr(url: str, size: float) -> Flowable | None:
    """A QR code for the URL, or None when it cannot be encoded (too long, odd text)."""
    if not url or len(url.encode("utf-8")) > 1200:
        return None
    try:
        return QrCode(url, size)
    except Exception:  # the QR encoder rejects some inputs; the URL text is printed anyway
        return None


def phone_size(number: str, font: str, largest: float, width: float) -> float:
    """Shrink the big phone number just enough to stay on one line (down to a floor)."""
    at_one = stringWidth(number, font, 1) or 1
    return max(min(largest, width * 0.97 / at_one), largest * 0.6)


def rows_table(
    rows: list[list[Any]], label_width: float, font: str, width: float | None = None
) -> Table:
    """Label/value rows that stay aligned, and split between rows (or inside one) at a page end."""
    return Table(
        rows,
        colWidths=[label_width, (width - label_width) if width else None],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), font),  # else cells name unembedded Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        ),
        hAlign="LEFT",
        splitInRow=1,
    )
