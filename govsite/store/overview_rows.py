"""Counts the province overview reads per scan, by aggregate queries (an overview of hundreds
of sites must not load every finding of every scan)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from govsite.store.db import Store
from govsite.store.schema import ColumnRow, FindingRow


def _counts_by_scan(store: Store, scan_ids: Iterable[int], scan_id_column, key_column
                    ) -> dict[int, dict[str, int]]:
    """{scan id: {key: rows}} of one table, grouped in the database."""
    ids = list(scan_ids)
    counts: dict[int, dict[str, int]] = {sid: {} for sid in ids}
    if not ids:
        return counts
    query = (select(scan_id_column, key_column, func.count())
             .where(scan_id_column.in_(ids)).group_by(scan_id_column, key_column))
    with store.session() as s:
        for sid, key, n in s.execute(query):
            counts[sid][key] = int(n)
    return counts


def rule_counts(store: Store, scan_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{scan id: {rule id: findings}} for the scans `scan_ids`."""
    return _counts_by_scan(store, scan_ids, FindingRow.scan_id, FindingRow.rule_id)


def column_status_counts(store: Store, scan_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{scan id: {column status: columns}} of the scans' column registers."""
    return _counts_by_scan(store, scan_ids, ColumnRow.scan_id, ColumnRow.status)
