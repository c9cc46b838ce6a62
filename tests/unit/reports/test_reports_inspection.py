"""The pre-inspection report: national order (veto, deductions, bonus, total), evidence, files."""
from __future__ import annotations

import openpyxl
import pytest
from test_reports_store import OTHER_SITE, SITE, U, build_store

from govsite.reports.inspection import build_inspection, write_inspection_report
from govsite.reports.weeks import ReportError


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("store") / "r.sqlite")


@pytest.fixture(scope="module")
def files(store, tmp_path_factory):
    out = tmp_path_factory.mktemp("inspection")
    return {p.suffix: p for p in write_inspection_report(store, SITE, out)}


def test_latest_complete_scan_and_national_order(store):
    r = build_inspection(store, SITE)
    assert r.scan_id == 4
    assert [v.indicator for v in r.vetoes] == ["首页超过14天未更新"]
    assert [f["url"] for f in r.vetoes[0].findings] == [SITE]
    # indicators in the order of the profile's points table (the national table), not by rule
    assert [d.indicator for d in r.deductions] == ["首页不可用链接", "其他页面不可用链接", "页面打开速度",
                                                   "栏目更新", "空白栏目"]
    home, other = r.deductions[0], r.deductions[1]
    assert [f["url"] for f in home.findings] == [U("old/index.html")]
    assert [f["url"] for f in other.findings] == [U("zwgk/tzgg/202611/P1.pdf")]
    assert (home.points, other.points) == (1.0, 0.1)
    assert r.bonus.points == 0.0 and "人工" in r.bonus.lines[0]["why"]
    assert [f["rule_id"] for f in r.accepted] == ["footer.icp_missing"]


def test_an_earlier_scan_by_id(store):
    r = build_inspection(store, SITE, scan_id=2)
    assert (r.scan_id, r.vetoes, r.score.passed) == (2, [], True)
    with pytest.raises(ReportError, match="not a scan of"):
        build_inspection(store, SITE, scan_id=5)
    with pytest.raises(ReportError, match="no complete scan"):
        build_inspection(store, "http://nowhere.test/")
    with pytest.raises(ReportError, match="no score"):
        build_inspection(store, OTHER_SITE)


def test_html_order_and_contents(files):
    html = files[".html"].read_text("utf-8")
    positions = [html.index(f'id="{part}"') for part in ("provisional", "veto", "deduct", "bonus", "total")]
    assert positions == sorted(positions)
    assert html.index("首页超过14天未更新") < html.index("首页不可用链接") < html.index("空白栏目")
    assert "需人工评定" in html and "不合格" in html and "96.8" in html
    # veto evidence with rule id, clause, link and evidence
    veto = html[html.index('id="veto"'):html.index('id="deduct"')]
    assert "home.stale" in veto and "国办秘函〔2019〕19号 首页 2 周未更新 (veto)" in veto
    assert f'<a href="{SITE}">' in veto and "newest item on the home page 2026-11-01" in veto


def test_excel(files):
    wb = openpyxl.load_workbook(files[".xlsx"])
    assert wb.sheetnames == ["检查结果", "问题明细", "说明"]
    ws = wb["检查结果"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    parts = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert parts == ["单项否决"] + ["扣分"] * 5 + ["加分", "合计"]
    total = [c.value for c in ws[ws.max_row]]
    assert total[1] == "总分（暂定）" and total[4] == 96.8 and total[5].startswith("不合格")
    detail = wb["问题明细"]
    header = [c.value for c in detail[1]]
    assert {"规则", "依据条款", "地址", "证据"} <= set(header)
    first = [c.value for c in detail[2]]
    assert first[0] == "单项否决" and first[header.index("规则")] == "home.stale"
    assert detail.cell(row=2, column=header.index("地址") + 1).hyperlink.target == SITE


def test_every_veto_and_deduct_finding_is_listed(tmp_path):
    """Findings the provisional points table does not score (privacy, disclosure, annual report)
    and the other letters of a veto's rule are listed too, each with page, fix and deadline."""
    from govsite.models import finding_key
    from govsite.store.schema import FindingRow
    store = build_store(tmp_path / "all.sqlite")
    extra = [("privacy.id_number", "deduct", U("zwgk/tzgg/t9.html"), "泄露身份证号码"),
             ("disclosure.late", "deduct", U("zwgk/xxgkml/t3.html"), "公开目录信息发布不及时"),
             ("report.annual_missing", "deduct", U("zwgk/ndbg/"), "未发布2025年度报告"),
             ("home.stale", "warn", U("hdjl/xzxx/t1.html"), "信件超过期限未回复")]
    with store.session() as s, s.begin():
        for rule_id, severity, url, message in extra:
            s.add(FindingRow(scan_id=4, rule_id=rule_id, severity=severity, standard="both", clause="规范",
                             url=url, column="", column_url="", unit="县政府办", message=message,
                             evidence="证据", key=finding_key(rule_id, url, "", SITE), accepted=""))
    r = build_inspection(store, SITE)
    listed = {(f["rule_id"], f["url"]) for p in r.vetoes + r.deductions for f in p.findings}
    listed |= {(f["rule_id"], f["url"]) for f in r.others}
    assert {(e[0], e[2]) for e in extra} <= listed     # the warn letter: its rule has a veto
    for f in r.others:
        assert f["page"] and f["fix"] and f["deadline_zh"]
    html = write_inspection_report(store, SITE, tmp_path / "out")[0].read_text("utf-8")
    for _, _, url, message in extra:
        assert message in html and url in html
    assert "计入单项否决" in html and "扣分项</td>" not in html.split('id="deduct"')[0]
