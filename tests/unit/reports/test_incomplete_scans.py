"""An interrupted scan never stands for the site: not as a week's scan, not in the rectification
loop (it would mark everything it missed as fixed), not in trends, alerts or the inspection.

A real SQLite store of one site (issue 17: a scan killed after its crawl kept a score and part
of its findings, yet is incomplete):
  scan 1  2026-11-16 (W47)  complete    findings A B V   score 90
  scan 2  2026-11-18 (W47)  incomplete  finding  A       score 99 (killed after scoring)
  scan 3  2026-11-19 (W47)  running     no finding       (still crawling, or its process died)
  scan 4  2026-11-24 (W48)  complete    findings A V     score 91 -> B fixed on 2026-11-24
  scan 5  2026-11-26 (W48)  incomplete  no finding       score 99
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from govsite.alerts import build_alert
from govsite.models import finding_key
from govsite.profile import load_profile
from govsite.rectification import lifecycle
from govsite.reports.inspection import build_inspection
from govsite.reports.trends import trends
from govsite.reports.weekly import build_weekly
from govsite.reports.weeks import ReportError, parse_week, scan_of_week
from govsite.store.db import open_store
from govsite.store.history import latest_complete_scan, previous_complete_scan
from govsite.store.schema import ColumnRow, FindingRow, ScanRow

SITE = "http://fg.test/"
PROFILE = load_profile()
FINDINGS = {
    "A": dict(rule_id="link.broken", severity="deduct", standard="both", clause="规范 第二十三条(十)",
              url=SITE + "xwzx/old.html", column="工作动态", column_url=SITE + "xwzx/", unit="县政府办",
              message="链接打不开或错误", evidence="HTTP 404"),
    "B": dict(rule_id="column.stale", severity="deduct", standard="both", clause="规范 第二十三条(一)",
              url=SITE + "xwzx/", column="工作动态", column_url=SITE + "xwzx/", unit="县政府办",
              message="动态要闻类栏目「工作动态」20天未更新", evidence="newest item 2026-10-27"),
    "V": dict(rule_id="home.stale", severity="veto", standard="national",
              clause="国办秘函〔2019〕19号 首页 2 周未更新 (veto)", url=SITE, column="", column_url="",
              unit="", message="首页超过14天未更新", evidence="newest item on the home page 2026-11-01"),
}
SCANS = {  # id: (as_of, status, findings, score total or None)
    1: (date(2026, 11, 16), "complete", "ABV", 90.0),
    2: (date(2026, 11, 18), "incomplete", "A", 99.0),
    3: (date(2026, 11, 19), "running", "", None),
    4: (date(2026, 11, 24), "complete", "AV", 91.0),
    5: (date(2026, 11, 26), "incomplete", "", 99.0),
}
VETO = {"indicator": "首页超过14天未更新", "rule_ids": ["home.stale"], "evidence": [SITE]}


def key(letter: str) -> str:
    f = FINDINGS[letter]
    return finding_key(f["rule_id"], f["url"], f["column"], SITE)


def _score(sid: int, total: float) -> dict:
    return {"scan_id": sid, "as_of": SCANS[sid][0].isoformat(),
            "vetoes": [VETO] if "V" in SCANS[sid][2] else [],
            "deductions": [], "bonus": {"points": 0.0, "eligible": False}, "total": total,
            "pass": False, "provisional": True, "notes": []}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("incomplete") / "s.sqlite")
    with store.session() as s:
        for sid, (as_of, status, letters, total) in SCANS.items():
            # Another host: open_store leaves a "running" scan of another machine as it is.
            s.add(ScanRow(id=sid, start_url=SITE, as_of=as_of, started_at=datetime(2026, 11, 1),
                          status=status, host="elsewhere", profile={},
                          score=_score(sid, total) if total is not None else {}))
            s.flush()
            for letter in letters:
                s.add(FindingRow(scan_id=sid, key=key(letter), **FINDINGS[letter]))
            if letters:
                s.add(ColumnRow(scan_id=sid, column="工作动态", column_url=SITE + "xwzx/",
                                category="news", unit="县政府办", newest_date=date(2026, 10, 27),
                                age_days=(as_of - date(2026, 10, 27)).days, limit_county_days=7,
                                limit_national_days=14, status="stale (both)", items=10))
        s.commit()
    return store


def test_the_week_scan_is_the_complete_one_not_a_newer_interrupted_one(store):
    w47 = scan_of_week(store, SITE, parse_week("2026-W47"))
    assert (w47.scan_id, w47.score["total"]) == (1, 90.0)
    assert scan_of_week(store, SITE, parse_week("2026-W48")).scan_id == 4
    assert latest_complete_scan(store, SITE).id == 4
    assert previous_complete_scan(store, SITE, 4).id == 1


def test_an_interrupted_scan_does_not_mark_findings_fixed(store):
    # Up to scan 3, B was seen only by scan 1: scans 2 and 3 missed it because they were cut short.
    states = {st.key: st for st in lifecycle(store, SITE, until_scan=3)}
    assert states[key("B")].status == "open" and states[key("B")].fixed_on is None
    assert states[key("V")].status == "open"
    # The next complete scan is what proves B fixed.
    states = {st.key: st for st in lifecycle(store, SITE)}
    assert (states[key("B")].status, states[key("B")].fixed_on) == ("fixed", date(2026, 11, 24))
    assert states[key("V")].status == "open" and states[key("V")].last_seen == date(2026, 11, 24)


def test_weekly_report_and_trend_read_only_complete_scans(store):
    w47 = build_weekly(store, SITE, "2026-W47", profile=PROFILE)
    assert w47.scan.scan_id == 1 and w47.site_score.total == 90.0
    assert "fixed" not in set(w47.findings["change"])
    assert set(w47.findings["key"]) == {key("A"), key("B"), key("V")}
    w48 = build_weekly(store, SITE, "2026-W48", profile=PROFILE)
    assert w48.scan.scan_id == 4 and w48.previous.scan_id == 1
    fixed = w48.findings[w48.findings["change"] == "fixed"]
    assert fixed["key"].tolist() == [key("B")]
    site_trend, _ = trends(store, SITE, parse_week("2026-W48"), 2)
    assert site_trend["scan_id"].tolist() == [1, 4]
    assert site_trend["site_score"].tolist() == [90.0, 91.0]


def test_the_inspection_never_reports_an_incomplete_scan(store):
    assert build_inspection(store, SITE).scan_id == 4          # not scan 5, newer but incomplete
    for sid, status in ((2, "incomplete"), (3, "running"), (5, "incomplete")):
        with pytest.raises(ReportError, match=f"scan {sid} is {status}, not complete"):
            build_inspection(store, SITE, scan_id=sid)


def test_alerts_compare_with_the_last_complete_scan(store):
    # V was in scan 1 and is in scan 4; scans 2 and 3 missed it. Compared with them, it would be
    # a "new" veto tonight; compared with scan 1 it is not news.
    assert build_alert(store, 4, PROFILE) is None
