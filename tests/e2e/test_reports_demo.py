"""End to end: two weekly demo scans of the sample portal in one store, then both reports.

Two crawls take about a minute; a demo that fails fails the test (it is what a new user runs
first).  The hand-made store of unit/reports/test_reports_store.py covers the report logic.
"""
from __future__ import annotations

import re
import socket

import openpyxl
import pytest
from conftest import FAST_PROFILE, run_cli

from govsite.reports.frames import load_findings
from govsite.reports.inspection import write_inspection_report
from govsite.reports.weekly import build_weekly, write_weekly_report
from govsite.store.db import get_scan, list_scans, open_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    db, port = base / "govsite.sqlite", _free_port()
    for as_of, out in (("2026-11-20", "w47"), ("2026-11-27", "w48")):
        done = run_cli("demo", "--out", base / out, "--as-of", as_of, "--delay-scale", "0.2",
                       "--profile", FAST_PROFILE, "--quiet", "--port", port, "--db", db, timeout=600)
        assert done.returncode == 0, f"the demo of {as_of} failed:\n{done.stderr or done.stdout}"
    return open_store(db), base


def test_weekly_and_inspection_reports_of_two_demo_scans(demo_store, tmp_path):
    store, _ = demo_store
    scans = [s for s in list_scans(store) if s.status == "complete"]
    site = scans[-1].start_url
    report = build_weekly(store, site, "2026-W48")
    assert report.previous is not None and report.previous.as_of.isoformat() == "2026-11-20"
    assert report.site_score.total == get_scan(store, scans[-1].id).score["total"]
    assert len(report.columns) > 10 and len(report.units) > 3
    # every finding of the week's scan is new, still open, re-opened or accepted; the rest are fixed
    current = set(load_findings(store, [scans[-1].id])["key"])
    assert set(report.findings.loc[report.findings["change"] != "fixed", "key"]) == current
    previous = set(load_findings(store, [scans[-2].id])["key"])
    assert set(report.findings.loc[report.findings["change"] == "fixed", "key"]) == previous - current
    assert set(report.findings.loc[report.findings["change"] == "new", "key"]) == current - previous
    paths = write_weekly_report(store, site, "2026-W48", tmp_path)
    wb = openpyxl.load_workbook(next(p for p in paths if p.suffix == ".xlsx"))
    assert wb.sheetnames[:4] == ["汇总", "全站", "栏目", "问题"]
    html = next(p for p in paths if p.suffix == ".html").read_text("utf-8")
    assert "data:image/png;base64," in html
    files = write_inspection_report(store, site, tmp_path)
    inspection = files[0].read_text("utf-8")
    assert inspection.index('id="veto"') < inspection.index('id="deduct"')
    # What the sample site wrote is text in every workbook, never a formula.
    for book in [p for p in paths + files if p.suffix == ".xlsx"]:
        wb = openpyxl.load_workbook(book)
        assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


_CJK = re.compile(r"[\u4e00-\u9fff]")
_RULE_ID = re.compile(r"(?<![\w/.])[a-z0-9]+\.[a-z_\-]+(?:\.[a-z_\-]+)?(?![\w/])")
_ID_HEADER = "规则"
_EVIDENCE_HEADER = "证据"


def _rule_ids(text: str, known: set[str]) -> list[str]:
    return [m for m in _RULE_ID.findall(text) if m in known or m.startswith("a11y.")]


def _table_cells(table) -> list[tuple[str, str]]:
    """(column header, cell text) of every body cell of an HTML table."""
    headers = [th.text_content().strip() for th in table.xpath(".//tr[th][1]/th")]
    cells = []
    for row in table.xpath(".//tr[td]"):
        for i, td in enumerate(row.xpath("./td")):
            cells.append((headers[i] if i < len(headers) else "", td.text_content().strip()))
    return cells


def _check_cells(cells, known: set[str], where: str) -> None:
    for header, text in cells:
        if header != _ID_HEADER:
            assert not _rule_ids(text, known), f"{where}: a rule id outside the id column ({header}): {text[:120]}"
        if header == _EVIDENCE_HEADER and text:
            assert _CJK.search(text), f"{where}: evidence without a Chinese word: {text[:120]}"


def test_reports_speak_chinese_and_keep_rule_ids_in_their_column(demo_store, tmp_path):
    """What a unit head and an inspector read (the weekly scorecards, a unit's view, the inspection
    report; HTML and Excel) is Chinese: every evidence cell has Chinese in it, and a rule id
    stands only in the 规则 column."""
    import lxml.html

    from govsite.checks.catalog import load_all

    store, _ = demo_store
    known = set(load_all())
    site = [s for s in list_scans(store) if s.status == "complete"][-1].start_url
    paths = write_weekly_report(store, site, "2026-W48", tmp_path / "all")
    paths += write_weekly_report(store, site, "2026-W48", tmp_path / "unit", unit="县统计局")
    paths += write_inspection_report(store, site, tmp_path / "inspection")
    for path in [p for p in paths if p.suffix == ".html"]:
        doc = lxml.html.parse(str(path)).getroot()
        tables = doc.xpath("//table")
        assert tables, path
        evidence = 0
        for table in tables:
            cells = _table_cells(table)
            evidence += sum(1 for header, text in cells if header == _EVIDENCE_HEADER and text)
            _check_cells(cells, known, path.name)
        for table in tables:                   # what is left outside the tables: headings, notes
            table.drop_tree()
        for bad in doc.xpath("//script|//style"):
            bad.drop_tree()
        assert not _rule_ids(doc.text_content(), known), f"{path.name}: a rule id outside the tables"
        assert evidence or "unit" in str(path.parent), f"{path.name}: no evidence shown"
    for path in [p for p in paths if p.suffix == ".xlsx"]:
        for sheet in openpyxl.load_workbook(path).worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            if not rows:
                continue
            headers = [str(h or "") for h in rows[0]]
            cells = [(headers[i] if i < len(headers) else "", str(v)) for row in rows[1:]
                     for i, v in enumerate(row) if v is not None]
            _check_cells(cells, known, f"{path.name}/{sheet.title}")
