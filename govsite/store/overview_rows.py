"""Counts the province overview reads per scan, by aggregate queries (an overview of hundreds
of sites must not load every finding of every scan)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from govsite.store.db import Store
from govsite.store.schema import ColumnRow, FindingRow


def rule_counts(store: Store, scan_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{scan id: {rule id: findings}} for the scans `scan_ids`."""
    ids = list(scan_ids)
    counts: dict[int, dict[str, int]] = {sid: {} for sid in ids}
    if not ids:
        return counts
    query = (select(FindingRow.scan_id, FindingRow.rule_id, func.count())
             .where(FindingRow.scan_id.in_(ids)).group_by(FindingRow.scan_id, FindingRow.rule_id))
    with store.session() as s:
        for sid, rule_id, n in s.execute(query):
            counts[sid][rule_id] = int(n)
    return counts


def column_status_counts(store: Store, scan_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{scan id: {column status: columns}} of the scans' column registers."""
    ids = list(scan_ids)
    counts: dict[int, dict[str, int]] = {sid: {} for sid in ids}
    if not ids:
        return counts
    query = (select(ColumnRow.scan_id, ColumnRow.status, func.count())
             .where(ColumnRow.scan_id.in_(ids)).group_by(ColumnRow.scan_id, ColumnRow.status))
    with store.session() as s:
        for sid, status, n in s.execute(query):
            counts[sid][status] = int(n)
    return counts
