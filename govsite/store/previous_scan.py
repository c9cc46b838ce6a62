"""What a re-scan reads of the last complete scan of the same site: the validators of its pages
and attachments (for conditional requests) and its link checks (reused while fresh).

Only these few columns are read, a few MB for a 20 000-page site; an unchanged page's own rows
are copied inside the database (store.page_rows, store.rescan_copies), never through Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from govsite.models import LinkCheck
from govsite.store.db import Store
from govsite.store.schema import LINK_CHECK_FIELDS, AttachmentRow, LinkCheckRow, PageRow, ScanRow, link_check_of


class StoredPage(NamedTuple):
    """A page of the last scan: its row id and the validators it was served with."""

    url: str
    page_id: int
    etag: str | None
    last_modified: str | None
    status: int


class StoredAttachment(NamedTuple):
    """An attachment of the last scan whose text was read."""

    url: str
    row_id: int
    etag: str | None
    last_modified: str | None
    size: int | None


@dataclass
class LastScan:
    """The last complete scan of a site, as a re-scan needs it."""

    scan_id: int
    pages: list[StoredPage]               # every stored page
    attachments: list[StoredAttachment]   # those scanned
    checks: list[LinkCheck]               # targets really requested, with the day they were


def last_complete_scan(store: Store, start_url: str, before_scan: int) -> LastScan | None:
    """The newest complete scan of `start_url` before scan `before_scan`, or None."""
    with store.session() as s:
        scan_id = s.scalar(select(ScanRow.id).where(ScanRow.start_url == start_url,
                                                    ScanRow.status == "complete",
                                                    ScanRow.id < before_scan)
                           .order_by(ScanRow.id.desc()).limit(1))
        if scan_id is None:
            return None
        pages = [StoredPage(*row) for row in s.execute(
            select(PageRow.url, PageRow.id, PageRow.etag, PageRow.last_modified, PageRow.status)
            .where(PageRow.scan_id == scan_id))]
        attachments = [StoredAttachment(*row) for row in s.execute(
            select(AttachmentRow.url, AttachmentRow.id, AttachmentRow.etag,
                   AttachmentRow.last_modified, AttachmentRow.size)
            .where(AttachmentRow.scan_id == scan_id, AttachmentRow.status == "scanned"))]
        # As plain rows: the ORM objects of a 20 000-page scan's checks took ~1 s to build.
        checks = [check for row in s.execute(select(*LINK_CHECK_FIELDS).where(LinkCheckRow.scan_id == scan_id))
                  if (check := link_check_of(row)).checked and check.checked_on is not None]
    return LastScan(scan_id, pages, attachments, checks)
