"""What a scan hands on to the next scan of the same site, so that unchanged pages are not read
again: the content detectors' hits by text (`text_hits`, textscan.cache) and the record rules'
markup readings by page (`markup`, records.markup).

Each scan stores the entries it used, as opaque bytes by digest; the next scan loads those of the
newest earlier scan and reads again only what is not among them.  An entry the new scan used as
it was is not written again: its row moves to the new scan (an UPDATE of `scan_id`, in place on
SQLite), so a re-scan of an unchanged site adds no cache rows, where it added a whole second
copy of them before (1.6 MB of a 5 000-page portal's 9.6 MB re-scan).  The detectors keep all
texts' hits in one entry, and all pages' text keys in another (textscan/cache.py): a few rows
a scan to move, not one a text.  PostgreSQL's UPDATE
writes a new version of each moved row: the old versions are vacuumed right after
(db.reclaim_dead_rows), so that the next re-scan's moves reuse their space instead of growing
the tables by another copy until autovacuum comes by.  The rows the new scan did
not use stay with the scan they came from: two generations are kept, enough to re-check the
newest scan with `govsite check`.
"""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import InstrumentedAttribute

from govsite.store.db import Store, reclaim_dead_rows
from govsite.store.schema import MarkupReadingRow, ScanRow, TextHitsRow

# Row ids per UPDATE … WHERE id IN (…): within SQLite's and PostgreSQL's parameter limits.
_CHUNK = 500

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
    """Replace the entries of `kind` of `scan_id` (those unchanged since `source` move from it);
    drop those of the site's scans older than `source`."""
    value = _VALUES[kind]
    table = value.class_
    with store.engine.begin() as conn:
        conn.execute(delete(table).where(table.scan_id == scan_id))
        moved: dict[str, int] = {}     # digest: row id of `source` whose value is unchanged
        if source is not None and source < scan_id and entries:
            for row_id, digest, stored in conn.execute(
                    select(table.id, table.digest, value).where(table.scan_id == source)):
                if digest not in moved and entries.get(digest) == stored:
                    moved[digest] = row_id
            ids = list(moved.values())
            for start in range(0, len(ids), _CHUNK):
                conn.execute(update(table).where(table.id.in_(ids[start:start + _CHUNK]))
                             .values(scan_id=scan_id))
        rows = [{"scan_id": scan_id, "digest": d, value.key: v} for d, v in entries.items()
                if d not in moved]
        if rows:
            conn.execute(insert(table), rows)
        if source is not None and source < scan_id:
            start_url = select(ScanRow.start_url).where(ScanRow.id == scan_id).scalar_subquery()
            older = select(ScanRow.id).where(ScanRow.start_url == start_url, ScanRow.id < source)
            conn.execute(delete(table).where(table.scan_id.in_(older)))
    if source is not None and source < scan_id:
        # the moved rows' and the dropped generation's old versions (PostgreSQL)
        reclaim_dead_rows(store.engine, table.__tablename__)
