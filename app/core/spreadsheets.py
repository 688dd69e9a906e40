"""Cells of CSV and XLSX exports that no spreadsheet runs as a formula (CSV injection).

Participants and organisers type the names, answers and question labels that
exports carry; opened in Excel or LibreOffice, a cell starting with "=" (or
"+", "-", "@", a tab or a line break) would be a live formula: `=HYPERLINK(...)`
that sends the sheet's data away. Following OWASP's CSV injection guidance,
every cell, headers included, goes through `csv_cell` or `xlsx_cell`:

- CSV: such text gets a leading apostrophe, which spreadsheets take as "text";
- XLSX: text is always typed as text (never a formula), and such text carries
  Excel's quote prefix too, so it stays text when someone edits the cell.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font

# OWASP's list (=, +, -, @, tab, carriage return), a line feed and NUL (ASVS), and the
# full-width forms that spreadsheets in East Asian locales also read as formulas.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20")
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def csv_cell(value) -> str:
    """A value as CSV text: dates as "2030-05-16 09:30", numbers as they are, and text that
    starts like a formula with an apostrophe before it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_row(values: Iterable) -> list[str]:
    return [csv_cell(value) for value in values]


def xlsx_cell(sheet, value, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell of a write-only sheet: dates with a date format, text always text."""
    if value is not None and not isinstance(value, (str, datetime, int, float)):
        value = str(value)  # lazy translations and the like
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, str):
        cell.data_type = "s"  # "=HYPERLINK(...)" typed by a participant is no formula
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values: Iterable) -> list:
    """A row for a write-only sheet's append(), the same cells as `xlsx_cell` gives for each value.

    Plain text, numbers and empty cells go in as they are (openpyxl makes a text, number or no
    cell of them itself, the same ones): a cell object costs more than the rest of the row, and
    an export of 10,000 participants has 150,000 cells. Dates, and text that openpyxl would read
    as a formula or an error code ("=...", "#N/A"), get their cell from `xlsx_cell`."""
    row = []
    for value in values:
        if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
            row.append(value)
        elif type(value) is str and not looks_like_formula(value) and value not in ERROR_CODES:
            row.append(value)
        else:
            row.append(xlsx_cell(sheet, value))
    return row
