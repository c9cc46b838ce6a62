"""Copies a re-scan makes of the last scan's rows, for the pages it took from that scan unchanged.

The page rows themselves are copied one by one as the crawl meets them (store.page_rows); their
links and list entries follow in one statement each once every page row is written.  Set-based:
SQLite reads the old rows in one pass instead of one index lookup per page, and no row crosses
into Python (a big portal's re-scan copies a million link rows).

Both run once the crawl's rows are all written, first scan or re-scan, and so are where the
database's statistics of those tables are refreshed (db.refresh_statistics): the copies and the
checks' reads that follow are planned on the rows really there.
"""
from __future__ import annotations

from govsite.store.db import driver_mark, make_engine, refresh_statistics

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


def _copy(db_url: str, scan_id: int, previous_scan_id: int | None, sql: str,
          loaded_before: tuple[str, ...], loaded_after: tuple[str, ...]) -> None:
    """Run the copy `sql` (when there is a last scan), refreshing the statistics of the tables
    the crawl has loaded before it (`loaded_before`: the copy's own plan reads them) and of
    those it has loaded once it is done (`loaded_after`)."""
    engine = make_engine(db_url)
    try:
        refresh_statistics(engine, *loaded_before)
        if previous_scan_id is not None:
            with engine.begin() as conn:
                conn.exec_driver_sql(sql.format(p=driver_mark(engine)), (scan_id, previous_scan_id, scan_id))
        refresh_statistics(engine, *loaded_after)
    finally:
        engine.dispose()


def copy_list_items_of_unchanged(db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
    """The list entries of the pages scan `scan_id` took from `previous_scan_id` (none for a first
    scan); call once every page row of the scan is written."""
    # The statement picks this scan's reused pages: with the statistics of an empty scan the
    # planner would expect one such page and look up every old list entry once per page.
    _copy(db_url, scan_id, previous_scan_id, _COPY_LIST_ITEMS, ("pages",), ("list_items",))


def copy_links_of_unchanged(db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
    """The links of the pages scan `scan_id` took from `previous_scan_id` (none for a first scan);
    call once every row of the crawl is written (link checks and attachments included: their
    statistics are refreshed here too, for the checks that read them next)."""
    _copy(db_url, scan_id, previous_scan_id, _COPY_LINKS, (), ("links", "link_checks", "attachments"))
