"""What a slip and a discreet card say, in order, as reportlab flowables, in any slip language.

Written once against ``Wording`` (``wording.py``), which decides how a label or a piece of data is
set: Japanese, やさしい日本語 with furigana, or the client's language with the Japanese beneath.
Names, addresses and numbers are printed exactly as published in every language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, TableStyle

from desktop.slips import localize
from desktop.slips.content import SlipService, has_sensitive_word, long_date, today_label
from desktop.slips.fonts import can_shape, markup, runs
from desktop.slips.styles import ACCENT, GREY, SOFT, phone_size, qr, rows_table, text
from desktop.slips.translations import worry_sentence_credit
from desktop.slips.wording import Wording
from index.record import ServiceView
from index.schedule import HOLIDAY_TEXT

CARD_TITLE = "お問い合わせ先"
DEFAULT_TITLE = "ご相談先のご案内"


@dataclass(frozen=True)
class StoryInput:
    """What the stories need from the counsellor's choices (``render.SlipOptions``, resolved)."""

    now: datetime
    day: date
    title: str
    message: str
    office_name: str
    office_phone: str
    client_name: str
    worry_sentence: str


class KeepUnlessRoom(KeepTogether):  # type: ignore[misc]
    """A service kept whole on the next page only when little room is left on this one.

    Kept whole always, a service that did not fit left the first page a third empty; split
    always, a QR code or the hours alone at the top of the next page read as if they belonged to
    the service printed there. With at least ``room`` points left the service starts here and
    continues (marked 「つづく→」/「（つづき）」).
    """

    def __init__(self, flowables: list[Flowable], room: float) -> None:
        super().__init__(flowables)
        self.room = room

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        if self._H > available_height >= self.room:
            return list(self._content)
        return list(super().split(available_width, available_height))


def _client_line(name: str) -> str:
    name = name.strip()
    if name.endswith(("さん", "様", "さま", "くん", "ちゃん", "殿")):
        return f"{name}へ"
    return f"{name}さんへ"


def _view(service: SlipService) -> ServiceView:
    assert service.view is not None  # slip_service always sets it
    return service.view


def _text_width(value: str, w: Wording, size: float) -> float:
    """Width of a label as the slip sets it (each run in its own face)."""
    script = w.t.script if w.bilingual else "ja"
    return float(sum(stringWidth(p, font, size) for font, p in runs(value, script, bold=True)))


def _label_width(w: Wording, keys: Sequence[str], size: float, limit: float) -> float:
    widths = [_text_width(w.t.get(key), w, size) for key in keys]
    if w.bilingual:
        widths += [_text_width(w.ja.get(key), w, size * 0.75) for key in keys]
    return min(max(widths) + 6, limit)


def _phone(service: SlipService, w: Wording, width: float) -> list[Flowable]:
    styles, s = w.styles, w.styles.sizes
    phone = service.main_phone
    if phone is None:
        return w.label("no_phone", styles.get("body", s.body))
    number = phone.number
    out: list[Flowable] = []
    if w.easy:
        out += w.label("phone", styles.get("tag", s.body, bold=True, textColor=ACCENT))
        tag, tag_width = "", 0.0
    else:
        words = w.words("phone") + "　"
        script = w.t.script if w.bilingual else "ja"
        tag = (
            f'<font size="{s.body}" color="{ACCENT.hexval()}">'
            + markup(words, script, bold=True)
            + "</font>"
        )
        tag_width = _text_width(words, w, s.body)
    size = round(phone_size(number, styles.bold, s.phone, width - tag_width), 1)
    shaped = w.t.script == "devanagari" and can_shape(
        w.words("phone") + "　" + number, "devanagari"
    )
    extra = {"shaping": 1, "wordWrap": None} if shaped else {}
    style = styles.get(f"phone{shaped}", size, bold=True, spaceBefore=s.gap * 0.4, **extra)
    out.append(Paragraph(tag + text(number), style))
    if phone.note:
        out.append(w.data(phone.note, styles.get("small", s.small)))
    return out


def _facts(service: SlipService, w: Wording) -> list[Flowable]:
    styles, s = w.styles, w.styles.sizes
    view = _view(service)
    own = localize.facts(view, w.t, w.language)
    if not own:
        return []
    style = styles.get("badge", s.body, bold=True, textColor=ACCENT)
    japanese = "　".join(f"【{fact}】" for fact in localize.facts(view, w.ja, w.language))
    if w.bilingual:
        return w.pair(" · ".join(own), japanese, style)
    return [w.own("　".join(f"【{fact}】" for fact in own), style)]


def service_story(
    index: int,
    service: SlipService,
    w: Wording,
    frame: tuple[float, float],
    now: datetime,
    rule: Flowable,
) -> list[Flowable]:
    styles, s = w.styles, w.styles.sizes
    view = _view(service)
    width, height = frame
    body = styles.get("body", s.body)
    small = styles.get("small", s.small)
    label = styles.get("label", s.body, bold=True, textColor=ACCENT)
    head: list[Flowable] = [
        w.data(f"{index}．{service.name}", styles.get("name", s.name, bold=True)),
        *_phone(service, w, width),
        *_facts(service, w),
    ]
    if w.language == "ja":
        today_cell: list[Flowable] = [
            Paragraph(f"{today_label(now)}　<b>{text(service.today)}</b>", body)
        ]
        hours_cell = [w.data("\n".join(service.hours), body)]
    else:
        today_own = (
            f"{localize.today_label(now.date(), w.t)}  {localize.today_text(view, w.t, now)}"
        )
        today_cell = w.pair(today_own, f"{today_label(now)}　{service.today}", body)
        own_hours = "\n".join(localize.hours_lines(view, w.t, now.date()))
        hours_cell = w.pair(own_hours, "\n".join(service.hours), body)
    rows: list[list[Flowable | list[Flowable]]] = [
        [w.label("today", label), today_cell],
        [w.label("hours", label), hours_cell],
    ]
    keys = ["today", "hours"]
    for phone in service.other_phones:
        note = f"（{phone.note}）" if phone.note else ""
        rows.append([w.label("other_phone", label), w.data(f"{phone.number}{note}", body)])
        keys.append("other_phone")
    for key, value in (
        ("sns", service.sns_url),
        ("email", service.email),
        ("address", service.address),
        ("credit", "　".join(view.credits)),
    ):
        if value:
            rows.append([w.label(key, label), w.data(value, body)])
            keys.append(key)
    label_width = _label_width(w, [*keys, "sns"], s.body, width * 0.34)
    code = qr(service.url, s.qr) if service.url else None
    beside = code is not None and width > 110 * mm  # A5: the QR code beside the rows, not below
    table_width = width - s.qr - 8 if beside else width
    table = rows_table(rows, label_width, styles.regular, table_width)
    rest: list[Flowable] = [Spacer(0, s.gap * 0.5)]
    if service.url:
        bold_small = styles.get("smallbold", s.small, bold=True)
        link = [*w.label("homepage", bold_small), w.data(service.url, small)]
        if beside and code is not None:
            rest.append(rows_table([[table, [code, *link]]], table_width, styles.regular))
        elif code is not None:
            qr_row = rows_table([[code, link]], s.qr + 6, styles.regular)
            rest += [table, Spacer(0, s.gap * 0.5), qr_row]
        else:
            rest += [table, *link]
    else:
        rest.append(table)
    return [KeepUnlessRoom([rule, *head, *rest], room=height * 0.35)]


def _what_to_say(services: Sequence[SlipService], story: StoryInput, w: Wording) -> list[Flowable]:
    """The sentence to say on the phone, and on a bilingual slip the language sentences."""
    styles, s = w.styles, w.styles.sizes
    body = styles.get("body", s.body)
    say = styles.get("say", s.message, bold=True)
    out: list[Flowable] = []
    if story.worry_sentence.strip():
        out.append(w.data(story.worry_sentence.strip(), say))
    if w.bilingual:
        name_ja = w.t.name_ja
        out += [
            w.own(w.t.get("ask_language"), body),
            w.data(w.ja.get("ask_language", language=name_ja), say),
        ]
        out += [w.own(w.t.get("little_japanese"), body), w.data(w.ja.get("little_japanese"), say)]
        speaks = [str(i) for i, sv in enumerate(services, 1) if _view(sv).speaks(w.language)]
        helps = [str(i) for i, sv in enumerate(services, 1) if _view(sv).interpreter]
        small = styles.get("small", s.small)
        if speaks:
            out += w.label("language_services", small, numbers=", ".join(speaks), language=name_ja)
        if helps:
            out += w.label("interpreter_services", small, numbers=", ".join(helps))
        if not speaks and not helps:
            out += w.label("no_language_services", small)
    if not out:
        return []
    heading = w.label("what_to_say", styles.get("label", s.body, bold=True, textColor=ACCENT))
    grey = styles.get("footer", s.small, textColor=GREY)
    note = w.label("say_note", grey)
    credit = worry_sentence_credit(story.worry_sentence)
    if credit:
        note.append(w.data(credit, styles.get("credit", s.small * 0.8, textColor=GREY)))
    return [Spacer(0, s.gap), *heading, *out, *note]


def slip_story(
    services: Sequence[SlipService], story: StoryInput, w: Wording, frame: tuple[float, float]
) -> list[Flowable]:
    styles, s = w.styles, w.styles.sizes
    out: list[Flowable] = []
    client = story.client_name.strip()
    if client:
        style = styles.get("client", s.title, bold=True)
        if w.language == "ja":
            out.append(Paragraph(text(_client_line(client)), style))
        else:
            out += w.label("for_client", style, name=client)
        out.append(Spacer(0, s.gap * 0.5))
    title_style = styles.get("title", s.title, bold=True, textColor=ACCENT)
    if story.title.strip() and story.title != DEFAULT_TITLE:
        out.append(w.data(story.title, title_style))
    else:
        out += w.label("title", title_style)
    office = "　".join(p for p in (story.office_name.strip(), story.office_phone.strip()) if p)
    made = long_date(story.day) if w.language == "ja" else localize.date_text(story.day, w.t)
    footer = styles.get("footer", s.small, textColor=GREY)
    out.append(w.own(f"{office}　{made}" if office else made, footer))
    if story.message.strip():
        box = styles.get(
            "message",
            s.message,
            backColor=None if w.easy else SOFT,
            borderPadding=(s.gap, s.gap, s.gap, s.gap),
            spaceBefore=s.gap * 1.6,
            spaceAfter=s.gap * 1.6,
            leftIndent=s.gap,
            rightIndent=s.gap,
        )
        out.append(w.data(story.message.strip(), box))
    for number, service in enumerate(services, start=1):
        rule = HRFlowable(
            width="100%", thickness=0.8, color=ACCENT, spaceBefore=s.gap, spaceAfter=s.gap
        )
        out.extend(service_story(number, service, w, frame, story.now, rule))
    # After the services: the numbers are what the client needs first, and the sentences are
    # read when they call.
    say = _what_to_say(services, story, w)
    if say:
        out.append(HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=s.gap))
        out.append(KeepTogether(say))
    return out


def card_story(
    services: Sequence[SlipService], w: Wording, frame_width: float, day: date
) -> list[Flowable]:
    """Numbers and hours only, under a neutral title: nothing says what the numbers are for."""
    styles, s = w.styles, w.styles.sizes
    title = styles.get("title", s.title, bold=True)
    out: list[Flowable] = [*w.label("card_title", title), Spacer(0, s.gap)]
    label = styles.get("label", s.small, bold=True, textColor=GREY)
    hours_style = styles.get("body", s.body)
    demo = "【デモ】" if any(service.demo for service in services) else ""
    widest = demo + w.t.get("card_window", n=5)
    label_width = _text_width(widest, w, s.small) + 6
    width = frame_width - label_width
    for index, service in enumerate(services, start=1):
        name = f"{'【デモ】' if service.demo else ''}{w.t.get('card_window', n=index)}"
        phone = service.main_phone
        if phone is not None and not has_sensitive_word(phone.number):
            size = round(phone_size(phone.number, styles.bold, s.phone, width), 1)
            number: Flowable | list[Flowable] = Paragraph(
                text(phone.number), styles.get("phone", size, bold=True)
            )
        else:
            number = w.label("card_see_slip", hours_style)
        if w.language == "ja":
            lines = list(service.card_hours)
        else:
            lines = localize.hours_lines(_view(service), w.t, day)
            lines = [x for x in lines if x != w.t.get("holidays") and not has_sensitive_word(x)]
        rows: list[list[Flowable | list[Flowable]]] = [[w.own(name, label), number]]
        if lines:
            rows.append([Paragraph("", label), w.own(" / ".join(lines), hours_style)])
        table = rows_table(rows, label_width, styles.regular)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "MIDDLE")]))
        out.append(KeepTogether([table, Spacer(0, s.gap)]))
    footer = styles.get("footer", s.small, textColor=GREY)
    out.append(
        Paragraph(HOLIDAY_TEXT, footer)
        if w.language == "ja"
        else w.own(w.t.get("holidays"), footer)
    )
    return out
