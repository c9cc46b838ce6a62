"""The province overview: every registered site, worst first, from a real SQLite store.

  甲 (W48 scan: fails with a veto, 60.0; W47: 70.0 -> -10.0; 2 stale columns, 1 empty, 3 broken links)
  乙 (W48 scan: passes, 95.0; no W47 scan)
  丙 (no complete scan in W48: an incomplete one only) -> listed first
  a site whose name is markup and a formula, passing with 99.0 -> last, escaped everywhere
"""
from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from govsite.reports.overview import overview_lines, write_overview
from govsite.reports.weeks import parse_week
from govsite.store.db import open_store
from govsite.store.schema import ColumnRow, FindingRow, ScanRow
from govsite.store.sites import Site, add_sites

HOSTILE = '=HYPERLINK("http://evil.example","点")<script>alert(1)</script>'
VETO = {"indicator": "首页超过14天未更新", "rule_ids": ["home.stale"], "evidence": []}


def _scan(s, sid, url, site_id, day, status, total, passed, vetoes=()):
    s.add(ScanRow(id=sid, start_url=url, site_id=site_id, as_of=day, started_at=datetime(2026, 11, 1),
                  status=status, host="elsewhere", profile={},
                  score={"total": total, "pass": passed, "vetoes": list(vetoes)}))
    s.flush()


def _finding(s, sid, rule_id, n):
    for i in range(n):
        s.add(FindingRow(scan_id=sid, key=f"{rule_id}{i}", rule_id=rule_id, severity="deduct", standard="both",
                         clause="", url=f"http://a.test/{i}", column="", column_url="", unit="", message="",
                         evidence=""))


def _column(s, sid, status, n):
    for i in range(n):
        s.add(ColumnRow(scan_id=sid, column=f"c{i}", column_url="", category="news", status=status))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("overview") / "s.sqlite")
    sites = add_sites(store, [Site("甲县人民政府网", "http://a.test/", owner_unit="甲县政府办"),
                              Site("乙县人民政府网", "http://b.test/"), Site("丙县人民政府网", "http://c.test/"),
                              Site(HOSTILE, "http://d.test/")])
    ids = {site.start_url: site.id for site in sites}
    with store.session() as s:
        _scan(s, 1, "http://a.test/", ids["http://a.test/"], date(2026, 11, 18), "complete", 70.0, False)
        _finding(s, 1, "link.broken", 5)
        _scan(s, 2, "http://a.test/", ids["http://a.test/"], date(2026, 11, 25), "complete", 60.0, False, [VETO])
        _finding(s, 2, "link.broken", 3)
        _finding(s, 2, "column.stale", 2)
        _column(s, 2, "stale (both)", 1)
        _column(s, 2, "stale (national)", 1)
        _column(s, 2, "empty", 1)
        _column(s, 2, "ok", 4)
        _scan(s, 3, "http://b.test/", ids["http://b.test/"], date(2026, 11, 24), "complete", 95.0, True)
        _scan(s, 4, "http://c.test/", ids["http://c.test/"], date(2026, 11, 24), "incomplete", 99.0, True)
        _scan(s, 5, "http://d.test/", ids["http://d.test/"], date(2026, 11, 26), "complete", 99.0, True)
        s.commit()
    return store


def test_worst_first_with_the_week_before(store):
    lines = overview_lines(store, parse_week("2026-W48"))
    assert [line.site.name for line in lines] == ["丙县人民政府网", "甲县人民政府网", "乙县人民政府网", HOSTILE]
    c, a, b, _ = lines
    assert c.verdict == "本周无完整扫描" and c.total is None
    assert (a.verdict, a.total, a.change, a.vetoes) == ("不合格", 60.0, -10.0, ["首页超过14天未更新"])
    assert (a.stale_columns, a.empty_columns, a.broken_links, a.previous_broken_links) == (2, 1, 3, 5)
    assert (b.verdict, b.change, b.broken_links) == ("合格", None, 0)


def test_html_and_excel_escape_what_sites_wrote(store, tmp_path):
    html, xlsx = write_overview(store, "2026-W48", tmp_path)
    text = html.read_text("utf-8")
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text
    assert "不合格" in text and "-10.0" in text and "本周无完整扫描" in text
    ws = load_workbook(xlsx).active
    names = [ws.cell(row=r, column=2) for r in range(3, 7)]
    assert [c.value for c in names][:3] == ["丙县人民政府网", "甲县人民政府网", "乙县人民政府网"]
    hostile = names[3]
    assert hostile.value == HOSTILE and hostile.data_type == "s" and hostile.quotePrefix
