"""政府信息公开: directory entries published in time, annual reports by their deadlines."""
from datetime import date

import pytest
from sample_scandata import compare, sample_scandata, scandata_from_html

from govsite.checks.disclosure import annual_missing, late
from govsite.profile import load_profile
from govsite.records.disclosure import missing_headings, report_title

BASE = "http://www.example.gov.cn"
HEADINGS = "一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 " \
           "五、存在的主要问题及改进情况 六、其他需要报告的事项"


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.mark.parametrize("title, parsed", [
    ("凤冈县教育局2025年政府信息公开工作年度报告", ("凤冈县教育局", 2025)),
    ("2025年度凤冈县教育局政府信息公开工作年度报告", ("凤冈县教育局", 2025)),
    ("凤冈县人民政府关于2024年度政府信息公开工作年度报告", ("凤冈县人民政府", 2024)),
    ("龙泉镇2023年政府信息公开年报", ("龙泉镇", 2023)),
    ("凤冈县召开政务公开工作会议", None),
])
def test_report_titles(title, parsed):
    assert report_title(title) == parsed


def test_headings(profile):
    headings = profile.get("disclosure.annual_headings")
    assert missing_headings(HEADINGS, headings) == ()
    assert missing_headings("一、总体情况 二、主动公开政府信息的情况", headings) == (
        "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")


def _page(column, title, day, body):
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="{column}"></head><body>'
            f'<h1>{title}</h1><div class="info"><span>发布时间：{day} 10:00</span></div>'
            f'<div class="TRS_Editor">{body}</div></body></html>')


def _list(column, rows):
    return (f'<html><head><title>{column}</title><meta name="ColumnName" content="{column}"></head><body>'
            f'<ul class="list">{"".join(rows)}</ul></body></html>')


def _reports(as_of, reports):
    col = BASE + "/zfxxgk/ndbg/"
    pages, rows = {}, []
    for n, (unit, year, day, body) in enumerate(reports):
        title = f"{unit}{year}年政府信息公开工作年度报告"
        pages[f"{col}r{n}.html"] = _page("政府信息公开工作年度报告", title, day, body)
        rows.append(f'<li><a href="{col}r{n}.html">{title}</a><span>{day}</span></li>')
    pages[col + "index.html"] = _list("政府信息公开工作年度报告", rows)
    return scandata_from_html(pages, as_of, BASE)


def test_unit_deadlines_national_then_county(profile):
    reports = [("凤冈县人民政府", 2024, date(2025, 3, 20), HEADINGS),
               ("凤冈县教育局", 2024, date(2025, 1, 20), HEADINGS)]
    assert [f for f in annual_missing(_reports(date(2026, 1, 31), reports), profile)
            if "2025年" in f.message] == []
    feb = [f for f in annual_missing(_reports(date(2026, 2, 10), reports), profile) if "2025年" in f.message]
    assert [(f.unit, f.standard, f.clause) for f in feb] == [("凤冈县教育局", "national", "条例 第四十九条")]
    mar = [f for f in annual_missing(_reports(date(2026, 3, 10), reports), profile) if "2025年" in f.message]
    assert [(f.unit, f.standard) for f in mar] == [("凤冈县教育局", "both")]
    assert mar[0].url == BASE + "/zfxxgk/ndbg/" and "国家期限 2026-01-31" in mar[0].evidence
    apr = [f for f in annual_missing(_reports(date(2026, 4, 1), reports), profile) if "2025年" in f.message]
    assert {(f.unit, f.standard) for f in apr} == {("凤冈县教育局", "both"), ("凤冈县人民政府", "both")}


def test_late_report_and_missing_headings(profile):
    reports = [("凤冈县人民政府", 2024, date(2025, 3, 20), HEADINGS),
               ("凤冈县人民政府", 2025, date(2026, 4, 15), "一、总体情况")]
    found = list(annual_missing(_reports(date(2026, 11, 27), reports), profile))
    msgs = sorted(f.message for f in found)
    assert any("逾期发布" in m for m in msgs)
    headings = [f for f in found if "缺少标准章节" in f.message]
    assert len(headings) == 1 and headings[0].severity == "warn" and headings[0].clause == "年度报告制度 第五条"


def test_directory_entry_from_row_when_the_page_is_silent(profile):
    col = BASE + "/zfxxgk/ml/"
    pages = {col + "a.html": _page("政府信息公开目录", "关于下达资金的通知", "2026-10-25", "<p>正文。</p>"),
             col + "index.html": (
                 '<html><head><meta name="ColumnName" content="政府信息公开目录"></head><body><table>'
                 "<tr><th>标题</th><th>索引号</th><th>发布机构</th><th>成文日期</th><th>发布日期</th></tr>"
                 f'<tr><td><a href="{col}a.html">关于下达资金的通知</a></td><td>1152/2026-00111</td>'
                 "<td>凤冈县财政局</td><td>2026-09-05</td><td>2026-10-25</td></tr></table></body></html>")}
    found = list(late(scandata_from_html(pages, date(2026, 11, 27), BASE), profile))
    assert [(f.url, f.unit) for f in found] == [(col + "a.html", "凤冈县财政局")]
    assert "31个工作日" in found[0].evidence


def test_sample_portal(profile):
    data = sample_scandata()
    findings = [*late(data, profile), *annual_missing(data, profile)]
    assert compare(findings, ("disclosure.", "report.")) == ([], [], [])
