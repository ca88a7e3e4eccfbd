"""Draw referral slips as PDF with reportlab: A5, A6, A4 with 2 or 4 slips, and the discreet card.

Why platypus flowables rather than fixed positions: feed text has any length, and a slip must never
cut anything off silently. Paragraphs wrap with CJK rules and split across frames; a slip longer
than its page or slot continues on the next one, marked 「つづく→」 at the bottom and 「（つづき）」
at the top. On A4 the slip is repeated to fill the sheet (two or four copies to cut apart, or fewer
when one copy needs several slots), with cut marks.

Feed text is data, not markup: every string from a record, and the counsellor's message, is
escaped before it reaches a Paragraph, so ``<b>``, ``<font>``, ``<img>`` and ``&`` print literally.
No Qt here: the command line renders slips without a display.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Flowable,
    FrameBreak,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.frames import Frame

from desktop.slips.content import (
    DEFAULT_MESSAGE,
    SlipService,
    has_sensitive_word,
    long_date,
    slip_service,
    today_label,
)
from desktop.slips.fonts import slip_fonts
from index.schedule import HOLIDAY_TEXT, tokyo_now

FORMATS = ("a5", "a6", "a4-2", "a4-4", "card")
MAX_SERVICES = 5
CARD_SIZE = (91 * mm, 55 * mm)
CARD_TITLE = "お問い合わせ先"
INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f5f8b")
SOFT = colors.HexColor("#eef4f8")
GREY = colors.HexColor("#666666")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


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
    title: str = "ご相談先のご案内"


@dataclass(frozen=True)
class _Sizes:
    body: float
    small: float
    name: float
    phone: float
    title: float
    message: float
    qr: float
    gap: float


_LARGE = _Sizes(body=11, small=9.5, name=14, phone=28, title=16, message=12, qr=22 * mm, gap=5)
_SMALL = _Sizes(body=9, small=8, name=11.5, phone=21, title=12.5, message=9.5, qr=16 * mm, gap=3.5)
_MEDIUM = _Sizes(body=10, small=8.5, name=12.5, phone=24, title=14, message=10.5, qr=18 * mm, gap=4)
_CARD = _Sizes(body=7, small=6.5, name=7, phone=13, title=8, message=7, qr=0, gap=2)


@dataclass(frozen=True)
class _Layout:
    page: tuple[float, float]
    columns: int
    rows: int
    margin: float
    sizes: _Sizes
    cut_marks: bool = False
    card: bool = False
    split: int = 1  # text columns inside one slot (A4-2's landscape halves read better in two)
    gutter: float = 8 * mm

    @property
    def frame_width(self) -> float:
        slot = self.page[0] / self.columns - 2 * self.margin
        return (slot - self.gutter * (self.split - 1)) / self.split


LAYOUTS = {
    "a5": _Layout(A5, 1, 1, 10 * mm, _LARGE),
    "a6": _Layout(A6, 1, 1, 7 * mm, _SMALL),
    "a4-2": _Layout(A4, 1, 2, 10 * mm, _MEDIUM, cut_marks=True, split=2),
    "a4-4": _Layout(A4, 2, 2, 7 * mm, _SMALL, cut_marks=True),
    "card": _Layout(CARD_SIZE, 1, 1, 4 * mm, _CARD, card=True),
}


def text(value: str) -> str:
    """Feed text as Paragraph-safe markup: escaped, control characters dropped, newlines kept."""
    return escape(_CONTROL.sub("", value)).replace("\n", "<br/>")


@dataclass
class _Styles:
    sizes: _Sizes
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


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(value, style)


class _QrCode(Flowable):  # type: ignore[misc]
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


def _qr(url: str, size: float) -> Flowable | None:
    """A QR code for the URL, or None when it cannot be encoded (too long, odd text)."""
    if not url or len(url.encode("utf-8")) > 1200:
        return None
    try:
        return _QrCode(url, size)
    except Exception:  # the QR encoder rejects some inputs; the URL text is printed anyway
        return None


def _phone_size(number: str, font: str, largest: float, width: float) -> float:
    """Shrink the big phone number just enough to stay on one line (down to a floor)."""
    at_one = stringWidth(number, font, 1) or 1
    return max(min(largest, width * 0.97 / at_one), largest * 0.6)


def _client_line(name: str) -> str:
    name = name.strip()
    if name.endswith(("さん", "様", "さま", "くん", "ちゃん", "殿")):
        return f"{name}へ"
    return f"{name}さんへ"


def _badges(service: SlipService) -> str:
    facts = []
    if service.free:
        facts.append("無料")
    if service.anonymous:
        facts.append("匿名で相談できます")
    return "　".join(f"【{fact}】" for fact in facts)


def _rows_table(rows: list[list[Flowable]], label_width: float, font: str) -> Table:
    """Label/value rows that stay aligned, and split between rows (or inside one) at a page end."""
    return Table(
        rows,
        colWidths=[label_width, None],
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


def _service_story(
    index: int,
    service: SlipService,
    styles: _Styles,
    width: float,
    today: str,
    rule: Flowable,
) -> list[Flowable]:
    s = styles.sizes
    body = styles.get("body", s.body)
    small = styles.get("small", s.small)
    label = styles.get("label", s.body, bold=True, textColor=ACCENT)
    head: list[Flowable] = [
        _para(f"{index}．{text(service.name)}", styles.get("name", s.name, bold=True)),
    ]
    if service.main_phone is not None:
        number = service.main_phone.number
        tag = "電話　"
        tag_width = stringWidth(tag, styles.bold, s.body)
        size = round(_phone_size(number, styles.bold, s.phone, width - tag_width), 1)
        head.append(
            _para(
                f'<font name="{styles.bold}" size="{s.body}" color="{ACCENT.hexval()}">{tag}</font>'
                + text(number),
                styles.get("phone", size, bold=True, spaceBefore=s.gap * 0.4),
            )
        )
        if service.main_phone.note:
            head.append(_para(text(service.main_phone.note), small))
    else:
        head.append(_para("電話番号の登録はありません", body))
    badges = _badges(service)
    if badges:
        head.append(_para(badges, styles.get("badge", s.body, bold=True, textColor=ACCENT)))
    rows: list[list[Flowable]] = [
        [_para("今日", label), _para(f"{today}　<b>{text(service.today)}</b>", body)],
        [_para("受付時間", label), _para("<br/>".join(text(h) for h in service.hours), body)],
    ]
    for phone in service.other_phones:
        note = f"（{text(phone.note)}）" if phone.note else ""
        rows.append([_para("ほかの電話", label), _para(f"{text(phone.number)}{note}", body)])
    if service.sns_url:
        rows.append([_para("SNS・チャット", label), _para(text(service.sns_url), body)])
    if service.email:
        rows.append([_para("メール", label), _para(text(service.email), body)])
    if service.address:
        rows.append([_para("所在地", label), _para(text(service.address), body)])
    label_width = stringWidth("SNS・チャット", styles.bold, s.body) + 6
    rest: list[Flowable] = [Spacer(0, s.gap * 0.5), _rows_table(rows, label_width, styles.regular)]
    if service.url:
        qr = _qr(service.url, s.qr)
        link = _para(f"<b>ホームページ</b><br/>{text(service.url)}", small)
        if qr is not None:
            rest.append(Spacer(0, s.gap * 0.5))
            rest.append(_rows_table([[qr, link]], s.qr + 6, styles.regular))
        else:
            rest.append(link)
    # A service is kept whole on one page or slot when it fits: a QR code or the hours alone at
    # the top of the next page read as if they belonged to the service printed there.
    return [KeepTogether([rule, *head, *rest])]


def _slip_story(
    services: Sequence[SlipService], options: SlipOptions, styles: _Styles, width: float
) -> list[Flowable]:
    s = styles.sizes
    now = options.now or tokyo_now()
    story: list[Flowable] = []
    if options.client_name.strip():
        story.append(
            _para(text(_client_line(options.client_name)), styles.get("client", s.title, bold=True))
        )
        story.append(Spacer(0, s.gap * 0.5))
    story.append(
        _para(text(options.title), styles.get("title", s.title, bold=True, textColor=ACCENT))
    )
    office = "　".join(
        part for part in (options.office_name.strip(), options.office_phone.strip()) if part
    )
    made = f"{long_date(options.date or now.date())}"
    footer = styles.get("footer", s.small, textColor=GREY)
    story.append(_para(f"{text(office)}　{made}" if office else made, footer))
    if options.message.strip():
        story.append(
            _para(
                text(options.message.strip()),
                styles.get(
                    "message",
                    s.message,
                    backColor=SOFT,
                    borderPadding=(s.gap, s.gap, s.gap, s.gap),
                    spaceBefore=s.gap * 1.6,
                    spaceAfter=s.gap * 1.6,
                    leftIndent=s.gap,
                    rightIndent=s.gap,
                ),
            )
        )
    today = today_label(now)
    for number, service in enumerate(services, start=1):
        rule = HRFlowable(
            width="100%", thickness=0.8, color=ACCENT, spaceBefore=s.gap, spaceAfter=s.gap
        )
        story.extend(_service_story(number, service, styles, width, today, rule))
    return story


def _card_story(services: Sequence[SlipService], styles: _Styles) -> list[Flowable]:
    """Numbers and hours only, under a neutral title: nothing says what the numbers are for."""
    s = styles.sizes
    story: list[Flowable] = [
        _para(CARD_TITLE, styles.get("title", s.title, bold=True)),
        Spacer(0, s.gap),
    ]
    label = styles.get("label", s.small, bold=True, textColor=GREY)
    hours_style = styles.get("body", s.body)
    widest = "【デモ】窓口5" if any(service.demo for service in services) else "窓口5"
    label_width = stringWidth(widest, styles.bold, s.small) + 6
    width = LAYOUTS["card"].frame_width - label_width
    for index, service in enumerate(services, start=1):
        name = f"{'【デモ】' if service.demo else ''}窓口{index}"
        phone = service.main_phone
        if phone is not None and not has_sensitive_word(phone.number):
            size = round(_phone_size(phone.number, styles.bold, s.phone, width), 1)
            number = _para(text(phone.number), styles.get("phone", size, bold=True))
        else:
            number = _para("（電話番号は控えをご覧ください）", hours_style)
        rows: list[list[Flowable]] = [[_para(name, label), number]]
        hours = " / ".join(service.card_hours)
        if hours:
            rows.append([_para("", label), _para(text(hours), hours_style)])
        table = _rows_table(rows, label_width, styles.regular)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "MIDDLE")]))
        story.append(KeepTogether([table, Spacer(0, s.gap)]))
    story.append(_para(HOLIDAY_TEXT, styles.get("footer", s.small, textColor=GREY)))
    return story


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
        styles: _Styles,
        **kwargs: Any,
    ) -> None:
        self.layout = layout
        self.make_story = make_story
        self.styles = styles
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
        canvas.setFont(self.styles.regular, 6)
        canvas.setFillColor(GREY)
        for row in range(1, self.layout.rows):
            canvas.drawString(3 * mm, height * row / self.layout.rows + 1.5, "きりとり線")
        canvas.restoreState()

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
            self.canv.setFont(self.styles.bold, size)
            self.canv.setFillColor(ACCENT)
            self.canv.drawRightString(frame._x2, frame._y1 + size * 0.3, "つづく→")
            self.canv.restoreState()
            if self.pending is not None:
                self.pending.insert(
                    0, _para("（つづき）", self.styles.get("cont", size, textColor=GREY))
                )
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
            for name in ("message", "client_name", "office_name", "office_phone", "title")
            if isinstance(getattr(options, name, None), str)
        },
    )
    services = [slip_service(_mend(record), now) for record in records]
    layout = LAYOUTS[options.format]
    fonts = slip_fonts()
    styles = _Styles(layout.sizes, fonts.regular, fonts.bold)
    width = layout.frame_width

    def make_story() -> list[Flowable]:
        if layout.card:
            return _card_story(services, styles)
        return _slip_story(services, options, styles, width)

    out = io.BytesIO()
    title = CARD_TITLE if layout.card else options.title
    doc = _SlipDoc(
        out,
        layout,
        make_story,
        styles,
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
    return out.getvalue()


def write_slip(
    path: Any, records: Sequence[dict[str, Any]], options: SlipOptions | None = None
) -> None:
    """Render and write atomically enough for a user's file: whole bytes in one write."""
    data = render_slip(records, options)
    with open(path, "wb") as fh:
        fh.write(data)
