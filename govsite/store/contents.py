"""Page contents stored once by content hash, and the reads that see both store layouts.

A page's content is everything the store keeps that follows from the page itself: its parse, its
HTML, its links and its list entries (`page_contents`, `content_links`, `content_list_items`).
A scan's page row refers to its content by `content_id`; a re-scan that finds a page unchanged
(304, not requested, or downloaded again with the same content) writes only a page row pointing
at the content already there, so a re-scan of an unchanged site adds its page rows and link
checks and nothing else.

Pages stored before contents existed (the old layout) keep their parse and HTML in their own row
and their links and list entries in `links` and `list_items` by scan; their rows have no
`content_id`.  Every read here returns the rows of both layouts, so old scans read as they did.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import Select, func, select

from govsite.store.schema import (
    ContentLinkRow,
    ContentListItemRow,
    LinkRow,
    ListItemRow,
    PageContentRow,
    PageRow,
)


def content_digest(parsed: bytes, html: bytes | None, site_hosts: str) -> str:
    """The key of a page content: a hash of its stored parse, its stored HTML and the site's hosts
    (`site_hosts`, which decide which of its links are external)."""
    h = hashlib.blake2b(digest_size=20)
    for part in (site_hosts.encode("utf-8"), parsed, html or b""):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def hosts_key(site_hosts) -> str:
    """The site's hosts as `content_digest` takes them."""
    return "\n".join(sorted(site_hosts))


# -- the page's parse and HTML, whichever layout holds them ----------------------------------
def parsed_column():
    """The stored parse of a page row (select from `with_content(...)`)."""
    return func.coalesce(PageContentRow.parsed, PageRow.parsed)


def html_column():
    """The stored HTML of a page row (select from `with_content(...)`)."""
    return func.coalesce(PageContentRow.html, PageRow.html)


def with_content(query: Select) -> Select:
    """`query` (on pages) joined to the page contents its rows refer to, when they do."""
    return query.select_from(PageRow).outerjoin(PageContentRow, PageContentRow.id == PageRow.content_id)


# -- a scan's links and list entries, in both layouts ------------------------------------------
_LINK_FIELDS = ("source_url", "target_url", "anchor", "tag", "kind", "reason")
_ITEM_FIELDS = ("page_url", "column_url", "title", "url", "item_date", "date_text")


def scan_links(scan_id: int, fields: tuple[str, ...] = _LINK_FIELDS, where=None) -> list[Select]:
    """The statements (old layout, then contents) that give the `fields` of the links of scan
    `scan_id` in the order they were stored; `where(table)` adds conditions on a links table
    (LinkRow or ContentLinkRow).  Run both and chain their rows."""
    old = select(*[getattr(LinkRow, f) for f in fields]).where(LinkRow.scan_id == scan_id)
    new = (select(*[getattr(ContentLinkRow, f) for f in fields])
           .join(PageRow, PageRow.content_id == ContentLinkRow.content_id)
           .where(PageRow.scan_id == scan_id))
    if where is not None:
        old, new = old.where(*where(LinkRow)), new.where(*where(ContentLinkRow))
    return [old.order_by(LinkRow.id), new.order_by(PageRow.id, ContentLinkRow.id)]


def scan_list_items(scan_id: int, fields: tuple[str, ...] = _ITEM_FIELDS, where=None,
                    order=None) -> list[Select]:
    """Like scan_links, for the list entries of scan `scan_id`; `order(table)` gives the columns
    to sort by before the stored order."""
    old = select(*[getattr(ListItemRow, f) for f in fields]).where(ListItemRow.scan_id == scan_id)
    new = (select(*[getattr(ContentListItemRow, f) for f in fields])
           .join(PageRow, PageRow.content_id == ContentListItemRow.content_id)
           .where(PageRow.scan_id == scan_id))
    if where is not None:
        old, new = old.where(*where(ListItemRow)), new.where(*where(ContentListItemRow))
    first_old = order(ListItemRow) if order else ()
    first_new = order(ContentListItemRow) if order else ()
    return [old.order_by(*first_old, ListItemRow.id),
            new.order_by(*first_new, PageRow.id, ContentListItemRow.id)]

