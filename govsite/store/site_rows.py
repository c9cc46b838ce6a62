"""The sites table at the level of one connection: register a start URL, and bring a store made
before the sites table (issue 13) up to it.  Used by db.open_store and db.create_scan; the
user-facing functions are in store/sites.py."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import inspect, select, update
from sqlalchemy.engine import Connection

from govsite.store.schema import ScanRow, SiteRow


def default_site_name(start_url: str) -> str:
    """The name a site registered by `govsite scan URL` gets: its host (and port)."""
    return urlsplit(start_url).netloc or start_url


def site_id_for(conn: Connection, start_url: str) -> int:
    """The id of the site whose start URL is `start_url`, registered now if it is new (named by
    its host, or by the URL when another site already has that name)."""
    found = conn.execute(select(SiteRow.id).where(SiteRow.start_url == start_url)).scalar()
    if found is not None:
        return found
    name = default_site_name(start_url)
    if conn.execute(select(SiteRow.id).where(SiteRow.name == name)).scalar() is not None:
        name = start_url
    result = conn.execute(SiteRow.__table__.insert().values(
        name=name, start_url=start_url, allow_hosts=[], profiles=[], owner_unit="", server_group="",
        created_at=datetime.now()))
    return result.inserted_primary_key[0]


# Columns added to `scans` since the first release, with their SQL type per dialect.
_ADDED_SCAN_COLUMNS = {"site_id": ("INTEGER", "INTEGER"),
                       "lease_until": ("DATETIME", "TIMESTAMP WITHOUT TIME ZONE")}


def upgrade_scans(conn: Connection) -> None:
    """Add the columns `scans` gained since the store was made; when `site_id` is new, register
    a site for every start URL scanned so far and link its scans to it (once: a scan whose
    site was removed later stays unlinked)."""
    present = {c["name"] for c in inspect(conn).get_columns("scans")}
    missing = [name for name in _ADDED_SCAN_COLUMNS if name not in present]
    if not missing:
        return
    for name in missing:
        sqlite_type, pg_type = _ADDED_SCAN_COLUMNS[name]
        kind = sqlite_type if conn.dialect.name == "sqlite" else pg_type
        conn.exec_driver_sql(f"ALTER TABLE scans ADD COLUMN {name} {kind}")
    if "site_id" in missing:
        urls = conn.execute(select(ScanRow.start_url).distinct()).scalars().all()
        for url in sorted(urls):
            conn.execute(update(ScanRow).where(ScanRow.start_url == url)
                         .values(site_id=site_id_for(conn, url)))
