"""The browser pass of one stored scan, as the rules read it: the pages a browser loaded, what it
saw of each (timing, axe-core, rendered lists, mixed content), never the screenshot bytes.

Read with `load_browser_data(store, scan_id)`; a scan without a browser pass has no pages.  The
rows come from govsite.browser (written through govsite.store.browser_rows).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from govsite.store.browser_rows import browser_pages, hidden_links_of, screenshot_of
from govsite.store.db import Store


@dataclass(slots=True)
class BrowserPage:
    """One page the browser loaded, without its screenshot bytes."""

    url: str
    kind: str
    column_url: str | None
    purposes: frozenset[str]
    final_url: str | None
    status: int | None
    error: str
    dcl_ms: float | None
    load_ms: float | None
    timed_out: bool
    attempts: int
    limit_s: float
    has_screenshot: bool
    axe: list | None
    rendered_items: list | None
    mixed_content: list
    a11y_entries: list


@dataclass
class BrowserData:
    """The browser pass of one scan, as the rules read it."""

    pages: list[BrowserPage] = field(default_factory=list)
    # Outside links each rendered page hides (暗链): {page: [[href, text, method, block]]}.
    hidden_links: dict[str, list] = field(default_factory=dict)

    def page(self, url: str) -> BrowserPage | None:
        return next((p for p in self.pages if p.url == url), None)

    def of_kind(self, kind: str) -> list[BrowserPage]:
        return [p for p in self.pages if p.kind == kind]


def load_browser_data(store: Store, scan_id: int) -> BrowserData:
    """The stored browser pass of `scan_id` (empty when none ran); screenshots stay in the store."""
    return BrowserData([BrowserPage(
        url=r["url"], kind=r["kind"], column_url=r["column_url"],
        purposes=frozenset(filter(None, (r["purposes"] or "").split(","))),
        final_url=r["final_url"], status=r["status"], error=r["error"] or "", dcl_ms=r["dcl_ms"],
        load_ms=r["load_ms"], timed_out=bool(r["timed_out"]), attempts=r["attempts"] or 1,
        limit_s=r["limit_s"], has_screenshot=r["has_screenshot"], axe=r["axe"],
        rendered_items=r["rendered_items"], mixed_content=r["mixed_content"] or [],
        a11y_entries=r["a11y_entries"] or []) for r in browser_pages(store, scan_id)],
        hidden_links_of(store, scan_id))


def screenshot_for(store: Store, scan_id: int, url: str) -> bytes | None:
    """The PNG the browser took of `url` in scan `scan_id` (for the HTML report), or None."""
    return screenshot_of(store, scan_id, url)


def browser_of(data) -> BrowserData:
    """The browser pass carried by a scan's data (its `browser`), or an empty one; a BrowserData
    is itself."""
    if isinstance(data, BrowserData):
        return data
    return getattr(data, "browser", None) or BrowserData()


def rendered_lists(data) -> dict[str, list[tuple[str, str, date | None]]]:
    """{column_url: [(title, url, date)]} of the column pages the browser rendered because their
    static parse found no item (AJAX / script-built lists), for the column register."""
    out: dict[str, list[tuple[str, str, date | None]]] = {}
    for p in browser_of(data).pages:
        if p.rendered_items is None:
            continue
        out[p.column_url or p.url] = [(t, u, date.fromisoformat(d) if d else None)
                                      for t, u, d, _text in p.rendered_items]
    return out
