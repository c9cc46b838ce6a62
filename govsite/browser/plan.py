"""Which pages the browser pass loads, and why, read from a stored scan.

The browser is slow next to the crawler, so it loads a bounded set: the home page, the first page
of every column, the newest few articles of each column (timing, 规范 第二十三条(十)); it renders
for content only the column pages whose static parse found no item but which carry scripts; axe
runs on the pages loaded anyway plus the stored pages whose HTML shows an <img> without alt.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from govsite.profile import Profile
from govsite.store.browser_rows import (
    links_to_problem_pages,
    list_items_newest_first,
    page_parse_and_html,
    scan_pages,
    stored_html_pages,
)
from govsite.store.db import Store, get_scan
from govsite.urls import column_url_of, host_allowed, host_of, is_home

# Why a page is loaded.
TIMING, CONTENT, AXE, SCREENSHOT, HTTPS = "timing", "content", "axe", "screenshot", "https"

_SCRIPT = re.compile(rb"<script\b", re.IGNORECASE)
_IMG_WITHOUT_ALT = re.compile(rb"<img\b(?![^>]*\b(?:alt|aria-label|aria-labelledby|title)\s*=)"
                              rb"(?![^>]*\brole\s*=\s*[\"']?(?:presentation|none))[^>]*>", re.IGNORECASE)
_SCRIPT_BLOCK = re.compile(rb"<script\b.*?</script\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)


@dataclass
class BrowserTask:
    """One URL to load, with the reasons (purposes) and what the store knows of it."""

    url: str
    kind: str                    # home, column, article, other, https
    column_url: str | None = None
    purposes: set[str] = field(default_factory=set)

    def add(self, *purposes: str) -> BrowserTask:
        self.purposes.update(purposes)
        return self


@dataclass
class BrowserPlan:
    start_url: str
    as_of: object
    tasks: list[BrowserTask]

    def count(self, purpose: str) -> int:
        return sum(purpose in t.purposes for t in self.tasks)


class _Tasks:
    """Tasks keyed by URL, in the order first asked for (home, columns, articles, ...)."""

    def __init__(self) -> None:
        self.by_url: dict[str, BrowserTask] = {}

    def get(self, url: str, kind: str, column_url: str | None = None) -> BrowserTask:
        task = self.by_url.get(url)
        if task is None:
            task = self.by_url[url] = BrowserTask(url, kind, column_url)
        return task


def has_img_without_alt(html: bytes) -> bool:
    """An <img> outside scripts and comments with no text alternative (a candidate for axe image-alt)."""
    return bool(_IMG_WITHOUT_ALT.search(_SCRIPT_BLOCK.sub(b"", html)))


def _first_pages(pages: list[tuple[str, str, str | None]]) -> dict[str, str]:
    """column URL -> the URL of its first list page (the folder, else the shortest URL)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for url, kind, _col in pages:
        if kind == "column":
            groups[column_url_of(url)].append(url)
    return {col: (col if col in urls else min(urls, key=len)) for col, urls in groups.items()}


def _newest_articles(store: Store, scan_id: int, article_urls: set[str], per_column: int
                     ) -> dict[str, list[str]]:
    """column URL -> its `per_column` newest list items that are stored article pages."""
    chosen: dict[str, list[str]] = defaultdict(list)
    if per_column <= 0:
        return chosen
    for col, url in list_items_newest_first(store, scan_id):
        picked = chosen[col]
        if len(picked) < per_column and url in article_urls and url not in picked:
            picked.append(url)
    return chosen


def _problem_links_on_home(store: Store, scan_id: int, start_url: str, slow_seconds: float) -> list[str]:
    """Page targets linked from the home page whose check failed or was slow (screenshot evidence)."""
    return list(dict.fromkeys(t for src, t in links_to_problem_pages(store, scan_id, slow_seconds)
                              if is_home(src, start_url)))


def _suspects(store: Store, scan_id: int, skip: set[str], limit: int) -> list[tuple[str, str, str | None]]:
    """Stored pages whose HTML has an <img> without alt: axe confirms (or not) in the browser."""
    found: list[tuple[str, str, str | None]] = []
    if limit <= 0:
        return found
    for url, kind, col, html in stored_html_pages(store, scan_id, ("home", "column", "article", "other")):
        if url in skip or url.endswith(("/index.html", "/index.htm")) and url.rsplit("/", 1)[0] + "/" in skip:
            continue
        if has_img_without_alt(html):
            found.append((url, kind, col))
            if len(found) >= limit:
                break
    return found


def scheme_variant(url: str, scheme: str) -> str:
    """The site root under the other scheme (http <-> https), same host and port."""
    return urlunsplit((scheme, urlsplit(url).netloc, "/", "", ""))


def plan_browser_pass(store: Store, scan_id: int, profile: Profile, allow_hosts: list[str],
                      evidence_urls: tuple[str, ...] | list[str] = ()) -> BrowserPlan:
    """The pages to load for `scan_id`, each with its purposes, home page first."""
    cfg = profile.section("browser")
    slow = float(profile.get("thresholds.link_slow_seconds"))
    scan = get_scan(store, scan_id)
    if scan is None:
        raise LookupError(f"no scan {scan_id} in {store.url}")
    pages = scan_pages(store, scan_id)
    start = scan.start_url
    tasks = _Tasks()
    home = tasks.get(start, "home", start).add(TIMING, AXE, SCREENSHOT)
    if host_allowed(host_of(start), allow_hosts):   # security.no_https: the other scheme's answer
        other = "https" if urlsplit(start).scheme == "http" else "http"
        tasks.get(scheme_variant(start, other), other).add(HTTPS)

    first_pages = _first_pages(pages)
    by_url = {u: (k, c) for u, k, c in pages}
    for col_url, first in sorted(first_pages.items()):
        task = tasks.get(first, "column", col_url).add(TIMING)
        if _needs_rendering(store, scan_id, first):
            task.add(CONTENT)
    article_urls = {u for u, k, _c in pages if k == "article"}
    for col_url, urls in sorted(_newest_articles(store, scan_id, article_urls,
                                                 int(cfg.get("articles_per_column", 3))).items()):
        for url in urls:
            tasks.get(url, "article", by_url[url][1] or col_url).add(TIMING)

    loaded = [t for t in tasks.by_url.values() if TIMING in t.purposes]
    if cfg.get("axe_pages", "sampled") == "per_kind":
        for kind in ("column", "article"):
            first = next((t for t in loaded if t.kind == kind), None)
            if first is not None:
                first.add(AXE)
    else:
        for t in loaded:
            t.add(AXE)
    for url, kind, col in _suspects(store, scan_id, {t.url for t in loaded},
                                    int(cfg.get("axe_suspects_max", 50))):
        tasks.get(url, kind, col).add(AXE)
    for url in _problem_links_on_home(store, scan_id, start, slow) + list(evidence_urls):
        if host_allowed(host_of(url), allow_hosts):
            kind, col = by_url.get(url, ("other", None))
            tasks.get(url, kind, col).add(SCREENSHOT)
    home.add(SCREENSHOT)
    return BrowserPlan(start, scan.as_of, list(tasks.by_url.values()))


def _needs_rendering(store: Store, scan_id: int, url: str) -> bool:
    """A column page whose static parse found no item although it carries scripts (AJAX lists)."""
    parsed, html = page_parse_and_html(store, scan_id, url)
    if parsed is not None and parsed.items:
        return False
    return bool(html and _SCRIPT.search(html))
