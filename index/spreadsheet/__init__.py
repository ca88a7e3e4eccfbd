"""Read the Japanese spreadsheet template (``.xlsx`` or ``.csv``) that municipal staff fill in.

Why a template at all: the staff who know a town's 相談窓口 work in Excel, not in HSDS JSON. One row
per 窓口, Japanese column headers, plain writing (「月-金 8:30-17:15」, 「孤独・孤立」, 「○」), and
this module turns each row into a service record of the tsunagi Japan profile
(``sync/PROFILE.md``), so ``tsunagi-admin publish`` and ``diff`` treat it like any other input.

Rules that matter more than convenience:

* Phone numbers are kept **exactly as typed** (full-width digits, hyphens, ``#9999``). A phone
  cell that Excel turned into a number has lost its leading 0, so it is refused with a request to
  format the column as text; nothing is ever guessed back.
* Every problem names the file, the row as Excel numbers it, and the column header as staff see it
  (「services.xlsx 12行目: 電話番号1: 数字がありません」), in Japanese; a row with any problem yields
  no record, so the publish is blocked.
* Ids are stable: the ``ID`` column if filled, otherwise a uuid5 of 自治体コード (or the first
  対象地域) and 窓口名, so publishing the same sheet again changes nothing.
* The 【記入例】 row of the template is refused, so a fictional demo service never reaches a
  counsellor; tests convert it with ``include_examples=True``.

The package is split by what each part reads: :mod:`~index.spreadsheet.columns` (the template's
columns), :mod:`~index.spreadsheet.cells` (one cell), :mod:`~index.spreadsheet.areas` (regions),
:mod:`~index.spreadsheet.hours` (受付時間), :mod:`~index.spreadsheet.rows` (a row → a record) and
:mod:`~index.spreadsheet.files` (.csv/.xlsx). Its public names are importable from here.

The column definition :data:`COLUMNS` is shared with ``packaging/make_template.py``, which builds
the template files, so the reader and the template cannot drift apart.
"""

from __future__ import annotations

from index.spreadsheet.areas import read_areas, read_lgcodes
from index.spreadsheet.cells import (
    CellError,
    read_age,
    read_audience,
    read_channels,
    read_date,
    read_email,
    read_languages,
    read_phone,
    read_postal,
    read_status,
    read_url,
    read_worries,
    read_yes_no,
)
from index.spreadsheet.columns import (
    COLUMNS,
    EXAMPLE_PREFIX,
    MAX_FILE_BYTES,
    MAX_ROWS,
    SHEET_NAME,
    SUFFIXES_EXCEL,
    TEMPLATE_NAMESPACE,
    TERM_NAMESPACE,
    Cell,
    Column,
    worry_categories,
)
from index.spreadsheet.files import is_template, read_spreadsheet
from index.spreadsheet.hours import HoursError, parse_hours
from index.spreadsheet.rows import convert_row, derived_id
from index.vocabulary import ACCESS_LABELS, LANGUAGE_NAMES

__all__ = [
    "ACCESS_LABELS",
    "COLUMNS",
    "EXAMPLE_PREFIX",
    "LANGUAGE_NAMES",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "SHEET_NAME",
    "SUFFIXES_EXCEL",
    "TEMPLATE_NAMESPACE",
    "TERM_NAMESPACE",
    "Cell",
    "CellError",
    "Column",
    "HoursError",
    "convert_row",
    "derived_id",
    "is_template",
    "parse_hours",
    "read_age",
    "read_areas",
    "read_audience",
    "read_channels",
    "read_date",
    "read_email",
    "read_languages",
    "read_lgcodes",
    "read_phone",
    "read_postal",
    "read_spreadsheet",
    "read_status",
    "read_url",
    "read_worries",
    "read_yes_no",
    "worry_categories",
]
