"""Search as you type: debounce, run on the database worker, drop stale answers.

Each keystroke restarts a short timer; when it fires, the query goes to the database worker with
a generation number. A worker that picks up an outdated generation skips the work, and an answer
that comes back for an outdated generation is thrown away, so the list never flickers back to an
older query's results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent

from desktop.controllers.region_controller import RegionController
from desktop.models.results_model import ResultsModel
from desktop.tasks import Tasks
from desktop.views.main_view import MainView
from index import vocabulary
from index.model import AUDIENCES, CHANNELS, SearchHit, SearchQuery, SearchResult
from index.vocabulary import LANGUAGE_NAMES, MENU_LANGUAGES, WorryCategory

DEBOUNCE_MS = 170
SLOW_MS = 1500
RESULT_LIMIT = 100

LANGUAGE_CHOICES = tuple((code, LANGUAGE_NAMES[code]) for code in MENU_LANGUAGES)


def merge_note_hits(result: SearchResult, noted: tuple[SearchHit, ...]) -> SearchResult:
    """The search's hits, then services found only through the office's note (marked why=メモ)."""
    have = {hit.id for hit in result.hits}
    extra = tuple(replace(hit, why=("メモ",)) for hit in noted if hit.id not in have)
    if not extra:
        return result
    return replace(result, hits=(*result.hits, *extra)[: max(RESULT_LIMIT, len(result.hits))])


def worry_categories() -> list[WorryCategory]:
    """The worry categories, the #9999 menu ones first (as the file lists them)."""
    return sorted(vocabulary.worry_categories(), key=lambda c: not c.menu9999)


class SearchController(QObject):
    results_shown = Signal(object)
    """A SearchResult was put on screen (tests and the screenshot command wait for it)."""

    def __init__(
        self,
        view: MainView,
        model: ResultsModel,
        region: RegionController,
        tasks: Tasks,
        search: Callable[[SearchQuery], SearchResult],
        *,
        language: str = "ja",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.model = model
        self.region = region
        self.tasks = tasks
        self._search = search
        self._generation = 0
        self.last_result: SearchResult | None = None
        self.last_query: SearchQuery | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        # The first search opens the index (and rebuilds it after an upgrade): say so if it is slow.
        self._slow = QTimer(self)
        self._slow.setSingleShot(True)
        self._slow.setInterval(SLOW_MS)
        self._slow.timeout.connect(
            lambda: self._set_message(self.tr("検索の準備中です（索引を作成しています）…"))
        )
        self._build_filters(language)

        bar = view.search
        self.preedit = ""
        """Hiragana the input method is still composing: searched before it is converted."""
        bar.search.installEventFilter(self)
        bar.search.textChanged.connect(lambda _text: self.schedule())
        for box in (bar.open_now, bar.free, bar.anonymous):
            box.toggled.connect(lambda _on: self.search_now())
        for combo in (bar.channel, bar.language, bar.audience):
            combo.currentIndexChanged.connect(lambda _i: self.search_now())
        for chip in bar.chips.values():
            chip.toggled.connect(lambda _on: self.search_now())
        bar.clear_filters.clicked.connect(self.clear_filters)
        region.changed.connect(lambda _code: self.search_now())

    def _build_filters(self, language: str) -> None:
        bar = self.view.search
        for category in worry_categories():
            label = category.en if language == "en" else category.ja
            bar.add_chip(category.code, label, category.ja)
        bar.channel.addItem(self.tr("すべて"), None)
        names = {
            "phone": self.tr("電話"),
            "sns": self.tr("SNS・チャット"),
            "email": self.tr("メール"),
            "visit": self.tr("来所"),
        }
        for code in CHANNELS:
            bar.channel.addItem(names[code], code)
        bar.language.addItem(self.tr("すべて"), None)
        for code, name in LANGUAGE_CHOICES:
            bar.language.addItem(self.tr(name), code)
        bar.audience.addItem(self.tr("すべて"), None)
        audiences = {
            "women": self.tr("女性"),
            "youth": self.tr("若者"),
            "older": self.tr("高齢者"),
            "foreign": self.tr("外国人住民"),
        }
        for code in AUDIENCES:
            bar.audience.addItem(audiences[code], code)

    # --- the query --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Follow the input method's composition: 「しにた」 is searched before it is converted.

        Japanese is typed through an input method; until the counsellor converts, the kana is
        preedit text that ``textChanged`` never reports, so the list used to stand still.
        """
        if (
            watched is self.view.search.search
            and event.type() == QEvent.Type.InputMethod
            and isinstance(event, QInputMethodEvent)
        ):
            preedit = event.preeditString()
            if preedit != self.preedit:
                self.preedit = preedit
                self.schedule()
        return False

    def typed_text(self) -> str:
        """The committed text with the composition at the cursor, as the counsellor sees it."""
        box = self.view.search.search
        text = box.text()
        if not self.preedit:
            return text
        cursor = box.cursorPosition()
        return text[:cursor] + self.preedit + text[cursor:]

    def query(self) -> SearchQuery:
        bar = self.view.search

        def chosen(combo_data: object) -> tuple[str, ...]:
            return (str(combo_data),) if combo_data else ()

        return SearchQuery(
            text=self.typed_text(),
            region=self.region.current(),
            worries=tuple(code for code, chip in bar.chips.items() if chip.isChecked()),
            open_now=bar.open_now.isChecked(),
            free=bar.free.isChecked(),
            anonymous=bar.anonymous.isChecked(),
            channels=chosen(bar.channel.currentData()),
            languages=chosen(bar.language.currentData()),
            audience=chosen(bar.audience.currentData()),
            limit=RESULT_LIMIT,
        )

    def settled(self) -> bool:
        """The results on screen answer what is in the search box and filters now."""
        return not self._timer.isActive() and self.last_query == self.query()

    def active_filters(self) -> int:
        q = self.query()
        return (
            len(q.worries)
            + int(q.open_now)
            + int(q.free)
            + int(q.anonymous)
            + len(q.channels)
            + len(q.languages)
            + len(q.audience)
        )

    def clear_filters(self) -> None:
        bar = self.view.search
        widgets = [bar.open_now, bar.free, bar.anonymous, *bar.chips.values()]
        for widget in widgets:
            widget.blockSignals(True)
            widget.setChecked(False)
            widget.blockSignals(False)
        for combo in (bar.channel, bar.language, bar.audience):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_now()

    # --- running ----------------------------------------------------------------------------

    def schedule(self) -> None:
        """Search after a short pause in typing."""
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        if not self._slow.isActive():
            self._slow.start()
        self._generation += 1
        generation = self._generation
        query = self.query()

        def work() -> SearchResult | None:
            if generation != self._generation:
                return None  # typed on meanwhile: skip the outdated query
            return self._search(query)

        self.tasks.run_db(
            work,
            lambda result: self._show(generation, query, result),
            lambda exc: self._failed(generation, exc),
        )

    def _show(self, generation: int, query: SearchQuery, result: SearchResult | None) -> None:
        if result is None or generation != self._generation:
            return
        self._slow.stop()
        self.last_result = result
        self.last_query = query
        self.model.set_hits(result.hits)
        self.view.fit_phone_column([hit.phones[0] for hit in result.hits if hit.phones])
        self._set_message(self.message_for(result))
        self.results_shown.emit(result)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._slow.stop()
            self._set_message(self.tr("検索できませんでした: %1").replace("%1", str(exc)))

    def message_for(self, result: SearchResult) -> str:
        lines = []
        if result.crisis == "suicide":
            lines.append(
                self.tr(
                    "いのちに関わるサインがあります。危機対応の窓口を先頭に出しています。● 受付中 を確かめて伝えてください。"
                )
            )
        elif result.crisis == "violence":
            lines.append(self.tr("暴力の被害のサインがあります。専門の窓口を先頭に出しています。"))
        if result.crisis:
            lines.append(self.tr("いま危険が迫っているときは 110・119"))
        elif result.hits and result.message:
            lines.append(result.message)  # e.g. matched loosely: say so
        if not result.hits:
            if self.active_filters():
                lines.append(
                    self.tr(
                        "該当する窓口がありません。絞り込み（分野・受付中・無料など）を外してみてください。"
                    )
                )
            elif self.query().region:
                lines.append(
                    self.tr("該当する窓口がありません。地域を広げるか、言葉を変えてみてください。")
                )
            else:
                lines.append(self.tr("該当する窓口がありません。別の言葉で探してみてください。"))
        return "\n".join(lines)

    def _set_message(self, text: str) -> None:
        self.view.message.setText(text)
        self.view.message.setVisible(bool(text))
