"""Printing for real: a slip sent to the CUPS-PDF queue, and the raster route through QPrinter.

CUPS-PDF re-encodes fonts without a Unicode map, so Japanese text does not extract from its output;
digits do, and the phone numbers are what must survive (see shared/notes/printing.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdfium2 import PdfiumError
from PySide6.QtPrintSupport import QPrinter

from desktop.printing import cups_queues, print_pdf
from desktop.slips import SlipOptions, render_slip
from tests import pdfcheck
from tests.desktop.slip_samples import NOW, five_services

pytestmark = pytest.mark.tools("cupsd", "lpadmin", "lpstat", "lp")

QUEUE = "TsunagiPDF"
HALF_WIDTH_NUMBERS = (
    "0120-279-226",
    "0142-00-3331",
    "0120-000-678",
    "0570-000-556",
    "0123-00-6789",
)


def snapshot(folder: Path) -> dict[Path, int]:
    """The PDFs in ``folder`` and their modification times, to tell a new output from old ones."""
    return {p: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} if folder.exists() else {}


def wait_for_file(folder: Path, before: dict[Path, int], timeout: float = 60.0) -> Path:
    """Poll until a new (or rewritten), complete PDF appears in ``folder``; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = snapshot(folder)
        new = sorted(p for p, mtime in now.items() if before.get(p) != mtime)
        for path in new:
            try:
                if pdfcheck.page_count(path) > 0:
                    return path
            except PdfiumError:
                pass  # still being written
        time.sleep(0.1)  # sleep-ok: polling a folder that another process writes
    raise AssertionError(f"no PDF appeared in {folder} within {timeout} s")


@pytest.fixture(scope="module")
def cups() -> Iterator[Path]:
    """CUPS-PDF's output folder; tests/conftest.py started CUPS and its queue for this module."""
    yield Path.home() / "PDF"


def pdf_text(path: Path) -> str:
    return pdfcheck.text(path)


def test_a_slip_printed_to_the_cups_queue_keeps_its_phone_numbers(cups: Path, qapp: object) -> None:
    assert QUEUE in cups_queues()
    pdf = render_slip(five_services(), SlipOptions(format="a5", now=NOW))
    before = snapshot(cups)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(QUEUE)
    assert printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    job = print_pdf(pdf, printer, fmt="a5")
    assert job.startswith(f"{QUEUE}-"), job
    printed = wait_for_file(cups, before)
    text = pdf_text(printed)
    for number in HALF_WIDTH_NUMBERS:
        assert number in text, (number, text[:500])
    assert pdfcheck.page_count(printed) == 2


def _grey(path: Path, out: Path) -> Image.Image:
    return pdfcheck.grey(path, dpi=72)


def test_the_raster_route_prints_what_the_pdf_shows(tmp_path: Path, qapp: object) -> None:
    pdf = render_slip(five_services()[:2], SlipOptions(format="a6", now=NOW))
    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    note = print_pdf(pdf, printer, fmt="a6")
    assert "printed.pdf" in note
    printed = tmp_path / "printed.pdf"
    assert pdfcheck.page_count(source) == pdfcheck.page_count(printed) > 0
    original = _grey(source, tmp_path / "a")
    copy = _grey(printed, tmp_path / "b")
    assert abs(original.width - copy.width) <= 1 and abs(original.height - copy.height) <= 1
    copy = copy.resize(original.size)
    # Blurred a little, so antialiasing of vector text versus a 300 dpi image does not count; a
    # different slip scores about 15 on this measure, the same one about 3.5.
    blur = ImageFilter.GaussianBlur(1)
    difference = ImageStat.Stat(
        ImageChops.difference(original.filter(blur), copy.filter(blur))
    ).mean[0]
    assert difference < 7, difference
    blank = Image.new("L", original.size, 255)
    assert ImageStat.Stat(ImageChops.difference(original, blank)).mean[0] > 6  # not empty


def test_the_print_dialog_sends_the_slip_to_the_chosen_queue(cups: Path, qapp: object) -> None:
    """The window's 「印刷」 path: QPrintDialog opens, the user presses 印刷 (here: accept())."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication

    from desktop.printing import print_with_dialog

    seen: list[str] = []

    def press_print(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            seen.append(dialog.windowTitle())
            printer = dialog.printer()
            printer.setPrinterName(QUEUE)
            dialog.accept()
        elif tries:
            QTimer.singleShot(20, lambda: press_print(tries - 1))

    pdf = render_slip(five_services()[3:5], SlipOptions(format="a6", now=NOW))
    before = snapshot(cups)
    QTimer.singleShot(0, press_print)
    job = print_with_dialog(pdf, "a6")
    assert seen == ["紹介票を印刷"]
    assert job is not None and job.startswith(f"{QUEUE}-"), job
    text = pdf_text(wait_for_file(cups, before))
    assert "0570-000-556" in text and "0123-00-6789" in text


def test_cancelling_the_print_dialog_prints_nothing(qapp: object) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication

    from desktop.printing import print_with_dialog

    def cancel(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            dialog.reject()
        elif tries:
            QTimer.singleShot(20, lambda: cancel(tries - 1))

    QTimer.singleShot(0, cancel)
    assert print_with_dialog(render_slip(five_services()[:1], SlipOptions(now=NOW))) is None
