"""Reading PDFs back in tests, with Python libraries instead of poppler's command-line tools.

A fresh clone needs no ``pdftotext``/``pdfinfo``/``pdffonts``/``pdftoppm``: text, page count,
metadata and pictures come from pypdfium2 (already what the app renders previews with), the font
table from pypdf (a dev dependency), which reads the same /Font dictionaries ``pdffonts`` lists.
Every function takes the PDF as bytes or as a path.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

Pdf = bytes | Path

_SUBSET = re.compile(r"^[A-Z]{6}\+")


def _open(pdf: Pdf) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))


def text(pdf: Pdf) -> str:
    """The text of every page in drawing order (as ``pdftotext -raw``), pages joined by newlines."""
    document = _open(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    finally:
        document.close()


def page_count(pdf: Pdf) -> int:
    document = _open(pdf)
    try:
        return len(document)
    finally:
        document.close()


def metadata(pdf: Pdf) -> dict[str, str]:
    """The document information dictionary (Title, Author, Subject, …), as ``pdfinfo`` shows it."""
    document = _open(pdf)
    try:
        return {key: str(value) for key, value in document.get_metadata_dict().items()}
    finally:
        document.close()


def grey(pdf: Pdf, dpi: float, page: int = 0) -> Image.Image:
    """One page drawn at ``dpi`` in shades of grey (as ``pdftoppm -gray -r DPI -singlefile``)."""
    document = _open(pdf)
    try:
        bitmap = document[page].render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


@dataclass(frozen=True)
class Font:
    """One font resource of the file: its name (with any ``ABCDEF+`` subset tag) and how it is kept."""

    name: str
    embedded: bool
    subset: bool


def fonts(pdf: Pdf) -> list[Font]:
    """Every font the pages use (including those of form XObjects), once each, like ``pdffonts``."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    reader = PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    found: dict[int | str, Font] = {}

    def descriptor(font: DictionaryObject) -> DictionaryObject | None:
        if "/FontDescriptor" in font:
            return font["/FontDescriptor"].get_object()  # type: ignore[no-any-return]
        for descendant in font.get("/DescendantFonts", []):  # Type0: the CID font holds it
            inner = descendant.get_object()
            if "/FontDescriptor" in inner:
                return inner["/FontDescriptor"].get_object()  # type: ignore[no-any-return]
        return None

    def walk(resources: DictionaryObject | None, seen: set[int]) -> None:
        if resources is None:
            return
        for ref in resources.get("/Font", DictionaryObject()).get_object().values():
            font = ref.get_object()
            key = getattr(ref, "idnum", None) or str(font.get("/BaseFont"))
            name = str(font.get("/BaseFont", "[none]")).lstrip("/")
            desc = descriptor(font)
            embedded = desc is not None and any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if font.get("/Subtype") == "/Type3":
                embedded = True  # drawn by the file itself
            found[key] = Font(name, embedded, bool(_SUBSET.match(name)))
        for ref in resources.get("/XObject", DictionaryObject()).get_object().values():
            idnum = getattr(ref, "idnum", id(ref))
            xobject = ref.get_object()
            if idnum in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(idnum)
            inner = xobject.get("/Resources")
            walk(inner.get_object() if inner is not None else None, seen)

    seen: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        walk(resources.get_object() if resources is not None else None, seen)
    return list(found.values())
