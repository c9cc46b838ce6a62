"""The real pages of ../shared/realpages as the tests parse them (shared by the parser's and the
page codec's tests)."""
from __future__ import annotations

from datetime import date

from conftest import SHARED

from govsite.parsing import decode_html, parse_page

REALPAGES = SHARED / "realpages"
AS_OF = date(2026, 11, 20)

URLS = {
    "shanxi-gov-article.html": "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml",
    "zj-fgw-article.html": "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html",
    "govcn-gongbao-article.html": "https://www.gov.cn/gongbao/content/2007/content_711039.htm",
    "handan-xxgk-home.html": "http://hdzfxxgk.hd.gov.cn/",
    "handan-xxgk-list.html": "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html",
    "bjjs-waf-redirect.html": "http://zjw.beijing.gov.cn/bjjs/fwgl/fdcjy/fwjy/index.shtml",
}


def parse_real(name: str, status: int = 200):
    """One real page parsed at the URL it was saved from (or a column URL of example.gov.cn)."""
    text, encoding = decode_html((REALPAGES / name).read_bytes(), None)
    url = URLS.get(name, f"http://example.gov.cn/col/{name}")
    page = parse_page(url, text, AS_OF, home_url="http://hdzfxxgk.hd.gov.cn/", status=status)
    page.encoding = encoding
    return page


def all_real_pages() -> list[str]:
    return sorted(p.name for p in REALPAGES.glob("*.html")) if REALPAGES.is_dir() else []
