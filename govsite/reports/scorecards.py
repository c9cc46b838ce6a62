"""Scorecards of a week: per column, per 内容保障单位, and the site's national score.

Unit score (provisional, weights in the profile's `reports.unit_score`):

    score = max(0, 100 - stale_column x (columns of the unit past their update cycle, county or national)
                       - empty_column x (空白栏目 of the unit)
                       - Σ severity weight x (open findings of the unit's columns, by severity))

Open findings are those of the week's scan that are not accepted; column.stale and column.empty
findings are left out of the last term because the column states already count them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from govsite.checks.catalog import title_of
from govsite.profile import Profile
from govsite.reports.changes import STILL_OPEN
from govsite.reports.frames import SEVERITIES
from govsite.reports.weeks import WeekScan

# Used only when a profile has no `reports.unit_score` (e.g. one saved before the section existed).
DEFAULT_WEIGHTS = {"stale_column": 10.0, "empty_column": 10.0,
                   "finding": {"veto": 20.0, "deduct": 2.0, "warn": 0.5}}
_COLUMN_STATE_RULES = ("column.stale", "column.empty")

_COUNTY = {"stale (both)": "超期", "stale (county)": "超期", "empty": "空白栏目", "no cycle": "无更新要求",
           "undated": "无日期", "due soon": "临期"}
_NATIONAL = {"stale (both)": "超期", "stale (national)": "超期", "empty": "空白栏目",
             "no cycle": "无更新要求", "undated": "无日期"}
CATEGORY_ZH = {"news": "动态要闻", "notice": "通知公告", "policy": "政策文件", "personnel": "人事信息",
               "plan": "规划计划", "other": "其他"}


@dataclass
class SiteScore:
    """The national score of the week's scan (its score.json)."""

    total: float
    passed: bool
    provisional: bool
    vetoes: list[dict]
    deductions: list[dict]
    bonus: dict
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, score: dict) -> SiteScore:
        return cls(total=float(score.get("total", 0.0)), passed=bool(score.get("pass", False)),
                   provisional=bool(score.get("provisional", True)),
                   vetoes=list(score.get("vetoes") or []), deductions=list(score.get("deductions") or []),
                   bonus=dict(score.get("bonus") or {}), notes=list(score.get("notes") or []))


def unit_weights(profile: Profile) -> dict:
    weights = profile.get("reports.unit_score") or {}
    merged = {**DEFAULT_WEIGHTS, **{k: v for k, v in weights.items() if k != "finding"}}
    merged["finding"] = {**DEFAULT_WEIGHTS["finding"], **(weights.get("finding") or {})}
    return merged


def _open(changes: pd.DataFrame) -> pd.DataFrame:
    return changes[changes["change"].isin(STILL_OPEN)]


def column_scorecard(columns: pd.DataFrame, changes: pd.DataFrame, week_items: pd.Series) -> pd.DataFrame:
    """One row per register column: freshness, items this week, broken links, open findings by rule."""
    open_ = _open(changes)
    by_rule = open_.groupby(["reg_url", "rule_id"]).size()
    out = columns.copy()
    out["category_zh"] = out["category"].map(CATEGORY_ZH).fillna(out["category"])
    out["items_this_week"] = out["column_url"].map(week_items).fillna(0).astype(int)
    out["county_status"] = out["status"].map(_COUNTY).fillna("正常")
    out["national_status"] = out["status"].map(_NATIONAL).fillna("正常")
    broken = open_[open_["rule_id"] == "link.broken"].groupby("reg_url").size()
    out["broken_links"] = out["column_url"].map(broken).fillna(0).astype(int)
    out["open_findings"] = out["column_url"].map(open_.groupby("reg_url").size()).fillna(0).astype(int)
    out["findings_by_rule"] = [
        "；".join(f"{title_of(rule)}×{n}" for rule, n in by_rule[url].items()) if url in by_rule.index else ""
        for url in out["column_url"]]
    return out.reset_index(drop=True)


def unit_scorecard(columns: pd.DataFrame, changes: pd.DataFrame, weights: dict) -> pd.DataFrame:
    """One row per unit: those of the register and those owning findings without a column (the
    site's operator), worst score first."""
    rows = []
    finding_w = weights["finding"]
    by_unit = dict(tuple(columns.groupby("unit", sort=True)))
    for owner in sorted(set(changes["owner"]) - set(by_unit)):
        by_unit[owner] = columns.iloc[0:0]
    for unit, cols in by_unit.items():
        mine = changes[changes["owner"] == unit]
        open_ = _open(mine)
        counted = open_[~open_["rule_id"].isin(_COLUMN_STATE_RULES)]
        by_sev = {s: int((open_["severity"] == s).sum()) for s in SEVERITIES}
        counted_sev = {s: int((counted["severity"] == s).sum()) for s in SEVERITIES}
        stale, empty = int(cols["stale"].sum()), int(cols["empty"].sum())
        lost = (weights["stale_column"] * stale + weights["empty_column"] * empty
                + sum(float(finding_w.get(s, 0.0)) * n for s, n in counted_sev.items()))
        rows.append({"unit": unit, "columns": len(cols), "column_names": "、".join(cols["column"]),
                     "stale_columns": stale, "empty_columns": empty,
                     "open_findings": len(open_), **{f"open_{s}": by_sev[s] for s in SEVERITIES},
                     "new": int((mine["change"] == "new").sum()),
                     "reopened": int((mine["change"] == "reopened").sum()),
                     "fixed": int((mine["change"] == "fixed").sum()),
                     "accepted": int((mine["change"] == "accepted").sum()),
                     "score": round(max(0.0, 100.0 - lost), 1)})
    frame = pd.DataFrame(rows, columns=["unit", "columns", "column_names", "stale_columns",
                                        "empty_columns", "open_findings", "open_veto", "open_deduct",
                                        "open_warn", "new", "reopened", "fixed", "accepted", "score"])
    return frame.sort_values(["score", "open_findings", "unit"], ascending=[True, False, True],
                             kind="stable").reset_index(drop=True)


@dataclass
class WeekCounts:
    """Headline counts of a week's scan (also one point of the trend charts)."""

    week: str
    as_of: str
    scan_id: int
    site_score: float
    stale_columns: int
    open_veto: int
    open_deduct: int
    open_warn: int


def week_counts(ws: WeekScan, columns: pd.DataFrame, findings: pd.DataFrame) -> WeekCounts:
    """`findings`: the week scan's findings (accepted ones are left out here)."""
    open_ = findings[findings["accepted"].fillna("") == ""]
    sev = {s: int((open_["severity"] == s).sum()) for s in SEVERITIES}
    return WeekCounts(ws.week.label, ws.as_of.isoformat(), ws.scan_id,
                      float((ws.score or {}).get("total", float("nan"))), int(columns["stale"].sum()),
                      sev["veto"], sev["deduct"], sev["warn"])
