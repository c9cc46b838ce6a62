"""整改期限: the day by which a finding must be fixed, from the day it was first seen.

The profile's `rectification.deadline_workdays` gives working days by severity (veto 1, deduct 5,
warn 10), counted on the official holiday calendar (workdays.py).  When the calendar does not
cover the days to count (a deadline running into a year the installed chinesecalendar does not
know), there is no deadline rather than a guessed one: `deadline()` returns None and
`deadline_text()` says why.
"""
from __future__ import annotations

from datetime import date

from govsite.profile import Profile
from govsite.workdays import CalendarNotCovered, add_workdays

NOT_COVERED = "节假日历未覆盖，期限待定"


def workdays_for(severity: str, profile: Profile) -> int | None:
    days = (profile.get("rectification.deadline_workdays") or {}).get(severity)
    return None if days is None else int(days)


def deadline(first_seen: date, severity: str, profile: Profile) -> date | None:
    """The last day to fix a finding of `severity` first seen on `first_seen` (None: not countable)."""
    days = workdays_for(severity, profile)
    if days is None:
        return None
    try:
        return add_workdays(first_seen, days)
    except CalendarNotCovered:
        return None


def deadline_text(first_seen: date, severity: str, profile: Profile) -> str:
    """The deadline as YYYY-MM-DD, or why there is none."""
    due = deadline(first_seen, severity, profile)
    if due is not None:
        return due.isoformat()
    return "" if workdays_for(severity, profile) is None else NOT_COVERED


def overdue(due: date | None, as_of: date) -> bool:
    """Past its deadline on `as_of` (逾期)."""
    return due is not None and as_of > due
