"""build_site(): assemble the whole sample portal for one as_of date.

Order matters only in one way: content builders first (they fill the column item lists), then
the column list pages, section pages and the home page that show those items.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from . import content, defects, disclosure, interaction, js_pages, links, policy, safety, security, services
from .attachments import make_png
from .builder import Resource, SampleSite, SiteBuilder
from .columns import BY_KEY, COLUMNS, MISSING_COLUMNS, SYNONYM_TRAPS
from .render import Article, Item, column_pages, fmt_date
from .templates import SECTIONS, page, rel

__all__ = ["build_site", "SampleSite", "Resource"]

DEFAULT_EXT_BASE = "http://127.0.0.2:8800"

STYLE_CSS = b"body{font:14px/1.6 'Microsoft YaHei',SimSun,sans-serif;margin:0}.header{background:#b71c1c;color:#fff}" \
            b".nav li{display:inline-block;margin:0 12px}.list li{list-style:none}.date{float:right}\n"

COMMON_JS = b"""/* TRS WCM paging */
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) { return; }
  var nCurrIndex = _nCurrIndex || 0;
  if (nCurrIndex == 0) document.write("<span>\\u9996\\u9875</span>&nbsp;");
  else document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">\\u9996\\u9875</a>&nbsp;");
  for (var i = 1; i < _nPageCount; i++) {
    if (nCurrIndex == i) document.write("<span>" + (i + 1) + "</span>&nbsp;");
    else document.write("<a href=\\"" + _sPageName + "_" + i + "." + _sPageExt + "\\">" + (i + 1) + "</a>&nbsp;");
  }
}
function doZoom(size) { var el = document.querySelector('.TRS_Editor'); if (el) el.style.fontSize = size + 'px'; }
function addFavorite() { return false; }
"""


def _static(b: SiteBuilder) -> None:
    b.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    b.add("/css/style.css", STYLE_CSS, "text/css")
    b.add("/js/common.js", COMMON_JS, "application/javascript")
    for name, rgb in (("logo", (183, 28, 28)), ("red", (200, 0, 0)), ("jiucuo", (20, 80, 160)), ("gaba", (30, 30, 120)),
                      ("banner", (183, 60, 40)), ("zt_banner", (40, 120, 60)), ("404", (200, 200, 200))):
        b.add(f"/images/{name}.png", make_png(24, 12, rgb), "image/png")
    b.add_html("/private/index.html", "<html><body>内部管理页面</body></html>")
    b.add("/module/web/jpage/dataproxy.jsp", b'<?xml version="1.0" encoding="utf-8"?><datastore><recordset/></datastore>',
          "text/xml; charset=utf-8")


def _simple_page(b: SiteBuilder, path: str, title: str, body: str) -> None:
    b.add_html(path, page(path=path, title=title, column=title, column_type="其他", trail=[(title, path)], body=body))


def _misc_pages(b: SiteBuilder) -> None:
    sitemap = "".join(
        f"<h3>{name}</h3><ul>" + "".join(f'<li><a href="{c.path}">{c.name}</a></li>' for c in COLUMNS if c.section == key)
        + "</ul>" for key, name, _ in SECTIONS)
    _simple_page(b, "/wzdt/index.html", "网站地图", f'<div class="sitemap">{sitemap}</div>')
    _simple_page(b, "/lxwm/index.html", "联系我们",
                 "<p>凤冈县人民政府办公室　联系电话：0851-25221001　电子邮箱：fgxzfb@163.com</p>")
    _simple_page(b, "/search/index.html", "搜索结果",
                 '<div class="search-result"><p>请输入关键字进行检索。</p></div>')


def _quirk_pages(b: SiteBuilder) -> None:
    """Pages whose declared charset lies (the parser must look at the bytes)."""
    gzdt, jhz = BY_KEY["gzdt"], BY_KEY["jhz"]
    path = b.add_article(Article(col=gzdt, title="凤冈县召开茶产业发展大会", when=b.when(5), body=(
        "<p>凤冈县召开茶产业发展大会，总结茶产业发展成效。</p>"), charset_meta="gb2312", http_charset=""))
    b.quirk("charset_lie", path, "UTF-8 bytes; <meta charset=gb2312>; Content-Type without charset")
    path = b.add_article(Article(col=jhz, title="进化镇召开秋冬季森林防火工作会议", when=b.when(13), body=(
        "<p>进化镇召开秋冬季森林防火工作会议，部署森林防火工作。</p>"), http_charset="utf-8"))
    b.quirk("charset_lie", path, "GBK bytes; <meta charset=gb2312>; Content-Type says charset=utf-8")


def _render_columns(b: SiteBuilder) -> None:
    for col in COLUMNS:
        pages = column_pages(col, b.items[col.key])
        for path, html in pages:
            b.add_html(path, html, encoding=col.encoding)
        if len(pages) > 1:
            b.quirk("paged_list", col.path, f"{len(pages)} list pages; index_1.html.. only via createPageHTML",
                    pages=[p for p, _ in pages])
        if col.layout == "datastore":
            b.quirk("datastore_list", col.path, "list only inside <script type=text/xml> (Hanweb jpage)")
        if col.encoding == "gbk":
            b.quirk("gbk", col.path, "column and its articles served as GBK, <meta charset=gb2312>")
        if col.date_fmt == "mmdd":
            b.quirk("date_without_year", col.path, "[MM-DD] dates; the list crosses 1 January")
        for rule, note, trap in col.expect:
            b.plant(rule, col.path, col.name, note, trap=trap)
    # the ID number on a list page reachable only through createPageHTML
    q = next(q for q in b.quirks if q["kind"] == "id_on_paged_list")
    tzgg = BY_KEY["tzgg"]
    holder = [p for (h, p), r in b.resources.items()
              if h == "site" and p.startswith(tzgg.path + "index") and q["value"].encode() in r.body]
    assert holder and holder[0] != tzgg.path + "index.html", holder
    q["list_page"] = holder[0]
    b.plant("privacy.id_number", holder[0], tzgg.name, "full ID number in a list summary; page reachable only "
            "through createPageHTML")


def _block(page_path: str, title: str, more: str, items: list[Item], n: int, style: str = "iso") -> str:
    items = sorted(items, key=lambda i: i.when, reverse=True)[:n]
    lis = "".join(f'<li><a href="{rel(page_path, it.path)}" target="_blank" title="{escape(it.title)}">'
                  f'{escape(it.title)}</a><span class="date">{fmt_date(it.when, style)}</span></li>' for it in items)
    return (f'<div class="box"><div class="box-title"><h3>{title}</h3><a class="more" href="{rel(page_path, more)}">'
            f'更多&gt;&gt;</a></div><ul class="list">{lis}</ul></div>')


def _section_pages(b: SiteBuilder) -> None:
    for key, name, spath in SECTIONS:
        cols = [c for c in COLUMNS if c.section == key]
        path = spath + "index.html"
        boxes = "\n".join(_block(path, c.name, c.path, b.items[c.key], 5) for c in cols)
        enc = "gbk" if all(c.encoding == "gbk" for c in cols) else "utf-8"
        html = page(path=path, title=name, column=name, column_type="栏目首页", trail=[(name, spath)], body=boxes,
                    charset="gb2312" if enc == "gbk" else "utf-8")
        b.add_html(path, html, encoding=enc)


def _home(b: SiteBuilder) -> None:
    friends = "".join(f'<li><a href="{escape(u)}" target="_blank">{t}</a></li>' for u, t in links.home_links(b))
    quick = "".join(f'<li><a href="{BY_KEY[k].path}">{BY_KEY[k].name}</a></li>'
                    for k in ("dqgk", "jgsz", "zn", "ml", "ndbg", "ysqgk", "bszn", "bgxz", "xzxx", "yjzj", "zxft",
                              "zcjd", "qzqd", "zdxm", "sdzl", "shgysy", "tjxx", "czxx", "rsxx", "ghjh"))
    blocks = "\n".join([
        _block("/", "工作动态", "/xwzx/gzdt/", b.items["gzdt"], 8),
        _block("/", "通知公告", "/zwgk/tzgg/", b.items["tzgg"], 8),
        _block("/", "政策文件", "/zwgk/zcwj/", b.items["zcwj"], 6),
        _block("/", "部门动态", "/xwzx/bmdt/", b.items["bmdt"], 6),
        _block("/", "乡镇动态", "/xzzx/xzdt/", b.items["xzdt"], 6),
        _block("/", "政策解读", "/zwgk/zcjd/", b.items["zcjd"], 5),
    ])
    body = (f'<div class="banner"><img src="/images/banner.png" alt="凤冈茶海之心"></div>\n{blocks}\n'
            f'<div class="box quick"><h3>专题服务</h3><ul>{quick}</ul></div>\n'
            f'<div class="friend-links"><h3>友情链接</h3><ul>{friends}</ul></div>')
    html = page(path="/", title="", column="首页", column_type="首页", trail=None, body=body)
    b.add_html("/", html)
    b.add_html("/index.html", html)
    for rule, note in (("home.stale", "home page shows items from the last 2 days"),
                       ("site.unreachable", "home page answers at once"),
                       ("site.search_missing", "search form action=/search/ with input searchword"),
                       ("header.name_missing", "logo img.logo and site name in the header"),
                       ("footer.identifier_missing", "full footer on the home page"),
                       ("footer.sponsor_missing", "full footer on the home page"),
                       ("footer.jiucuo_missing", "full footer on the home page"),
                       ("footer.jiucuo_mismatch", "home jiucuo site_code equals SiteIDCode"),
                       ("footer.icp_missing", "full footer on the home page"),
                       ("footer.police_missing", "full footer on the home page"),
                       ("footer.conac_missing", "full footer on the home page"),
                       ("footer.contact_missing", "full footer on the home page")):
        b.trap(rule, "/", "首页", note)
    b.plant("security.no_https", "/", "首页", "the portal is served over plain http only (warn)")
    for name, note in MISSING_COLUMNS:
        b.plant("column.missing", "/", name, note)
    for name, note in SYNONYM_TRAPS:
        b.trap("column.missing", "/", name, note)


SNAPSHOTS = (1, 2, 3)


def build_site(as_of: dt.date, delay_scale: float = 1.0, ext_base_url: str = DEFAULT_EXT_BASE,
               snapshot: int = 1) -> SampleSite:
    """Build the sample portal as it looks on as_of. ext_base_url is where the second host is served
    (absolute links to it carry its port); every delay is multiplied by delay_scale.  Snapshot 2 is
    the same portal a day later, tampered with and with new items (sample/security.py); snapshot 3
    is snapshot 1 with one finding repaired by its unit (services.repair_snapshot_three)."""
    if snapshot not in SNAPSHOTS:
        raise ValueError(f"no snapshot {snapshot}: the sample portal has snapshots 1, 2 and 3")
    b = SiteBuilder(as_of, delay_scale, ext_base_url)
    _static(b)
    _misc_pages(b)
    content.build_generic(b)
    links.build_links(b)
    defects.build_article_defects(b)
    defects.build_privacy_defects(b)
    policy.build_policy(b)
    interaction.build_letters(b)
    interaction.build_solicitations(b)
    services.build_guides(b)
    services.build_forms(b)
    disclosure.build_directory(b)
    disclosure.build_annual_reports(b)
    _quirk_pages(b)
    js_pages.build_js_pages(b)
    security.build_hidden_links(b)
    # last of the builders: ids and times drawn after every older page's (their URLs stay)
    safety.build_safety(b)
    services.build_hostile_form(b)
    if snapshot == 2:       # after every page of snapshot 1, so that those keep their URLs
        security.build_snapshot_two_articles(b)
    _render_columns(b)
    _section_pages(b)
    _home(b)
    defects.plant_chrome_defects(b)
    if snapshot == 2:
        security.tamper_snapshot_two(b)
    if snapshot == 3:
        services.repair_snapshot_three(b)
    return SampleSite(as_of=as_of, delay_scale=delay_scale, ext_base_url=b.ext, resources=b.resources,
                      plants=b.plants, quirks=b.quirks, columns=list(COLUMNS), repairs=b.repairs)
