"""End to end: two weekly demo scans of the sample portal in one store, then both reports.

Two crawls take about a minute; a demo that fails fails the test (it is what a new user runs
first).  The hand-made store of unit/reports/test_reports_store.py covers the report logic.
"""
from __future__ import annotations

import socket

import openpyxl
import pytest
from conftest import FAST_PROFILE, run_cli

from govsite.reports.frames import load_findings
from govsite.reports.inspection import write_inspection_report
from govsite.reports.weekly import build_weekly, write_weekly_report
from govsite.store.db import list_scans, open_store


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
    assert report.site_score.total == scans[-1].score["total"]
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
