"""How a slip says a fixed label or a piece of data in its language, as reportlab flowables.

Three ways, one interface, so the stories (``stories.py``) are written once:
- ``ja``: Japanese, as the slip always printed.
- ``easy``: やさしい日本語, every piece of text (labels, names, addresses, the counsellor's message)
  set as ``RubyText`` with furigana over every kanji.
- bilingual (``en``, ``vi``, …): the label in the client's language, set in its script's face, with
  the Japanese label beneath in small grey type, so the client can read it and anyone in Japan
  can help them. Data (names, addresses, numbers) stays Japanese, exactly as published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from desktop.slips.fonts import can_shape, markup, script_fonts
from desktop.slips.ruby import RubyText, ruby_pieces
from desktop.slips.styles import GREY, INK, Styles, text
from desktop.slips.translations import BILINGUAL, SlipTexts, slip_texts


@dataclass
class Wording:
    language: str
    styles: Styles
    corrections: Mapping[str, str] = field(default_factory=dict)  # readings the counsellor fixed

    def __post_init__(self) -> None:
        self.t: SlipTexts = slip_texts(self.language)
        self.ja: SlipTexts = slip_texts("ja")
        self.bilingual = self.language in BILINGUAL
        self.easy = self.language == "easy"

    # -- styles -------------------------------------------------------------------------------------
    def _script_style(self, base: ParagraphStyle, value: str) -> ParagraphStyle:
        """``base`` moved to the client's script: its face, its line breaking, its shaping."""
        script = self.t.script
        bold = base.fontName == self.styles.bold
        fonts = script_fonts(script)
        shaping = int(script == "devanagari" and can_shape(value, script))
        extra: dict[str, Any] = {
            "fontName": fonts.bold if bold else fonts.regular,
            "wordWrap": "CJK" if script == "hans" else None,
            "shaping": shaping,
        }
        return self.styles.derived(f"{base.name}-{script}-{shaping}", base, **extra)

    def _ruby(self, value: str, style: ParagraphStyle) -> RubyText:
        color = style.textColor if isinstance(style.textColor, colors.Color) else INK
        return RubyText(
            ruby_pieces(value, self.corrections),
            style.fontName,
            style.fontSize,
            color,
            space_before=style.spaceBefore,
        )

    # -- pieces -------------------------------------------------------------------------------------
    def data(self, value: str, style: ParagraphStyle) -> Flowable:
        """Japanese data as published (names, addresses, hours, notes, the counsellor's words)."""
        if self.easy:
            return self._ruby(value, style)
        return Paragraph(text(value), style)

    def own(self, value: str, style: ParagraphStyle) -> Flowable:
        """A string already in the slip's language (rendered hours, a filled-in template)."""
        if self.easy:
            return self._ruby(value, style)
        if self.bilingual:
            return Paragraph(markup(value, self.t.script), self._script_style(style, value))
        return Paragraph(text(value), style)

    def japanese_beneath(self, value: str, size: float) -> Flowable:
        return Paragraph(text(value), self.styles.get("beneath", size, textColor=GREY))

    def label(self, key: str, style: ParagraphStyle, **values: Any) -> list[Flowable]:
        """A fixed label: in the slip's language, and on a bilingual slip the Japanese beneath."""
        out = [self.own(self.t.get(key, **values), style)]
        if self.bilingual:
            out.append(self.japanese_beneath(self.ja.get(key, **values), style.fontSize * 0.75))
        return out

    def pair(
        self, own: str, japanese: str, style: ParagraphStyle, beneath_size: float | None = None
    ) -> list[Flowable]:
        """Rendered data in the slip's language, with the Japanese rendering beneath it."""
        out = [self.own(own, style)]
        if self.bilingual and japanese:
            out.append(self.japanese_beneath(japanese, beneath_size or style.fontSize * 0.8))
        return out

    def words(self, key: str, **values: Any) -> str:
        """A label as plain text in the slip's language (for the canvas: marks, cut lines)."""
        own = self.t.get(key, **values)
        if self.bilingual:
            return f"{own} {self.ja.get(key, **values)}"
        return own
