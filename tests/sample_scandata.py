"""A ScanData built straight from the sample portal, without a crawl (tests only).

Every HTML resource of `build_site()` is decoded and parsed with the real parser; list items come
from the parsed list pages, links give `sources()`, and every resource gets a LinkCheck with its
content type, as a crawl that reached everything would store them.  Other test modules may reuse
`sample_scandata()`; it is cached per (as_of, base).
"""
from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date

from govsite.checks.data import PageInfo, ScanData, StoredListItem
from govsite.models import LinkCheck, ParsedPage
from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.sample.site import DEFAULT_EXT_BASE, build_site
from govsite.urls import column_url_of

AS_OF = date(2026, 11, 27)
BASE = "http://127.0.0.1:8800"


def _key(url: str) -> str:
    """A folder URL and its index.html are the same page."""
    return url + "index.html" if url.endswith("/") else url


@functools.lru_cache(maxsize=4)
def sample_scandata(as_of: date = AS_OF, base: str = BASE, ext_base: str = DEFAULT_EXT_BASE) -> ScanData:
    """The sample portal as of `as_of`, served at `base`, as a ScanData."""
    site = build_site(as_of, delay_scale=0.1, ext_base_url=ext_base)
    html: dict[str, str] = {}
    parsed: dict[str, ParsedPage] = {}
    checks: dict[str, LinkCheck] = {}
    for (host, path), res in site.resources.items():
        url = (ext_base if host == "ext" else base).rstrip("/") + path
        checks[url] = LinkCheck(url=url, checked=True, method="GET", status=res.status,
                                final_url=url, elapsed=0.01, content_type=res.content_type,
                                content_length=len(res.body))
        if host != "site" or not res.content_type.startswith("text/html") or res.status != 200:
            continue
        text, _ = decode_html(res.body, res.content_type)
        html[url] = text
        parsed[url] = parse_page(url, text, as_of, home_url=base + "/")

    sources: dict[str, set[str]] = defaultdict(set)
    items: list[StoredListItem] = []
    for url, p in parsed.items():
        for link in p.links:
            sources[link.url].add(url)
        column = column_url_of(url)
        for li in p.items:
            items.append(StoredListItem(url, column, li.title, li.url, li.date, li.date_text))

    # An article belongs to the deepest column whose list names it (the crawler's "found on" column).
    listed_in: dict[str, str] = {}
    for it in items:
        prev = listed_in.get(it.url)
        if prev is None or len(it.column_url) > len(prev):
            listed_in[it.url] = it.column_url
    pages = []
    for url, p in parsed.items():
        lists_here = p.kind == "column" or bool(p.items) or bool(p.pagination)
        column_url = column_url_of(url) if lists_here else listed_in.get(url)
        pages.append(PageInfo(url=url, kind=p.kind, status=200, title=p.title, published=p.published,
                              source=p.source, column_name=p.column, column_url=column_url, elapsed=0.01))

    return ScanData(
        scan_id=0, start_url=base + "/", as_of=as_of, status="done", pages=pages, checks=checks,
        list_items=items,
        load_parsed=lambda url: parsed.get(url) or parsed.get(_key(url)),
        load_html=lambda url: html.get(url) or html.get(_key(url)),
        load_sources=lambda url: sorted(sources.get(url, set()) | sources.get(_key(url), set())),
    )
