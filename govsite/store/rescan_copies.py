"""Copies a re-scan makes of the last scan's rows, for the pages it took from that scan unchanged.

The page rows themselves are copied one by one as the crawl meets them (store.page_rows); their
links and list entries follow in one statement each once every page row is written.  Set-based:
SQLite reads the old rows in one pass instead of one index lookup per page, and no row crosses
into Python (a big portal's re-scan copies a million link rows).
"""
from __future__ import annotations

from govsite.store.db import driver_mark, make_engine

# Parameters of both: new scan, old scan, new scan.
_COPY_LINKS = ("INSERT INTO links (scan_id, source_url, target_url, anchor, tag, kind, reason) "
               "SELECT {p}, source_url, target_url, anchor, tag, kind, reason FROM links "
               "WHERE scan_id = {p} AND source_url IN "
               "(SELECT url FROM pages WHERE scan_id = {p} AND reused) ORDER BY id")
_COPY_LIST_ITEMS = ("INSERT INTO list_items (scan_id, page_url, column_url, title, url, item_date, "
                    "date_text) "
                    "SELECT {p}, page_url, column_url, title, url, item_date, date_text FROM list_items "
                    "WHERE scan_id = {p} AND page_url IN "
                    "(SELECT url FROM pages WHERE scan_id = {p} AND reused) ORDER BY id")


def _copy(db_url: str, scan_id: int, previous_scan_id: int | None, sql: str) -> None:
    if previous_scan_id is None:
        return
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(sql.format(p=driver_mark(engine)), (scan_id, previous_scan_id, scan_id))
    finally:
        engine.dispose()


def copy_list_items_of_unchanged(db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
    """The list entries of the pages scan `scan_id` took from `previous_scan_id` (none for a first
    scan); call once every page row of the scan is written."""
    _copy(db_url, scan_id, previous_scan_id, _COPY_LIST_ITEMS)


def copy_links_of_unchanged(db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
    """The links of the pages scan `scan_id` took from `previous_scan_id` (none for a first scan);
    call once every page row of the scan is written."""
    _copy(db_url, scan_id, previous_scan_id, _COPY_LINKS)
