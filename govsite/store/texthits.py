"""Storing the content detectors' hits of a scan, and reading those of the scan before it."""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select

from govsite.store.db import Store
from govsite.store.schema import ScanRow, TextHitsRow
from govsite.textscan.cache import TextHitCache, encode_entry


def load_text_cache(store: Store, scan_id: int, fingerprint: str) -> TextHitCache:
    """A cache holding the hits stored by the newest scan of the same site up to `scan_id`."""
    with store.session() as s:
        start_url = s.scalar(select(ScanRow.start_url).where(ScanRow.id == scan_id))
        source = s.scalar(select(func.max(TextHitsRow.scan_id))
                          .join(ScanRow, ScanRow.id == TextHitsRow.scan_id)
                          .where(ScanRow.start_url == start_url, TextHitsRow.scan_id <= scan_id))
        known = {}
        if source is not None:
            known = dict(s.execute(select(TextHitsRow.digest, TextHitsRow.hits)
                                   .where(TextHitsRow.scan_id == source)).all())
    cache = TextHitCache(fingerprint, known)
    cache.source_scan = source
    return cache


def save_text_cache(store: Store, scan_id: int, cache: TextHitCache) -> None:
    """Replace the stored hits of `scan_id`; drop those of the site's older scans but the one
    they were read from (two generations are enough to re-check the newest scan)."""
    rows = [{"scan_id": scan_id, "digest": d, "hits": encode_entry(e)} for d, e in cache.used.items()]
    with store.engine.begin() as conn:
        conn.execute(delete(TextHitsRow).where(TextHitsRow.scan_id == scan_id))
        if rows:
            conn.execute(insert(TextHitsRow), rows)
        source = cache.source_scan
        if source is not None and source < scan_id:
            start_url = select(ScanRow.start_url).where(ScanRow.id == scan_id).scalar_subquery()
            older = select(ScanRow.id).where(ScanRow.start_url == start_url, ScanRow.id < source)
            conn.execute(delete(TextHitsRow).where(TextHitsRow.scan_id.in_(older)))
