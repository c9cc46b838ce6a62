"""Small helpers shared by the sample-portal builders: working days, ID numbers, TRS-style ids.

Nothing here knows about pages; it only makes numbers and dates that look like the real thing.
"""
from __future__ import annotations

import datetime as dt
import random

SITE_NAME = "凤冈县人民政府网"
SITE_CODE = "5203270001"
SITE_DOMAIN = "www.gzfg.gov.cn"
AREA_CODE = "520327"  # 凤冈县 administrative division code

# One fixed seed: the structure of the portal never changes, only its dates move with as_of.
SEED = 5203270001

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits of a resident ID number."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def make_id_number(rng: random.Random, area: str = AREA_CODE) -> str:
    """A checksum-valid, plausible 18-digit resident ID number (birth 1955-2000)."""
    birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 45 * 365))
    first17 = f"{area}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_check_char(first17)


def make_bad_checksum_serial(rng: random.Random) -> str:
    """An 18-digit number shaped like an ID number whose checksum fails (a serial number)."""
    while True:
        first17 = f"{AREA_CODE}2026{rng.randrange(10**7):07d}"
        good = id_check_char(first17)
        for c in "0123456789":
            if c != good:
                return first17 + c


def luhn_check_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_bank_card(rng: random.Random, prefix: str = "621700") -> str:
    """A Luhn-valid 19-digit debit card number (中国建设银行-style BIN)."""
    partial = prefix + "".join(str(rng.randrange(10)) for _ in range(18 - len(prefix)))
    return partial + luhn_check_digit(partial)


def make_mobile(rng: random.Random) -> str:
    return rng.choice(["139", "138", "151", "187", "135", "182"]) + f"{rng.randrange(10**8):08d}"


def mask_id(idn: str) -> str:
    return idn[:6] + "*" * 8 + idn[-4:]


def is_workday(day: dt.date) -> bool:
    """Official working day (调休 included) by chinese_calendar; weekdays beyond its data."""
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    except (ImportError, NotImplementedError):
        return day.weekday() < 5


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day after start (start itself not counted)."""
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after start up to and including end."""
    return sum(1 for i in range(1, (end - start).days + 1) if is_workday(start + dt.timedelta(days=i)))


def weekdays_between(start: dt.date, end: dt.date) -> int:
    """Monday-Friday days after start up to and including end, holidays ignored."""
    return sum(1 for i in range(1, (end - start).days + 1) if (start + dt.timedelta(days=i)).weekday() < 5)


def add_weekdays(start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def at_time(day: dt.date, rng: random.Random) -> dt.datetime:
    """A plausible office-hours publication time on day."""
    return dt.datetime(day.year, day.month, day.day, rng.randrange(8, 18), rng.randrange(0, 60))


class TrsIds:
    """Allocates TRS-style document ids (t20261120_8812345.html) and attachment names."""

    def __init__(self, start: int = 8812345):
        self.next_id = start

    def doc(self) -> int:
        self.next_id += 7
        return self.next_id

    @staticmethod
    def article_rel(when: dt.date | dt.datetime, doc_id: int) -> str:
        return f"{when:%Y%m}/t{when:%Y%m%d}_{doc_id}.html"

    @staticmethod
    def attachment_rel(when: dt.date | dt.datetime, doc_id: int, seq: int, ext: str) -> str:
        return f"{when:%Y%m}/P0{when:%Y%m%d}{doc_id}{seq:03d}.{ext}"

    @staticmethod
    def image_rel(when: dt.date | dt.datetime, doc_id: int, seq: int, ext: str = "png") -> str:
        return f"{when:%Y%m}/W0{when:%Y%m%d}{doc_id}{seq:03d}.{ext}"
