"""The spider's memoised host of a URL (SiteSpider._host) is always urls.host_of's, whatever
URLs came before it: it decides which targets are the site's own pages."""
from __future__ import annotations

from types import SimpleNamespace

from govsite.crawler.spider import SiteSpider
from govsite.urls import host_of

URLS = [
    "http://127.0.0.1:8800/a.html", "http://127.0.0.1:8800", "http://127.0.0.1:8800?x=/y",
    "http://127.0.0.1:8800?x=/z", "https://WWW.Example.gov.cn/x/y", "https://www.example.gov.cn/",
    "http://user@host.cn:81/p", "http://host.cn#frag/x", "http:///nohost/x", "http://a/b",
    "HTTP://Upper.cn/x", "mailto:a@b.cn", "javascript:void(0)/x", "a//b/c", "http://b/c",
    "http://[::1]:80/x", "http://[bad/x", "ftp://files.cn/x",
]


def test_the_memoised_host_is_host_of_in_every_order():
    for order in (URLS, URLS[::-1], sorted(URLS)):
        spider = SimpleNamespace(_hosts={})
        for url in order * 2:
            assert SiteSpider._host(spider, url) == host_of(url), url
