"""disclosure.late (政务公开工作制度 第九条; 条例 第二十六条: 20 个工作日) on a hand-made 政府信息公开目录.

Planted: an entry published 21 working days after its 成文日期.  Traps: one published on the 20th
working day, across National Day 2026 (more than 20 calendar days, 20 working days); one
published the next day; an entry of an ordinary column, as late as the planted one, is not a
directory entry."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.disclosure import late
from govsite.profile import load_profile
from govsite.workdays import add_workdays

BASE = "http://www.example.gov.cn"
DIRECTORY = BASE + "/zfxxgk/ml/"
NEWS = BASE + "/xwzx/gzdt/"
AS_OF = date(2026, 11, 27)
WRITTEN = date(2026, 9, 22)
ON_TIME = add_workdays(WRITTEN, 20)
LATE = add_workdays(WRITTEN, 21)
NEXT_DAY = add_workdays(WRITTEN, 1)


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _page(column: str, title: str, day: date) -> str:
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="{column}"></head><body>'
            f'<h1>{title}</h1><div class="info"><span>发布时间：{day} 10:00</span></div>'
            '<div class="TRS_Editor"><p>各乡镇（街道）、县直各部门：现将有关事项通知如下。</p></div></body></html>')


def _table(column: str, url: str, rows: list[tuple[str, str, date]]) -> str:
    cells = "".join(f'<tr><td><a href="{url}{slug}.html">{title}</a></td><td>11520327MB1234567/2026-0{n}</td>'
                    f"<td>凤冈县财政局</td><td>{WRITTEN}</td><td>{day}</td></tr>"
                    for n, (slug, title, day) in enumerate(rows))
    return (f'<html><head><meta name="ColumnName" content="{column}"></head><body><table>'
            "<tr><th>标题</th><th>索引号</th><th>发布机构</th><th>成文日期</th><th>发布日期</th></tr>"
            f"{cells}</table></body></html>")


@pytest.fixture(scope="module")
def scan():
    entries = [("late", "关于下达2026年第二批衔接资金的通知", LATE),
               ("ontime", "关于下达2026年第三批衔接资金的通知", ON_TIME),
               ("nextday", "关于下达2026年第四批衔接资金的通知", NEXT_DAY)]
    pages = {f"{DIRECTORY}{slug}.html": _page("政府信息公开目录", title, day) for slug, title, day in entries}
    pages[DIRECTORY + "index.html"] = _table("政府信息公开目录", DIRECTORY, entries)
    news = [("late", "凤冈县召开财政工作会议", LATE)]
    pages[NEWS + "late.html"] = _page("工作动态", "凤冈县召开财政工作会议", LATE)
    pages[NEWS + "index.html"] = _table("工作动态", NEWS, news)
    return scandata_from_html(pages, AS_OF, BASE)


def test_the_21st_working_day_is_late_and_the_20th_is_not(scan, profile):
    assert (ON_TIME - WRITTEN).days > 20                # National Day: calendar days would say late
    found = list(late(scan, profile))
    assert [(f.rule_id, f.url) for f in found] == [("disclosure.late", DIRECTORY + "late.html")]
    (f,) = found
    assert (f.severity, f.standard, f.unit, f.column) == ("deduct", "both", "凤冈县财政局", "政府信息公开目录")
    assert f"成文日期 {WRITTEN}，发布日期 {LATE}" in f.evidence and "21个工作日，时限20个工作日" in f.evidence
    assert "成文后21个工作日才公开" in f.message
