"""What to do, where and by when, added to a report's findings: the page to edit, the fix (the 整改
part of the rule's documentation), the 整改期限 and whether it has passed (逾期).

Shared by the weekly scorecards, the inspection report and the 整改通知单, so the three say the
same thing about a finding.
"""
from __future__ import annotations

import base64
from datetime import date

import pandas as pd

from govsite.checks.catalog import fix_for, title_of
from govsite.deadlines import NOT_COVERED, deadline, overdue
from govsite.profile import Profile
from govsite.store.browser_rows import screenshot_of
from govsite.store.db import Store
from govsite.store.findings import finding_pages

OVERDUE_ZH = "逾期"
_PAGES_SHOWN = 3


def with_actions(frame: pd.DataFrame, pages: dict[str, list[str]], profile: Profile,
                 as_of: date) -> pd.DataFrame:
    """`frame` (stored findings: key, rule_id, url, severity, optionally first_seen) with the
    columns `page` (the pages to edit, the first few), `pages_count`, `fix`, `title`, `deadline`
    (a date or None), `deadline_zh` (the date, or why there is none) and `overdue` (bool)."""
    out = frame.copy()
    if not len(out):
        for col in ("page", "fix", "title", "deadline", "deadline_zh", "overdue", "pages_count"):
            out[col] = pd.Series(dtype=object)
        return out
    firsts = out["first_seen"] if "first_seen" in out.columns else pd.Series([as_of] * len(out), index=out.index)
    page_col, counts, fixes, titles, dues, due_zh, late = [], [], [], [], [], [], []
    for key, rule_id, url, severity, first in zip(out["key"], out["rule_id"], out["url"], out["severity"], firsts):
        behind = pages.get(key) or []
        shown = "、".join(behind[:_PAGES_SHOWN]) + (f" 等{len(behind)}个页面" if len(behind) > _PAGES_SHOWN else "")
        page_col.append(shown or url)
        counts.append(len(behind) or 1)
        fixes.append(fix_for(rule_id))
        titles.append(title_of(rule_id))
        first = first if isinstance(first, date) else as_of
        due = deadline(first, severity, profile)
        dues.append(due)
        due_zh.append(due.isoformat() if due else NOT_COVERED)
        late.append(overdue(due, as_of))
    out["page"], out["pages_count"], out["fix"], out["title"] = page_col, counts, fixes, titles
    out["deadline"], out["deadline_zh"], out["overdue"] = dues, due_zh, late
    return out


def scan_pages(store: Store, scan_id: int) -> dict[str, list[str]]:
    """key -> the pages behind each finding of the scan (finding_pages)."""
    return finding_pages(store, scan_id)


def screenshots(store: Store, scan_id: int, urls: list[str], limit: int = 6) -> list[dict]:
    """The evidence screenshots the scan kept of `urls` (veto pages), as {url, png (base64)}."""
    shots = []
    for url in dict.fromkeys(urls):
        png = screenshot_of(store, scan_id, url)
        if png:
            shots.append({"url": url, "png": base64.b64encode(png).decode("ascii")})
        if len(shots) >= limit:
            break
    return shots
