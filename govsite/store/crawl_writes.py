"""The rows the crawl's writer thread stores besides pages: link checks and attachments.

Rows are built here as dicts keyed by column (the crawl holds them without looking inside) and
inserted in batches, one transaction each (govsite.crawler.pipelines.StoreWriter decides when).
"""
from __future__ import annotations

import hashlib
import zlib
from datetime import date

from sqlalchemy import insert, select

from govsite.models import LinkCheck
from govsite.store.db import Store
from govsite.store.page_rows import stored_final_url
from govsite.store.schema import AttachmentRow, LinkCheckRow


def link_check_row(scan_id: int, check: LinkCheck) -> dict:
    """The row of one link target's check; a check made now without a day is dated today."""
    c = check
    return {"scan_id": scan_id, "url": c.url, "checked": c.checked, "method": c.method,
            "status": c.status, "final_url": stored_final_url(c.url, c.final_url), "elapsed": c.elapsed,
            "error_class": c.error_class, "detail": c.detail[:2000],
            "content_type": (c.content_type or "")[:255] or None,
            "content_length": c.content_length,
            "checked_on": c.checked_on or date.today() if c.checked else None}


def attachment_row(scan_id: int, url: str, content_type: str | None, size: int | None,
                   etag: str | None, last_modified: str | None, status: str, reason: str,
                   data: bytes | None = None) -> dict:
    """The row of one attachment, without its text yet (`with_text` adds it once the file is
    read); `data`, the downloaded file, gives its SHA-1."""
    return {"scan_id": scan_id, "url": url, "content_type": content_type, "size": size,
            "etag": etag, "last_modified": last_modified,
            "sha1": hashlib.sha1(data).hexdigest() if data is not None else None,
            "status": status, "reason": reason, "reused": False, "text": None}


def with_text(row: dict, status: str, reason: str, text: str) -> dict:
    """The attachment's row once its file was read: how that ended, and the text (compressed)."""
    return dict(row, status=status, reason=reason,
                text=zlib.compress(text.encode("utf-8"), 3) if text else None)


def reused_attachment_row(store: Store, row: dict, previous_row_id: int) -> dict:
    """The attachment's row with what the last scan read of the same, unchanged file (its text,
    status, digest and size).  LookupError when that row is gone."""
    with store.session() as s:
        old = s.get(AttachmentRow, previous_row_id)
        if old is None:
            raise LookupError(f"attachment row {previous_row_id} of the last scan is gone "
                              f"(needed for {row['url']})")
        return dict(row, status=old.status, reason=old.reason, text=old.text, sha1=old.sha1,
                    size=old.size, reused=True)


def read_before(store: Store, scan_id: int, sha1: str, reason: str) -> int | None:
    """The row of scan `scan_id` that read a file of the same bytes (`sha1`) and ended with
    `reason` (OCR): its text stands for this one, wherever the file now lives."""
    with store.session() as s:
        return s.scalar(select(AttachmentRow.id).where(
            AttachmentRow.scan_id == scan_id, AttachmentRow.sha1 == sha1,
            AttachmentRow.status == "scanned", AttachmentRow.reason == reason).limit(1))


def write_link_checks_and_attachments(store: Store, checks: list[dict], attachments: list[dict]) -> None:
    """Insert a batch of rows built above, in one transaction (raises when the store refuses)."""
    with store.engine.begin() as conn:
        for table, rows in ((LinkCheckRow, checks), (AttachmentRow, attachments)):
            if rows:
                conn.execute(insert(table), rows)
