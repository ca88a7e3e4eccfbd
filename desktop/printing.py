"""Send a slip's PDF to a printer so that paper shows exactly what the PDF shows.

Two routes, chosen per printer:

* **CUPS queue** (Linux, macOS): the PDF file itself goes to the queue with ``lp``. CUPS takes PDF
  as its native job format and renders it with its own filters, so text stays vector, the bundled
  font stays embedded, and nothing is re-laid out by Qt. This is also the route the real print
  test exercises against the CUPS-PDF queue.
* **Any other printer** (Windows, or Qt's own "print to PDF file"): each page is rasterised with
  PDFium (``pypdfium2``; PySide6-Essentials has no QtPdf module) at the printer's resolution, capped
  at 300 dpi, and painted with QPainter at the page's physical size. Text is then pixels, but the
  page looks the same as the PDF, which is what the client takes home.

Re-drawing the slip with QPainter instead would give a second layout to keep in step with the
reportlab one; printing the PDF keeps one source of truth.

Call :func:`print_with_dialog` (or anything touching QPrinter/QPainter) on the GUI thread. The
CUPS route of :func:`print_pdf` only runs ``lp``, so it may run on a worker.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

JOB_TITLE = "tsunagi"  # never the client's name: job titles show in queues and printer logs
RASTER_DPI_CAP = 300
_MEDIA = {"a5": "A5", "a6": "A6", "a4-2": "A4", "a4-4": "A4", "card": "Custom.91x55mm"}


class PrintError(RuntimeError):
    """The slip could not be sent; the message is for people."""


def page_size(fmt: str) -> QPageSize:
    """The paper a slip format is drawn for (the card is 91×55 mm)."""
    sizes = {
        "a5": QPageSize(QPageSize.PageSizeId.A5),
        "a6": QPageSize(QPageSize.PageSizeId.A6),
        "a4-2": QPageSize(QPageSize.PageSizeId.A4),
        "a4-4": QPageSize(QPageSize.PageSizeId.A4),
        "card": QPageSize(QSizeF(91, 55), QPageSize.Unit.Millimeter, "91×55 mm"),
    }
    return sizes.get(fmt, sizes["a5"])


def cups_queues() -> list[str]:
    """The CUPS destinations on this machine; empty when CUPS is absent (Windows)."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return []
    try:
        done = subprocess.run([lpstat, "-e"], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def _default_cups_queue() -> str | None:
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    try:
        done = subprocess.run([lpstat, "-d"], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"destination:\s*(\S+)", done.stdout)
    return match.group(1) if match else None


def _pdf_bytes(pdf: bytes | Path) -> bytes:
    return pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()


def print_cups(
    pdf: bytes | Path,
    queue: str,
    *,
    copies: int = 1,
    pages: tuple[int, int] | None = None,
    fmt: str | None = None,
) -> str:
    """Submit the PDF to a CUPS queue with ``lp``; return the job id (「TsunagiPDF-12」)."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError("印刷できません: lp コマンドが見つかりません（CUPS がありません）")
    command = [lp, "-d", queue, "-t", JOB_TITLE, "-n", str(max(1, copies))]
    if pages is not None and pages[0] > 0:
        command += ["-P", f"{pages[0]}-{pages[1]}" if pages[1] >= pages[0] else str(pages[0])]
    if fmt in _MEDIA:
        command += ["-o", f"media={_MEDIA[fmt]}"]
    handle, name = tempfile.mkstemp(prefix="tsunagi-slip-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(_pdf_bytes(pdf))
        # lp copies the file into the spooler before it returns, so the temp file can go at once.
        done = subprocess.run([*command, name], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as exc:
        raise PrintError(f"印刷できません: {queue} が応答しません") from exc
    finally:
        Path(name).unlink(missing_ok=True)
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise PrintError(f"印刷できません ({queue}): {reason[-1] if reason else done.returncode}")
    match = re.search(r"request id is (\S+)", done.stdout)
    return match.group(1) if match else queue


def print_raster(pdf: bytes | Path, printer: QPrinter) -> int:
    """Paint each PDF page as an image at its physical size; return the number of pages sent."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(_pdf_bytes(pdf))
    try:
        count = len(document)
        first, last = 1, count
        if printer.fromPage() > 0:
            first, last = printer.fromPage(), min(printer.toPage() or count, count)
        if count and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            width, height = document[first - 1].get_size()
            printer.setPageSize(QPageSize(QSizeF(width, height), QPageSize.Unit.Point))
        printer.setFullPage(True)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError("印刷できません: プリンターを開けませんでした")
        try:
            dpi = printer.resolution()
            scale = min(dpi, RASTER_DPI_CAP) / 72
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                page = document[number - 1]
                width, height = page.get_size()
                bitmap = page.render(scale=scale, rev_byteorder=True)
                image = QImage(
                    bytes(bitmap.buffer),
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGB888,
                ).copy()
                target = QRectF(0, 0, width / 72 * dpi, height / 72 * dpi)
                paper = printer.paperRect(QPrinter.Unit.DevicePixel)
                shrink = min(1.0, paper.width() / target.width(), paper.height() / target.height())
                target.setSize(target.size() * shrink)  # only ever smaller: never enlarge a page
                painter.drawImage(target, image)
        finally:
            painter.end()
        return last - first + 1
    finally:
        document.close()


def print_pdf(pdf: bytes | Path, printer: QPrinter | None = None, *, fmt: str | None = None) -> str:
    """Print a slip PDF on ``printer`` (default: the system's default printer); return a job note.

    A native printer that is a CUPS queue gets the PDF itself; anything else gets page images.
    """
    if printer is None:
        queue = _default_cups_queue()
        if queue and queue in cups_queues():
            return print_cups(pdf, queue, fmt=fmt)
        printer = QPrinter(QPrinterInfo.defaultPrinter(), QPrinter.PrinterMode.HighResolution)
        if not printer.printerName():
            raise PrintError("印刷できません: プリンターが設定されていません")
    native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    if native and printer.printerName() in cups_queues():
        pages = (printer.fromPage(), printer.toPage()) if printer.fromPage() > 0 else None
        return print_cups(
            pdf, printer.printerName(), copies=printer.copyCount(), pages=pages, fmt=fmt
        )
    sent = print_raster(pdf, printer)
    where = printer.outputFileName() or printer.printerName()
    return f"{where} ({sent} ページ)"


def print_with_dialog(pdf: bytes, fmt: str = "a5", parent: QWidget | None = None) -> str | None:
    """Open the system print dialog for a slip and print it; None when the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(JOB_TITLE)
    printer.setPageSize(page_size(fmt))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("紹介票を印刷")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return print_pdf(pdf, printer, fmt=fmt)


def open_in_viewer(path: Path) -> bool:
    """Open a saved slip in the system's PDF viewer."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
