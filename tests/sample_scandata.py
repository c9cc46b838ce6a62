"""A ScanView built straight from the sample portal, without a crawl (tests only).

Every HTML resource of `build_site()` is decoded and parsed with the real parser; list items come
from the parsed list pages, links give `sources()`, and every resource gets a LinkCheck with its
content type, as a crawl that reached everything would store them.  Other test modules may reuse
`sample_scandata()`; it is cached per (as_of, base).
"""
from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date

from govsite.models import LinkCheck, ParsedPage
from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.sample.answers import answers
from govsite.sample.site import DEFAULT_EXT_BASE, build_site
from govsite.scan.ownership import list_column, owner_columns
from govsite.scan.view import PageInfo, ScanView, StoredListItem
from govsite.urls import column_url_of

AS_OF = date(2026, 11, 27)
BASE = "http://127.0.0.1:8800"


def _key(url: str) -> str:
    """A folder URL and its index.html are the same page."""
    return url + "index.html" if url.endswith("/") else url


def scandata_from_html(pages: dict[str, str], as_of: date, base: str,
                       checks: dict[str, LinkCheck] | None = None) -> ScanView:
    """A ScanView over already decoded pages (URL -> HTML), parsed with the real parser."""
    parsed: dict[str, ParsedPage] = {url: parse_page(url, text, as_of, home_url=base.rstrip("/") + "/")
                                     for url, text in pages.items()}
    sources: dict[str, set[str]] = defaultdict(set)
    items: list[StoredListItem] = []
    for url, p in parsed.items():
        for link in p.links:
            sources[link.url].add(url)
        column = column_url_of(url)
        for li in p.items:
            items.append(StoredListItem(url, column, li.title, li.url, li.date, li.date_text))

    # A page's column as the crawl settles it (scan.ownership): its own list, else the deepest
    # column whose list names it.
    own = {url: list_column(url, p.kind, bool(p.items), bool(p.pagination)) for url, p in parsed.items()}
    owners = owner_columns(((i.page_url, i.column_url, i.url) for i in items),
                           [(url, p.kind, own[url]) for url, p in parsed.items()])
    infos = []
    for url, p in parsed.items():
        column_url = owners.get(url, own[url])
        infos.append(PageInfo(url=url, kind=p.kind, status=200, title=p.title, published=p.published,
                              source=p.source, column_name=p.column, column_url=column_url, elapsed=0.01))
    return ScanView(
        scan_id=0, start_url=base.rstrip("/") + "/", as_of=as_of, status="done", pages=infos,
        checks=dict(checks or {}), list_items=items,
        load_parsed=lambda url: parsed.get(url) or parsed.get(_key(url)),
        load_html=lambda url: pages.get(url) or pages.get(_key(url)),
        load_sources=lambda url: sorted(sources.get(url, set()) | sources.get(_key(url), set())),
    )


@functools.lru_cache(maxsize=4)
def sample_scandata(as_of: date = AS_OF, base: str = BASE, ext_base: str = DEFAULT_EXT_BASE) -> ScanView:
    """The sample portal as of `as_of`, served at `base`, as a ScanView."""
    site = build_site(as_of, delay_scale=0.1, ext_base_url=ext_base)
    html: dict[str, str] = {}
    checks: dict[str, LinkCheck] = {}
    for (host, path), res in site.resources.items():
        url = (ext_base if host == "ext" else base).rstrip("/") + path
        checks[url] = LinkCheck(url=url, checked=True, method="GET", status=res.status,
                                final_url=url, elapsed=0.01, content_type=res.content_type,
                                content_length=len(res.body))
        if host == "site" and res.content_type.startswith("text/html") and res.status == 200:
            html[url], _ = decode_html(res.body, res.content_type)
    return scandata_from_html(html, as_of, base, checks)


@functools.lru_cache(maxsize=4)
def sample_answers(as_of: date = AS_OF, base: str = BASE, ext_base: str = DEFAULT_EXT_BASE) -> dict:
    """The sample portal's answer file (planted findings and traps) for the same URLs."""
    return answers(as_of, base, ext_base)


def norm(url: str) -> str:
    """A folder and its index.html are the same column page."""
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def compare(findings, prefixes: tuple[str, ...], as_of: date = AS_OF) -> tuple[list, list, list]:
    """(planted but not found, traps reported, found but not in the answer file) for the rule
    families `prefixes`, keyed by (rule_id, URL)."""
    expected = sample_answers(as_of)
    got = {(f.rule_id, norm(f.url)) for f in findings if f.rule_id.startswith(prefixes)}
    planted = {(a["rule_id"], norm(a["url"])) for a in expected["findings"] if a["rule_id"].startswith(prefixes)}
    traps = {(t["rule_id"], norm(t["url"])) for t in expected["traps"] if t["rule_id"].startswith(prefixes)}
    return sorted(planted - got), sorted(got & traps), sorted(got - planted)
