"""What a scan carries to the next one of the same site: the content detectors' hits by text
(textscan.cache) and the record rules' markup readings by page (records.markup).

Each scan stores the entries it used; the next scan loads those of the newest earlier scan and
reads again only what is not among them.  Two generations are kept, enough to re-check the
newest scan with `govsite check`.
"""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import InstrumentedAttribute

from govsite.records.markup import MarkupCache
from govsite.store.db import Store
from govsite.store.schema import MarkupReadingRow, ScanRow, TextHitsRow
from govsite.textscan.cache import TextHitCache, encode_entry


def _load(store: Store, scan_id: int, value: InstrumentedAttribute) -> tuple[int | None, dict[str, bytes]]:
    """(the scan they come from, {digest: stored value}) of the newest scan of the same site up
    to `scan_id` that stored entries in `value`'s table."""
    table = value.class_
    with store.session() as s:
        start_url = s.scalar(select(ScanRow.start_url).where(ScanRow.id == scan_id))
        source = s.scalar(select(func.max(table.scan_id))
                          .join(ScanRow, ScanRow.id == table.scan_id)
                          .where(ScanRow.start_url == start_url, table.scan_id <= scan_id))
        if source is None:
            return None, {}
        return source, dict(s.execute(select(table.digest, value).where(table.scan_id == source)).all())


def _save(store: Store, scan_id: int, value: InstrumentedAttribute, entries: dict[str, bytes],
          source: int | None) -> None:
    """Replace the entries of `scan_id`; drop those of the site's scans older than `source`."""
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


def load_text_cache(store: Store, scan_id: int, fingerprint: str) -> TextHitCache:
    """A cache holding the hits stored by the newest scan of the same site up to `scan_id`."""
    source, known = _load(store, scan_id, TextHitsRow.hits)
    cache = TextHitCache(fingerprint, known)
    cache.source_scan = source
    return cache


def save_text_cache(store: Store, scan_id: int, cache: TextHitCache) -> None:
    _save(store, scan_id, TextHitsRow.hits, {d: encode_entry(e) for d, e in cache.used.items()},
          cache.source_scan)


def load_markup_cache(store: Store, scan_id: int) -> MarkupCache:
    """A cache holding the markup readings stored by the newest scan of the same site."""
    source, known = _load(store, scan_id, MarkupReadingRow.reading)
    cache = MarkupCache(known)
    cache.source_scan = source
    return cache


def save_markup_cache(store: Store, scan_id: int, cache: MarkupCache) -> None:
    _save(store, scan_id, MarkupReadingRow.reading, cache.used, cache.source_scan)
