"""Template files: the .csv/.xlsx sniff, decoding, and every row of a sheet as an :class:`Item`."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from index import plaintext
from index.model import Item, Problem
from index.regions import RegionMaster
from index.spreadsheet.cells import CellError
from index.spreadsheet.columns import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    SHEET_NAME,
    SUFFIXES_EXCEL,
    Cell,
    Column,
    _columns_by_key,
    _header_key,
)
from index.spreadsheet.rows import convert_row

# --- files -----------------------------------------------------------------------------------------


def is_template(path: Path) -> bool:
    """Whether ``read_path`` should hand ``path`` to :func:`read_spreadsheet`.

    Every ``.xlsx``; a ``.csv`` only when its header row has 「窓口名」 (an HSDS datapackage table
    has English headers, so the two never collide).
    """
    suffix = path.suffix.lower()
    if suffix in (*SUFFIXES_EXCEL, ".xls"):
        return True
    if suffix != ".csv" or not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return False
    text = _decode(head, partial=True)
    if text is None:
        return False
    first = next(csv.reader(io.StringIO(text, newline="")), [])
    return "窓口名" in {_header_key(h) for h in first}


def _decode(data: bytes, *, partial: bool = False) -> str | None:
    """UTF-8 (the template, with BOM), else Shift_JIS: what Excel saves 「CSV（コンマ区切り）」 as.

    ``partial``: ``data`` is the head of a longer file, so its last character may be cut. An
    incremental decoder keeps such a tail for later instead of failing; the old check compared
    the error's offset with the length, but ``utf-8-sig`` counts offsets after the BOM, so a cut
    character in a large UTF-8 template fell through to Shift_JIS and the file was taken for an
    HSDS datapackage.
    """
    for encoding in ("utf-8-sig", "cp932"):
        try:
            if partial:
                return codecs.getincrementaldecoder(encoding)().decode(data, final=False)
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _rows_from_csv(path: Path) -> list[list[Cell]]:
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise CellError(f"ファイルが大きすぎます（{MAX_FILE_BYTES // 2**20} MB まで）")
    text = _decode(data)
    if text is None:
        raise CellError("文字コードを読み取れません。UTF-8 の CSV で保存してください")
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise CellError(f"CSV として読めません: {exc}") from None


def _rows_from_xlsx(path: Path) -> list[list[Cell]]:
    # Imported here, not at the top: the app imports the readers, only publishing needs openpyxl.
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size > MAX_FILE_BYTES:
        raise CellError(f"ファイルが大きすぎます（{MAX_FILE_BYTES // 2**20} MB まで）")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CellError(f"Excel ファイル（.xlsx）として開けません: {exc}") from None
    try:
        sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
        rows: list[list[Cell]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                raise CellError(f"行が多すぎます（{MAX_ROWS:,} 行まで）")
        return rows
    finally:
        book.close()


def read_spreadsheet(
    path: Path, regions: RegionMaster | None = None, *, include_examples: bool = False
) -> Iterator[Item]:
    """Every row of a filled-in template as a record, or as problems naming row and column."""
    name = str(path)
    regions = regions or RegionMaster.load()
    if path.suffix.lower() == ".xls":
        yield _file_problem(
            name, "古い Excel 形式（.xls）は読めません。「.xlsx」で保存し直してください"
        )
        return
    try:
        rows = (
            _rows_from_xlsx(path) if path.suffix.lower() in SUFFIXES_EXCEL else _rows_from_csv(path)
        )
    except OSError as exc:
        yield _file_problem(name, f"ファイルを読めません: {exc.strerror or exc}")
        return
    except CellError as exc:
        yield _file_problem(name, str(exc))
        return
    if not rows:
        yield _file_problem(name, "空のファイルです（1行目に見出しが必要です）")
        return
    columns: list[Column | None] = []
    problems: list[Problem] = []
    known = _columns_by_key()
    seen: dict[str, int] = {}
    for i, header in enumerate(rows[0]):
        text = plaintext.text(header)
        key = _header_key(text)
        column = known.get(key)
        if column is None and text and not text.startswith(("メモ", "備考", "#")):
            problems.append(
                Problem(
                    f"{name} 1行目",
                    text,
                    "テンプレートにない見出しです（見出しを変えないでください。"
                    "メモ用の列は見出しを「メモ」で始めてください）",
                )
            )
        if column is not None and column.key in seen:
            problems.append(Problem(f"{name} 1行目", text, "同じ見出しの列が2つあります"))
            column = None
        if column is not None:
            seen[column.key] = i
        columns.append(column)
    if "name" not in seen:
        problems.append(Problem(f"{name} 1行目", "窓口名", "「窓口名」の列がありません"))
    if problems:
        for problem in problems:
            yield Item(problem.where, problem=problem)
        return
    first_row_of: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        cells: dict[str, Cell] = {}
        for column, value in zip(columns, values, strict=False):
            if column is not None and value is not None and plaintext.text(value) != "":
                cells[column.key] = value
        if not cells:
            continue  # an empty row, or one with only メモ
        where = f"{name} {number}行目"
        warned: list[tuple[str, str]] = []
        record, found = convert_row(
            cells, regions, include_examples=include_examples, warnings=warned
        )
        if record is None:
            for header, message in found:
                yield Item(where, problem=Problem(where, header, message))
            continue
        sid = str(record["id"])
        if sid in first_row_of:
            column_name = "ID" if plaintext.text(cells.get("id")) else "窓口名"
            yield Item(
                where,
                problem=Problem(
                    where,
                    column_name,
                    f"{first_row_of[sid]}行目と同じ窓口（同じ ID）です。"
                    "別の窓口なら窓口名を変えるか、ID 列で区別してください",
                ),
            )
            continue
        first_row_of[sid] = number
        yield Item(where, record=record, warnings=tuple(f"{h}: {m}" for h, m in warned))


def _file_problem(name: str, message: str) -> Item:
    return Item(name, problem=Problem(name, "-", message))
