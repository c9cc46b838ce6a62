"""Working days on the official calendar: Spring Festival and National Day 2026, 调休 included."""
from datetime import date

import pytest

from govsite.workdays import CalendarNotCovered, add_workdays, covered, is_workday, workdays_between


def test_adjusted_working_saturdays_count_as_working_days():
    # 2026: Sat 14 Feb and Sat 28 Feb (春节调休) and Sat 10 Oct (国庆调休) are working days.
    assert is_workday(date(2026, 2, 14))
    assert is_workday(date(2026, 2, 28))
    assert is_workday(date(2026, 10, 10))
    assert not is_workday(date(2026, 10, 11))  # an ordinary Sunday


def test_spring_festival_2026_is_not_counted():
    # Fri 13 Feb -> Tue 24 Feb: only Sat 14 Feb and Tue 24 Feb are working days in between.
    assert workdays_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    # A 15-working-day deadline from Mon 9 Feb runs to Fri 6 Mar, not to Mon 2 Mar (weekdays).
    assert add_workdays(date(2026, 2, 9), 15) == date(2026, 3, 6)


def test_national_day_2026_letter_is_on_time_in_working_days():
    # Received Fri 25 Sep, answered Fri 16 Oct: 15 weekdays later (Oct 1-7 holiday, Sat 10 Oct worked)
    received, answered = date(2026, 9, 25), date(2026, 10, 16)
    weekdays = sum(1 for n in range(1, (answered - received).days + 1)
                   if date.fromordinal(received.toordinal() + n).weekday() < 5)
    assert weekdays == 15
    assert workdays_between(received, answered) == 11


def test_same_day_and_reversed_ranges_are_zero():
    assert workdays_between(date(2026, 5, 6), date(2026, 5, 6)) == 0
    assert workdays_between(date(2026, 5, 7), date(2026, 5, 6)) == 0


def test_year_outside_the_calendar_is_said_not_guessed():
    assert covered(date(2026, 12, 31))
    if covered(date(2027, 1, 4)):
        pytest.skip("installed chinesecalendar already covers 2027")
    with pytest.raises(CalendarNotCovered, match="2027"):
        workdays_between(date(2026, 12, 28), date(2027, 1, 6))
