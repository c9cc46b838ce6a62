"""Week over week: what is new, fixed, still open, re-opened or accepted in a week's scan.

Built on the rectification loop (`govsite.rectification.lifecycle`), followed up to the week's
scan, so the answer for a past week does not change when later scans arrive.
- new: present in the week's scan and first seen within the week;
- fixed: fixed on a day within the week (absent from a later complete scan);
- reopened: came back within the week after having been fixed;
- open: present in the week's scan and first seen before the week (仍未整改);
- accepted: present but acknowledged with a reason (kept out of every count and score).
A finding still open after its 整改期限 (deadlines.py, counted from its first day) is `overdue`
(逾期).
"""
from __future__ import annotations

import pandas as pd

from govsite.profile import Profile
from govsite.rectification import active_acks, lifecycle
from govsite.reports.actions import with_actions
from govsite.reports.frames import attribute, last_rows_of, load_findings
from govsite.reports.weeks import WeekScan
from govsite.store.db import Store
from govsite.store.findings import finding_pages

CHANGE_ZH = {"new": "本周新增", "reopened": "重新出现", "open": "仍未整改", "fixed": "本周已整改",
             "accepted": "已说明（不计分）"}
CHANGE_ORDER = ("new", "reopened", "open", "fixed", "accepted")
STILL_OPEN = ("new", "reopened", "open")


def week_changes(store: Store, ws: WeekScan, columns: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """One row per finding that matters in the week: those of the week's scan and those fixed in it.

    Columns: the stored finding fields, `reg_url`/`owner` (see frames.attribute), `first_seen`,
    `fixed_on`, `reopened_on`, `age_days`, `change` (see CHANGE_ZH) and `accepted` (the reason).
    """
    states = {st.key: st for st in lifecycle(store, ws.start_url, until_scan=ws.scan_id)}
    acks = active_acks(store, profile, ws.start_url, ws.as_of)
    # every row of the scan's findings, as findings.csv has them (two findings may share a key)
    current = load_findings(store, [ws.scan_id])
    fixed_keys = [k for k, st in states.items() if st.status == "fixed" and ws.week.contains(st.fixed_on)]
    fixed = last_rows_of(store, ws.start_url, fixed_keys, ws.scan_id)
    rows = pd.concat([current.assign(present=True), fixed.assign(present=False)], ignore_index=True)
    rows = attribute(rows, columns)

    changes, first, fixed_on, reopened, reasons = [], [], [], [], []
    for r in rows.itertuples():
        st = states.get(r.key)
        reason = r.accepted or acks.get(r.key, "")
        if not r.present:
            change = "fixed"
        elif reason:
            change = "accepted"
        elif st is not None and st.status == "reopened" and ws.week.contains(st.reopened_on):
            change = "reopened"
        elif st is None or ws.week.contains(st.first_seen):
            change = "new"
        else:
            change = "open"
        changes.append(change)
        reasons.append(reason)
        first.append(st.first_seen if st else ws.as_of)
        fixed_on.append(st.fixed_on if st else None)
        reopened.append(st.reopened_on if st else None)
    rows["change"] = changes
    rows["accepted"] = reasons
    rows["first_seen"] = first
    rows["fixed_on"] = fixed_on
    rows["reopened_on"] = reopened
    rows["age_days"] = [(ws.as_of - d).days if d else None for d in first]
    rows = with_actions(rows, finding_pages(store, ws.scan_id), profile, ws.as_of)
    # 逾期: still open on the week's day, after its 整改期限
    rows["overdue"] = [bool(late) and c in STILL_OPEN for late, c in zip(rows["overdue"], rows["change"])]
    order = {c: i for i, c in enumerate(CHANGE_ORDER)}
    sev = {"veto": 0, "deduct": 1, "warn": 2}
    rows["_o"] = [order[c] * 10 + sev.get(s, 9) for c, s in zip(rows["change"], rows["severity"])]
    return rows.sort_values(["_o", "owner", "rule_id", "url"]).drop(columns=["_o", "present"]) \
        .reset_index(drop=True)
