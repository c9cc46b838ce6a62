"""ISO weeks and the scan that stands for each one.

A week (e.g. "2026-W47") runs Monday to Sunday.  The scan of a week is the last *complete* scan of
the site whose as-of day falls in it (latest as-of, then highest id): nightly scans collapse into
one weekly picture, and a crawl that died half-way never stands for a week.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from govsite.errors import BadInput
from govsite.store.db import Store
from govsite.store.history import latest_complete_scan

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class ReportError(BadInput):
    """A report cannot be made (bad week, no scan, unknown unit); the message is for the user."""


@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.monday <= day <= self.sunday

    def shifted(self, weeks: int) -> Week:
        return Week.of(self.monday + timedelta(weeks=weeks))

    @classmethod
    def of(cls, day: date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)


@dataclass(frozen=True)
class WeekScan:
    """The scan chosen for a week."""

    week: Week
    scan_id: int
    as_of: date
    start_url: str
    score: dict


def parse_week(text: str) -> Week:
    """"2026-W47" -> Week; ReportError when the string is not an ISO week that exists."""
    match = _WEEK.match(str(text).strip())
    if not match:
        raise ReportError(f"malformed week {text!r}: expected an ISO week such as 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise ReportError(f"malformed week {text!r}: {year} has no week {number}") from None
    return Week(year, number)


def scan_of_week(store: Store, site: str, week: Week) -> WeekScan | None:
    """The last complete scan of `site` whose as-of day falls in `week`, or None."""
    scan = latest_complete_scan(store, site, week.monday, week.sunday)
    if scan is None:
        return None
    return WeekScan(week, scan.id, scan.as_of, scan.start_url, scan.score)


def require_week_scan(store: Store, site: str, week_text: str) -> WeekScan:
    week = parse_week(week_text)
    found = scan_of_week(store, site, week)
    if found is None:
        raise ReportError(f"no complete scan of {site} in {week.label} "
                          f"({week.monday} to {week.sunday})")
    return found
