"""Excel workbooks (openpyxl): one table a sheet, header in row 1 and frozen, an autofilter over
the table, column widths set, dates as real Excel dates, URLs as clickable links, and text as
text, never a formula (every cell goes through untrusted.set_excel_cell)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govsite.reports.tables import Field, cell
from govsite.reports.untrusted import set_excel_cell

DATE_FORMAT = "yyyy-mm-dd"
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_LINK = 2000   # Excel refuses longer hyperlinks


def linkable(url) -> bool:
    if not isinstance(url, str) or len(url) > _MAX_LINK:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def sheet_title(wb: Workbook, wanted: str) -> str:
    """A legal, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", wanted).strip("'") or "Sheet"
    base = base[:31]
    taken = {ws.title.lower() for ws in wb.worksheets}
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"~{n}"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    return title


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def table_sheet(wb: Workbook, title: str, frame: pd.DataFrame, spec: list[Field]) -> Worksheet:
    """A sheet holding one table: `frame`'s `spec` columns under Chinese headers."""
    ws = wb.create_sheet(sheet_title(wb, title))
    for col, f in enumerate(spec, start=1):
        head = ws.cell(row=1, column=col, value=f.header)
        head.font = Font(bold=True)
        head.fill = _HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = f.width
    for row, record in enumerate(frame.to_dict("records"), start=2):
        for col, f in enumerate(spec, start=1):
            value = cell(record.get(f.name), f.kind)
            c = ws.cell(row=row, column=col)
            set_excel_cell(c, value)
            if f.kind == "date" and value is not None:
                c.number_format = DATE_FORMAT
            elif f.kind == "url" and linkable(value):
                c.hyperlink = value
                c.style = "Hyperlink"
    ws.freeze_panes = "A2"
    last = get_column_letter(len(spec))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(frame) + 1)}"
    return ws


def facts_sheet(wb: Workbook, title: str, facts: list[tuple[str, object]]) -> Worksheet:
    """A two-column sheet of label / value pairs (scan, week, score ...)."""
    ws = wb.create_sheet(sheet_title(wb, title))
    ws.append(["项目", "内容"])
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), _HEADER_FILL
    for row, (label, value) in enumerate(facts, start=2):
        set_excel_cell(ws.cell(row=row, column=1), label)
        c = ws.cell(row=row, column=2)
        set_excel_cell(c, value)
        if hasattr(value, "isoformat") and not isinstance(value, str):
            c.number_format = DATE_FORMAT
        elif linkable(value):
            c.hyperlink, c.style = value, "Hyperlink"
        c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:B{ws.max_row}"
    return ws


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path
