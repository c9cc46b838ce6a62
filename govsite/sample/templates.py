"""Page chrome of the sample portal: gov meta block, header, navigation, breadcrumb, footer.

Modelled on TRS WCM county templates (www.gzfg.gov.cn and its neighbours). Footer variants
exist so that defects.py can plant footer/header defects on chosen pages.
"""
from __future__ import annotations

import posixpath
from html import escape

from .util import SITE_CODE, SITE_DOMAIN, SITE_NAME

SECTIONS: list[tuple[str, str, str]] = [
    ("zjfg", "走进凤冈", "/zjfg/"),
    ("xwzx", "新闻中心", "/xwzx/"),
    ("zwgk", "政务公开", "/zwgk/"),
    ("zfxxgk", "政府信息公开", "/zfxxgk/"),
    ("zwfw", "政务服务", "/zwfw/"),
    ("hdjl", "互动交流", "/hdjl/"),
    ("xzzx", "乡镇之窗", "/xzzx/"),
    ("ztzl", "专题专栏", "/ztzl/"),
]

SPONSOR = "凤冈县人民政府办公室"
ICP = "黔ICP备05003238号"
POLICE = "黔公网安备 52032702000101号"
CONTACT_PHONE = "0851-25221001"
CONAC_ID = "0A7F3C21B5D94E6C"
JIUCUO_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={code}&amp;url=http%3A%2F%2F{domain}%2F"
WRONG_JIUCUO_CODE = "5203000001"  # 遵义市's code, pasted by mistake into one column's template

FOOTER_VARIANTS = ("full", "no_idcode", "jiucuo_mismatch", "minimal", "no_sponsor")


def rel(from_page: str, to_path: str) -> str:
    """Relative href from one site path to another, the way TRS writes them (./, ../)."""
    from_dir = from_page if from_page.endswith("/") else posixpath.dirname(from_page) + "/"
    target_dir = to_path if to_path.endswith("/") else posixpath.dirname(to_path) + "/"
    r = posixpath.relpath(target_dir, from_dir)
    prefix = "./" if r == "." else (r + "/" if r.startswith("..") else "./" + r + "/")
    name = "" if to_path.endswith("/") else posixpath.basename(to_path)
    return prefix + name


def meta_block(column: str, column_type: str, extra: dict[str, str] | None = None) -> str:
    metas = {
        "SiteName": SITE_NAME,
        "SiteDomain": SITE_DOMAIN,
        "SiteIDCode": SITE_CODE,
        "ColumnName": column,
        "ColumnType": column_type,
    }
    metas.update(extra or {})
    return "\n".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in metas.items())


def header_html() -> str:
    nav = "".join(f'<li><a href="{path}">{name}</a></li>' for _, name, path in SECTIONS)
    return f"""<div class="header">
  <div class="top-bar"><span class="today" id="today"></span><a href="/wzdt/">网站地图</a> | <a href="javascript:void(0)" onclick="addFavorite()">加入收藏</a></div>
  <div class="logo-area"><a href="/"><img class="logo" src="/images/logo.png" alt="{SITE_NAME}"></a><span class="site-name">{SITE_NAME}</span></div>
  <div class="search"><form action="/search/" method="get" name="searchform" target="_blank">
    <input type="text" name="searchword" class="search-input" placeholder="请输入关键字">
    <input type="hidden" name="channelid" value="267341"><input type="submit" value="搜索"></form></div>
</div>
<div class="nav"><ul><li><a href="/">首页</a></li>{nav}</ul></div>"""


def footer_html(variant: str = "full") -> str:
    if variant not in FOOTER_VARIANTS:
        raise ValueError(variant)
    code = WRONG_JIUCUO_CODE if variant == "jiucuo_mismatch" else SITE_CODE
    sponsor = f"<p>主办单位：{SPONSOR}　承办单位：凤冈县大数据发展中心</p>"
    idcode = f"网站标识码：{SITE_CODE}　"
    if variant == "minimal":  # an old special-topic template: only the two mandatory fields
        return f'<div class="footer">\n{sponsor}\n<p>{idcode}</p>\n</div>'
    if variant == "no_sponsor":
        sponsor = "<p>承办单位：凤冈县大数据发展中心</p>"
    if variant == "no_idcode":
        idcode = ""
    return f"""<div class="footer">
<div class="footer-links"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/zfxxgk/zn/">信息公开指南</a></div>
{sponsor}
<p>联系电话：{CONTACT_PHONE}　地址：贵州省遵义市凤冈县龙泉镇凤翔社区</p>
<p>{idcode}<a href="https://beian.miit.gov.cn/" target="_blank">{ICP}</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=52032702000101" target="_blank"><img src="/images/gaba.png" alt="公安备案">{POLICE}</a></p>
<div class="badges"><a href="https://bszs.conac.cn/sitename?method=show&amp;id={CONAC_ID}" target="_blank"><img src="/images/red.png" alt="党政机关"></a>
<a href="{JIUCUO_URL.format(code=code, domain=SITE_DOMAIN)}" target="_blank"><img src="/images/jiucuo.png" alt="我为政府网站找错"></a></div>
</div>"""


def breadcrumb(page_path: str, trail: list[tuple[str, str]]) -> str:
    """当前位置 line; trail is [(name, site path)] after 首页, hrefs written relative (TRS style)."""
    parts = ['<a href="/">首页</a>'] + [f'<a href="{rel(page_path, p)}">{escape(n)}</a>' for n, p in trail]
    return '<div class="position">当前位置：' + " &gt; ".join(parts) + "</div>"


def page(
    *,
    path: str,
    title: str,
    column: str,
    column_type: str,
    trail: list[tuple[str, str]],
    body: str,
    extra_meta: dict[str, str] | None = None,
    header: bool = True,
    footer: str = "full",
    charset: str = "utf-8",
) -> str:
    """A complete HTML page with the shared chrome."""
    charset_tag = (
        f'<meta charset="{charset}">' if charset != "utf-8"
        else '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    )
    head_title = escape(f"{title}_{SITE_NAME}" if title else SITE_NAME)
    crumb = breadcrumb(path, trail) if trail is not None else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset_tag}
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{head_title}</title>
{meta_block(column, column_type, extra_meta)}
<link rel="stylesheet" href="/css/style.css">
<script src="/js/common.js"></script>
</head>
<body>
{header_html() if header else '<div class="zt-banner"><img src="/images/zt_banner.png" alt=""></div>'}
<div class="main">
{crumb}
{body}
</div>
{footer_html(footer)}
</body>
</html>
"""
