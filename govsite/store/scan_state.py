"""Where a running scan is: the phase it has reached, and its crawl's verdict, kept in the scan
row's stats so that a scan killed in any phase says where it stopped, and `govsite check N` can
finish a scan whose crawl was whole."""
from __future__ import annotations

from sqlalchemy import func, select, update

from govsite.models import LinkCheck
from govsite.store.db import Store
from govsite.store.schema import LinkCheckRow, PageRow, ScanRow

PHASES = ("crawl", "browser", "checks", "outputs", "done")


def set_phase(store: Store, scan_id: int, phase: str, **stats) -> None:
    """Record that `scan_id` entered `phase`, with any stats known so far (merged into its stats)."""
    if phase not in PHASES:
        raise ValueError(phase)
    with store.session() as s:
        current = s.scalar(select(ScanRow.stats).where(ScanRow.id == scan_id)) or {}
        merged = {**current, **stats, "phase": phase}
        values: dict = {"stats": merged}
        if "pages" in stats:
            values["pages"] = int(stats["pages"])
        s.execute(update(ScanRow).where(ScanRow.id == scan_id).values(**values))
        s.commit()


def link_check_of(store: Store, scan_id: int, url: str) -> LinkCheck | None:
    """The stored check of one target of the scan (the start URL of a scan that stored no page)."""
    with store.session() as s:
        row = s.scalars(select(LinkCheckRow).where(LinkCheckRow.scan_id == scan_id,
                                                   LinkCheckRow.url == url).limit(1)).first()
        if row is None:
            return None
        return row.as_link_check()


def stored_page_count(store: Store, scan_id: int) -> int:
    """Page rows the scan holds (a killed scan keeps the pages it committed)."""
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(PageRow).where(PageRow.scan_id == scan_id)) or 0
