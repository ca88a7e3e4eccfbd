"""Build the spreadsheet template that municipal staff fill in, as ``.xlsx`` and ``.csv``.

``.venv/bin/python packaging/make_template.py [--out resources/templates]`` (needs the
installed ``index`` package, as every packaging script does)

Both files come from one column definition, :data:`index.spreadsheet.COLUMNS`, which the reader
uses too, so the template, its example row and the reader can never disagree. Run it after changing
a column, and commit the two files it writes. The output is byte-stable (fixed zip timestamps and
document dates), so re-running it without a change leaves ``git status`` clean.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from index.spreadsheet import COLUMNS, SHEET_NAME, worry_categories

REPO = Path(__file__).resolve().parent.parent

XLSX_NAME = "tsunagi-template.xlsx"
CSV_NAME = "tsunagi-template.csv"
FIXED_DATE = "2026-11-01T00:00:00Z"
TEXT_ROWS = 500
"""Rows pre-formatted as text in the .xlsx, so a typed 0120… keeps its 0 without any setting."""


def csv_bytes() -> bytes:
    """UTF-8 with a BOM (Excel then opens it as UTF-8) and CRLF line ends, header + example row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([c.example for c in COLUMNS])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def xlsx_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    example_font = Font(color="808080", italic=True)
    for i, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        cell = sheet.cell(row=1, column=i, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = required_fill if column.required else header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        note = column.help_ja + ("（必須）" if column.required else "")
        cell.comment = Comment(note, "tsunagi", width=320, height=140)
        sheet.column_dimensions[letter].width = column.width
        example = sheet.cell(row=2, column=i, value=column.example or None)
        example.font = example_font
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, TEXT_ROWS + 2):
                sheet.cell(row=row, column=i).number_format = "@"
        if column.choices:
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
            rule.add(f"{letter}2:{letter}{TEXT_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 32

    guide = book.create_sheet("記入方法")
    guide.append(["列", "書き方", "How to fill it in", "記入例"])
    for column in COLUMNS:
        mark = "（必須）" if column.required else ""
        guide.append([column.header + mark, column.help_ja, column.help_en, column.example])
    guide.append([])
    guide.append(["相談分野に書ける名前（コードでも可）"])
    for code, label in worry_categories():
        guide.append([label, code])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 20), ("B", 70), ("C", 60), ("D", 30)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    book.properties.creator = "tsunagi"
    raw = io.BytesIO()
    book.save(raw)
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Same content, same bytes: fixed member dates and a fixed document date."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(
                        rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)",
                        rf"\g<1>{FIXED_DATE}\g<2>",
                        text,
                    )
                body = text.encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    return out.getvalue()


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in ((XLSX_NAME, xlsx_bytes()), (CSV_NAME, csv_bytes())):
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=REPO / "resources" / "templates")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
