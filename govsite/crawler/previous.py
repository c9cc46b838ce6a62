"""What the last scan of the same site stored, for conditional requests on the next one.

Only validators (ETag / Last-Modified) and row ids are held in memory, a few MB for a 20 000-page
site; an unchanged page's rows are copied inside the database by the page workers.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from govsite.store.db import Store
from govsite.models import LinkCheck
from govsite.store.schema import AttachmentRow, LinkCheckRow, PageRow, ScanRow


def _conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Headers of a conditional GET: the server answers 304 when nothing changed."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


@dataclass
class _Validators:
    page_id: int
    etag: str | None
    last_modified: str | None
    status: int


@dataclass
class PreviousAttachment:
    row_id: int
    etag: str | None
    last_modified: str | None
    size: int | None


@dataclass
class PreviousScan:
    store: Store | None
    scan_id: int | None
    pages: dict[str, _Validators] = field(default_factory=dict)
    attachments: dict[str, PreviousAttachment] = field(default_factory=dict)
    checks: dict[str, LinkCheck] = field(default_factory=dict)
    page_ids: dict[str, int] = field(default_factory=dict)     # every stored page, validators or not

    @classmethod
    def empty(cls) -> "PreviousScan":
        return cls(None, None)

    @classmethod
    def latest(cls, store: Store, start_url: str, before_scan: int) -> "PreviousScan":
        """The newest complete scan of `start_url` before `before_scan`, or an empty one."""
        with store.session() as s:
            scan_id = s.scalar(select(ScanRow.id).where(ScanRow.start_url == start_url,
                                                        ScanRow.status == "complete",
                                                        ScanRow.id < before_scan)
                               .order_by(ScanRow.id.desc()).limit(1))
            if scan_id is None:
                return cls.empty()
            rows = s.execute(select(PageRow.url, PageRow.id, PageRow.etag, PageRow.last_modified,
                                    PageRow.status)
                             .where(PageRow.scan_id == scan_id)).all()
            files = s.execute(select(AttachmentRow.url, AttachmentRow.id, AttachmentRow.etag,
                                     AttachmentRow.last_modified, AttachmentRow.size)
                              .where(AttachmentRow.scan_id == scan_id,
                                     AttachmentRow.status == "scanned")).all()
            checks = {row.url: LinkCheck(url=row.url, checked=row.checked, method=row.method,
                                         status=row.status, final_url=row.final_url,
                                         elapsed=row.elapsed, error_class=row.error_class,
                                         detail=row.detail, content_type=row.content_type,
                                         content_length=row.content_length,
                                         checked_on=row.checked_on)
                      for row in s.scalars(select(LinkCheckRow).where(LinkCheckRow.scan_id == scan_id))
                      if row.checked and row.checked_on is not None}
        pages = {url: _Validators(pid, etag, lm, status) for url, pid, etag, lm, status in rows
                 if etag or lm}
        page_ids = {url: pid for url, pid, _e, _l, _s in rows}
        attachments = {url: PreviousAttachment(rid, etag, lm, size)
                       for url, rid, etag, lm, size in files if etag or lm}
        return cls(store, scan_id, pages, attachments, checks, page_ids)

    def fresh_check(self, url: str, today: date, days: int) -> LinkCheck | None:
        """The last scan's check of `url`, when it was really made within `days` days."""
        check = self.checks.get(url)
        if check is None or days <= 0 or (today - check.checked_on).days > days:
            return None
        return replace(check)

    def stored_page(self, url: str, today: date, days: int) -> bool:
        """True when the page can be taken from the store without a request: the last scan
        fetched it with 200 within `days` days (a page reached through unchanged pages)."""
        check = self.fresh_check(url, today, days)
        return check is not None and check.status == 200 and check.error_class is None \
            and url in self.page_ids

    def attachment(self, url: str) -> PreviousAttachment | None:
        return self.attachments.get(url)

    def attachment_headers(self, url: str) -> dict[str, str]:
        a = self.attachments.get(url)
        return _conditional(a.etag, a.last_modified) if a else {}

    def has(self, url: str) -> bool:
        return url in self.pages

    def conditional_headers(self, url: str) -> dict[str, str]:
        v = self.pages.get(url)
        return _conditional(v.etag, v.last_modified) if v else {}
