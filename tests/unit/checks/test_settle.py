"""The checks' output step (checks/settle.py) and the one attribution of a finding to a unit
(ownership.py), on hand-made pages run through the real rules: a footer defect on many pages is
one finding of the operator, a broken link names the pages that carry it, every finding has a unit."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks import identity, links
from govsite.checks.settle import settle
from govsite.deadlines import NOT_COVERED, deadline, deadline_text, overdue
from govsite.models import LinkCheck
from govsite.ownership import owner_of
from govsite.profile import Profile, load_profile
from govsite.scan.view import LinkSource

BASE = "http://www.example.gov.cn/"
COL = BASE + "zwgk/tjxx/"
OTHER = BASE + "zxft/"
DEAD = BASE + "old/gone.html"
AS_OF = date(2026, 11, 27)
FOOTER = ('<div class="footer">主办单位：凤冈县人民政府办公室 网站标识码：5203270001 黔ICP备05000001号 '
          '黔公网安备 52032702000001号 联系电话：0851-5221234 <a href="https://zfwzgl.www.gov.cn/exposure/'
          'jiucuo.html?site_code=5203270001">我为政府网站找错</a><a href="http://bszs.conac.cn/">党政机关</a></div>')


def _page(title: str, column: str, body: str, footer: str = FOOTER) -> str:
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="{column}"></head><body>'
            f'<div class="header"><span class="site-name">凤冈县人民政府网</span></div>{body}{footer}</body></html>')


@pytest.fixture(scope="module")
def scan():
    articles = {f"{COL}202611/t2026110{n}_1.html": _page(f"统计公报{n}", "统计信息", f"<p>统计公报{n}</p>",
                                                          footer=FOOTER.replace("主办单位：凤冈县人民政府办公室 ", ""))
                for n in range(1, 4)}
    listing = "".join(f'<li><a href="{u}">统计公报</a><span>2026-11-0{n}</span></li>'
                      for n, u in enumerate(articles, 1))
    pages = {BASE: _page("凤冈县人民政府网", "首页", f'<a href="{COL}">统计信息</a><a href="{OTHER}">在线访谈</a>'),
             COL: _page("统计信息", "统计信息", f'<ul class="list">{listing}</ul><a href="{DEAD}">旧公报</a>',
                        footer=FOOTER.replace("主办单位：凤冈县人民政府办公室 ", "")),
             OTHER: _page("在线访谈", "在线访谈", f'<a href="{DEAD}">往期</a>'), **articles}
    checks = {DEAD: LinkCheck(DEAD, True, "GET", 404, DEAD, 0.1, "http", "Not Found")}
    data = scandata_from_html(pages, AS_OF, BASE, checks)
    data.problem_links = [LinkSource(url, link.url, link.anchor, link.tag, link.category, link.reason)
                          for url in pages for link in data.parsed(url).links if link.url in checks]
    return data


@pytest.fixture(scope="module")
def profile() -> Profile:
    base = load_profile()
    return Profile({**base.data, "units": {"统计信息": "县统计局"}}, "test")


def test_a_footer_defect_on_many_pages_is_one_finding_of_the_operator(scan, profile):
    raw = list(identity.sponsor_missing(scan, profile))
    assert len(raw) == 4                                  # the column page and its 3 articles
    (f,) = settle(raw, scan, profile)
    assert (f.rule_id, f.unit, f.column, f.url) == ("footer.sponsor_missing", "县政府电子政务中心", "", BASE)
    assert sorted(f.pages) == sorted(r.url for r in raw)
    assert f.evidence.startswith("网站模板问题，共4个页面，例如：") and f.page == f.pages[0]
    assert f.message == raw[0].message


def test_a_broken_link_names_the_pages_that_carry_it_and_their_unit(scan, profile):
    (f,) = settle(list(links.broken_links(scan, profile)), scan, profile)
    assert f.url == DEAD and sorted(f.pages) == sorted([COL, OTHER])
    assert f.page in (COL, OTHER) and f.page != f.url
    # the unit of the first carrier's column, by the same function the register uses
    assert f.unit == owner_of(f.column, f.page, profile) != ""


def test_owner_of(profile):
    p = Profile({**profile.data, "units": {"统计信息": "县统计局"},
                 "ownership": {**profile.data["ownership"],
                               "unit_prefixes": {"/zwgk/": "县政府办", "/zwgk/czxx/": "县财政局",
                                                 "http://other.example.cn/": "县融媒体中心"}}}, "t")
    assert owner_of("统计信息", BASE + "zwgk/czxx/1.html", p) == "县统计局"          # the column first
    assert owner_of("", BASE + "zwgk/czxx/1.html", p) == "县财政局"                  # longest prefix
    assert owner_of("", BASE + "zwgk/2.html", p) == "县政府办"
    assert owner_of("", "http://other.example.cn/a.html", p) == "县融媒体中心"
    assert owner_of("", BASE + "about.html", p) == "县政府电子政务中心"                # the operator
    assert owner_of("统计信息", BASE, p, template=True) == "县政府电子政务中心"


def test_deadline_by_severity_on_the_holiday_calendar(profile):
    # 2026-09-30 (Wed) + 1 working day: the National Day holidays run to 10-07
    assert deadline(date(2026, 9, 30), "veto", profile) == date(2026, 10, 8)
    assert deadline(date(2026, 11, 27), "deduct", profile) == date(2026, 12, 4)
    assert deadline(date(2026, 11, 27), "warn", profile) == date(2026, 12, 11)
    # into 2027, which the installed calendar does not know: no guessed deadline
    assert deadline(date(2026, 12, 28), "warn", profile) is None
    assert deadline_text(date(2026, 12, 28), "warn", profile) == NOT_COVERED
    assert overdue(date(2026, 12, 4), date(2026, 12, 7)) and not overdue(date(2026, 12, 4), date(2026, 12, 4))
    assert not overdue(None, date(2026, 12, 7))
