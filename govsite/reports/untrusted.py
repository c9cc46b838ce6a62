"""What a scanned site wrote is untrusted in every output (issue 17).

A page title, anchor text, evidence or letter that begins with "=", "+", "-" or "@" (or a tab or a
carriage return: OWASP, "CSV injection") is a formula to a spreadsheet: Excel runs
=HYPERLINK("http://…","点击") from a CSV cell, and openpyxl stores a str starting with "=" as a
live formula.  Every CSV and workbook writer hands its cells through here, so that no writer can
forget; numbers and dates the reports compute are not text and pass unchanged.  HTML needs
nothing from here: jinja2 escapes every value (reports/html.py).
"""
from __future__ import annotations

import re

# The control characters an XML cell cannot hold (openpyxl's own ILLEGAL_CHARACTERS_RE): written
# here so that the CSV writers of every scan do not import openpyxl (20 MB) for them.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value) -> bool:
    """True for text that a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_text(value):
    """A CSV cell: text a spreadsheet would read as a formula gets a leading "'" (OWASP), which
    Excel opens as text; anything else is returned unchanged."""
    return "'" + value if starts_like_formula(value) else value


def set_excel_cell(cell, value) -> None:
    """Put `value` into an openpyxl cell.  Text is stored as a string cell whatever it begins
    with, marked quote-prefixed as Excel marks text typed with a leading "'" (the value is the
    site's text exactly, no quote shown, and it stays text when a user edits the cell); control
    characters XML cannot hold are dropped (openpyxl refuses them, and attachment texts have
    them)."""
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if starts_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
