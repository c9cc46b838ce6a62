"""What a re-scan does once the crawl's rows are all written, for the pages it took from the last
scan unchanged.

Nothing is copied any more: an unchanged page's row refers to the content the last scan stored
(store/contents.py), and its links and list entries are that content's.  (Before contents, every
re-scan copied the links and list entries of its unchanged pages here: a million link rows on a
big portal.)  What remains is where the database's statistics of the tables the crawl loaded are
refreshed (db.refresh_statistics), so that the checks' reads that follow are planned on the rows
really there; both run once the crawl's rows are all written, first scan or re-scan.
"""
from __future__ import annotations

from govsite.store.db import make_engine, refresh_statistics

# The tables a crawl loads, for the statistics.
_PAGE_TABLES = ("pages", "page_contents", "content_list_items")
_LINK_TABLES = ("content_links", "link_checks", "attachments")
_PAGE_TABLES_SAMPLE = 30


def _refresh(db_url: str, tables: tuple[str, ...], sample: int | None = None) -> None:
    engine = make_engine(db_url)
    try:
        refresh_statistics(engine, *tables, sample=sample)
    finally:
        engine.dispose()


def copy_list_items_of_unchanged(db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
    """Call once every page row of scan `scan_id` is written (the pages' columns are settled next,
    from its list entries).  The pages' tables are read by scan, URL and content id only: a
    small sample gives their counts (~0.2 s on PostgreSQL instead of ~0.6 s for a 20 000-page
    re-scan, on the path to the checks).  The links' tables keep the default: the links query
    joins them, where a poor estimate once cost minutes."""
    _refresh(db_url, _PAGE_TABLES, sample=_PAGE_TABLES_SAMPLE)


def copy_links_of_unchanged(db_url: str, scan_id: int, previous_scan_id: int | None) -> None:
    """Call once every row of the crawl is written (link checks and attachments included: their
    statistics are refreshed here too, for the checks that read them next)."""
    _refresh(db_url, _LINK_TABLES)
