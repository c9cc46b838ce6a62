"""Availability and links: 规范 第二十三条(十) "链接应在15秒内打开；链接打不开或错误，要及时整改".

One finding per failing target, not per page that links to it: a broken link in the navigation
stands on every page, and a unit head wants one line to fix, with the pages that carry it as
evidence.  Links on the home page are marked apart, as the national indicators count them apart.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from govsite.checks.failures import describe_failure as _describe_failure
from govsite.checks.registry import RuleContext, rule
from govsite.lang import tr
from govsite.models import Finding, LinkCheck
from govsite.profile import Profile
from govsite.scan.view import LinkSource, ScanView
from govsite.urls import is_home

_MAX_SOURCES_SHOWN = 3


def _sources_by_target(data: ScanView) -> dict[str, list[LinkSource]]:
    by_target: dict[str, list[LinkSource]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for link in data.links_to_problems():
        key = (link.source_url, link.target_url)
        if key not in seen:
            seen.add(key)
            by_target[link.target_url].append(link)
    return by_target


def _emit(ctx: RuleContext, data: ScanView, targets: Iterable[tuple[LinkCheck, str]],
          message: str) -> Iterator[Finding]:
    sources = _sources_by_target(data)
    for check, why in targets:
        links = sources.get(check.url, [])
        on_home = any(is_home(link.source_url, data.start_url) for link in links)
        shown = "; ".join(f"{link.source_url} «{link.anchor.strip()[:40]}»" for link in links[:_MAX_SOURCES_SHOWN])
        extra = len(links) - _MAX_SOURCES_SHOWN
        more = tr(f" 等，另有{extra}个页面", f" and {extra} more") if extra > 0 else ""
        evidence = tr(f"{why}；含此链接的页面{len(links)}个：{shown}{more}",
                      f"{why}; linked from {len(links)} page(s): {shown}{more}")
        first = data.page(links[0].source_url) if links else None
        yield ctx.finding(check.url, ("[首页] " if on_home else "") + message, evidence, on_home=on_home,
                      column=(first.column_name or "") if first else "",
                      column_url=(first.column_url or "") if first else "")


def _slow_limit(profile: Profile) -> float:
    return float(profile.get("thresholds.link_slow_seconds"))


@rule("link.broken", title="链接不可用", title_en="a link fails (DNS, connection, TLS, HTTP >= 400, redirect loop, soft 404, malformed)",
      clause="规范 第二十三条(十)", severity="deduct", standard="both",
      reads=("thresholds.link_slow_seconds",))
def broken_links(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：链接打不开：域名或连接错误、证书错误、HTTP 400 以上、重定向循环、“软 404”或地址格式错误。
    依据：规范 第二十三条(十)：链接打不开或错误要及时整改；国家扣分（首页上的链接单独计）。
    整改：在含有该链接的页面上修改或删除链接（证据中列出这些页面）。
    """
    failing = [(c, _describe_failure(c, _slow_limit(ctx))) for c in data.checks.values()
               if c.checked and c.error_class in ("dns", "connect", "tls", "http", "soft404", "malformed")]
    yield from _emit(ctx, data, failing, "链接打不开或错误")


@rule("link.slow", title="链接打开超时", title_en="a link does not open within the limit (15 s)",
      clause="规范 第二十三条(十): 15 s", severity="deduct", standard="both",
      reads=("thresholds.link_slow_seconds",))
def slow_links(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：链接 15 秒内未能打开（含浏览器中页面加载超时）。
    依据：规范 第二十三条(十)：15 秒；国家监测标准相同。
    整改：检查目标服务器或页面资源，压缩大文件；外部站点长期过慢的链接应撤下。
    """
    limit = _slow_limit(ctx)
    slow = []
    for c in data.checks.values():
        if not c.checked:
            continue
        if c.error_class == "timeout":
            slow.append((c, _describe_failure(c, limit)))
        elif c.elapsed is not None and c.elapsed >= limit and c.error_class is None:
            slow.append((c, tr(f"{c.elapsed:.1f}秒后才打开（限{limit:g}秒）",
                               f"opened after {c.elapsed:.1f} s (limit {limit:g} s)")))
    yield from _emit(ctx, data, slow, f"链接未能在{limit:g}秒内打开")
    # Pages whose HTML came at once but that a browser could not finish loading in time.
    from govsite.checks.browser import browser_slow_findings
    yield from browser_slow_findings(data, ctx, skip={c.url for c, _ in slow})


@rule("link.local_file", title="链接指向本地文件", title_en="a link into someone's own computer or network share",
      clause="规范 第二十三条(十)", severity="deduct", standard="both")
def local_file_links(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：链接指向编辑人员自己的电脑或内网共享（file:///C:/…、\\server\\share），访问者都打不开。
    依据：规范 第二十三条(十)。
    整改：把文件上传到网站后改为网站地址的链接。
    """
    local = [(c, _describe_failure(c, 0)) for c in data.checks.values()
             if c.error_class == "local_file"]
    yield from _emit(ctx, data, local, "链接指向本地文件，访问者无法打开")


@rule("link.blocked", title="链接被防火墙拦截", title_en="the server answered with a WAF / anti-bot challenge (not counted as broken)",
      clause="规则手册：链接被网站防护拦截（本身不算问题，需人工在浏览器中核实）", severity="warn",
      standard="both",
      reads=("thresholds.link_slow_seconds",))
def blocked_links(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：服务器返回了防火墙或反爬虫验证页而不是页面本身；不算断链，需人工在浏览器中确认。
    依据：规则手册“链接被网站防护拦截”一条（本身不算问题）。
    整改：人工在浏览器打开确认；若普通访问者也被拦截，请调整防火墙策略。
    """
    blocked = [(c, _describe_failure(c, _slow_limit(ctx))) for c in data.checks.values()
               if c.error_class in ("blocked", "rate_limited")]
    yield from _emit(ctx, data, blocked, "服务器返回防火墙/反爬验证页，请人工在浏览器中核实")
