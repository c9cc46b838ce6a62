"""Which column owns a page; the crawl settles every stored page of a scan with it.

A list page (a column's index, or any page that lists items or has a pager) is its own column
(urls.column_url_of: /a/b/index_3.html -> /a/b/).  Every other page belongs to a column that
lists it: the deepest one, when several do (an article is listed by its column and by the home
page's newest block: its column is the column).  Deepest, not the list the crawl happened to
reach it from first, which varies from scan to scan.  A page no list names (e.g. 关于我们, linked
from every footer) keeps the list page it was found from.
"""
from __future__ import annotations

from collections.abc import Iterable

from govsite.urls import column_url_of


def list_column(url: str, kind: str, has_items: bool, has_pagination: bool) -> str | None:
    """The column a page is the list of (an index page's folder, else the page without its query),
    or None when it lists nothing: then it belongs to the column that linked to it, and its
    links to no column."""
    return column_url_of(url) if kind == "column" or has_items or has_pagination else None


def _deeper(column_url: str, than: str) -> bool:
    # The longer URL is the deeper column; between two of one length the smaller, so that the
    # choice never depends on the order the listings come in.
    return (-len(column_url), column_url) < (-len(than), than)


def owner_columns(listings: Iterable[tuple[str, str, str]],
                  pages: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """The pages whose owning column is not the one they were stored with: {page url: column url}.

    `listings` are the scan's list entries as (list page url, its column url, listed url);
    `pages` its pages as (url, kind, stored column url), read only once every listing is.
    Pages that list items themselves, and column pages, keep their own column.
    """
    deepest: dict[str, str] = {}
    lists: set[str] = set()
    for page_url, column_url, url in listings:
        lists.add(page_url)
        known = deepest.get(url)
        if known is None or _deeper(column_url, known):
            deepest[url] = column_url
    return {url: deepest[url] for url, kind, column_url in pages
            if url in deepest and url not in lists and kind != "column" and column_url != deepest[url]}
