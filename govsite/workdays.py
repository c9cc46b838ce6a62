"""Working days (工作日) on the official Chinese calendar, adjusted working weekends (调休) included.

Every "N 个工作日" rule of the standard counts with this module and nothing else.  The calendar
package only knows the years the State Council has published; for a later year we say so
(CalendarNotCovered) instead of guessing with plain weekdays.
"""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


class CalendarNotCovered(LookupError):
    """The official holiday calendar for this year is not known to the installed chinesecalendar."""

    def __init__(self, day: date) -> None:
        super().__init__(f"the Chinese holiday calendar for {day.year} is not available "
                         f"(chinesecalendar {getattr(chinese_calendar, '__version__', '?')}); "
                         f"working days after {day.year - 1}-12-31 cannot be counted")
        self.year = day.year


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarNotCovered(day) from None


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    This is how a deadline of N 工作日 is counted: a letter received on a Friday and answered on
    the next Monday took 1 working day.
    """
    if end <= start:
        return 0
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_workday(day):
            count += 1
        day += timedelta(days=1)
    return count


def add_workdays(start: date, n: int) -> date:
    """The date N working days after `start` (the last day of an N-working-day deadline)."""
    day = start
    remaining = n
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def covered(day: date) -> bool:
    """True when the calendar knows `day`'s year."""
    try:
        is_workday(day)
        return True
    except CalendarNotCovered:
        return False
