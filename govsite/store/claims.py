"""Rectification claims of the console (govsite/claims.py holds the state machine) and the
screenshots uploaded with them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError

from govsite.store.console_schema import ClaimRow, UploadRow, console_session, has_console_tables
from govsite.store.db import Store
from govsite.store.findings import unpack_pages
from govsite.store.schema import FindingPageListRow, FindingPageRow, FindingRow, ScanRow


@dataclass(frozen=True)
class Claim:
    site_id: int
    key: str
    unit: str
    state: str
    note: str
    reason: str
    seen_scan_id: int
    claimed_scan_id: int | None
    verified_scan_id: int | None
    failed_times: int
    until: date | None
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class Upload:
    id: str
    site_id: int
    key: str
    unit: str
    stored_name: str
    content_type: str
    size: int
    original_name: str
    account: str
    created_at: datetime


def _claim(row: ClaimRow) -> Claim:
    return Claim(row.site_id, row.key, row.unit, row.state, row.note, row.reason, row.seen_scan_id,
                 row.claimed_scan_id, row.verified_scan_id, row.failed_times or 0, row.until,
                 row.updated_at, row.updated_by)


def _upload(row: UploadRow) -> Upload:
    return Upload(row.id, row.site_id, row.key, row.unit, row.stored_name, row.content_type, row.size,
                  row.original_name, row.account, row.created_at)


def get_claim(store: Store, site_id: int, key: str) -> Claim | None:
    with console_session(store) as s:
        row = s.scalar(select(ClaimRow).where(ClaimRow.site_id == site_id, ClaimRow.key == key))
        return _claim(row) if row is not None else None


def claims_of_site(store: Store, site_id: int, units: Iterable[str] | None = None) -> dict[str, Claim]:
    """key -> claim of every finding of the site acted on (only those of `units` when given)."""
    query = select(ClaimRow).where(ClaimRow.site_id == site_id)
    if units is not None:
        query = query.where(ClaimRow.unit.in_(list(units)))
    with console_session(store) as s:
        return {r.key: _claim(r) for r in s.scalars(query)}


def save_claim(store: Store, site_id: int, key: str, **values) -> Claim:
    """Create or update the claim of (site, key) with `values` (ClaimRow fields)."""
    values.setdefault("updated_at", datetime.now())
    for attempt in range(2):
        with console_session(store) as s:
            row = s.scalar(select(ClaimRow).where(ClaimRow.site_id == site_id, ClaimRow.key == key))
            if row is None:
                row = ClaimRow(site_id=site_id, key=key, failed_times=0)
                s.add(row)
            for name, value in values.items():
                setattr(row, name, value)
            try:
                s.commit()
            except IntegrityError:      # made meanwhile by another request: update that one
                if attempt:
                    raise
                continue
            return _claim(row)
    raise AssertionError("unreachable")


def claims_in_state(store: Store, site_id: int, state: str) -> list[Claim]:
    """The site's claims in `state` (none in a store the console never used: nothing is made)."""
    if not has_console_tables(store):
        return []
    with console_session(store) as s:
        return [_claim(r) for r in s.scalars(select(ClaimRow).where(ClaimRow.site_id == site_id,
                                                                    ClaimRow.state == state))]


def newest_scan_id(store: Store, site_id: int) -> int | None:
    """The id of the newest scan of the site, whatever its status."""
    with store.session() as s:
        return s.scalar(select(func.max(ScanRow.id)).where(ScanRow.site_id == site_id))


def keys_of_scan(store: Store, scan_id: int, keys: Iterable[str]) -> set[str]:
    """Which of `keys` scan `scan_id` found."""
    keys = list(keys)
    if not keys:
        return set()
    with store.session() as s:
        return set(s.scalars(select(FindingRow.key).where(FindingRow.scan_id == scan_id,
                                                          FindingRow.key.in_(keys)).distinct()))


def add_upload(store: Store, upload: Upload) -> None:
    with console_session(store) as s:
        s.add(UploadRow(**upload.__dict__))
        s.commit()


def get_upload(store: Store, upload_id: str, units: Iterable[str] | None = None) -> Upload | None:
    """The upload `upload_id`; None when there is none, or it belongs to none of `units` (given)."""
    query = select(UploadRow).where(UploadRow.id == upload_id)
    if units is not None:
        query = query.where(UploadRow.unit.in_(list(units)))
    with console_session(store) as s:
        row = s.scalar(query)
        return _upload(row) if row is not None else None


def uploads_of(store: Store, site_id: int, key: str) -> list[Upload]:
    with console_session(store) as s:
        return [_upload(r) for r in s.scalars(select(UploadRow).where(UploadRow.site_id == site_id,
                                                                      UploadRow.key == key)
                                              .order_by(UploadRow.created_at))]


def site_and_status_of_scan(store: Store, scan_id: int) -> tuple[int | None, str | None]:
    """(site id, status) of scan `scan_id`; (None, None) when there is no such scan."""
    with store.session() as s:
        row = s.execute(select(ScanRow.site_id, ScanRow.status).where(ScanRow.id == scan_id)).first()
    return (row[0], row[1]) if row is not None else (None, None)


def pages_of_claims(store: Store, site_id: int, state: str) -> set[str]:
    """The URLs behind the site's claims in `state`: each finding's URL and the pages it was
    found on, as the scan the unit acted on stored them."""
    if not has_console_tables(store):
        return set()
    urls: set[str] = set()
    with console_session(store) as s:
        def of_claims(column, table):
            return s.scalars(select(column).join(ClaimRow, and_(ClaimRow.seen_scan_id == table.scan_id,
                                                                ClaimRow.key == table.key))
                             .where(ClaimRow.site_id == site_id, ClaimRow.state == state))

        urls.update(of_claims(FindingRow.url, FindingRow))
        urls.update(of_claims(FindingPageRow.page, FindingPageRow))      # older stores' layout
        for blob in of_claims(FindingPageListRow.pages, FindingPageListRow):
            urls.update(unpack_pages(blob))
    return urls
