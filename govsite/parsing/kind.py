"""A page's kind from its signals weighed together, with the reasons (`govsite page --why`).

The signals: the URL's shape (the site root, a folder index or list page, a site-search URL, an
article URL), meta tags (filepath, ColumnName, ArticleTitle), the dated list entries and their
share of the page against the article body, a list container, a pager or a script that loads the
list later, and the title/date/body of an article. No single signal decides alone except the
strong ones (the site root, an ArticleTitle meta, a challenge, an error status).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from govsite.urls import is_root_path

_SEARCH_URL = re.compile(r"search|sousuo|jsearch|/so/|query\.jsp|searchweb|/s\?|/s/", re.I)
# A folder index, a numbered list page, a TRS/Hanweb column page, a "list" page.
_LIST_URL = re.compile(r"(?:/|/index(?:_\d+)?\.\w+|/list[\w-]*\.\w+|/col/col\d+/(?:index\.\w+)?"
                       r"|/(?:\w+_)?list(?:_\d+)?\.\w+)$", re.I)
# Article URL shapes: TRS t20240627_123.html, Hanweb art_1_2.html, content_123.htm, post_123,
# /info/1234/5678.htm, …/202406/<hash>.shtml.
_ARTICLE_URL = re.compile(r"/t\d{8}_\d+(?:_\d+)?\.\w+$|/art_\d+_\d+\.\w+$|content_\d+\.\w+$"
                          r"|/post_\d+\.\w+$|/info/\d+/\d+\.\w+$|/\d{6}/[0-9a-f]{16,}\.\w+$", re.I)
_LOADER = re.compile(r"\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|axios\."
                     r"|\.load\s*\(\s*['\"]|\$http\.|jsonp", re.I)


@dataclass(slots=True)
class Signals:
    """What the classifier weighs, read from one page."""

    url: str
    home_url: str | None = None
    meta_title: bool = False          # an ArticleTitle meta (not a placeholder)
    has_title: bool = False           # a visible title matching <title>/ArticleTitle
    has_date: bool = False            # a visible or meta publication date
    body_chars: int = 0               # the article body's text length
    items: int = 0                    # dated list entries read
    list_chars: int = 0               # their text (titles) length
    pagination: bool = False
    placeholder: bool = False         # 暂无信息
    scripted_list: bool = False       # entries from a datastore block or a JSON list
    empty_list: bool = False          # an empty <ul class="list">
    column_meta: bool = False         # a ColumnName meta (not a placeholder)
    breadcrumb: int = 0               # parts of the breadcrumb
    filepath_meta: str = ""           # <meta name="filepath"> / <meta name="Url"> path
    title_is_site: bool = False       # the <title> is the site's own name
    scripts: list[str] = field(default_factory=list)   # inline script code (for a loader)


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def is_search_url(url: str) -> bool:
    return bool(_SEARCH_URL.search(url))


def classify(s: Signals) -> tuple[str, list[str]]:
    """(kind among home/column/article/other, the reasons that decided it)."""
    why: list[str] = []
    parts = urlsplit(s.url)
    if s.home_url and s.url.rstrip("/") == s.home_url.rstrip("/"):
        return "home", ["the URL is the site's start URL"]
    if parts.scheme in ("http", "https") and not parts.query and is_root_path(parts.path):
        return "home", [f"the URL path {parts.path or '/'!r} is the site root"]

    search = is_search_url(s.url)
    article_url = bool(_ARTICLE_URL.search(_path(s.url)))
    list_url = bool(_LIST_URL.search(_path(s.url)))
    signals = (s.has_title, s.has_date, s.body_chars >= 10)
    article = s.meta_title or all(signals) or (sum(signals) == 2 and s.items < 2)
    if s.meta_title:
        why.append("an ArticleTitle meta")
    elif article:
        why.append("article signals: " + ", ".join(
            name for name, on in zip(("a visible title", "a publication date", "a body"), signals,
                                     strict=True) if on))
        if search and s.items >= 3:
            article = False
            why.append(f"but a site-search URL with {s.items} dated results")
        elif s.items >= (10 if article_url else 5) and s.list_chars >= max(s.body_chars, 1) \
                and s.body_chars < (200 if article_url else 10_000):
            article = False
            why.append(f"but {s.items} dated list entries ({s.list_chars} chars) outweigh the "
                       f"body ({s.body_chars} chars)")
    if article:
        if article_url:
            why.append("an article-shaped URL")
        return "article", why

    if s.filepath_meta and is_root_path(s.filepath_meta):
        return "home", why + [f"meta filepath/Url {s.filepath_meta!r} is the site root"]
    if s.title_is_site and s.items >= 8 and (list_url or parts.scheme == "file"):
        return "home", why + [f"the <title> is the site's name and the page carries {s.items} "
                              "dated entries at a folder index"]
    if search:
        return "other", why + ["a site-search page: its results are not a column of the site"
                               + (f" ({s.items} dated results read)" if s.items else "")]
    listed = [name for name, on in (
        (f"{s.items} dated list entries", s.items), ("a pager", s.pagination),
        ("a 暂无信息 placeholder", s.placeholder), ("a list read from a script", s.scripted_list),
        ("an empty list container", s.empty_list)) if on]
    if listed:
        return "column", why + listed
    if list_url and (s.column_meta or s.breadcrumb >= 2) and s.body_chars < 200:
        loader = next((m for code in s.scripts if (m := _LOADER.search(code))), None)
        if loader:
            return "column", why + [
                "a folder-index URL with a ColumnName meta or a breadcrumb, no body, and a "
                f"script that loads the list later ({loader.group(0).strip()!r})"]
    return "other", why + ["no list, pager or placeholder, and not an article"]
