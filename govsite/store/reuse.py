"""What a scan hands on to the next scan of the same site, so that unchanged pages are not read
again: the content detectors' hits by text (`text_hits`, textscan.cache) and the record rules'
markup readings by page (`markup`, records.markup).

Each scan stores the entries it used, as opaque bytes by digest; the next scan loads those of the
newest earlier scan and reads again only what is not among them.  Two generations are kept,
enough to re-check the newest scan with `govsite check`.
"""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import InstrumentedAttribute

from govsite.store.db import Store
from govsite.store.schema import MarkupReadingRow, ScanRow, TextHitsRow

_VALUES: dict[str, InstrumentedAttribute] = {"text_hits": TextHitsRow.hits, "markup": MarkupReadingRow.reading}


def load_reusable(store: Store, scan_id: int, kind: str) -> tuple[int | None, dict[str, bytes]]:
    """(the scan they come from, {digest: stored value}) of the newest scan of the same site up
    to `scan_id` that stored entries of `kind` ('text_hits' or 'markup')."""
    value = _VALUES[kind]
    table = value.class_
    with store.session() as s:
        start_url = s.scalar(select(ScanRow.start_url).where(ScanRow.id == scan_id))
        source = s.scalar(select(func.max(table.scan_id))
                          .join(ScanRow, ScanRow.id == table.scan_id)
                          .where(ScanRow.start_url == start_url, table.scan_id <= scan_id))
        if source is None:
            return None, {}
        return source, dict(s.execute(select(table.digest, value).where(table.scan_id == source)).all())


def save_reusable(store: Store, scan_id: int, kind: str, entries: dict[str, bytes],
                  source: int | None) -> None:
    """Replace the entries of `kind` of `scan_id`; drop those of the site's scans older than `source`."""
    value = _VALUES[kind]
    table = value.class_
    rows = [{"scan_id": scan_id, "digest": d, value.key: v} for d, v in entries.items()]
    with store.engine.begin() as conn:
        conn.execute(delete(table).where(table.scan_id == scan_id))
        if rows:
            conn.execute(insert(table), rows)
        if source is not None and source < scan_id:
            start_url = select(ScanRow.start_url).where(ScanRow.id == scan_id).scalar_subquery()
            older = select(ScanRow.id).where(ScanRow.start_url == start_url, ScanRow.id < source)
            conn.execute(delete(table).where(table.scan_id.in_(older)))
