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

from govsite.browser.axe import axe_help
from govsite.checks.failures import browser_error
from govsite.checks.registry import RuleContext, rule
from govsite.lang import current, tr
from govsite.models import Finding
from govsite.profile import Profile
from govsite.scan.browser import BrowserData, BrowserPage, browser_of
from govsite.scan.view import ScanView

A11Y_CLAUSE = "RULES.md 无障碍与安全（良好做法）; 《政府网站发展指引》(国办发〔2017〕47号) 无障碍; axe-core WCAG 2.1 A/AA"
_KIND_ORDER = {"home": 0, "column": 1, "article": 2}
_IMPACT_ZH = {"critical": "非常严重", "serious": "严重", "moderate": "中等", "minor": "轻微"}


# ------------------------------------------------------------------ evidence for other rules
def browser_slow_pages(data: ScanView) -> list[tuple[str, str]]:
    """(url, evidence) of pages whose load event the browser did not see within the limit
    (规范 第二十三条(十)); the link.slow rule reports them next to the crawl's slow links."""
    out = []
    for p in browser_of(data).pages:
        if "timing" not in p.purposes or not p.timed_out:
            continue
        if current() == "en":
            dcl = f"DOMContentLoaded at {p.dcl_ms / 1000:.1f} s" if p.dcl_ms else "DOMContentLoaded not reached"
            tries = f"; timed out on {p.attempts} attempts" if p.attempts > 1 else ""
            out.append((p.url, f"browser: load event not reached within {p.limit_s:g} s ({dcl}{tries})"
                               + ("; screenshot kept" if p.has_screenshot else "")))
            continue
        dcl = f"页面框架{p.dcl_ms / 1000:.1f}秒时已就绪" if p.dcl_ms else "页面框架始终未就绪"
        tries = f"；{p.attempts}次尝试均超时" if p.attempts > 1 else ""
        out.append((p.url, f"浏览器：{p.limit_s:g}秒内页面未加载完成（{dcl}{tries}）"
                           + ("；已保存截图" if p.has_screenshot else "")))
    return out


def browser_slow_findings(data: ScanView, ctx: RuleContext, skip: set[str] = frozenset()) -> Iterator[Finding]:
    """link.slow findings for the browser's slow pages not in `skip` (those the crawl reported)."""
    limit = float(ctx.get("thresholds.link_slow_seconds"))
    for url, evidence in browser_slow_pages(data):
        if url in skip:
            continue
        page = data.page(url)
        yield ctx.finding(url, f"页面未能在{limit:g}秒内加载完成（浏览器）", evidence,
                      column=(page.column_name or "") if page else "",
                      column_url=(page.column_url or "") if page else "")


def a11y_summary(data: ScanView | BrowserData, profile: Profile | None = None) -> dict:
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


@rule("a11y.*", title="无障碍问题", title_en="accessibility: an axe-core rule fails (one finding per axe rule and element)",
      clause=A11Y_CLAUSE, severity="warn", standard="both",
      reads=("browser.axe_tags", "browser.axe_examples"))
def accessibility(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：axe-core 检出的无障碍问题（如颜色对比度、图片缺少替代文字、表单缺少标签）；同一模板问题只报一次。
    依据：《政府网站发展指引》（国办发〔2017〕47号）无障碍要求；WCAG 2.1 A/AA。
    整改：由网站运维单位修改页面模板或样式，按提示补齐替代文字、标签和对比度。
    """
    shown = int(ctx.get("browser.axe_examples"))
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
        more = len(urls) - shown
        info = data.page(first.url)
        impact = v.get("impact") or "n/a"
        evidence = tr(f"影响程度：{_IMPACT_ZH.get(impact, impact)}；{len(urls)}个页面上共{elements}个元素："
                      + "；".join(urls[:shown]) + (f" 等，另有{more}个页面" if more > 0 else "")
                      + f"；例如 {example['target']} {html}；{v.get('helpUrl', '')}",
                      f"impact {impact}; {elements} element(s) on {len(urls)} page(s): "
                      + "; ".join(urls[:shown]) + (f" and {more} more" if more > 0 else "")
                      + f"; e.g. {example['target']} {html}; {v.get('helpUrl', '')}")
        yield ctx.finding(first.url, tr("无障碍问题：", "accessibility: ") + axe_help(key[0], v.get("help") or key[0]),
                          evidence.strip(),
                          rule_id=f"a11y.{key[0]}",
                          column=(info.column_name or "") if info else "",
                          column_url=((info.column_url if info else None) or first.column_url or ""))


@rule("security.no_https", title="未启用HTTPS", title_en="the site is not served over HTTPS, or http:// is not redirected to https://",
      clause="RULES.md 无障碍与安全（良好做法）", severity="warn", standard="both")
def no_https(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：首页未通过 HTTPS 提供，或 HTTPS 无法访问。
    依据：RULES.md 无障碍与安全（良好做法）。
    整改：为网站部署有效的 HTTPS 证书，并将 HTTP 访问跳转到 HTTPS。
    """
    browser = browser_of(data)
    home = next(iter(browser.of_kind("home")), None)
    if home is None:
        return
    start_https = urlsplit(data.start_url).scheme == "https"
    final = home.final_url or data.start_url
    if start_https:
        probe = next(iter(browser.of_kind("http")), None)
        if probe and not probe.error and probe.final_url and not probe.final_url.startswith("https://"):
            yield ctx.finding(data.start_url, "网站 http:// 访问未跳转到 https://",
                          tr(f"http:// 首页返回 HTTP {probe.status}（{probe.final_url}），未跳转到 https://",
                             f"http:// root answered HTTP {probe.status} at {probe.final_url} without redirecting"),
                          column="首页", column_url=data.start_url)
        return
    if final.startswith("https://"):
        return
    probe = next(iter(browser.of_kind("https")), None)
    if probe is not None and not probe.error and (probe.status or 0) < 400:
        why = tr(f"https:// 可以访问（HTTP {probe.status}），但 http:// 未跳转到 https://",
                 f"https:// answers (HTTP {probe.status}) but http:// is not redirected to it")
    else:
        failed = probe.error if probe and probe.error else ""
        why = tr("网站只能通过 http 访问" + (f"；https:// 无法打开：{browser_error(failed)}" if failed else ""),
                 "the site answers over http only" + (f"; https:// fails: {failed}" if failed else ""))
    yield ctx.finding(data.start_url, "网站未使用 HTTPS 加密访问", why,
                  column="首页", column_url=data.start_url)


@rule("security.mixed_content", title="HTTPS页面引用HTTP资源", title_en="an HTTPS page loads resources over plain HTTP",
      clause="RULES.md 无障碍与安全（良好做法）", severity="warn", standard="both")
def mixed_content(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：HTTPS 页面引用了 http:// 的脚本、样式或图片（浏览器会拦截或告警）。
    依据：RULES.md 无障碍与安全（良好做法）。
    整改：把页面中引用的资源地址改为 https:// 或站内相对地址。
    """
    for p in browser_of(data).pages:
        if not p.mixed_content:
            continue
        info = data.page(p.url)
        extra = len(p.mixed_content) - 5
        shown = ", ".join(p.mixed_content[:5]) + (tr(f" 等，另有{extra}个", f" and {extra} more") if extra > 0 else "")
        yield ctx.finding(p.url, "HTTPS 页面引用了 HTTP 资源（混合内容）",
                      tr(f"引用了{len(p.mixed_content)}个 http:// 资源：{shown}",
                         f"{len(p.mixed_content)} http:// resource(s): {shown}"),
                      column=(info.column_name or "") if info else "",
                      column_url=(info.column_url or "") if info else "")
