"""Security and integrity (national 单项否决 安全攻击未处置): hidden links (暗链) and pages tampered
with since the last complete scan (篡改).  规范 第二十五条(五) 网页防篡改, 第二十六条 安全巡检,
第二十七条(四)1 内容防篡改."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from urllib.parse import parse_qsl, urlsplit

from govsite.checks.registry import RuleContext, rule
from govsite.models import EMBED_TAGS, Finding, HiddenLink
from govsite.scan.view import ScanView
from govsite.urls import host_of


def site_hosts(data: ScanView) -> set[str]:
    """The site's own hosts: the start URL's and those of every stored page."""
    return {host_of(data.start_url)} | {host_of(p.url) for p in data.pages}


def trusted(host: str, globs: Iterable[str]) -> bool:
    """A host matching one of the profile's globs ("*.gov.cn" also matches "gov.cn" itself)."""
    return any(fnmatchcase(host, g) or (g.startswith("*.") and host == g[2:]) for g in globs)


def _outside_filter(data: ScanView, ctx: RuleContext):
    own = site_hosts(data)
    globs = [g.lower() for g in (ctx.get("security.trusted_hosts") or []) + (ctx.get("security.partner_hosts") or [])]
    cache: dict[str, bool] = {}

    def outside(host: str) -> bool:
        if host not in cache:
            cache[host] = bool(host) and host not in own and not trusted(host, globs)
        return cache[host]

    def dark(url: str) -> bool:
        if not outside(host_of(url)):
            return False
        # A share button (QQ空间, 微博) or the 找错 entry carries the page's own or a government
        # URL in its query: it points back at the site, whatever hides its panel.
        return not any(outside(host_of(value)) is False
                       for _, value in parse_qsl(urlsplit(url).query) if value.startswith(("http://", "https://")))
    return dark


def _describe(links: list[HiddenLink], shown: int) -> str:
    methods = "、".join(dict.fromkeys(h.method for h in links))
    blocks = "、".join(dict.fromkeys(h.block for h in links))
    first = "；".join(f"“{h.anchor or '（无文字）'}” → {h.url}" for h in links[:shown])
    more = f"；共 {len(links)} 个" if len(links) > shown else ""
    return f"隐藏方式：{methods}（{blocks}）；链接：{first}{more}"


def rendered_hidden_links(data: ScanView) -> dict[str, list[HiddenLink]]:
    """Outside links the browser found hidden in the rendered page (inserted by a script at load
    time included), by page."""
    if data.browser is None:
        return {}
    return {url: [HiddenLink(*row) for row in rows] for url, rows in data.browser.hidden_links.items()}


@rule("security.hidden_link", title="网页存在暗链", title_en="hidden links to outside hosts (暗链)",
      clause="国办秘函〔2019〕19号 单项否决（安全攻击未处置）；规范 第二十五条(五)、第二十六条",
      severity="veto", standard="both",
      reads=("security.trusted_hosts", "security.partner_hosts", "security.links_shown",
             "security.template_pages"))
def hidden_link(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面中指向本站及合作网站以外主机、但访问者看不见的链接（暗链）：链接或其上层元素被 display:none、visibility:hidden 隐藏，移出可视区域，尺寸为零，字号为 0，文字与背景同色，或放在压缩为零的 <marquee> 中；含页面加载时由脚本插入的链接（浏览器渲染后判断）。政府网站（如 *.gov.cn）和 profile 声明的合作网站不算暗链。
    依据：国办秘函〔2019〕19号 单项否决“安全攻击未处置”（暗链）；规范 第二十五条(五) 网页防篡改、第二十六条 安全巡检。
    整改：立即删除暗链代码，排查网站程序和服务器是否被入侵（后门、被篡改的模板和脚本），修补漏洞并修改管理密码，处置完毕后报网络安全主管部门。
    """
    dark = _outside_filter(data, ctx)
    shown = int(ctx.get("security.links_shown"))
    by_page: dict[str, list[HiddenLink]] = {}
    for parsed in data.parsed_pages():
        links = [h for h in parsed.hidden_links if dark(h.url)]
        if links:
            by_page[parsed.url] = links
    for url, links in rendered_hidden_links(data).items():
        known = {h.url for h in by_page.get(url, [])}
        extra = [h for h in links if dark(h.url) and h.url not in known]
        if extra:
            by_page.setdefault(url, []).extend(extra)
    # The same hidden links on many pages come from the template: one finding for all of them.
    pages_of: dict[frozenset, list[str]] = defaultdict(list)
    for url, links in by_page.items():
        pages_of[frozenset(h.url for h in links)].append(url)
    repeat = int(ctx.get("security.template_pages"))
    home = data.home()
    for urls in pages_of.values():
        if len(urls) >= repeat:
            first = sorted(urls)[0]
            where = home.url if home is not None else first
            yield ctx.finding(where, f"{len(urls)} 个页面的模板中含暗链",
                              f"{_describe(by_page[first], shown)}；页面数：{len(urls)}；例：{', '.join(sorted(urls)[:3])}")
            continue
        for url in urls:
            info = data.page(url)
            yield ctx.finding(url, "页面含暗链（看不见的外部链接）", _describe(by_page[url], shown),
                              column=(info.column_name or "") if info else "",
                              column_url=(info.column_url or "") if info else "")


def _words_in(text: str, words: list[str]) -> list[str]:
    return [w for w in words if w in text]


@rule("security.tampered", title="网页被篡改", title_en="a page tampered with since the last complete scan",
      clause="国办秘函〔2019〕19号 单项否决（安全攻击未处置）；规范 第二十七条(四)1",
      severity="veto", standard="both",
      reads=("security.trusted_hosts", "security.partner_hosts", "security.harmful_words",
             "security.first_paragraph_chars", "security.cloak_min_similarity"))
def tampered(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：与上一次完整检查相比，页面发生了内容管理系统不会产生的变化：新加载了本站从未使用过的外部主机的脚本或框架（<script>/<iframe>）；标题或正文首段被改写并出现有害词语，而栏目列表中的标题和发布日期不变；以搜索引擎爬虫（Baiduspider）身份访问时返回不同的内容或跳转（快照劫持）。新增列表条目、计数器、轮换横幅、本站目录下的新脚本不算篡改。
    依据：国办秘函〔2019〕19号 单项否决“安全攻击未处置”（篡改）；规范 第二十七条(四)1 内容防篡改。
    整改：立即恢复被篡改的页面，删除植入的脚本和框架，排查服务器和内容管理系统的后门与漏洞，修改管理密码，启用网页防篡改，处置完毕后报网络安全主管部门。
    """
    cloaked = _cloaked(data, ctx)
    prev = data.previous()
    if prev is None:        # a first scan: only the crawler's view can be compared
        yield from _cloak_findings(data, ctx, cloaked)
        return
    own: set[str] = set()     # the site's hosts, then and now: made when first needed (a re-scan
                              # of an unchanged site downloads no page, and there are 20 000)
    globs = [g.lower() for g in (ctx.get("security.trusted_hosts") or []) + (ctx.get("security.partner_hosts") or [])]
    words = list(ctx.get("security.harmful_words") or [])
    chars = int(ctx.get("security.first_paragraph_chars"))
    listed = {i.url: i for i in data.list_items}
    fetched = data.fetched()
    for info in sorted(data.pages, key=lambda p: p.url):
        old = prev.pages.get(info.url)
        if old is None or info.url not in fetched or info.kind in ("error", "challenge"):
            continue
        page = data.parsed(info.url)
        if page is None:
            continue
        reasons: list[str] = []
        new_hosts: dict[str, str] = {}
        for link in page.links:
            if link.tag in EMBED_TAGS:
                host = host_of(link.url)
                if not own:
                    own = site_hosts(data) | {host_of(u) for u in prev.pages}
                if host and host not in own and host not in prev.embedded_hosts() and not trusted(host, globs):
                    new_hosts.setdefault(host, f"<{link.tag}> {link.url}")
        if new_hosts:
            reasons.append("新出现外部主机的脚本或框架（本站此前从未使用）：" + "；".join(list(new_hosts.values())[:3]))
        title, head = page.title or "", (page.body_text or "")[:chars]
        suspect = _words_in(title, words) or _words_in(head, words)
        if suspect and info.published == old.published:
            before = prev.parsed(info.url)
            old_head = (before.body_text or "")[:chars] if before else ""
            new_words = [w for w in dict.fromkeys(_words_in(title, words) + _words_in(head, words))
                         if w not in (old.title or "") and w not in old_head]
            item, old_item = listed.get(info.url), prev.items.get(info.url)
            same_entry = (item is None or old_item is None or item.title == old_item.title)
            if new_words and same_entry:
                changed = "标题" if title != (old.title or "") else "正文首段"
                reasons.append(f"{changed}被改写并出现有害词语（{'、'.join(new_words[:5])}），"
                               f"列表标题和发布日期（{info.published or '无'}）未变；原标题：{old.title or '—'}；"
                               f"现标题：{title or '—'}")
        if reasons:
            if info.url in cloaked:
                reasons.append(cloaked.pop(info.url))
            yield ctx.finding(info.url, "页面被篡改（与上次完整检查相比出现非正常变化）",
                              f"上次完整检查：第 {prev.scan_id} 次（{prev.as_of}）；" + "；".join(reasons),
                              column=info.column_name or "", column_url=info.column_url or "")
    yield from _cloak_findings(data, ctx, cloaked)


def _cloaked(data: ScanView, ctx: RuleContext) -> dict[str, str]:
    """{page: why} of the pages that answered a search-engine crawler with other content or a
    redirect (crawler/cloaking.py fetched them)."""
    minimum = float(ctx.get("security.cloak_min_similarity"))
    found: dict[str, str] = {}
    for probe in data.search_engine_probes():
        if probe.get("redirect"):
            found[probe["url"]] = f"以 Baiduspider 身份访问时跳转到 {probe['redirect']}（正常访问不跳转）"
        elif probe.get("similarity") is not None and probe["similarity"] < minimum:
            found[probe["url"]] = (f"以 Baiduspider 身份访问时返回不同内容（与正常页面文字相似度 "
                                   f"{probe['similarity']:.2f}）；爬虫看到的标题：{probe.get('title') or '—'}")
    return found


def _cloak_findings(data: ScanView, ctx: RuleContext, cloaked: dict[str, str]) -> Iterator[Finding]:
    for url, reason in cloaked.items():
        info = data.page(url)
        yield ctx.finding(url, "页面对搜索引擎爬虫返回不同内容（快照劫持）", reason,
                          column=(info.column_name or "") if info else "",
                          column_url=(info.column_url or "") if info else "")
