"""Furigana for やさしい日本語 slips: text cut into (base, reading) pieces, and a flowable that
draws the reading small above each kanji run.

reportlab's Paragraph has no ruby, so ``RubyText`` lays its pieces out itself: it breaks lines at
the spaces between phrases (やさしい日本語 writes them), and inside a phrase only when one phrase is
wider than the line, never inside a kanji run with its reading. Readings come from pykakasi, which
reads a word with its okurigana in context; a reading written into a translation file
(「日《ひ》」) and a counsellor's correction (``{"伊達市": "だてし"}``) win over it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

KANJI_RUN = re.compile(r"([\u3400-\u9fff\uf900-\ufaff々〆ヶ]+)")
RUBY_SCALE = 0.5


def has_kanji(text: str) -> bool:
    return bool(KANJI_RUN.search(text))


Piece = tuple[str, str]  # (base text, its reading or "" when it needs none)


ANNOTATED = re.compile(r"([\u3400-\u9fff\uf900-\ufaff々〆ヶ]+)《([^》]+)》")
"""A reading written into a text file, Aozora-style: 「日《ひ》」, 「お金《かね》」."""


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def _to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _aligned(orig: str, hira: str) -> list[Piece]:
    """「払え」+「はらえ」 → [("払", "はら"), ("え", "")]: the kana around kanji keep no ruby."""
    parts = KANJI_RUN.split(orig)
    pattern = "".join(
        f"({'.+?' if i % 2 else re.escape(_to_hiragana(part))})" for i, part in enumerate(parts)
    )
    match = re.fullmatch(pattern, hira)
    if match is None:
        return [(orig, hira)]
    return [(part, match.group(i + 1) if i % 2 else "") for i, part in enumerate(parts) if part]


def _read(text: str) -> list[Piece]:
    if "\n" in text:  # pykakasi repeats the kana before a line break; read line by line
        lines = [_read(line) for line in text.split("\n")]
        return [
            piece for i, line in enumerate(lines) for piece in ([("\n", "")] if i else []) + line
        ]
    pieces: list[Piece] = []
    for item in _kakasi().convert(text):
        orig, hira = str(item["orig"]), str(item["hira"])
        pieces += _aligned(orig, hira) if has_kanji(orig) else [(orig, "")]
    return pieces


def ruby_pieces(text: str, corrections: Mapping[str, str] | None = None) -> list[Piece]:
    """「伊達市の 窓口」 → [("伊達", "だて"), ("市", "し"), ("の 窓口"…)] with readings.

    Readings written into the text (「日《ひ》」) come first, then the counsellor's corrections
    (matched as whole words, so 「伊達市」 may be given one reading), then pykakasi, which reads
    each word with its okurigana in context (「払えず」 → はらえず, not 払 → ふつ).
    """
    pieces: list[Piece] = []
    position = 0
    for match in ANNOTATED.finditer(text):
        pieces += _corrected(text[position : match.start()], corrections or {})
        pieces.append((match.group(1), match.group(2)))
        position = match.end()
    return _merge(pieces + _corrected(text[position:], corrections or {}))


def _corrected(text: str, corrections: Mapping[str, str]) -> list[Piece]:
    corrections = {k: v for k, v in corrections.items() if k and v}
    if not text:
        return []
    if not corrections:
        return _read(text)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(corrections, key=len)[::-1]))
    pieces: list[Piece] = []
    position = 0
    for match in pattern.finditer(text):
        pieces += _read(text[position : match.start()]) if match.start() > position else []
        pieces.append((match.group(0), corrections[match.group(0)]))
        position = match.end()
    return pieces + (_read(text[position:]) if position < len(text) else [])


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces without readings joined, so phrases wrap at their spaces."""
    out: list[Piece] = []
    for base, ruby in pieces:
        if out and not ruby and not out[-1][1]:
            out[-1] = (out[-1][0] + base, "")
        else:
            out.append((base, ruby))
    return out


@dataclass(frozen=True)
class _Token:
    pieces: tuple[Piece, ...]
    width: float
    space_after: bool


class RubyText(Flowable):  # type: ignore[misc]
    """Text with furigana, wrapped to the frame width; splits between lines at a page end."""

    def __init__(
        self,
        pieces: Sequence[Piece],
        font: str,
        size: float,
        color: colors.Color = colors.black,
        space_before: float = 0,
    ) -> None:
        super().__init__()
        self.pieces = list(pieces)
        self.font = font
        self.size = size
        self.color = color
        self.space_before = space_before
        self.line_height = size * (1.25 + RUBY_SCALE)
        self.lines: list[list[_Token]] = []

    # -- layout -------------------------------------------------------------------------------------
    def _piece_width(self, piece: Piece) -> float:
        base, ruby = piece
        width = float(stringWidth(base, self.font, self.size))
        if ruby:
            width = max(width, stringWidth(ruby, self.font, self.size * RUBY_SCALE))
        return width

    def _tokens(self) -> list[_Token]:
        """Phrases: pieces up to a space (the space is dropped and remembered)."""
        tokens: list[_Token] = []
        current: list[Piece] = []

        def close(space: bool) -> None:
            if current:
                width = sum(self._piece_width(p) for p in current)
                tokens.append(_Token(tuple(current), width, space))
                current.clear()

        for base, ruby in self.pieces:
            if ruby:
                current.append((base, ruby))
                continue
            for chunk in re.split(r"([ 　\n])", base):
                if chunk in (" ", "　"):
                    close(True)
                elif chunk == "\n":
                    close(False)
                    tokens.append(_Token((), 0, False))  # a forced break
                elif chunk:
                    current.append((chunk, ""))
        close(False)
        return tokens

    def _split_token(self, token: _Token, width: float) -> list[_Token]:
        """A phrase wider than the line: cut between characters (kanji runs stay whole)."""
        cells: list[Piece] = []
        for base, ruby in token.pieces:
            cells += [(base, ruby)] if ruby else [(char, "") for char in base]
        out: list[_Token] = []
        current: list[Piece] = []
        used = 0.0
        for cell in cells:
            cell_width = self._piece_width(cell)
            if current and used + cell_width > width:
                out.append(_Token(tuple(current), used, False))
                current, used = [], 0.0
            current.append(cell)
            used += cell_width
        out.append(_Token(tuple(current), used, token.space_after))
        return out

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        space = stringWidth(" ", self.font, self.size)
        self.lines = [[]]
        used = 0.0
        for token in self._tokens():
            if not token.pieces:
                self.lines.append([])
                used = 0.0
                continue
            parts = (
                self._split_token(token, available_width)
                if token.width > available_width
                else [token]
            )
            for part in parts:
                if self.lines[-1] and used + part.width > available_width:
                    self.lines.append([])
                    used = 0.0
                self.lines[-1].append(part)
                used += part.width + (space if part.space_after else 0)
        self.width = available_width
        self.height = self.space_before + self.line_height * len(self.lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fit = int((available_height - self.space_before) // self.line_height)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        head = [p for line in self.lines[:fit] for token in line for p in token.pieces]
        tail = [p for line in self.lines[fit:] for token in line for p in token.pieces]
        first = RubyText(head, self.font, self.size, self.color, self.space_before)
        return [first, RubyText(tail, self.font, self.size, self.color)]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.color)
        space = stringWidth(" ", self.font, self.size)
        small = self.size * RUBY_SCALE
        y = self.height - self.space_before
        for line in self.lines:
            y -= self.line_height
            x = 0.0
            for token in line:
                for base, ruby in token.pieces:
                    width = self._piece_width((base, ruby))
                    base_width = stringWidth(base, self.font, self.size)
                    canvas.setFont(self.font, self.size)
                    canvas.drawString(x + (width - base_width) / 2, y + self.size * 0.2, base)
                    if ruby:
                        ruby_width = stringWidth(ruby, self.font, small)
                        canvas.setFont(self.font, small)
                        canvas.drawString(x + (width - ruby_width) / 2, y + self.size * 1.15, ruby)
                    x += width
                if token.space_after:
                    x += space
        canvas.restoreState()

    def covered(self) -> bool:
        """Whether every kanji here has a reading above it (what the easy-slip test checks)."""
        return all(not has_kanji(base) or bool(ruby) for base, ruby in self.pieces)


def readings_text(texts: list[str], corrections: Mapping[str, str] | None = None) -> str:
    """「伊達市=だてし、相談窓口=そうだんまどぐち」: the readings a slip will print, in the form
    the slip dialog's correction field takes, each word once."""
    seen: dict[str, str] = {}
    for value in texts:
        for base, ruby in ruby_pieces(value, corrections):
            if ruby and base not in seen:
                seen[base] = ruby
    return "、".join(f"{base}={ruby}" for base, ruby in seen.items())
