"""Column classification, the column register and the freshness rules on hand-made scan data."""
from datetime import date, timedelta

import pytest

from govsite.checks.catalog import load_all
from govsite.checks.columns import build_register, classify
from govsite.checks.run import run_checks
from govsite.models import Footer, ListItem, ParsedPage
from govsite.profile import load_profile
from govsite.reports.score import compute_score
from govsite.scan.view import PageInfo, ScanView, StoredListItem

AS_OF = date(2026, 11, 27)
SITE = "http://127.0.0.1:8800/"


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.mark.parametrize("name, category", [
    ("工作动态", "news"), ("乡镇动态", "news"), ("图片新闻", "news"), ("通知公告", "notice"),
    ("公示公告", "notice"), ("规范性文件", "policy"), ("县政府文件", "policy"), ("人事任免", "personnel"),
    ("招考招聘", "personnel"), ("规划计划", "plan"), ("工作总结", "plan"), ("地区概况", "other"),
    ("统计信息", "other"),
])
def test_classifier(profile, name, category):
    assert classify(name, profile) == category


def test_classifier_override(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("column_overrides:\n  统计信息: plan\n", "utf-8")
    assert classify("统计信息", load_profile(f)) == "plan"


def _column(url, name, days_old, year_in_list=True, scripted=False, placeholder=None, n=3):
    page = PageInfo(url=url + "index.html", kind="column", status=200, title=name, published=None,
                    source=None, column_name=name, column_url=url, elapsed=0.1)
    items = []
    for i in range(n):
        day = AS_OF - timedelta(days=days_old + i * 3)
        text = day.isoformat() if year_in_list else f"[{day:%m-%d}]"
        items.append(StoredListItem(page.url, url, f"{name}{i}", f"{url}t{i}.html", day, text))
    parsed = ParsedPage(url=page.url, kind="column", column=name, scripted_list=scripted,
                        placeholder=placeholder)
    return page, items, parsed


def _data(columns, home_items=(), extra_pages=()):
    pages, items, parsed = [], [], {}
    home = PageInfo(SITE, "home", 200, "凤冈县人民政府网", None, None, None, None, 0.1)
    pages.append(home)
    parsed[SITE] = ParsedPage(url=SITE, kind="home", items=list(home_items), has_search=True,
                              footer=Footer(identifier_code="5203270001", sponsor="凤冈县人民政府办公室",
                                            jiucuo=True, jiucuo_site_code="5203270001"))
    for page, its, p in columns:
        pages.append(page)
        items.extend(its)
        parsed[page.url] = p
    pages.extend(extra_pages)
    return ScanView(1, SITE, AS_OF, "complete", pages=pages, list_items=items,
                    load_parsed=parsed.get)


def test_register_limits_and_status(profile):
    data = _data([_column(SITE + "xwzx/gzdt/", "工作动态", 3),
                  _column(SITE + "xwzx/xzdt/", "乡镇动态", 10),
                  _column(SITE + "xwzx/bmdt/", "部门动态", 20),
                  _column(SITE + "xwzx/tpxw/", "图片新闻", 6),
                  _column(SITE + "zwgk/gzjh/", "工作计划", 300),
                  _column(SITE + "zwgk/ghjh/", "规划计划", 300),
                  _column(SITE + "zwgk/kong/", "财政信息", 0, n=0, placeholder="暂无信息")])
    reg = {c.name: c for c in build_register(data, profile)}
    assert reg["工作动态"].status == "ok" and reg["工作动态"].age_days == 3
    assert reg["乡镇动态"].status == "stale (county)"      # 10 days: over 7, under 14
    assert reg["部门动态"].status == "stale (both)"
    assert reg["图片新闻"].status == "due soon"            # 6 days, county limit 7, due soon 2
    assert reg["工作计划"].limit_county_days == 366 and reg["工作计划"].status == "ok"
    assert reg["规划计划"].status == "stale (county)"      # 6 months county, 1 year national
    assert reg["财政信息"].status == "empty"


def test_yearless_list_dates_prefer_the_article_date(profile):
    col = _column(SITE + "xwzx/gzdt/", "工作动态", 3, year_in_list=False, n=1)
    # The list shows [11-24] but the article says it was published a year earlier.
    article = PageInfo(SITE + "xwzx/gzdt/t0.html", "article", 200, "t", date(2025, 11, 24), "x",
                       "工作动态", SITE + "xwzx/gzdt/", 0.1)
    data = _data([col], extra_pages=[article])
    (reg,) = build_register(data, profile)
    assert reg.newest_date == date(2025, 11, 24) and reg.status == "stale (both)"


def test_stale_rule_standard_and_veto(profile):
    stale = [_column(SITE + f"c{i}/", name, 30) for i, name in
             enumerate(["工作动态", "乡镇动态", "部门动态", "要闻", "图片新闻"])]
    data = _data(stale + [_column(SITE + "ok/", "通知公告", 10)],
                 home_items=[ListItem("a", SITE + "a.html", AS_OF - timedelta(days=1))])
    findings = run_checks(data, profile, only={"column.stale", "home.stale"})
    assert {f.url for f in findings} == {SITE + f"c{i}/" for i in range(5)}
    assert all(f.standard == "both" and f.rule_id == "column.stale" for f in findings)
    register = build_register(data, profile)
    score = compute_score(1, AS_OF.isoformat(), findings, register, profile)
    assert [v.rule_ids for v in score.vetoes] == [["column.stale"]]
    assert not score.passed


def test_datastore_column_is_not_empty_but_placeholder_is(profile):
    data = _data([_column(SITE + "a/", "公示公告", 0, n=0, scripted=True),
                  _column(SITE + "b/", "财政信息", 0, n=0, placeholder="暂无信息")])
    findings = run_checks(data, profile, only={"column.empty"})
    assert [(f.url, "暂无信息" in f.evidence) for f in findings] == [(SITE + "b/", True)]


def test_home_page_freshness(profile):
    fresh = _data([], home_items=[ListItem("a", SITE + "a.html", AS_OF - timedelta(days=13))])
    assert run_checks(fresh, profile, only={"home.stale"}) == []
    old = _data([], home_items=[ListItem("a", SITE + "a.html", AS_OF - timedelta(days=15))])
    (f,) = run_checks(old, profile, only={"home.stale"})
    assert f.severity == "veto" and "15" in f.message


def test_every_rule_declares_clause_and_docstring():
    for r in load_all().values():
        assert r.clause and r.func.__doc__, r.rule_id
