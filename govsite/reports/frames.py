"""Stored scan data as pandas frames: the column register, findings, items published in a week.

Reports read the store only (no re-crawl).  A finding belongs to the register column that
matches its (column URL, column name), else the column of that name, else the column at that URL;
its unit is the finding's own `unit`, else that column's 内容保障单位.  Matching by name first
keeps a broken link on a 部门动态 article with 部门动态 even when the crawler recorded the list that
linked it (often the home page) as its column URL.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd
from sqlalchemy import select

from govsite.profile import Profile, load_profile
from govsite.reports.weeks import Week
from govsite.store.db import Store, get_scan
from govsite.store.schema import ColumnRow, FindingRow, ListItemRow, PageRow, ScanRow

SEVERITIES = ("veto", "deduct", "warn")
NO_UNIT = "（未指定单位）"

COLUMN_FIELDS = ["column", "column_url", "category", "unit", "newest_date", "age_days",
                 "limit_county_days", "limit_national_days", "status", "items"]
FINDING_FIELDS = ["scan_id", "key", "rule_id", "severity", "standard", "clause", "url", "column",
                  "column_url", "unit", "message", "evidence", "accepted"]


def _frame(rows: Iterable, fields: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{f: getattr(r, f) for f in fields} for r in rows], columns=fields)


def load_columns(store: Store, scan_id: int) -> pd.DataFrame:
    """The column register of a scan, one row a column, sorted by URL."""
    with store.session() as s:
        rows = s.scalars(select(ColumnRow).where(ColumnRow.scan_id == scan_id)
                         .order_by(ColumnRow.column_url)).all()
    frame = _frame(rows, COLUMN_FIELDS)
    frame["unit"] = frame["unit"].fillna("").replace("", NO_UNIT)
    frame["stale"] = frame["status"].astype(str).str.startswith("stale")
    frame["empty"] = frame["status"].eq("empty")
    return frame


def load_findings(store: Store, scan_ids: Iterable[int]) -> pd.DataFrame:
    ids = list(scan_ids)
    with store.session() as s:
        rows = s.scalars(select(FindingRow).where(FindingRow.scan_id.in_(ids))
                         .order_by(FindingRow.scan_id, FindingRow.id)).all() if ids else []
    return _frame(rows, FINDING_FIELDS)


def last_rows_of(store: Store, site: str, keys: Iterable[str], until_scan: int) -> pd.DataFrame:
    """For each key, its row in the latest complete scan (up to `until_scan`) that had it: the
    evidence of a finding that has since been fixed."""
    keys = list(keys)
    if not keys:
        return _frame([], FINDING_FIELDS)
    with store.session() as s:
        rows = s.scalars(select(FindingRow).join(ScanRow, ScanRow.id == FindingRow.scan_id)
                         .where(ScanRow.start_url == site, ScanRow.status == "complete",
                                ScanRow.id <= until_scan, FindingRow.key.in_(keys))
                         .order_by(ScanRow.as_of.desc(), ScanRow.id.desc())).all()
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
    with store.session() as s:
        listed = s.execute(select(ListItemRow.column_url, ListItemRow.url)
                           .where(ListItemRow.scan_id == scan_id,
                                  ListItemRow.item_date >= week.monday,
                                  ListItemRow.item_date <= week.sunday)).all()
        pages = s.execute(select(PageRow.column_url, PageRow.url)
                          .where(PageRow.scan_id == scan_id, PageRow.kind == "article",
                                 PageRow.column_url.is_not(None),
                                 PageRow.published >= week.monday,
                                 PageRow.published <= week.sunday)).all()
    frame = pd.DataFrame(list(listed) + list(pages), columns=["column_url", "url"])
    return frame.drop_duplicates().groupby("column_url")["url"].count()


def scan_profile(store: Store, scan_id: int) -> Profile:
    """The profile a scan ran with (units, acks), or the default when none was saved."""
    scan = get_scan(store, scan_id)
    if scan is not None and scan.profile:
        return Profile(dict(scan.profile), scan.profile_source or "scan")
    return load_profile()
