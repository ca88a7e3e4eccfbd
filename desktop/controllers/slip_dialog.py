"""The slip dialog: choose a format and a language, edit the message and what to say on the phone,
correct furigana, type the client's name, save or print.

The client's name goes into the PDF only: it is never written to the database, the settings or a
log, and the dialog forgets it when it closes. The language chosen is remembered for the rest of
the consultation only (``consultation``, a dict the window clears at 相談終了), never with a
client and never in the settings. Rendering runs on the database worker (it reads no
widgets), so the window stays responsive while reportlab lays out the page.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.slips import DEFAULT_MESSAGE, FORMATS, SlipOptions, render_slip, slip_worries
from desktop.slips.translations import LANGUAGES, slip_texts, worry_sentence
from desktop.tasks import Tasks


def _printer_module() -> Any:
    """desktop.printing when it exists (it sends PDF bytes to a print queue)."""
    try:
        return importlib.import_module("desktop.printing")
    except ImportError:
        return None


class SlipDialog(QDialog):
    saved = Signal(str)
    printed = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        records: list[dict[str, Any]],
        tasks: Tasks,
        settings: dict[str, Any],
        parent: QWidget | None = None,
        consultation: dict[str, str] | None = None,
        worries: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.consultation = consultation if consultation is not None else {}
        self.setWindowTitle(self.tr("紹介票"))
        self.setAccessibleName(self.tr("紹介票の作成"))
        self.records = records
        self.tasks = tasks
        self.settings = settings
        layout = QVBoxLayout(self)
        names = "\n".join(f"・{r.get('name', '')}" for r in records)
        summary = QLabel()
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setText(self.tr("載せる窓口:") + "\n" + names)
        layout.addWidget(summary)

        form = QFormLayout()
        self.format = QComboBox()
        self.format.setAccessibleName(self.tr("用紙の形式"))
        labels = {
            "a5": self.tr("A5 1枚"),
            "a6": self.tr("A6 1枚"),
            "a4-2": self.tr("A4に2枚（切り取り線つき）"),
            "a4-4": self.tr("A4に4枚（切り取り線つき）"),
            "card": self.tr("カード（番号と時間だけ・目立たない）"),
        }
        for code in FORMATS:
            self.format.addItem(labels.get(code, code), code)
        default_format = settings.get("slip_format") or "a5"
        self.format.setCurrentIndex(max(self.format.findData(default_format), 0))
        form.addRow(self.tr("形式(&F)"), self.format)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("紹介票の言語"))
        for code in LANGUAGES:
            texts = slip_texts(code)
            if code == "ja":
                label = self.tr("日本語")
            elif code == "easy":
                label = self.tr("やさしい日本語（ふりがな付き）")
            else:
                label = self.tr("%1＋日本語（%2）").replace("%1", texts.name_ja)
                label = label.replace("%2", texts.name)
            self.language.addItem(label, code)
        last = self.consultation.get("slip_language", "ja")
        self.language.setCurrentIndex(max(self.language.findData(last), 0))
        self.language.currentIndexChanged.connect(self._language_chosen)
        form.addRow(self.tr("言語(&L)"), self.language)
        self.message = QPlainTextEdit()
        self.message.setAccessibleName(self.tr("相談者へのひとこと"))
        self.message.setTabChangesFocus(True)
        self.message.setPlainText(str(settings.get("slip_message") or DEFAULT_MESSAGE))
        self.message.setMaximumHeight(80)
        form.addRow(self.tr("ひとこと(&M)"), self.message)
        self.say = QPlainTextEdit()
        self.say.setAccessibleName(self.tr("電話で言うこと（相談者が電話で読み上げる日本語の文）"))
        self.say.setTabChangesFocus(True)
        self.say.setPlainText(worry_sentence(tuple(worries) or tuple(slip_worries(records))))
        self.say.setMaximumHeight(60)
        form.addRow(self.tr("電話で言うこと(&T)"), self.say)
        self.readings = QLineEdit()
        self.readings.setAccessibleName(self.tr("ふりがなの修正（やさしい日本語）"))
        self.readings.setPlaceholderText(self.tr("例: 伊達市=だてし、鹿島町=かしまちょう"))
        form.addRow(self.tr("ふりがなの修正(&R)"), self.readings)
        self.readings_shown = QLabel()
        self.readings_shown.setTextFormat(Qt.TextFormat.PlainText)
        self.readings_shown.setWordWrap(True)
        self.readings_shown.setAccessibleName(self.tr("窓口名のふりがな（自動）"))
        form.addRow("", self.readings_shown)
        self.client_name = QLineEdit()
        self.client_name.setAccessibleName(self.tr("相談者の名前（任意・保存されません）"))
        self.client_name.setPlaceholderText(self.tr("任意。紹介票にだけ印刷し、保存しません"))
        form.addRow(self.tr("お名前(&N)"), self.client_name)
        layout.addLayout(form)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("PDFで保存(&S)…"))
        self.save_button.setAccessibleName(self.tr("PDFファイルとして保存"))
        self.print_button = QPushButton(self.tr("印刷(&P)"))
        self.print_button.setAccessibleName(self.tr("プリンターで印刷"))
        self.print_button.setEnabled(_printer_module() is not None)
        self.open_button = QPushButton(self.tr("PDFを開く(&O)"))
        self.open_button.setAccessibleName(self.tr("保存したPDFをビューアーで開く"))
        self.open_button.setEnabled(False)
        self.saved_path: Path | None = None
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self.choose_file)
        self.open_button.clicked.connect(self.open_saved)
        self.print_button.clicked.connect(lambda: self.print_slip())
        self.save_button.setDefault(True)
        self._language_chosen()

    def _language_chosen(self, *_args: object) -> None:
        code = str(self.language.currentData())
        self.consultation["slip_language"] = code
        easy = code == "easy"
        self.readings.setEnabled(easy)
        self.readings_shown.setVisible(easy)
        if easy and not self.readings_shown.text():
            # pykakasi takes ~0.5 s to load: read the names on the worker, not the GUI thread.
            from desktop.slips.ruby import readings_text

            names = [str(r.get("name", "")) for r in self.records]
            self.tasks.run_db(lambda: readings_text(names), self._show_readings)

    def _show_readings(self, readings: str) -> None:
        self.readings_shown.setText(
            self.tr("窓口名の読み（違うものは上の欄で直せます）: ") + readings
        )

    def corrected_readings(self) -> tuple[tuple[str, str], ...]:
        """「伊達市=だてし、鹿島町=かしまちょう」 → (("伊達市", "だてし"), ("鹿島町", "かしまちょう"))."""
        pairs = []
        for part in re.split(r"[、,，;；\n]+", self.readings.text()):
            word, sep, reading = part.partition("=") if "=" in part else part.partition("＝")
            if sep and word.strip() and reading.strip():
                pairs.append((word.strip(), reading.strip()))
        return tuple(pairs)

    def options(self) -> SlipOptions:
        return SlipOptions(
            format=str(self.format.currentData()),
            message=self.message.toPlainText().strip(),
            office_name=str(self.settings.get("office_name") or ""),
            office_phone=str(self.settings.get("office_phone") or ""),
            client_name=self.client_name.text().strip(),
            language=str(self.language.currentData()),
            worry_sentence=self.say.toPlainText().strip(),
            readings=self.corrected_readings(),
        )

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("紹介票を保存"), "shokai.pdf", self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> None:
        records, options = list(self.records), self.options()

        def work() -> str:
            data = render_slip(records, options)
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(data)
            partial.replace(path)
            return str(path)

        self.status.setText(self.tr("作成中…"))
        self.tasks.run_db(work, self._saved, self._failed)

    def _saved(self, path: str) -> None:
        self.status.setText(self.tr("保存しました: %1").replace("%1", path))
        self.saved_path = Path(path)
        self.open_button.setEnabled(True)
        self.saved.emit(path)

    def open_saved(self) -> bool:
        """Show the saved slip in the system's PDF viewer (to check it, or to mail it)."""
        printing = _printer_module()
        if printing is None or self.saved_path is None:
            return False
        return bool(printing.open_in_viewer(self.saved_path))

    def print_slip(self, queue: str | None = None) -> None:
        """Render on the worker, then print: to ``queue`` (a CUPS queue) or via the print dialog.

        The system print dialog and QPrinter belong to the GUI thread; only ``lp`` may run on a
        worker, so a named queue is printed there and everything else back here.
        """
        printing = _printer_module()
        if printing is None:
            return
        records, options = list(self.records), self.options()
        self.status.setText(self.tr("印刷中…"))
        if queue is not None:
            self.tasks.run_db(
                lambda: str(
                    printing.print_cups(render_slip(records, options), queue, fmt=options.format)
                ),
                self._printed,
                self._failed,
            )
            return
        self.tasks.run_db(
            lambda: render_slip(records, options),
            lambda pdf: self._print_rendered(printing, pdf, options.format),
            self._failed,
        )

    def _print_rendered(self, printing: Any, pdf: bytes, fmt: str) -> None:
        try:
            job = printing.print_with_dialog(pdf, fmt, self)
        except Exception as exc:  # a printer problem is reported in the dialog, not raised
            self._failed(exc)
            return
        if job is None:
            self.status.setText(self.tr("印刷をやめました"))
            return
        self._printed(str(job))

    def _printed(self, job: str) -> None:
        self.status.setText(self.tr("印刷に送りました %1").replace("%1", job))
        self.printed.emit(job)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("できませんでした: %1").replace("%1", str(exc)))
        self.failed.emit(str(exc))

    def done(self, result: int) -> None:
        self.client_name.clear()  # the name lives no longer than the dialog
        super().done(result)
