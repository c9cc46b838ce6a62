"""What a scanned site wrote is text in every output (issue 17): a title such as
=HYPERLINK("http://x/","点击") is never a formula in a CSV file or a workbook, and HTML escapes
<script>.  The numbers and dates the reports compute stay numbers and dates.

Real writers on real inputs: the scan's CSV files from Finding/ScanView objects, the weekly and
inspection reports from a SQLite store holding such findings, read back with csv and openpyxl.
"""
from __future__ import annotations

import csv
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl import Workbook

from govsite.models import Finding, finding_key
from govsite.profile import load_profile
from govsite.reports.inspection import write_inspection_report
from govsite.reports.outputs import write_articles, write_columns, write_findings, write_interpretations
from govsite.reports.untrusted import csv_text, set_excel_cell
from govsite.reports.weekly import write_weekly_report
from govsite.scan.view import PageInfo, ScanView
from govsite.store.db import open_store
from govsite.store.schema import ColumnRow, FindingRow, ScanRow

FORMULA = '=HYPERLINK("http://x/","点击")'
SCRIPT = "<script>alert(1)</script>"
SITE = "http://fg.test/"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _assert_no_formula_cell(rows: list[list[str]]) -> None:
    """Excel reads a CSV cell as a formula when it begins with one of TRIGGERS."""
    bad = [c for row in rows for c in row if c.startswith(TRIGGERS)]
    assert not bad, bad


@pytest.mark.parametrize("text", [FORMULA, "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"])
def test_text_that_starts_like_a_formula_is_quoted_for_csv(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("value", ["县政府办", "http://x/?a=1", "", 7, -3, 2.5, date(2026, 11, 27), None])
def test_other_values_are_left_alone(value):
    assert csv_text(value) is value


def test_a_workbook_cell_holds_the_text_itself():
    ws = Workbook().active
    for row, text in enumerate([FORMULA, "-5", "@x", "+1"], start=1):
        c = ws.cell(row=row, column=1)
        set_excel_cell(c, text)
        assert (c.data_type, c.value, c.quotePrefix) == ("s", text, True)
    c = ws.cell(row=9, column=1)
    set_excel_cell(c, -5)
    assert (c.data_type, c.value) == ("n", -5)
    c = ws.cell(row=10, column=1)
    set_excel_cell(c, "附件\x0b正文\x00")          # control characters of attachment texts
    assert c.value == "附件正文"


def test_scan_csv_files_write_the_sites_text_as_text(tmp_path):
    finding = Finding(rule_id="article.title_missing", severity="warn", standard="county",
                      clause="规范 第二十三条", url=SITE + "a.html", message="标题与正文不符",
                      evidence=FORMULA, column="@工作动态", column_url=SITE + "gzdt/", unit="-县政府办")
    rows = _csv_cells(write_findings(tmp_path, [finding]))
    _assert_no_formula_cell(rows)
    record = dict(zip(rows[0], rows[1]))
    assert (record["evidence"], record["column"], record["unit"]) == ("'" + FORMULA, "'@工作动态", "'-县政府办")
    assert record["url"] == SITE + "a.html"

    data = ScanView(scan_id=1, start_url=SITE, as_of=date(2026, 11, 27), status="complete", pages=[
        PageInfo(url=SITE + "a.html", kind="article", status=200, title=FORMULA,
                 published=date(2026, 11, 20), source="+新华网", column_name="工作动态",
                 column_url=SITE + "gzdt/", elapsed=0.1)])
    rows = _csv_cells(write_articles(tmp_path, data))
    _assert_no_formula_cell(rows)
    record = dict(zip(rows[0], rows[1]))
    assert (record["title"], record["source"], record["published"]) == ("'" + FORMULA, "'+新华网", "2026-11-20")

    register = [{"column": FORMULA, "column_url": SITE + "gzdt/", "category": "news", "unit": "",
                 "newest_date": "2026-11-20", "age_days": -2, "limit_county_days": 7,
                 "limit_national_days": 14, "status": "ok"}]
    rows = _csv_cells(write_columns(tmp_path, register))
    record = dict(zip(rows[0], rows[1]))
    assert record["column"] == "'" + FORMULA
    assert record["age_days"] == "-2"             # a number the scan computed stays a number

    pair = {"doc_title": FORMULA, "doc_url": SITE + "zc/1.html", "interp_title": "@解读",
            "status": "ok", "workdays": 2}
    rows = _csv_cells(write_interpretations(tmp_path, [pair]))
    _assert_no_formula_cell(rows)
    record = dict(zip(rows[0], rows[1]))
    assert (record["doc_title"], record["interp_title"], record["workdays"]) == ("'" + FORMULA, "'@解读", "2")


# A store of one complete scan whose findings carry hostile text in every text field.
HOSTILE = {
    "deduct": dict(rule_id="link.broken", severity="deduct", standard="both", clause="规范 第二十三条(十)",
                   url=SITE + "gzdt/a.html", column="工作动态", column_url=SITE + "gzdt/", unit="",
                   message=FORMULA, evidence=FORMULA + " 附件\x0b正文"),
    "script": dict(rule_id="link.broken", severity="deduct", standard="both", clause="规范 第二十三条(十)",
                   url="javascript:alert(1)", column="工作动态", column_url=SITE + "gzdt/", unit="",
                   message=SCRIPT, evidence=SCRIPT),
    "accepted": dict(rule_id="footer.icp_missing", severity="warn", standard="national",
                     clause="规范 第十六条(一)4", url=SITE, column="", column_url="", unit="",
                     message="-页脚缺少ICP备案号", evidence="@" + SCRIPT, accepted="+由上级统一办理"),
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    store = open_store(base / "s.sqlite")
    score = {"scan_id": 1, "as_of": "2026-11-27", "vetoes": [],
             "deductions": [{"indicator": "其他页面不可用链接", "rule_id": "link.broken", "count": 2,
                             "points": 0.2, "why": "2 × 0.1 (at most 5.0)"}],
             "bonus": {"points": 0.0, "eligible": True}, "total": 99.8, "pass": True,
             "provisional": True, "notes": []}
    with store.session() as s:
        s.add(ScanRow(id=1, start_url=SITE, as_of=date(2026, 11, 27), started_at=datetime(2026, 11, 27),
                      status="complete", host="elsewhere", profile={}, score=score))
        s.flush()
        for f in HOSTILE.values():
            s.add(FindingRow(scan_id=1, key=finding_key(f["rule_id"], f["url"], f["column"], SITE), **f))
        s.add(ColumnRow(scan_id=1, column="工作动态", column_url=SITE + "gzdt/", category="news",
                        unit="=县政府办", newest_date=date(2026, 11, 20), age_days=7,
                        limit_county_days=7, limit_national_days=14, status="ok", items=3))
        s.commit()
    out = base / "out"
    files = write_weekly_report(store, SITE, "2026-W48", out, profile=load_profile())
    files += write_inspection_report(store, SITE, out)
    return {p.name: p for p in files}


def _workbooks(outputs):
    return {name: openpyxl.load_workbook(p) for name, p in outputs.items() if name.endswith(".xlsx")}


def test_every_workbook_holds_the_sites_text_never_a_formula(outputs):
    books = _workbooks(outputs)
    assert set(books) == {"weekly-2026-W48.xlsx", "inspection-2026-11-27-scan1.xlsx"}
    for name, wb in books.items():
        cells = [c for ws in wb for row in ws.iter_rows() for c in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], name
        values = {c.value for c in cells}
        assert FORMULA in values, name                           # the text itself, no quote added
        assert FORMULA + " 附件正文" in values, name              # evidence: control character dropped
        assert "+由上级统一办理" in values and "-页脚缺少ICP备案号" in values, name


def test_numbers_and_dates_of_the_reports_stay_numbers_and_dates(outputs):
    books = _workbooks(outputs)
    weekly = books["weekly-2026-W48.xlsx"]
    facts = {r[0].value: r[1] for r in weekly["全站"].iter_rows(min_row=2)}
    assert (facts["国家指标得分"].value, facts["国家指标得分"].data_type) == (99.8, "n")
    assert facts["检查日期"].is_date and facts["扫描编号"].value == 1
    assert weekly["=县政府办"]["A1"].value == "整改状态"        # the unit's own sheet
    units = weekly["汇总"]
    header = [c.value for c in units[1]]
    row = next(r for r in units.iter_rows(min_row=2) if r[0].value == "=县政府办")
    assert row[0].data_type == "s"
    assert row[header.index("单位得分(暂定)")].data_type == "n"
    inspection = books["inspection-2026-11-27-scan1.xlsx"]
    total = [c for c in inspection["检查结果"][inspection["检查结果"].max_row]]
    assert (total[4].value, total[4].data_type) == (99.8, "n")


def test_weekly_csv_files_write_the_sites_text_as_text(outputs):
    for name in ("weekly-2026-W48-findings.csv", "weekly-2026-W48-units.csv", "weekly-2026-W48-columns.csv"):
        rows = _csv_cells(outputs[name])
        _assert_no_formula_cell(rows)
    findings = _csv_cells(outputs["weekly-2026-W48-findings.csv"])
    header = findings[0]
    messages = {r[header.index("问题")] for r in findings[1:]}
    assert {"'" + FORMULA, SCRIPT, "'-页脚缺少ICP备案号"} <= messages
    units = _csv_cells(outputs["weekly-2026-W48-units.csv"])
    assert "'=县政府办" in {r[0] for r in units[1:]}
    assert {r[units[0].index("单位得分(暂定)")] for r in units[1:]} <= {"100.0", "96.0", "98.0"}


@pytest.mark.parametrize("name", ["weekly-2026-W48.html", "inspection-2026-11-27-scan1.html"])
def test_html_reports_escape_the_sites_text(outputs, name):
    html = outputs[name].read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html   # shown, not linked


def test_the_illegal_characters_are_openpyxls_own():
    """The CSV path must not import openpyxl for its pattern; the copy must stay openpyxl's."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as OPENPYXL

    from govsite.reports.untrusted import ILLEGAL_CHARACTERS_RE
    assert ILLEGAL_CHARACTERS_RE.pattern == OPENPYXL.pattern
