"""security.mixed_content and security.no_https: the traps test_browser_rules.py leaves out, on
hand-made browser rows (no browser needed).

security.mixed_content: only the HTTPS page that loads http:// resources is reported, with its
column; an HTTPS page whose resources are all https:// or relative is not, nor is a page whose
browser load failed.  security.no_https: an HTTPS site whose http:// root cannot be reached at
all (only port 443 open) is not a site without HTTPS."""
from __future__ import annotations

from datetime import date

from govsite.checks.browser import mixed_content, no_https
from govsite.profile import load_profile
from govsite.scan.browser import BrowserData, BrowserPage
from govsite.scan.view import PageInfo, ScanView

SITE = "https://www.gzfg.gov.cn/"
COL = SITE + "xwzx/gzdt/"
PROFILE = load_profile()


def _page(url: str, kind: str = "article", **kw) -> BrowserPage:
    base = dict(url=url, kind=kind, column_url=None, purposes=frozenset({"timing", "axe"}), final_url=url,
                status=200, error="", dcl_ms=300.0, load_ms=500.0, timed_out=False, attempts=1, limit_s=15.0,
                has_screenshot=False, axe=None, rendered_items=None, mixed_content=[], a11y_entries=[])
    base.update(kw)
    return BrowserPage(**base)


def _scan(*pages: BrowserPage) -> ScanView:
    infos = [PageInfo(p.url, p.kind, 200, "t", None, None, "工作动态", COL, 0.1) for p in pages
             if p.kind in ("article", "column")]
    data = ScanView(scan_id=1, start_url=SITE, as_of=date(2026, 11, 27), status="complete", pages=infos)
    data.browser = BrowserData(list(pages))
    return data


def test_only_the_page_loading_http_resources_is_reported():
    mixed = _page(COL + "t1.html", mixed_content=["http://cdn.example.com/jquery.js"])
    clean = _page(COL + "t2.html")
    failed = _page(COL + "t3.html", status=None, error="net::ERR_TIMED_OUT")
    found = list(mixed_content(_scan(_page(SITE, "home"), mixed, clean, failed), PROFILE))
    assert [(f.rule_id, f.url, f.severity, f.standard) for f in found] == [
        ("security.mixed_content", COL + "t1.html", "warn", "both")]
    assert (found[0].column, found[0].column_url) == ("工作动态", COL)
    assert "引用了1个 http:// 资源：http://cdn.example.com/jquery.js" in found[0].evidence


def test_an_https_site_whose_http_root_does_not_answer_is_not_reported():
    unreachable_http = _page("http://www.gzfg.gov.cn/", "http", status=None, final_url=None,
                             error="net::ERR_CONNECTION_REFUSED")
    assert list(no_https(_scan(_page(SITE, "home"), unreachable_http), PROFILE)) == []
