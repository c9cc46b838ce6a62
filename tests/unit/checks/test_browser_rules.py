"""Browser rules on hand-made inputs (no browser needed): a11y grouping, HTTPS, mixed content,
slow pages, rendered lists."""
from __future__ import annotations

from datetime import date

from govsite.checks.browser import accessibility, browser_slow_pages, mixed_content, no_https
from govsite.profile import load_profile
from govsite.scan.browser import BrowserData, BrowserPage, rendered_lists
from govsite.scan.view import ScanView

SITE = "http://www.gzfg.gov.cn/"
PROFILE = load_profile()


def _page(url, kind="article", **kw) -> BrowserPage:
    base = dict(url=url, kind=kind, column_url=None, purposes=frozenset({"timing", "axe"}), final_url=url,
                status=200, error="", dcl_ms=300.0, load_ms=500.0, timed_out=False, attempts=1, limit_s=15.0,
                has_screenshot=False, axe=None, rendered_items=None, mixed_content=[], a11y_entries=[])
    base.update(kw)
    return BrowserPage(**base)


def _data(*pages, start=SITE) -> ScanView:
    data = ScanView(scan_id=1, start_url=start, as_of=date(2026, 11, 27), status="complete")
    data.browser = BrowserData(list(pages))
    return data


def _violation(axe_id, *targets, impact="serious"):
    return {"id": axe_id, "impact": impact, "help": f"help for {axe_id}", "helpUrl": "https://dequeuniversity.com/x",
            "count": len(targets), "nodes": [{"target": t, "html": f"<x class='{t}'>"} for t in targets]}


def test_template_fault_is_one_finding_and_page_faults_are_apart():
    top = _violation("color-contrast", ".top-bar > a")
    pages = [_page(SITE, "home", axe=[top]), _page(SITE + "a/", "column", axe=[top]),
             _page(SITE + "a/1.html", axe=[_violation("color-contrast", ".top-bar > a", "p.grey"),
                                           _violation("image-alt", "img[src=a.png]", "img[src=c.png]",
                                                      impact="critical")]),
             _page(SITE + "a/2.html", axe=[_violation("image-alt", "img[src=b.png]", impact="critical")]),
             _page(SITE + "a/3.html", axe=[])]
    found = list(accessibility(_data(*pages), PROFILE))
    assert sorted((f.rule_id, f.url) for f in found) == [
        ("a11y.color-contrast", SITE), ("a11y.color-contrast", SITE + "a/1.html"),
        ("a11y.image-alt", SITE + "a/1.html"), ("a11y.image-alt", SITE + "a/2.html")]
    template = next(f for f in found if f.url == SITE)
    assert "3个页面上共3个元素" in template.evidence and template.severity == "warn"
    own = next(f for f in found if f.rule_id == "a11y.color-contrast" and f.url != SITE)
    assert "1个页面上共1个元素" in own.evidence and "p.grey" in own.evidence
    two = next(f for f in found if f.url == SITE + "a/1.html" and f.rule_id == "a11y.image-alt")
    assert "共2个元素" in two.evidence and "影响程度：非常严重" in two.evidence


def test_no_browser_data_means_no_findings():
    data = ScanView(scan_id=1, start_url=SITE, as_of=date(2026, 11, 27), status="complete")
    for rule in (accessibility, no_https, mixed_content):
        assert list(rule(data, PROFILE)) == []
    assert browser_slow_pages(data) == [] and rendered_lists(data) == {}


def test_https_cases():
    home = _page(SITE, "home")
    refused = _page("https://www.gzfg.gov.cn/", "https", error="net::ERR_CONNECTION_REFUSED", status=None)
    (f,) = no_https(_data(home, refused), PROFILE)
    assert f.rule_id == "security.no_https" and "https:// 无法打开：连接被拒绝" in f.evidence
    answers = _page("https://www.gzfg.gov.cn/", "https")
    (f,) = no_https(_data(home, answers), PROFILE)
    assert "未跳转到 https://" in f.evidence
    redirected = _page(SITE, "home", final_url="https://www.gzfg.gov.cn/")
    assert list(no_https(_data(redirected, answers), PROFILE)) == []
    secure = "https://www.gzfg.gov.cn/"
    http_stays = _page(SITE, "http", final_url=SITE)
    assert len(list(no_https(_data(_page(secure, "home"), http_stays, start=secure), PROFILE))) == 1
    http_moves = _page(SITE, "http", final_url=secure)
    assert list(no_https(_data(_page(secure, "home"), http_moves, start=secure), PROFILE)) == []


def test_mixed_content():
    page = _page("https://www.gzfg.gov.cn/a.html", mixed_content=[f"http://cdn.example/{i}.js" for i in range(7)])
    (f,) = mixed_content(_data(page, start="https://www.gzfg.gov.cn/"), PROFILE)
    assert f.rule_id == "security.mixed_content" and "引用了7个 http:// 资源" in f.evidence and "另有2个" in f.evidence


def test_slow_pages_and_rendered_lists():
    slow = _page(SITE + "slow.html", timed_out=True, load_ms=None, dcl_ms=1200.0, attempts=2)
    shot_only = _page(SITE + "x.html", purposes=frozenset({"screenshot"}), timed_out=True)
    col = _page(SITE + "col/", "column", column_url=SITE + "col/",
                rendered_items=[["标题一", SITE + "col/1.html", "2026-11-26", "2026-11-26"],
                                ["标题二", SITE + "col/2.html", None, ""]])
    data = _data(slow, shot_only, col)
    (url, evidence), = browser_slow_pages(data)
    assert url == SITE + "slow.html" and "15秒内页面未加载完成" in evidence and "1.2秒" in evidence and "2次尝试" in evidence
    assert rendered_lists(data) == {SITE + "col/": [("标题一", SITE + "col/1.html", date(2026, 11, 26)),
                                                    ("标题二", SITE + "col/2.html", None)]}
