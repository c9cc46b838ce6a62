"""home.stale on a home page of navigation only (国办秘函〔2019〕19号: 首页仅为网站导航页的，检查
二级页面): its second-level pages are judged.

Planted: a navigation home whose sections' newest item is 20 days old.  Traps: a navigation home
whose newest section item is 3 days old (an older section beside it does not matter), and an
article linked from the home page, dated yesterday, that is not a second-level page."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.freshness import home_stale
from govsite.profile import load_profile

BASE = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 27)
SECTIONS = {"xwzx/": "新闻中心", "zwgk/": "政务公开", "hdjl/": "互动交流"}


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _section(path: str, name: str, age: int) -> str:
    rows = "".join(f'<li><a href="{BASE}{path}t{n}.html">{name}第{n}条信息</a>'
                   f"<span>{AS_OF - timedelta(days=age + 3 * n)}</span></li>" for n in range(5))
    return f'<html><head><title>{name}</title></head><body><ul class="list">{rows}</ul></body></html>'


def _portal(ages: dict[str, int], article_age: int | None = None) -> dict[str, str]:
    nav = "".join(f'<li><a href="{BASE}{path}">{name}</a></li>' for path, name in SECTIONS.items())
    extra = ""
    pages = {}
    if article_age is not None:
        url = f"{BASE}xwzx/t99.html"
        extra = f'<p><a href="{url}">县政府召开常务会议</a></p>'
        pages[url] = ('<html><head><title>县政府召开常务会议</title></head><body><h1>县政府召开常务会议</h1>'
                      f'<div class="info">发布时间：{AS_OF - timedelta(days=article_age)}</div>'
                      '<div class="TRS_Editor"><p>会议研究了有关工作。</p></div></body></html>')
    pages[BASE] = (f'<html><head><title>凤冈县人民政府网</title></head><body><div class="nav"><ul>{nav}</ul>'
                   f"</div>{extra}</body></html>")
    for path, name in SECTIONS.items():
        pages[BASE + path] = _section(path, name, ages[path])
    return pages


def _run(pages, profile):
    return list(home_stale(scandata_from_html(pages, AS_OF, BASE), profile))


def test_a_navigation_home_whose_sections_are_stale(profile):
    (f,) = _run(_portal({"xwzx/": 20, "zwgk/": 30, "hdjl/": 60}, article_age=1), profile)
    assert (f.rule_id, f.url, f.severity) == ("home.stale", BASE, "veto")
    assert f.message == "首页为导航页，二级页面20天未更新"
    assert f"3个二级页面中最新一条信息为{AS_OF - timedelta(days=20)}（{BASE}xwzx/）" in f.evidence


def test_a_navigation_home_with_a_fresh_section_is_fine(profile):
    assert _run(_portal({"xwzx/": 3, "zwgk/": 30, "hdjl/": 60}), profile) == []


def test_nothing_dated_anywhere_is_still_reported(profile):
    pages = _portal({"xwzx/": 3, "zwgk/": 3, "hdjl/": 3})
    for path in SECTIONS:
        pages[BASE + path] = "<html><head><title>栏目</title></head><body><p>建设中</p></body></html>"
    (f,) = _run(pages, profile)
    assert f.message == "首页没有带日期的更新信息"
