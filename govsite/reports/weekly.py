"""The weekly report: scorecards per column and per unit, week-over-week changes, 12-week trends,
written as one HTML file, one Excel workbook and CSV files, from stored scans only."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govsite.profile import Profile
from govsite.reports import excel
from govsite.reports.actions import screenshots
from govsite.reports.changes import STILL_OPEN, week_changes
from govsite.reports.charts import site_charts, unit_chart
from govsite.reports.frames import NO_UNIT, items_in_week, load_columns, scan_profile
from govsite.reports.html import render, rows
from govsite.reports.scorecards import SiteScore, column_scorecard, unit_scorecard, unit_weights
from govsite.reports.tables import (
    COLUMN_OF_UNIT,
    COLUMN_TABLE,
    FINDING_HTML,
    FINDING_TABLE,
    UNIT_TABLE,
    with_labels,
    write_csv,
)
from govsite.reports.trends import trends
from govsite.reports.weeks import ReportError, WeekScan, require_week_scan, scan_of_week
from govsite.store.db import Store


@dataclass
class WeeklyReport:
    """Everything a weekly report shows, for one site, one ISO week, optionally one unit."""

    site: str
    site_name: str
    scan: WeekScan
    previous: WeekScan | None
    unit: str | None
    site_score: SiteScore
    columns: pd.DataFrame      # column scorecard (scorecards.column_scorecard)
    units: pd.DataFrame        # unit scorecard (scorecards.unit_scorecard)
    findings: pd.DataFrame     # week changes with labels (changes.week_changes)
    site_trend: pd.DataFrame
    unit_trend: pd.DataFrame
    weights: dict


def build_weekly(store: Store, site: str, week: str, unit: str | None = None,
                 profile: Profile | None = None) -> WeeklyReport:
    """Scorecards and changes of `week` (e.g. "2026-W47"); ReportError when there is no scan."""
    ws = require_week_scan(store, site, week)
    profile = profile or scan_profile(store, ws.scan_id)
    columns = load_columns(store, ws.scan_id)
    changes = week_changes(store, ws, columns, profile)
    units = set(columns["unit"]) | set(changes["owner"])
    if unit is not None and unit not in units:
        known = "、".join(sorted(units - {NO_UNIT}))
        raise ReportError(f"unit {unit!r} feeds no column and owns no finding in scan {ws.scan_id} "
                          f"({ws.as_of}); units: {known or 'none'}")
    if unit is not None:
        columns = columns[columns["unit"] == unit]
        changes = changes[changes["owner"] == unit]
    weights = unit_weights(profile)
    site_trend, unit_trend = trends(store, site, ws.week, int(profile.get("reports.trend_weeks")),
                                   unit)
    return WeeklyReport(
        site=site, site_name=str(profile.get("site.name") or site), scan=ws,
        previous=scan_of_week(store, site, ws.week.shifted(-1)), unit=unit,
        site_score=SiteScore.from_json(ws.score),
        columns=column_scorecard(columns, changes, items_in_week(store, ws.scan_id, ws.week)),
        units=unit_scorecard(columns, changes, weights), findings=with_labels(changes),
        site_trend=site_trend, unit_trend=unit_trend, weights=weights)


def _slug(text: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", text).strip("_")


def _headline(report: WeeklyReport) -> dict:
    """This week's counts beside last week's (None when last week had no complete scan)."""
    trend = report.site_trend.set_index("week")
    now, prev = report.scan.week.label, report.previous.week.label if report.previous else None

    def pick(label, col):
        if label is None or label not in trend.index or col not in trend.columns:
            return None
        value = trend.loc[label, col]
        return None if pd.isna(value) else value
    counts = {c: (pick(now, c), pick(prev, c)) for c in ("site_score", "stale_columns")}
    # the rows of findings.csv that are not accepted (every row, two may share a key)
    open_now = (report.findings["change"].isin(STILL_OPEN)).sum()
    counts["open"] = (int(open_now), None if prev is None else
                      int(sum(pick(prev, f"open_{s}") or 0 for s in ("veto", "deduct", "warn"))))
    return counts


def _weeks_with_data(report: WeeklyReport) -> int:
    return int(report.site_trend["scan_id"].notna().sum()) if len(report.site_trend) else 0


def write_weekly_html(report: WeeklyReport, path: Path, store: Store | None = None) -> Path:
    """The scorecard as one HTML file: units worst first, each with its columns and its findings
    (what, where, how, by when); trend charts once there are two weeks of data; the evidence
    screenshots of veto pages when `store` is given."""
    trend = _weeks_with_data(report) >= 2
    sections = []
    for u in rows(report.units):
        name = u["unit"]
        mine = report.findings[report.findings["owner"] == name]
        vetoed = mine[(mine["severity"] == "veto") & mine["change"].isin(STILL_OPEN)]
        sections.append({
            "unit": u, "chart": unit_chart(report.unit_trend, name) if trend else None,
            "columns": rows(report.columns[report.columns["unit"] == name]),
            "findings": rows(mine),
            "shots": screenshots(store, report.scan.scan_id, list(vetoed["url"])) if store else []})
    charts = site_charts(report.site_trend, report.unit, report.site_score.provisional) if trend else {}
    return render("weekly.html.j2", path, r=report, headline=_headline(report),
                  charts=charts, weeks_with_data=_weeks_with_data(report), sections=sections,
                  units=rows(report.units), columns=rows(report.columns), NO_UNIT=NO_UNIT,
                  change_counts=report.findings["change"].value_counts().to_dict(),
                  unit_formula=unit_formula(report.weights), COLUMN_TABLE=COLUMN_TABLE,
                  UNIT_TABLE=UNIT_TABLE, FINDING_TABLE=FINDING_HTML, COLUMN_OF_UNIT=COLUMN_OF_UNIT)


def write_weekly_excel(report: WeeklyReport, path: Path) -> Path:
    """Sheets: 汇总 (unit scorecard), 全站 (scan and national score), 栏目, 问题, then one per unit."""
    wb = excel.new_workbook()
    excel.table_sheet(wb, "汇总", report.units, UNIT_TABLE)
    s = report.site_score
    excel.facts_sheet(wb, "全站", [
        ("网站", report.site_name), ("网址", report.site), ("周次", report.scan.week.label),
        ("检查日期", report.scan.as_of), ("扫描编号", report.scan.scan_id),
        ("单位范围", report.unit or "全部单位"), ("国家指标得分", s.total),
        ("是否合格", "合格" if s.passed else "不合格"), ("单项否决", len(s.vetoes)),
        ("扣分合计", round(sum(float(d.get("points", 0)) for d in s.deductions), 2)),
        ("分值说明", "暂定分值，尚未与国家指标原表核对" if s.provisional else "正式分值"),
        ("单位得分公式", unit_formula(report.weights))])
    excel.table_sheet(wb, "栏目", report.columns, COLUMN_TABLE)
    excel.table_sheet(wb, "问题", report.findings, FINDING_TABLE)
    for unit in report.units["unit"]:
        excel.table_sheet(wb, unit, report.findings[report.findings["owner"] == unit], FINDING_TABLE)
    return excel.save(wb, path)


def unit_formula(weights: dict) -> str:
    f = weights["finding"]
    return (f"100 − {weights['stale_column']:g}×超期栏目 − {weights['empty_column']:g}×空白栏目 − "
            f"{f['veto']:g}×单项否决问题 − {f['deduct']:g}×扣分问题 − {f['warn']:g}×提醒问题"
            f"（未整改、未说明的问题；不重复计栏目超期/空白；最低0分；暂定）")


def write_weekly_report(store: Store, site: str, week: str, out_dir: Path, unit: str | None = None,
                        profile: Profile | None = None) -> list[Path]:
    """Write the weekly report of `site` for ISO `week` ("2026-W47") into `out_dir`: HTML,
    Excel and CSV (per column, per unit, findings).  `unit` restricts it to one unit's columns and
    findings.  Raises ReportError for a malformed week, a week without a complete scan, or a
    unit that feeds no column."""
    report = build_weekly(store, site, week, unit, profile)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"weekly-{report.scan.week.label}" + (f"-{_slug(unit)}" if unit else "")
    return [write_weekly_html(report, out_dir / f"{stem}.html", store),
            write_weekly_excel(report, out_dir / f"{stem}.xlsx"),
            write_csv(report.columns, COLUMN_TABLE, out_dir / f"{stem}-columns.csv"),
            write_csv(report.units, UNIT_TABLE, out_dir / f"{stem}-units.csv"),
            write_csv(report.findings, FINDING_TABLE, out_dir / f"{stem}-findings.csv")]
