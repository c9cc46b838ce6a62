"""A scan's judgement in the store: its findings and its column register, each replaced whole
when the scan is checked again (a re-check overwrites, never duplicates)."""
from __future__ import annotations

from sqlalchemy import delete, insert

from govsite.models import Finding
from govsite.store.db import Store, driver_mark, refresh_statistics
from govsite.store.schema import ColumnRow, FindingRow

_FINDING_COLUMNS = ("scan_id", "rule_id", "severity", "standard", "clause", "url", "column",
                    "column_url", "unit", "message", "evidence", "key", "accepted")


def save_findings(store: Store, scan_id: int, site_url: str, findings: list[Finding],
                  accepted: dict[str, str] | None = None) -> list[str]:
    """Replace the stored findings of `scan_id`; returns each finding's key (Finding.identity),
    in order."""
    accepted = accepted or {}
    keys = [f.identity(site_url) for f in findings]
    # Plain tuples through the driver: a big portal has 40 000 findings.
    rows = [(scan_id, f.rule_id, f.severity, f.standard, f.clause, f.url, f.column, f.column_url,
             f.unit, f.message, f.evidence, key, accepted.get(key, "")) for f, key in zip(findings, keys)]
    with store.engine.begin() as conn:
        conn.execute(delete(FindingRow).where(FindingRow.scan_id == scan_id))
        if rows:
            mark = driver_mark(conn)
            # quoted: "column" and "key" are reserved words in PostgreSQL
            names = ", ".join(f'"{c}"' for c in _FINDING_COLUMNS)
            conn.exec_driver_sql(f"INSERT INTO findings ({names}) "
                                 f"VALUES ({', '.join([mark] * len(_FINDING_COLUMNS))})", rows)
    # The rectification history and the reports read these rows next, across scans.
    refresh_statistics(store.engine, "findings")
    return keys


def save_register(store: Store, scan_id: int, columns) -> None:
    """Replace the stored column register of `scan_id` (read by the weekly scorecards)."""
    rows = [{"scan_id": scan_id, "column": c.name, "column_url": c.url, "category": c.category,
             "unit": c.unit, "newest_date": c.newest_date, "age_days": c.age_days,
             "limit_county_days": c.limit_county_days, "limit_national_days": c.limit_national_days,
             "status": c.status, "items": c.items} for c in columns]
    with store.engine.begin() as conn:
        conn.execute(delete(ColumnRow).where(ColumnRow.scan_id == scan_id))
        if rows:
            conn.execute(insert(ColumnRow), rows)
    refresh_statistics(store.engine, "columns")
