"""The last N weeks of a site, one point a week (the week's scan), for the trend charts."""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from govsite.reports.frames import attribute, load_columns, load_findings
from govsite.reports.scorecards import week_counts
from govsite.reports.weeks import Week, scan_of_week
from govsite.store.db import Store


def trends(store: Store, site: str, last: Week, weeks: int,
           unit: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(site trend, unit trend).

    Site trend: one row a week with site_score, stale_columns, open_veto/deduct/warn (accepted
    findings left out); with `unit`, stale columns and findings are that unit's only.
    Unit trend: one row a week, one column per unit, open findings of the unit.
    Every one of the `weeks` weeks has a row, oldest first; a week without a complete scan has
    empty values, so charts show the gap instead of joining distant weeks.
    """
    site_rows, unit_rows = [], []
    for back in range(weeks - 1, -1, -1):
        week = last.shifted(-back)
        ws = scan_of_week(store, site, week)
        if ws is None:
            site_rows.append({"week": week.label})
            unit_rows.append({"week": week.label})
            continue
        columns = load_columns(store, ws.scan_id)
        findings = attribute(load_findings(store, [ws.scan_id]), columns)
        if unit is not None:
            columns = columns[columns["unit"] == unit]
            findings = findings[findings["owner"] == unit]
        site_rows.append(asdict(week_counts(ws, columns, findings)))
        open_ = findings[findings["accepted"].fillna("") == ""]
        per_unit = open_.groupby("owner").size().to_dict()
        unit_rows.append({"week": ws.week.label,
                          **{u: int(per_unit.get(u, 0)) for u in sorted(set(columns["unit"]) | set(per_unit))}})
    site_trend = pd.DataFrame(site_rows, columns=["week", "as_of", "scan_id", "site_score",
                                                  "stale_columns", "open_veto", "open_deduct",
                                                  "open_warn"])
    unit_trend = pd.DataFrame(unit_rows).set_index("week")
    return site_trend, unit_trend
