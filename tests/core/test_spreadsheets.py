"""The one neutraliser every exported cell goes through (CSV injection, OWASP)."""
from datetime import datetime

import pytest
from openpyxl import Workbook

from app.core.spreadsheets import csv_cell, xlsx_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "＝1", "＋1", "－1", "＠A"])
def test_text_that_starts_like_a_formula_is_text_in_both_formats(text):
    assert csv_cell(text) == "'" + text
    cell = xlsx_cell(Workbook(write_only=True).create_sheet(), text)
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("value, expected", [
    (None, ""), ("Айгерим", "Айгерим"), ("a=b", "a=b"), ("'quoted", "'quoted"), (4, "4"), (-2, "-2"),
    (datetime(2030, 5, 16, 8, 45), "2030-05-16 08:45"),
])
def test_other_values_are_written_as_they_are(value, expected):
    assert csv_cell(value) == expected
