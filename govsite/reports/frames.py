"""Stored scan data as pandas frames: the column register, findings, items published in a week.

Reports read the store only (no re-crawl).  A finding belongs to the register column that
matches its (column URL, column name), else the column of that name, else the column at that URL;
its unit is the finding's own `unit`, else that column's 内容保障单位.  Matching by name first
keeps a broken link on a 部门动态 article with 部门动态 even when the crawler recorded the list that
linked it (often the home page) as its column URL.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from govsite.profile import Profile, load_profile, stored_profile
from govsite.reports.weeks import Week
from govsite.store.db import Store
from govsite.store.history import (
    StoredColumn,
    StoredFinding,
    items_dated_between,
    last_findings_with_keys,
    read_scan,
    scan_columns,
    scan_findings,
)

SEVERITIES = ("veto", "deduct", "warn")
NO_UNIT = "（未指定单位）"

COLUMN_FIELDS = list(StoredColumn.__dataclass_fields__)
FINDING_FIELDS = list(StoredFinding.__dataclass_fields__)


def _frame(rows: Iterable, fields: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{f: getattr(r, f) for f in fields} for r in rows], columns=fields)


def load_columns(store: Store, scan_id: int) -> pd.DataFrame:
    """The column register of a scan, one row a column, sorted by URL."""
    frame = _frame(scan_columns(store, scan_id), COLUMN_FIELDS)
    frame["unit"] = frame["unit"].fillna("").replace("", NO_UNIT)
    frame["stale"] = frame["status"].astype(str).str.startswith("stale")
    frame["empty"] = frame["status"].eq("empty")
    return frame


def load_findings(store: Store, scan_ids: Iterable[int]) -> pd.DataFrame:
    """The findings of the scans `scan_ids`, one row a finding, in the order they were stored."""
    return _frame(scan_findings(store, scan_ids), FINDING_FIELDS)


def last_rows_of(store: Store, site: str, keys: Iterable[str], until_scan: int) -> pd.DataFrame:
    """For each key, its row in the latest complete scan (up to `until_scan`) that had it: the
    evidence of a finding that has since been fixed."""
    rows = last_findings_with_keys(store, site, keys, until_scan)
    return _frame(rows, FINDING_FIELDS).drop_duplicates("key", keep="first")


def attribute(findings: pd.DataFrame, columns: pd.DataFrame) -> pd.DataFrame:
    """Add `reg_url` (the register column a finding belongs to, or "") and `owner` (its unit)."""
    out = findings.copy()
    by_pair = {(u, c): u for u, c in zip(columns["column_url"], columns["column"])}
    names = columns["column"].value_counts()
    by_name = {c: u for u, c in zip(columns["column_url"], columns["column"]) if names[c] == 1}
    urls = set(columns["column_url"])
    unit_of = dict(zip(columns["column_url"], columns["unit"]))

    def reg(row) -> str:
        return (by_pair.get((row.column_url, row.column)) or by_name.get(row.column)
                or (row.column_url if row.column_url in urls else ""))

    out["reg_url"] = [reg(r) for r in out.itertuples()] if len(out) else pd.Series(dtype=str)
    owners = []
    for own, reg_url in zip(out["unit"].fillna(""), out["reg_url"]):
        owners.append(own or unit_of.get(reg_url, "") or NO_UNIT)
    out["owner"] = owners if len(out) else pd.Series(dtype=str)
    return out


def items_in_week(store: Store, scan_id: int, week: Week) -> pd.Series:
    """column URL -> number of distinct items dated within `week` (list entries and article pages)."""
    frame = pd.DataFrame(items_dated_between(store, scan_id, week.monday, week.sunday),
                         columns=["column_url", "url"])
    return frame.drop_duplicates().groupby("column_url")["url"].count()


def scan_profile(store: Store, scan_id: int) -> Profile:
    """The profile a scan ran with (units, acks), or the default when none was saved."""
    scan = read_scan(store, scan_id)
    if scan is not None and scan.profile:
        return stored_profile(dict(scan.profile), scan.profile_source or "scan")
    return load_profile()
