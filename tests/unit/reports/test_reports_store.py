"""A hand-made store of three weekly scans for the report tests (and a check that it is what the
report tests assume).

Site http://fg.test/, weeks 2026-W47 (scans 1, 2 complete; 3 incomplete) and 2026-W48 (scan 4).
Findings (letter: rule, column, scans that have it):
  A link.broken   工作动态      1 2        -> fixed in W48
  B column.stale  蜂岩镇动态    1 2 4      -> still open in W48 (first seen 2026-11-17)
  C column.empty  在线访谈      2 4        -> still open in W48 (first seen 2026-11-20)
  D column.stale  人事信息 warn 2          -> fixed in W48
  E footer.icp_missing (site)   1 2 4      -> accepted in scan 4
  F link.broken   通知公告 (recorded with the home page as column URL)  4 -> new in W48
  G home.stale veto (site)      4          -> new in W48
  H link.broken [首页]          4          -> new in W48
  I link.slow     工作动态      1 4        -> fixed in W47, re-opened in W48
Scan 3 (W47, incomplete) has no finding at all: were it counted, everything would look fixed.
"""
from __future__ import annotations

from datetime import date, datetime

from govsite.models import finding_key
from govsite.rectification import lifecycle
from govsite.store.db import Store, open_store
from govsite.store.schema import ColumnRow, FindingRow, ListItemRow, PageRow, ScanRow

SITE = "http://fg.test/"
OTHER_SITE = "http://other.test/"
U = lambda path: SITE + path.lstrip("/")  # noqa: E731

COLUMNS = {  # name: (path, category, unit)
    "工作动态": ("xwzx/gzdt/", "news", "县政府办"),
    "通知公告": ("zwgk/tzgg/", "notice", "县政府办"),
    "蜂岩镇动态": ("xzzx/fyz/", "news", "蜂岩镇人民政府"),
    "在线访谈": ("hdjl/zxft/", "other", "县融媒体中心"),
    "人事信息": ("zwgk/rsxx/", "personnel", "县人力资源和社会保障局"),
    "新闻中心": ("xwzx/", "news", ""),
}
# name -> (newest_date, age, status) per scan id
STATE = {
    1: {"工作动态": (date(2026, 11, 16), 1, "ok"), "通知公告": (date(2026, 11, 10), 7, "ok"),
        "蜂岩镇动态": (date(2026, 10, 11), 37, "stale (both)"), "在线访谈": (None, None, "empty"),
        "人事信息": (date(2026, 5, 4), 197, "stale (county)"), "新闻中心": (date(2026, 11, 16), 1, "ok")},
    2: {"工作动态": (date(2026, 11, 19), 1, "ok"), "通知公告": (date(2026, 11, 18), 2, "ok"),
        "蜂岩镇动态": (date(2026, 10, 11), 40, "stale (both)"), "在线访谈": (None, None, "empty"),
        "人事信息": (date(2026, 5, 4), 200, "stale (county)"), "新闻中心": (date(2026, 11, 19), 1, "ok")},
    4: {"工作动态": (date(2026, 11, 26), 1, "ok"), "通知公告": (date(2026, 11, 24), 3, "ok"),
        "蜂岩镇动态": (date(2026, 10, 11), 47, "stale (both)"), "在线访谈": (None, None, "empty"),
        "人事信息": (date(2026, 11, 25), 2, "ok"), "新闻中心": (date(2026, 11, 26), 1, "ok")},
}
LIMITS = {"news": (7, 14), "notice": (183, 183), "personnel": (183, 365), "other": (None, None)}

F = {  # letter: finding fields
    "A": dict(rule_id="link.broken", severity="deduct", standard="both", clause="规范 第二十三条(十)",
              url=U("xwzx/gzdt/old.html"), column="工作动态", column_url=U("xwzx/gzdt/"), unit="",
              message="链接打不开或错误", evidence="HTTP 404; linked from 1 page(s): " + U("xwzx/gzdt/t1.html")),
    "B": dict(rule_id="column.stale", severity="deduct", standard="both",
              clause="规范 第二十三条(一)(二)(三)(五); 国办秘函〔2019〕19号", url=U("xzzx/fyz/"),
              column="蜂岩镇动态", column_url=U("xzzx/fyz/"), unit="蜂岩镇人民政府",
              message="动态要闻类栏目「蜂岩镇动态」40天未更新", evidence="newest item 2026-10-11"),
    "C": dict(rule_id="column.empty", severity="deduct", standard="national",
              clause="国办秘函〔2019〕19号 空白栏目 (veto at >= 5)", url=U("hdjl/zxft/"), column="在线访谈",
              column_url=U("hdjl/zxft/"), unit="县融媒体中心", message="空白栏目「在线访谈」",
              evidence="the page says «暂无信息»"),
    "D": dict(rule_id="column.stale", severity="warn", standard="county",
              clause="规范 第二十三条(一)(二)(三)(五); 国办秘函〔2019〕19号", url=U("zwgk/rsxx/"),
              column="人事信息", column_url=U("zwgk/rsxx/"), unit="县人力资源和社会保障局",
              message="人事类栏目「人事信息」200天未更新", evidence="newest item 2026-05-04"),
    "E": dict(rule_id="footer.icp_missing", severity="warn", standard="national",
              clause="规范 第十六条(一)4", url=SITE, column="", column_url="", unit="",
              message="页脚缺少ICP备案号", evidence="no ICP number in the footer"),
    "F": dict(rule_id="link.broken", severity="deduct", standard="both", clause="规范 第二十三条(十)",
              url=U("zwgk/tzgg/202611/P1.pdf"), column="通知公告", column_url=SITE, unit="",
              message="链接打不开或错误", evidence="HTTP 404; linked from 1 page(s): " + U("zwgk/tzgg/t9.html")),
    "G": dict(rule_id="home.stale", severity="veto", standard="national",
              clause="国办秘函〔2019〕19号 首页 2 周未更新 (veto)", url=SITE, column="", column_url="",
              unit="", message="首页超过14天未更新", evidence="newest item on the home page 2026-11-01"),
    "H": dict(rule_id="link.broken", severity="deduct", standard="both", clause="规范 第二十三条(十)",
              url=U("old/index.html"), column="首页", column_url=SITE, unit="",
              message="[首页] 链接打不开或错误", evidence="HTTP 404; linked from 1 page(s): " + SITE),
    "I": dict(rule_id="link.slow", severity="deduct", standard="both", clause="规范 第二十三条(十)",
              url=U("xwzx/gzdt/slow.html"), column="工作动态", column_url=U("xwzx/gzdt/"), unit="",
              message="链接未能在15秒内打开", evidence="opened after 17.0 s (limit 15 s)"),
}
IN_SCAN = {1: "ABEI", 2: "ABCDE", 3: "", 4: "BCEFGHI"}
ACCEPTED = {(4, "E"): "ICP备案由上级主管部门统一办理"}
SCANS = {1: (date(2026, 11, 17), "complete"), 2: (date(2026, 11, 20), "complete"),
         3: (date(2026, 11, 22), "incomplete"), 4: (date(2026, 11, 27), "complete")}


def key_of(letter: str) -> str:
    f = F[letter]
    return finding_key(f["rule_id"], f["url"], f["column"], SITE)


def _score(scan_id: int) -> dict:
    as_of = SCANS[scan_id][0].isoformat()
    if scan_id != 4:
        return {"scan_id": scan_id, "as_of": as_of, "vetoes": [],
                "deductions": [{"indicator": "栏目更新", "rule_id": "column.stale", "count": 1,
                                "points": 1.0, "why": "1 × 1.0 (at most 10.0)"}],
                "bonus": {"points": 0.0, "eligible": True, "note": "加分项 need a person"},
                "total": 97.0 + scan_id * 0.5, "pass": True, "provisional": True, "notes": []}
    return {"scan_id": 4, "as_of": as_of,
            "vetoes": [{"indicator": "首页超过14天未更新", "rule_ids": ["home.stale"],
                        "evidence": [f"{SITE}: newest item on the home page 2026-11-01"]}],
            # Sorted by rule as score.py writes them; the report must follow the national order.
            "deductions": [
                {"indicator": "空白栏目", "rule_id": "column.empty", "count": 1, "points": 1.0,
                 "why": "1 × 1.0 (at most 5.0)"},
                {"indicator": "栏目更新", "rule_id": "column.stale", "count": 1, "points": 1.0,
                 "why": "1 × 1.0 (at most 10.0)"},
                {"indicator": "其他页面不可用链接", "rule_id": "link.broken", "count": 1, "points": 0.1,
                 "why": "1 × 0.1 (at most 5.0)"},
                {"indicator": "首页不可用链接", "rule_id": "link.broken", "count": 1, "points": 1.0,
                 "why": "1 × 1.0 (at most 5.0) on the home page"},
                {"indicator": "页面打开速度", "rule_id": "link.slow", "count": 1, "points": 0.1,
                 "why": "1 × 0.1 (at most 2.0)"}],
            "bonus": {"points": 0.0, "eligible": False, "note": "加分项 need a person"},
            "total": 96.8, "pass": False, "provisional": True,
            "notes": ["points are provisional: not yet confirmed against the original national table",
                      "1 accepted finding(s) left out of the score"]}


def build_store(path) -> Store:
    store = open_store(path)
    with store.session() as s:
        for sid, (as_of, status) in SCANS.items():
            s.add(ScanRow(id=sid, start_url=SITE, as_of=as_of, started_at=datetime(2026, 11, 1),
                          status=status, profile={}, score=_score(sid) if status == "complete" else {}))
        # Another site's scan in the same week must never be picked.
        s.add(ScanRow(id=5, start_url=OTHER_SITE, as_of=date(2026, 11, 28),
                      started_at=datetime(2026, 11, 1), status="complete", profile={}, score={}))
        s.flush()
        for sid, letters in IN_SCAN.items():
            for letter in letters:
                s.add(FindingRow(scan_id=sid, key=key_of(letter),
                                 accepted=ACCEPTED.get((sid, letter), ""), **F[letter]))
        for sid, states in STATE.items():
            for name, (newest, age, status) in states.items():
                path, category, unit = COLUMNS[name]
                county, national = LIMITS[category]
                s.add(ColumnRow(scan_id=sid, column=name, column_url=U(path), category=category,
                                unit=unit, newest_date=newest, age_days=age, limit_county_days=county,
                                limit_national_days=national, status=status,
                                items=0 if status == "empty" else 10))
        gzdt = U("xwzx/gzdt/")
        # 工作动态 in scan 4: list items t24, t26, t25 in W48 and t19 in W47; article pages t25 (the
        # same item as a list entry, counted once) and t23 in W48: 4 items this week.
        for day, name in [(date(2026, 11, 24), "t24"), (date(2026, 11, 26), "t26"),
                          (date(2026, 11, 19), "t19"), (date(2026, 11, 25), "t25")]:
            s.add(ListItemRow(scan_id=4, page_url=gzdt + "index.html", column_url=gzdt,
                              title=f"工作动态 {name}", url=gzdt + f"{name}.html", item_date=day))
        for day, name in [(date(2026, 11, 25), "t25"), (date(2026, 11, 23), "t23")]:
            s.add(PageRow(scan_id=4, url=gzdt + f"{name}.html", final_url=gzdt + f"{name}.html",
                          status=200, kind="article", published=day, column_name="工作动态",
                          column_url=gzdt, parsed=b""))
        s.commit()
    return store


def test_store_is_what_the_report_tests_assume(tmp_path):
    store = build_store(tmp_path / "r.sqlite")
    states = {st.key: st for st in lifecycle(store, SITE, until_scan=4)}
    assert states[key_of("A")].status == "fixed" and states[key_of("A")].fixed_on == date(2026, 11, 27)
    assert states[key_of("I")].status == "reopened" and states[key_of("I")].reopened_on == date(2026, 11, 27)
    assert states[key_of("B")].first_seen == date(2026, 11, 17)
