"""What only a browser sees (issue 7): accessibility (axe-core), HTTPS, mixed content; and the
browser's evidence for rules of other families (link.slow timings).

The rows come from the browser pass (govsite.browser) and reach the rules as `data.browser`
(a BrowserData of the scan view, govsite.scan.browser); a scan without a browser pass has no
`browser` and these rules report nothing.  RULES.md "Accessibility and security": good
practice, reported as warn.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import urlsplit

from govsite.checks.data import ScanData
from govsite.checks.registry import finding, rule
from govsite.models import Finding
from govsite.profile import Profile

# checks/data.py (load_scan_data) still imports these two from here; they are the scan view's now.
from govsite.scan.browser import (  # noqa: F401
    BrowserData,
    BrowserPage,
    browser_of,
    load_browser_data,
    rendered_list_items,
)

A11Y_CLAUSE = "RULES.md 无障碍与安全 (good practice); 《政府网站发展指引》(国办发〔2017〕47号) 无障碍; axe-core WCAG 2.1 A/AA"
_KIND_ORDER = {"home": 0, "column": 1, "article": 2}


# ------------------------------------------------------------------ evidence for other rules
def browser_slow_pages(data: ScanData) -> list[tuple[str, str]]:
    """(url, evidence) of pages whose load event the browser did not see within the limit
    (规范 第二十三条(十)); the link.slow rule reports them next to the crawl's slow links."""
    out = []
    for p in browser_of(data).pages:
        if "timing" not in p.purposes or not p.timed_out:
            continue
        dcl = f"DOMContentLoaded at {p.dcl_ms / 1000:.1f} s" if p.dcl_ms else "DOMContentLoaded not reached"
        tries = f"; timed out on {p.attempts} attempts" if p.attempts > 1 else ""
        out.append((p.url, f"browser: load event not reached within {p.limit_s:g} s ({dcl}{tries})"
                           + ("; screenshot kept" if p.has_screenshot else "")))
    return out


def browser_slow_findings(data: ScanData, profile: Profile, skip: set[str] = frozenset()) -> Iterator[Finding]:
    """link.slow findings for the browser's slow pages not in `skip` (those the crawl reported)."""
    limit = float(profile.get("thresholds.link_slow_seconds"))
    for url, evidence in browser_slow_pages(data):
        if url in skip:
            continue
        page = data.page(url)
        yield finding("link.slow", url, f"页面未能在{limit:g}秒内加载完成（浏览器）", evidence,
                      column=(page.column_name or "") if page else "",
                      column_url=(page.column_url or "") if page else "")


def a11y_summary(data: ScanData | BrowserData, profile: Profile | None = None) -> dict:
    """For the report: pages axe ran on, violations by rule, and whether the home page offers an
    accessibility / elder-care mode entry (无障碍, 长者模式, 适老化: reported here, not a finding)."""
    browser = browser_of(data)
    tested = [p for p in browser.pages if p.axe is not None]
    by_rule: dict[str, int] = defaultdict(int)
    for p in tested:
        for v in p.axe:
            by_rule[v["id"]] += 1
    home = next(iter(browser.of_kind("home")), None)
    entries = home.a11y_entries if home else []
    return {"pages_tested": len(tested), "violations_by_rule": dict(sorted(by_rule.items())),
            "elder_mode_entry": bool(entries), "elder_mode_entries": entries,
            "home_checked": home is not None and not home.error}


# ------------------------------------------------------------------ rules
def _order(p: BrowserPage) -> tuple:
    return (_KIND_ORDER.get(p.kind, 3), p.url)


@rule("a11y.*", title="accessibility: an axe-core rule fails (one finding per axe rule and element)",
      clause=A11Y_CLAUSE, severity="warn", standard="both",
      reads=("browser.axe_tags", "browser.axe_examples"))
def accessibility(data: ScanData, profile: Profile) -> Iterator[Finding]:
    """axe-core violations as `a11y.<axe rule id>`.  An element failing on several pages (the same
    selector: a template fault) is one finding on its first page with the count of pages; the
    elements only one page has are one finding for that page."""
    shown = int(profile.get("browser.axe_examples", 3))
    pages = sorted((p for p in browser_of(data).pages if p.axe), key=_order)
    seen_on: dict[tuple[str, str], int] = defaultdict(int)
    for p in pages:
        for v in p.axe:
            for target in {n["target"] for n in v.get("nodes") or []}:
                seen_on[(v["id"], target)] += 1
    groups: dict[tuple, list] = {}       # (axe id, target) or (axe id, page url) -> [(page, v, nodes)]
    for p in pages:
        for v in p.axe:
            nodes = v.get("nodes") or [{"target": "", "html": ""}]
            shared = [n for n in nodes if seen_on[(v["id"], n["target"])] > 1]
            own = [n for n in nodes if n not in shared]
            for n in shared:
                groups.setdefault((v["id"], "element", n["target"]), []).append((p, v, [n]))
            if own:
                extra = max(0, v.get("count", len(nodes)) - len(nodes))   # elements beyond the 50 kept
                groups.setdefault((v["id"], "page", p.url), []).append((p, v, own + [None] * extra))
    for key, hits in sorted(groups.items(), key=lambda g: (g[0][0], _order(g[1][0][0]))):
        first, v, nodes = hits[0]
        example = next((n for n in nodes if n), {"target": "", "html": ""})
        html = next((n["html"] for h in hits for n in h[2] if n and n.get("html")), "")[:120]
        elements = sum(len(h[2]) for h in hits)
        urls = list(dict.fromkeys(h[0].url for h in hits))
        where = "; ".join(urls[:shown]) + (f" and {len(urls) - shown} more" if len(urls) > shown else "")
        info = data.page(first.url)
        yield Finding(rule_id=f"a11y.{key[0]}", severity="warn", standard="both", clause=A11Y_CLAUSE,
                      url=first.url, message=f"无障碍问题：{v.get('help') or key[0]}",
                      evidence=(f"impact {v.get('impact') or 'n/a'}; {elements} element(s) on {len(urls)} "
                                f"page(s): {where}; e.g. {example['target']} {html}; "
                                f"{v.get('helpUrl', '')}").strip(),
                      column=(info.column_name or "") if info else "",
                      column_url=((info.column_url if info else None) or first.column_url or ""))


@rule("security.no_https", title="the site is not served over HTTPS, or http:// is not redirected to https://",
      clause="RULES.md 无障碍与安全 (good practice)", severity="warn", standard="both")
def no_https(data: ScanData, profile: Profile) -> Iterator[Finding]:
    """HTTPS, as the browser found it: the home page's final URL and a probe of the other scheme."""
    browser = browser_of(data)
    home = next(iter(browser.of_kind("home")), None)
    if home is None:
        return
    start_https = urlsplit(data.start_url).scheme == "https"
    final = home.final_url or data.start_url
    if start_https:
        probe = next(iter(browser.of_kind("http")), None)
        if probe and not probe.error and probe.final_url and not probe.final_url.startswith("https://"):
            yield finding("security.no_https", data.start_url, "网站 http:// 访问未跳转到 https://",
                          f"http:// root answered HTTP {probe.status} at {probe.final_url} without redirecting",
                          column="首页", column_url=data.start_url)
        return
    if final.startswith("https://"):
        return
    probe = next(iter(browser.of_kind("https")), None)
    if probe is not None and not probe.error and (probe.status or 0) < 400:
        why = f"https:// answers (HTTP {probe.status}) but http:// is not redirected to it"
    else:
        why = "the site answers over http only" + (f"; https:// fails: {probe.error}" if probe and probe.error
                                                   else "")
    yield finding("security.no_https", data.start_url, "网站未使用 HTTPS 加密访问", why,
                  column="首页", column_url=data.start_url)


@rule("security.mixed_content", title="an HTTPS page loads resources over plain HTTP",
      clause="RULES.md 无障碍与安全 (good practice)", severity="warn", standard="both")
def mixed_content(data: ScanData, profile: Profile) -> Iterator[Finding]:
    """http:// scripts, styles or images requested by an https:// page (browsers block or warn)."""
    for p in browser_of(data).pages:
        if not p.mixed_content:
            continue
        info = data.page(p.url)
        shown = ", ".join(p.mixed_content[:5]) + (f" and {len(p.mixed_content) - 5} more"
                                                  if len(p.mixed_content) > 5 else "")
        yield finding("security.mixed_content", p.url, "HTTPS 页面引用了 HTTP 资源（混合内容）",
                      f"{len(p.mixed_content)} http:// resource(s): {shown}",
                      column=(info.column_name or "") if info else "",
                      column_url=(info.column_url or "") if info else "")
