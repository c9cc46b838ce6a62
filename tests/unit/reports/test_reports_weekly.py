"""Weekly scorecards, week-over-week changes and the HTML/Excel/CSV files, on a hand-made store."""
from __future__ import annotations

import re
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from test_reports_store import SITE, U, build_store, key_of

from govsite.profile import load_profile
from govsite.reports.frames import NO_UNIT
from govsite.reports.weekly import build_weekly, write_weekly_report
from govsite.reports.weeks import ReportError, parse_week

PROFILE = load_profile()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("store") / "r.sqlite")


@pytest.fixture(scope="module")
def w48(store):
    return build_weekly(store, SITE, "2026-W48", profile=PROFILE)


@pytest.fixture(scope="module")
def files(store, tmp_path_factory):
    out = tmp_path_factory.mktemp("weekly")
    return {p.suffix if not p.name.endswith(".csv") else p.stem.rsplit("-", 1)[-1]: p
            for p in write_weekly_report(store, SITE, "2026-W48", out, profile=PROFILE)}


def _keys(report, change):
    return set(report.findings.loc[report.findings["change"] == change, "key"])


def test_week_scan_is_the_last_complete_one_of_the_week(store):
    w47 = build_weekly(store, SITE, "2026-W47", profile=PROFILE)
    assert w47.scan.scan_id == 2          # not scan 3 (incomplete, later) nor scan 1 (earlier)
    assert w47.previous is None
    assert _keys(w47, "new") == {key_of(x) for x in "ABCDE"}
    assert _keys(w47, "fixed") == {key_of("I")}


def test_new_fixed_open_between_two_weeks(w48):
    assert w48.scan.scan_id == 4 and w48.previous.scan_id == 2
    assert _keys(w48, "new") == {key_of(x) for x in "FGH"}
    assert _keys(w48, "fixed") == {key_of("A"), key_of("D")}
    assert _keys(w48, "open") == {key_of("B"), key_of("C")}
    assert _keys(w48, "reopened") == {key_of("I")}
    assert _keys(w48, "accepted") == {key_of("E")}
    f = w48.findings.set_index("key")
    assert f.loc[key_of("B"), "first_seen"] == date(2026, 11, 17)
    assert f.loc[key_of("B"), "age_days"] == 10
    assert f.loc[key_of("A"), "fixed_on"] == date(2026, 11, 27)
    assert f.loc[key_of("A"), "evidence"].startswith("HTTP 404")      # from the scan that last had it
    assert f.loc[key_of("E"), "accepted"] == "ICP备案由上级主管部门统一办理"
    # A broken link recorded with the home page as its column URL belongs to its named column.
    assert f.loc[key_of("F"), "owner"] == "县政府办"


def test_column_scorecard(w48):
    c = w48.columns.set_index("column")
    assert c.loc["工作动态", "items_this_week"] == 4
    assert c.loc["工作动态", "findings_by_rule"] == "链接打开超时×1"
    assert c.loc["工作动态", "broken_links"] == 0           # A was fixed this week
    assert c.loc["通知公告", "broken_links"] == 1
    assert c.loc["通知公告", "items_this_week"] == 0
    assert (c.loc["蜂岩镇动态", "county_status"], c.loc["蜂岩镇动态", "national_status"]) == ("超期", "超期")
    assert c.loc["蜂岩镇动态", "age_days"] == 47
    assert c.loc["在线访谈", "county_status"] == "空白栏目"
    assert c.loc["人事信息", "county_status"] == "正常"
    assert c.loc["新闻中心", "unit"] == NO_UNIT


def test_unit_scorecard_and_score_formula(w48):
    u = w48.units.set_index("unit")
    # 100 - 2 (F, deduct) - 2 (I, deduct)
    assert u.loc["县政府办", ["columns", "open_findings", "new", "reopened", "fixed", "score"]].tolist() \
        == [2, 2, 1, 1, 1, 96.0]
    # 100 - 10 (one stale column); its column.stale finding is not counted twice
    assert u.loc["蜂岩镇人民政府", ["stale_columns", "open_findings", "score"]].tolist() == [1, 1, 90.0]
    assert u.loc["县融媒体中心", ["empty_columns", "score"]].tolist() == [1, 90.0]
    assert u.loc["县人力资源和社会保障局", ["fixed", "open_findings", "score"]].tolist() == [1, 0, 100.0]
    # site-wide: G (veto, 20) and H (deduct, 2); E accepted, left out
    assert u.loc[NO_UNIT, ["open_veto", "open_deduct", "accepted", "score"]].tolist() == [1, 1, 1, 78.0]


def test_site_score_and_trend(w48):
    assert (w48.site_score.total, w48.site_score.passed, len(w48.site_score.vetoes)) == (96.8, False, 1)
    assert w48.site_score.provisional is True
    t = w48.site_trend.set_index("week")
    assert len(t) == 12 and t.index[-1] == "2026-W48"
    assert t.loc["2026-W48", ["stale_columns", "open_veto", "open_deduct", "open_warn"]].tolist() == [1, 1, 5, 0]
    assert t.loc["2026-W47", ["stale_columns", "open_deduct", "open_warn"]].tolist() == [2, 3, 2]
    assert pd.isna(t.loc["2026-W46", "site_score"])                     # no scan that week


def test_unit_filter(store, tmp_path):
    paths = write_weekly_report(store, SITE, "2026-W48", tmp_path, unit="县政府办", profile=PROFILE)
    units = pd.read_csv(next(p for p in paths if p.name.endswith("-units.csv")), encoding="utf-8-sig")
    assert units["内容保障单位"].tolist() == ["县政府办"]
    cols = pd.read_csv(next(p for p in paths if p.name.endswith("-columns.csv")), encoding="utf-8-sig")
    assert sorted(cols["栏目"]) == ["工作动态", "通知公告"]
    found = pd.read_csv(next(p for p in paths if p.name.endswith("-findings.csv")), encoding="utf-8-sig")
    assert sorted(found["规则"]) == ["link.broken", "link.broken", "link.slow"]   # F, A (fixed), I
    html = next(p for p in paths if p.suffix == ".html").read_text("utf-8")
    assert "蜂岩镇人民政府" not in html
    with pytest.raises(ReportError, match="feeds no column"):
        write_weekly_report(store, SITE, "2026-W48", tmp_path, unit="不存在的单位", profile=PROFILE)


@pytest.mark.parametrize("week,message", [("2026-W49", "no complete scan"), ("2026-W46", "no complete scan"),
                                          ("2026-47", "malformed week"), ("2026-W54", "malformed week")])
def test_week_errors(store, tmp_path, week, message):
    with pytest.raises(ReportError, match=message) as err:
        write_weekly_report(store, SITE, week, tmp_path, profile=PROFILE)
    assert "\n" not in str(err.value)


def test_parse_week():
    w = parse_week("2026-W47")
    assert (w.monday, w.sunday) == (date(2026, 11, 16), date(2026, 11, 22))
    assert parse_week("2026-W01").shifted(-1).label == "2025-W52"


def test_csv_files_have_a_bom_and_the_numbers(files):
    for name in ("columns", "units", "findings"):
        assert files[name].read_bytes().startswith(b"\xef\xbb\xbf")
    units = pd.read_csv(files["units"], encoding="utf-8-sig").set_index("内容保障单位")
    assert units.loc["县政府办", "单位得分(暂定)"] == 96.0
    cols = pd.read_csv(files["columns"], encoding="utf-8-sig").set_index("栏目")
    assert cols.loc["工作动态", "本周发布条数"] == 4
    assert cols.loc["蜂岩镇动态", "最新信息日期"] == "2026-10-11"


def test_excel_workbook(files):
    wb = openpyxl.load_workbook(files[".xlsx"])
    assert wb.sheetnames[:4] == ["汇总", "全站", "栏目", "问题"]
    assert set(wb.sheetnames[4:]) == {"县政府办", "县融媒体中心", "县人力资源和社会保障局", "蜂岩镇人民政府", NO_UNIT}
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    cols = wb["栏目"]
    header = [c.value for c in cols[1]]
    assert cols.column_dimensions["A"].width == 18
    row = next(r for r in cols.iter_rows(min_row=2) if r[0].value == "蜂岩镇动态")
    newest = row[header.index("最新信息日期")]
    assert isinstance(newest.value, datetime) and newest.value.date() == date(2026, 10, 11)
    assert newest.is_date and newest.number_format == "yyyy-mm-dd"
    link = row[header.index("栏目地址")]
    assert link.hyperlink.target == U("xzzx/fyz/")
    unit = wb["县政府办"]
    header = [c.value for c in unit[1]]
    assert {"规则", "依据条款", "地址", "证据"} <= set(header)
    assert unit.max_row == 4       # F, I, A
    first_seen = unit.cell(row=2, column=header.index("首次发现") + 1)
    assert first_seen.is_date


def test_html_report(files):
    html = files[".html"].read_text("utf-8")
    assert "网站检查周报" in html and "2026-W48" in html
    for unit in ("县政府办", "县融媒体中心", "县人力资源和社会保障局", "蜂岩镇人民政府", NO_UNIT):
        assert re.search(rf"<h2>{re.escape(unit)}</h2>", html)
    assert len(re.findall(r'src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"', html)) >= 3 + 5
    # each finding with what to do, where and by when, a link to its URL and its evidence
    assert "<th>要修改的页面</th>" in html and "<th>整改要求</th>" in html and "<th>整改期限</th>" in html
    assert f'<a href="{U("zwgk/tzgg/202611/P1.pdf")}">' in html
    assert "newest item on the home page 2026-11-01" in html
    assert "ICP备案由上级主管部门统一办理" in html
    assert "暂定" in html and "<style>" in html and "<link " not in html


def test_overdue_findings_are_marked_in_the_next_week(w48):
    """B (蜂岩镇动态 stale, deduct) was first seen on 2026-11-17: 5 working days -> 2026-11-24;
    still open on 2026-11-27, it is 逾期 in W48.  F, new on 2026-11-27, is due 2026-12-04."""
    f = w48.findings.set_index("key")
    assert f.loc[key_of("B"), "change_zh"] == "仍未整改（逾期）"
    assert f.loc[key_of("B"), "deadline_zh"] == "2026-11-24"
    assert f.loc[key_of("F"), "change_zh"] == "本周新增" and f.loc[key_of("F"), "deadline_zh"] == "2026-12-04"
    assert f.loc[key_of("F"), "fix"].startswith("在含有该链接的页面上")
