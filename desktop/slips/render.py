"""Draw referral slips as PDF with reportlab: A5, A6, A4 with 2 or 4 slips, and the discreet card.

Why platypus flowables rather than fixed positions: feed text has any length, and a slip must never
cut anything off silently. Paragraphs wrap with CJK rules and split across frames; a slip longer
than its page or slot continues on the next one, marked 「つづく→」 at the bottom and 「（つづき）」
at the top. On A4 the slip is repeated to fill the sheet (two or four copies to cut apart, or fewer
when one copy needs several slots), with cut marks.

The words of the slip come in eleven languages (``translations.py``, ``wording.py``); what is said
in which order is in ``stories.py``, the sizes and styles in ``styles.py``.

Feed text is data, not markup: every string from a record, and the counsellor's message, is
escaped before it reaches a Paragraph, so ``<b>``, ``<font>``, ``<img>`` and ``&`` print literally.
No Qt here: the command line renders slips without a display.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, A6
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ActionFlowable, BaseDocTemplate, Flowable, FrameBreak, PageTemplate
from reportlab.platypus.frames import Frame

from desktop.slips.content import DEFAULT_MESSAGE, SlipService, slip_service
from desktop.slips.fonts import runs, slip_fonts
from desktop.slips.stories import CARD_TITLE, DEFAULT_TITLE, StoryInput, card_story, slip_story
from desktop.slips.styles import ACCENT, CARD, COMPACT, GREY, LARGE, MEDIUM, SMALL, Sizes, Styles
from desktop.slips.translations import TranslationError
from desktop.slips.wording import Wording
from index.schedule import tokyo_now

FORMATS = ("a5", "a6", "a4-2", "a4-4", "card")
MAX_SERVICES = 5
CARD_SIZE = (91 * mm, 55 * mm)


class SlipError(ValueError):
    """The slip cannot be made as asked (no services, too many, unknown format)."""


@dataclass(frozen=True)
class SlipOptions:
    """What the counsellor chose in the dialog or on the command line.

    ``client_name`` is printed as 「〇〇さんへ」 and is never stored or logged anywhere.
    """

    format: str = "a5"
    message: str = DEFAULT_MESSAGE
    office_name: str = ""
    office_phone: str = ""
    date: date | None = None  # the slip's date; defaults to today in Tokyo
    client_name: str = ""
    now: datetime | None = None  # "today" for today's hours; defaults to now in Tokyo
    title: str = DEFAULT_TITLE  # the default is said in the slip's language
    language: str = "ja"  # one of translations.LANGUAGES: ja, easy, or a bilingual slip
    worry_sentence: str = ""  # what to say on the phone (Japanese); never on the discreet card
    readings: tuple[tuple[str, str], ...] = ()  # furigana the counsellor corrected: (漢字, かな)


@dataclass(frozen=True)
class _Layout:
    page: tuple[float, float]
    columns: int
    rows: int
    margin: float
    sizes: Sizes
    cut_marks: bool = False
    card: bool = False
    split: int = 1  # text columns inside one slot (A4-2's landscape halves read better in two)
    gutter: float = 8 * mm

    @property
    def frame_width(self) -> float:
        slot = self.page[0] / self.columns - 2 * self.margin
        return (slot - self.gutter * (self.split - 1)) / self.split

    @property
    def frame_height(self) -> float:
        return self.page[1] / self.rows - 2 * self.margin


FITTING = {"a5": (COMPACT,)}
"""Smaller type tried, in order, when a slip does not fit its one sheet at the layout's sizes."""

LAYOUTS = {
    "a5": _Layout(A5, 1, 1, 10 * mm, LARGE),
    "a6": _Layout(A6, 1, 1, 7 * mm, SMALL),
    "a4-2": _Layout(A4, 1, 2, 10 * mm, MEDIUM, cut_marks=True, split=2),
    "a4-4": _Layout(A4, 2, 2, 7 * mm, SMALL, cut_marks=True),
    "card": _Layout(CARD_SIZE, 1, 1, 4 * mm, CARD, card=True),
}


class _CopyStart(ActionFlowable):  # type: ignore[misc]
    def apply(self, doc: Any) -> None:
        doc.copy_started()


class _CopyEnd(ActionFlowable):  # type: ignore[misc]
    def apply(self, doc: Any) -> None:
        doc.copy_ended()


class _SlipDoc(BaseDocTemplate):  # type: ignore[misc]
    """A doc template whose frames are slip slots; it repeats the slip to fill an A4 sheet and
    marks every place where a slip continues in the next slot or page."""

    def __init__(
        self,
        out: io.BytesIO,
        layout: _Layout,
        make_story: Callable[[], list[Flowable]],
        wording: Wording,
        **kwargs: Any,
    ) -> None:
        self.layout = layout
        self.make_story = make_story
        self.wording = wording
        self.styles = wording.styles
        self.in_copy = False
        self.copies = 0
        self.frames_this_copy = 0
        self.pending: list[Flowable] | None = None
        super().__init__(out, pagesize=layout.page, **kwargs)
        width, height = layout.page
        slot_w, slot_h = width / layout.columns, height / layout.rows
        mark = 0 if layout.card else layout.sizes.small * 1.6
        frames = []
        for row in range(layout.rows):
            for column in range(layout.columns):
                for part in range(layout.split):
                    frames.append(
                        Frame(
                            column * slot_w
                            + layout.margin
                            + part * (layout.frame_width + layout.gutter),
                            height - (row + 1) * slot_h + layout.margin,
                            layout.frame_width,
                            slot_h - 2 * layout.margin,
                            leftPadding=0,
                            rightPadding=0,
                            topPadding=0,
                            bottomPadding=mark,
                            id=f"slot{row}{column}-{part}",
                        )
                    )
        self.slots = layout.rows * layout.columns
        self.addPageTemplates([PageTemplate(id="slips", frames=frames, onPage=self._on_page)])

    def _on_page(self, canvas: Canvas, doc: Any) -> None:
        if self.layout.card:
            # A hairline edge: a card printed on larger paper can be cut out along it.
            canvas.saveState()
            canvas.setStrokeColor(colors.HexColor("#bbbbbb"))
            canvas.setLineWidth(0.3)
            width, height = self.layout.page
            canvas.rect(0.5, 0.5, width - 1, height - 1, stroke=1, fill=0)
            canvas.restoreState()
        if not self.layout.cut_marks:
            return
        width, height = self.layout.page
        canvas.saveState()
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.4)
        canvas.setDash(3, 3)
        for row in range(1, self.layout.rows):
            y = height * row / self.layout.rows
            canvas.line(0, y, width, y)
        for column in range(1, self.layout.columns):
            x = width * column / self.layout.columns
            canvas.line(x, 0, x, height)
        canvas.setDash()
        canvas.setFillColor(GREY)
        for row in range(1, self.layout.rows):
            y = height * row / self.layout.rows + 1.5
            self._draw(canvas, 3 * mm, y, self.wording.words("cut_line"), 6, bold=False)
        canvas.restoreState()

    def _draw(
        self,
        canvas: Canvas,
        x: float,
        y: float,
        value: str,
        size: float,
        bold: bool,
        right: bool = False,
    ) -> None:
        """Canvas text in the slip's language: each run in the face that has its characters."""
        script = self.wording.t.script if self.wording.bilingual else "ja"
        parts = list(runs(value, script, bold))
        if right:
            x -= sum(stringWidth(part, font, size) for font, part in parts)
        for font, part in parts:
            canvas.setFont(font, size)
            canvas.drawString(x, y, part)
            x += stringWidth(part, font, size)

    # The story is consumed from this list; later copies are appended once the first is laid out.
    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self.pending = flowables
        super().handle_flowable(flowables)

    def copy_started(self) -> None:
        self.in_copy = True
        self.frames_this_copy = 1

    def _column(self) -> int:
        """Which text column of its slot the current frame is (0 for single-column slots)."""
        return int(self.pageTemplate.frames.index(self.frame)) % self.layout.split

    def copy_ended(self) -> None:
        self.in_copy = False
        self.copies += 1
        if self.copies == 1 and self.pending is not None:
            split = self.layout.split
            per_copy = -(-self.frames_this_copy // split)  # slots, rounded up
            total = max(1, self.slots // per_copy) if per_copy <= self.slots else 1
            to_next_slot = [FrameBreak() for _ in range(split - self._column())]
            for _ in range(total - 1):
                self.pending.extend([*to_next_slot, _CopyStart(), *self.make_story(), _CopyEnd()])

    def handle_frameEnd(self, resume: int = 0) -> None:  # noqa: N802 (reportlab name)
        if self.in_copy and self.frame is not None:
            self.frames_this_copy += 1
            if self._column() != self.layout.split - 1:
                super().handle_frameEnd(resume)  # the next column of the same slot: no mark
                return
            frame = self.frame
            size = self.layout.sizes.small
            self.canv.saveState()
            self.canv.setFillColor(ACCENT)
            words = self.wording.words("continues")
            self._draw(self.canv, frame._x2, frame._y1 + size * 0.3, words, size, True, True)
            self.canv.restoreState()
            if self.pending is not None:
                style = self.styles.get("cont", size, textColor=GREY)
                self.pending.insert(0, self.wording.own(self.wording.words("continued"), style))
        super().handle_frameEnd(resume)


def _mend(value: Any) -> Any:
    """Text a PDF can carry: an unpaired surrogate (broken UTF-16) prints as U+FFFD.

    Such text cannot be encoded at all, so without this one broken character in a feed or a typed
    message would stop the whole slip (found by the hostile-text suite).
    """
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(value, dict):
        return {k: _mend(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mend(v) for v in value]
    return value


def render_slip(records: Sequence[dict[str, Any]], options: SlipOptions | None = None) -> bytes:
    """The PDF bytes of a slip for 1–5 services given as stored HSDS records (raw JSON dicts)."""
    options = options or SlipOptions()
    if options.format not in LAYOUTS:
        raise SlipError(f"unknown slip format {options.format!r}; use one of {', '.join(FORMATS)}")
    if not records:
        raise SlipError("a slip needs at least one service")
    if len(records) > MAX_SERVICES:
        raise SlipError(f"a slip holds at most {MAX_SERVICES} services, not {len(records)}")
    now = options.now or tokyo_now()
    options = replace(
        options,
        now=now,
        date=options.date or now.date(),
        **{
            name: _mend(getattr(options, name))
            for name in (
                "message",
                "client_name",
                "office_name",
                "office_phone",
                "title",
                "worry_sentence",
            )
            if isinstance(getattr(options, name, None), str)
        },
    )
    services = [slip_service(_mend(record), now) for record in records]
    layout = LAYOUTS[options.format]
    day = options.date or now.date()
    story = StoryInput(
        now=now,
        day=day,
        title=options.title,
        message=options.message,
        office_name=options.office_name,
        office_phone=options.office_phone,
        client_name=options.client_name,
        worry_sentence=options.worry_sentence,
    )
    pdf, pages = _build(layout, services, story, options)
    for sizes in FITTING.get(options.format, ()):
        if pages != 2:
            break  # one sheet already, or too much for smaller type to bring onto one
        smaller, fewer = _build(replace(layout, sizes=sizes), services, story, options)
        if fewer < pages:
            pdf, pages = smaller, fewer
    return pdf


def _build(
    layout: _Layout, services: list[SlipService], story: StoryInput, options: SlipOptions
) -> tuple[bytes, int]:
    """One layout pass: the PDF bytes and how many pages they took."""
    fonts = slip_fonts()
    try:
        wording = Wording(
            options.language,
            Styles(layout.sizes, fonts.regular, fonts.bold),
            dict(options.readings),
        )
    except TranslationError as exc:
        raise SlipError(str(exc)) from exc
    frame = (layout.frame_width, layout.frame_height)

    def make_story() -> list[Flowable]:
        if layout.card:
            return card_story(services, wording, layout.frame_width, story.now.date())
        return slip_story(services, story, wording, frame)

    out = io.BytesIO()
    if options.title.strip() and options.title != DEFAULT_TITLE:
        title = CARD_TITLE if layout.card else options.title
    else:
        title = wording.words("card_title" if layout.card else "title")
    doc = _SlipDoc(
        out,
        layout,
        make_story,
        wording,
        title=title,
        author="tsunagi",
        creator="tsunagi",
        subject="",
        invariant=1,
        # Without this every page names Helvetica (unembedded) as its starting font.
        initialFontName=fonts.regular,
        initialFontSize=layout.sizes.body,
    )
    doc.build([_CopyStart(), *make_story(), _CopyEnd()])
    return out.getvalue(), int(doc.page)


def write_slip(
    path: Any, records: Sequence[dict[str, Any]], options: SlipOptions | None = None
) -> None:
    """Render and write atomically enough for a user's file: whole bytes in one write."""
    data = render_slip(records, options)
    with open(path, "wb") as fh:
        fh.write(data)
