"""link.broken, link.slow, link.local_file and link.blocked (规范 第二十三条(十)) on hand-made pages
and hand-made LinkChecks, one per distinct target as the crawl stores them.

Planted: a 404 linked from the home page and from an article, a soft 404, a DNS failure, a
timeout, a target that opened after 15.2 s, a file:/// and a \\\\server\\share link, a 瑞数
challenge (HTTP 412) and a 429 that stayed.  Traps: a challenge or a rate limit is listed, never
broken; a slow page is slow, not broken; 14.9 s under the 15 s limit (2.9 s under a 3 s one) is
fine; a body cut at the size limit (not_scanned) and a host outside --allow-host (not checked) are
neither; a good attachment is not a local file."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.links import blocked_links, broken_links, local_file_links, slow_links
from govsite.models import LinkCheck
from govsite.profile import load_profile
from govsite.scan.view import LinkSource, ScanView

BASE = "http://www.example.gov.cn/"
COL = BASE + "xwzx/gzdt/"
ARTICLE = COL + "t1.html"
EXT = "http://127.0.0.2/"
AS_OF = date(2026, 11, 27)

MISSING = BASE + "zwgk/removed.html"
SOFT404 = EXT + "deleted.html"
NO_DNS = "http://www.gone-example.gov.cn/"
TIMEOUT = EXT + "hangs.html"
SLOW = EXT + "slow.html"
NEARLY = EXT + "nearly.html"
FAST = EXT + "fast.html"
LOCAL = "file:///C:/Users/admin/Desktop/通知.docx"
UNC = "\\\\fileserver\\share\\表.xls"
RUISHU = EXT + "rs/index.html"
LIMITED = EXT + "limited/index.html"
CUT = BASE + "files/huge.pdf"
OUTSIDE = "https://www.gov.cn/zhengce/"
GOOD_PDF = BASE + "files/P020261120.pdf"


def _check(url: str, **kw) -> LinkCheck:
    base = dict(url=url, checked=True, method="GET", status=200, final_url=url, elapsed=0.2)
    base.update(kw)
    return LinkCheck(**base)


CHECKS = {c.url: c for c in [
    _check(MISSING, status=404, error_class="http", detail="Not Found"),
    _check(SOFT404, error_class="soft404"),
    _check(NO_DNS, status=None, error_class="dns", detail="Name or service not known"),
    _check(TIMEOUT, status=None, elapsed=15.0, error_class="timeout"),
    _check(SLOW, elapsed=15.2),
    _check(NEARLY, elapsed=14.9),
    _check(FAST, elapsed=2.9),
    _check(LOCAL, method="", status=None, elapsed=None, error_class="local_file",
           detail="points into a local computer or network share"),
    _check(UNC, method="", status=None, elapsed=None, error_class="local_file",
           detail="points into a local computer or network share"),
    _check(RUISHU, status=412, error_class="blocked", detail="瑞数 challenge (ruishu)"),
    _check(LIMITED, status=429, error_class="rate_limited", detail="HTTP 429 after 3 retries"),
    _check(CUT, error_class="not_scanned", detail="body cut at the size limit"),
    _check(OUTSIDE, checked=False, method="", status=None, elapsed=None, detail="host not allowed (--allow-host)"),
    _check(GOOD_PDF, content_type="application/pdf"),
]}


def _a(url: str, text: str) -> str:
    return f'<a href="{url}">{text}</a>'


def _html(title: str, links: str, column: str = "工作动态") -> str:
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="{column}"></head><body>'
            f"{links}</body></html>")


@pytest.fixture(scope="module")
def scan() -> ScanView:
    home_links = _a(MISSING, "已撤销的通知") + _a(COL, "工作动态")
    article = ('<h1 class="title">凤冈县召开冬季森林防火工作会议</h1><div class="info"><span>发布时间：2026-11-20'
               '</span><span>来源：县政府办</span></div><div class="TRS_Editor"><p>凤冈县召开冬季森林防火工作会议，部署'
               "全县森林防火工作。</p>" + "".join(_a(u, f"链接{n}") for n, u in enumerate(CHECKS))
               + "</div>")
    pages = {BASE: _html("凤冈县人民政府网", home_links, "首页"),
             COL: _html("工作动态", f'<ul class="list"><li>{_a(ARTICLE, "凤冈县召开冬季森林防火工作会议")}'
                        "<span>2026-11-20</span></li></ul>"),
             ARTICLE: _html("凤冈县召开冬季森林防火工作会议", article)}
    data = scandata_from_html(pages, AS_OF, BASE, CHECKS)
    # The store's links to failing or slow targets, as ScanView.links_to_problems reads them.
    data.problem_links = [LinkSource(url, link.url, link.anchor, link.tag, link.category, link.reason)
                          for url in pages for link in data.parsed(url).links if link.url in CHECKS]
    return data


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _by_url(findings) -> dict:
    return {f.url: f for f in findings}


def test_broken_links(scan, profile):
    found = _by_url(broken_links(scan, profile))
    assert set(found) == {MISSING, SOFT404, NO_DNS}
    assert all((f.rule_id, f.severity, f.standard) == ("link.broken", "deduct", "both") for f in found.values())
    home = found[MISSING]
    # Linked from the home page: counted apart, as the national indicators do.
    assert home.on_home and home.message.startswith("[首页] ") and "HTTP 404" in home.evidence
    assert "含此链接的页面2个" in home.evidence and BASE in home.evidence and ARTICLE in home.evidence
    assert not found[SOFT404].on_home and "页面显示内容不存在" in found[SOFT404].evidence
    assert (found[SOFT404].column, found[SOFT404].column_url) == ("工作动态", COL)
    assert "域名无法解析" in found[NO_DNS].evidence


def test_challenges_rate_limits_slow_cut_and_unchecked_targets_are_never_broken(scan, profile):
    broken = {f.url for f in broken_links(scan, profile)}
    assert not broken & {RUISHU, LIMITED, TIMEOUT, SLOW, CUT, OUTSIDE, GOOD_PDF, LOCAL, UNC}


def test_blocked_lists_challenges_and_rate_limits(scan, profile):
    found = _by_url(blocked_links(scan, profile))
    assert set(found) == {RUISHU, LIMITED}
    assert all((f.rule_id, f.severity) == ("link.blocked", "warn") for f in found.values())
    assert "HTTP 412" in found[RUISHU].evidence and "瑞数" in found[RUISHU].evidence


def test_slow_links_at_the_15_second_limit(scan, profile):
    found = _by_url(slow_links(scan, profile))
    assert set(found) == {TIMEOUT, SLOW}           # 14.9 s and 2.9 s are in time
    assert all((f.rule_id, f.severity, f.standard) == ("link.slow", "deduct", "both") for f in found.values())
    assert "15.2秒后才打开（限15秒）" in found[SLOW].evidence
    assert "连接超时" in found[TIMEOUT].evidence


def test_slow_links_under_a_3_second_limit(scan, tmp_path):
    profile_file = tmp_path / "fast.yaml"
    profile_file.write_text("thresholds: {link_slow_seconds: 3.0}\n", "utf-8")
    found = _by_url(slow_links(scan, load_profile(profile_file)))
    assert FAST not in found                       # 2.9 s under a 3 s limit
    assert {SLOW, NEARLY, TIMEOUT} <= set(found)
    assert found[NEARLY].message == "链接未能在3秒内打开"


def test_local_file_links(scan, profile):
    found = _by_url(local_file_links(scan, profile))
    assert set(found) == {LOCAL, UNC}
    assert all((f.rule_id, f.severity) == ("link.local_file", "deduct") for f in found.values())
    assert ARTICLE in found[LOCAL].evidence and found[LOCAL].column == "工作动态"
