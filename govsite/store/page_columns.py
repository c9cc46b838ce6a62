"""The column each page of a scan is filed under, settled once the crawl has stored every page.

Who owns a page is decided outside the store (govsite.scan.ownership.owner_columns, handed in as
`decide`); this module reads what the decision needs and writes its outcome, in one transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from govsite.store.db import driver_mark, make_engine, reclaim_dead_rows

Listing = tuple[str, str, str]           # (list page url, its column url, listed url)
PageColumn = tuple[str, str, str | None]  # (page url, kind, stored column url)
Decide = Callable[[Iterable[Listing], Iterable[PageColumn]], dict[str, str]]


def reassign_page_columns(db_url: str, scan_id: int, decide: Decide) -> int:
    """Give the pages of scan `scan_id` the columns `decide(listings, pages)` returns for them
    ({page url: column url}); the number of pages changed.  Both are streamed from the store
    (a big portal lists hundreds of thousands of entries): the pages are read only once `decide`
    has gone through every listing."""
    engine = make_engine(db_url)
    mark = driver_mark(engine)
    try:
        with engine.begin() as conn:
            def listings() -> Iterator[Listing]:
                # Both layouts: entries of old page rows by scan, of the others by their content.
                yield from conn.exec_driver_sql(
                    f"SELECT page_url, column_url, url FROM list_items WHERE scan_id = {mark}", (scan_id,))
                yield from conn.exec_driver_sql(
                    f"SELECT i.page_url, i.column_url, i.url FROM pages p "
                    f"JOIN content_list_items i ON i.content_id = p.content_id "
                    f"WHERE p.scan_id = {mark} ORDER BY p.id, i.id", (scan_id,))

            def pages() -> Iterator[PageColumn]:
                yield from conn.exec_driver_sql(
                    f"SELECT url, kind, column_url FROM pages WHERE scan_id = {mark}", (scan_id,))

            moves = decide(listings(), pages())
            if moves:
                conn.exec_driver_sql(f"UPDATE pages SET column_url = {mark} WHERE scan_id = {mark} "
                                     f"AND url = {mark}",
                                     [(column_url, scan_id, url) for url, column_url in moves.items()])
        if moves:
            # the moved rows' old versions (PostgreSQL): the next scan's rows go into their space
            reclaim_dead_rows(engine, "pages")
        return len(moves)
    finally:
        engine.dispose()
