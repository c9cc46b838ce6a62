"""What the last scan of the same site stored, for conditional requests on the next one.

Only validators (ETag / Last-Modified) and row ids are held in memory, a few MB for a 20 000-page
site (read by govsite.store.previous_scan); an unchanged page's rows are copied inside the
database by the page workers.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from govsite.models import LinkCheck
from govsite.store.db import Store
from govsite.store.previous_scan import last_complete_scan


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
    def empty(cls) -> PreviousScan:
        return cls(None, None)

    @classmethod
    def latest(cls, store: Store, start_url: str, before_scan: int) -> PreviousScan:
        """The newest complete scan of `start_url` before `before_scan`, or an empty one."""
        last = last_complete_scan(store, start_url, before_scan)
        if last is None:
            return cls.empty()
        pages = {p.url: _Validators(p.page_id, p.etag, p.last_modified, p.status) for p in last.pages
                 if p.etag or p.last_modified}
        page_ids = {p.url: p.page_id for p in last.pages}
        attachments = {a.url: PreviousAttachment(a.row_id, a.etag, a.last_modified, a.size)
                       for a in last.attachments if a.etag or a.last_modified}
        checks = {c.url: c for c in last.checks}
        return cls(store, last.scan_id, pages, attachments, checks, page_ids)

    def recheck(self, urls: Iterable[str]) -> None:
        """Forget the last scan's checks of `urls`, so that this crawl requests them again (with
        the last validators: a page that did not change still answers 304)."""
        for url in urls:
            self.checks.pop(url, None)

    def fresh_check(self, url: str, today: date, days: int) -> LinkCheck | None:
        """A copy of the last scan's check of `url`, when it was really made within `days` days."""
        check = self._fresh(url, today, days)
        return replace(check) if check is not None else None

    def _fresh(self, url: str, today: date, days: int) -> LinkCheck | None:
        check = self.checks.get(url)
        if check is None or days <= 0 or (today - check.checked_on).days > days:
            return None
        return check

    def stored_page(self, url: str, today: date, days: int) -> bool:
        """True when the page can be taken from the store without a request: the last scan
        fetched it with 200 within `days` days (a page reached through unchanged pages)."""
        check = self._fresh(url, today, days)       # read, not kept: no copy
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
