"""home.stale (国办秘函〔2019〕19号: 首页 2 周未更新, veto) on hand-made home pages parsed with the
real parser (test_checks_freshness.py feeds it hand-built parses).

Planted: a home page whose newest item is 15 days old; a home page with no dated item.  Traps: 13
days old is fine, and so is 14 (the limit itself); an item dated in the future (a typo, or an event
announced ahead) does not make a stale home page fresh."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.freshness import home_stale
from govsite.profile import load_profile

BASE = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _home(*ages: int, undated: bool = False) -> dict[str, str]:
    rows = "".join(f'<li><a href="{BASE}xwzx/gzdt/t{n}.html">凤冈县工作动态第{n}条</a>'
                   f"<span>{AS_OF - timedelta(days=age)}</span></li>" for n, age in enumerate(ages))
    if undated:
        rows += "".join(f'<li><a href="{BASE}ztzl/z{n}/">专题专栏{n}</a></li>' for n in range(3))
    return {BASE: f'<html><head><title>凤冈县人民政府网</title></head><body><div class="news"><h2>要闻动态</h2>'
                  f'<ul class="list">{rows}</ul></div></body></html>'}


def _run(pages, profile):
    return list(home_stale(scandata_from_html(pages, AS_OF, BASE), profile))


def test_fifteen_days_is_stale(profile):
    (f,) = _run(_home(15, 20, 40), profile)
    assert (f.rule_id, f.url, f.severity, f.standard) == ("home.stale", BASE, "veto", "national")
    assert f.message == "首页15天未更新" and f"{AS_OF - timedelta(days=15)}" in f.evidence


@pytest.mark.parametrize("age", [13, 14])
def test_thirteen_and_fourteen_days_are_fine(profile, age):
    assert _run(_home(age, 30), profile) == []


def test_a_future_date_does_not_make_the_home_page_fresh(profile):
    (f,) = _run(_home(-30, 15, 20), profile)
    assert f.message == "首页15天未更新"


def test_a_home_page_without_any_dated_item(profile):
    (f,) = _run(_home(undated=True), profile)
    assert (f.url, f.message) == (BASE, "首页没有带日期的更新信息")
