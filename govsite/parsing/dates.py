"""Dates as Chinese government sites write them, shared by the whole project.

Every function takes `as_of` explicitly: a date is never accepted when it lies after
as_of + 1 day (one day of tolerance for time zones and pages published "tomorrow" at midnight),
and year-less dates such as ``[12-28]`` resolve to the latest such day not after that limit.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

TOLERANCE = timedelta(days=1)
MIN_YEAR = 1990

# 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, 2026-11-20 09:30[:00], 2026-11-20-09:30:00
_FULL = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
# Year-less dates: 11-20, 11/20, 11.20, 11月20日 (only accepted alone or in brackets).
_MD = r"(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
_YEARLESS_ALONE = re.compile(r"^[\s\[【(（]*" + _MD + r"[\s\]】)）]*$")
_YEARLESS_BRACKETED = re.compile(r"[\[【(（]\s*" + _MD + r"\s*[\]】)）]")
# TRS t20261120_123.html; Hanweb /art/2016/11/22/art_...; xinhua /2019-12/10/c_...
_URL_PATTERNS = (
    re.compile(r"[/_]t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),
)


def _valid(y: int, m: int, d: int, as_of: date | None) -> date | None:
    if y < MIN_YEAR:
        return None
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    if as_of is not None and value > as_of + TOLERANCE:
        return None
    return value


def resolve_yearless(month: int, day: int, as_of: date) -> date | None:
    """The latest month-day not after as_of (+1 day): [12-28] read on 2027-01-05 is 2026-12-28."""
    limit = as_of + TOLERANCE
    for year in range(limit.year, limit.year - 5, -1):  # Feb 29 may need to look back 4 years
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if value <= limit:
            return value
    return None


def parse_full_date(text: str, as_of: date | None = None) -> date | None:
    """The first valid date with a year found in `text` (no year-less forms)."""
    if not text:
        return None
    for m in _FULL.finditer(text):
        value = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), as_of)
        if value:
            return value
    return None


def parse_date(text: str, as_of: date | None) -> date | None:
    """The first valid date in `text`, in any of the forms sites use.

    Dates with a year are searched anywhere in the text. A year-less date (11-20, [11-20],
    11月20日) is accepted only when it is the whole text or stands in brackets, and needs
    `as_of` to get its year. Impossible dates and dates after as_of + 1 day give None.
    """
    if not text:
        return None
    value = parse_full_date(text, as_of)
    if value or as_of is None:
        return value
    m = _YEARLESS_ALONE.match(text) or _YEARLESS_BRACKETED.search(text)
    if m:
        return resolve_yearless(int(m.group(1)), int(m.group(2)), as_of)
    return None


def find_date_text(text: str) -> str:
    """The date as written in `text` (for ListItem.date_text), or ''."""
    if not text:
        return ""
    m = _FULL.search(text) or _YEARLESS_BRACKETED.search(text) or _YEARLESS_ALONE.match(text)
    return m.group(0).strip() if m else ""


def date_from_url(url: str, as_of: date | None = None) -> date | None:
    """The publication date a CMS wrote into a URL (TRS t20261120_123.html and similar)."""
    if not url:
        return None
    for pattern in _URL_PATTERNS:
        m = pattern.search(url)
        if m:
            value = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), as_of)
            if value:
                return value
    return None
