"""site.search_missing and column.missing on hand-made home pages: a planted defect each, and the
traps that must pass (a search link instead of a form; a column present under a synonym)."""
from datetime import date

from sample_scandata import scandata_from_html

from govsite.checks.structure import missing_columns, search_missing
from govsite.profile import load_profile

BASE = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 27)


def _home(body: str) -> dict[str, str]:
    return {BASE: f"<html><head><title>凤冈县人民政府</title></head><body>{body}</body></html>"}


def test_a_home_page_without_search_is_found():
    found = list(search_missing(scandata_from_html(_home("<p>首页</p>"), AS_OF, BASE), load_profile()))
    assert [(f.rule_id, f.url) for f in found] == [("site.search_missing", BASE)]


def test_a_search_form_or_a_search_link_is_a_search():
    form = _home('<form action="/search"><input type="text" name="q"><input type="submit" value="搜索"></form>')
    link = _home('<a href="http://www.example.gov.cn/search/">站内搜索</a>')
    for pages in (form, link):
        assert list(search_missing(scandata_from_html(pages, AS_OF, BASE), load_profile())) == []


def test_a_required_column_missing_and_one_present_under_a_synonym():
    nav = "".join(f'<a href="{BASE}{path}/">{name}</a>' for path, name in
                  [("dqgk", "凤冈概况"), ("gzdt", "工作动态")])
    pages = _home(nav)
    for path, name in [("dqgk", "凤冈概况"), ("gzdt", "工作动态")]:
        pages[f"{BASE}{path}/"] = (f"<html><head><title>{name}</title></head><body><h2>{name}</h2>"
                                   f"<ul><li><a href='{BASE}{path}/t1.html'>一条</a><span>2026-11-20</span></li></ul>"
                                   "</body></html>")
    missing = {f.column for f in missing_columns(scandata_from_html(pages, AS_OF, BASE), load_profile())}
    assert "地区概况" not in missing          # present as its synonym 凤冈概况
    assert "工作动态" not in missing
    assert {"通知公告", "机构设置"} <= missing
