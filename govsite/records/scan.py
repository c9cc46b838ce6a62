"""Finding a scan's columns and pages by name (their markup is read by records.markup).

The checks of issue 6 work from column names (县长信箱, 意见征集, 办事指南, ...) and from the
pages those columns list.  Page kinds from the parser are not relied on: a column is any URL that
lists items, a record page is any page a column lists (or that was found from that column).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from govsite.lang import tr
from govsite.scan.view import ScanView
from govsite.urls import column_url_of, folder_url
from govsite.workdays import CalendarNotCovered, workdays_between

T = TypeVar("T")


def cached(data: ScanView, key: str, build: Callable[[], T]) -> T:
    """A value computed once per ScanView (several rules read the same records)."""
    return data.memo(f"records:{key}", build)


def same_page(a: str, b: str) -> bool:
    """A folder URL and its index.html are the same page."""
    return folder_url(a) == folder_url(b)


canon = folder_url      # the URL as compared between pages (urls.folder_url)


def column_names(data: ScanView) -> dict[str, str]:
    """Column URL -> column name, for every URL that lists items (home and section pages too)."""
    def build() -> dict[str, str]:
        names: dict[str, str] = {}
        listing = {i.column_url for i in data.list_items}
        for p in sorted(data.pages, key=lambda p: len(p.url)):
            col = column_url_of(p.url)
            if col in listing and col not in names and (p.column_name or p.title):
                names[col] = (p.column_name or p.title or "").strip()
        for p in data.pages:   # a column whose list page was not stored: name from its articles
            if p.column_url and p.column_url not in names and p.column_name:
                names[p.column_url] = p.column_name.strip()
        return names
    return cached(data, "column_names", build)


def columns_matching(data: ScanView, keywords: Iterable[str], exclude: Iterable[str] = ()) -> dict[str, str]:
    """Columns whose name contains one of `keywords` and none of `exclude`."""
    keywords, exclude = tuple(keywords or ()), tuple(exclude or ())
    return {url: name for url, name in column_names(data).items()
            if any(k in name for k in keywords) and not any(x in name for x in exclude)}


def _by_column(data: ScanView) -> tuple[dict[str, set[str]], dict[str, list]]:
    """(column URL -> pages listing its items, column URL -> pages under its folder), built once:
    asking every page for every column costs 40 columns x 20 000 URL splits on a big portal."""
    def build():
        listing: dict[str, set[str]] = defaultdict(set)
        for i in data.list_items:
            listing[i.column_url].add(i.page_url)
        under: dict[str, list] = defaultdict(list)
        for p in data.pages:
            under[column_url_of(p.url)].append(p)
        return listing, under
    return cached(data, "pages_by_column", build)


def list_pages(data: ScanView, column_url: str) -> list[str]:
    """The list pages (index.html, index_1.html, ...) of a column, in URL order."""
    listing, under = _by_column(data)
    urls = set(listing.get(column_url, ()))
    urls |= {p.url for p in under.get(column_url, ()) if p.url not in urls
             and (p.column_url == column_url or p.kind == "column")}
    return sorted(urls, key=lambda u: (len(u), u))


@dataclass(frozen=True)
class Member:
    """A page listed by (or found from) a column."""

    url: str
    title: str
    listed_date: date | None
    column_url: str
    column: str


def members(data: ScanView, columns: dict[str, str]) -> list[Member]:
    """Pages of the given columns, once each: list items first, then pages found from the column."""
    out: dict[str, Member] = {}
    list_urls = {u for col in columns for u in list_pages(data, col)}
    for it in data.list_items:
        if it.column_url in columns and it.url and it.url not in out and it.url not in list_urls \
                and column_url_of(it.url) != it.column_url:
            out[it.url] = Member(it.url, it.title, it.date, it.column_url, columns[it.column_url])
    for p in data.pages:
        if p.column_url in columns and p.url not in out and p.url not in list_urls \
                and column_url_of(p.url) != p.column_url:
            out[p.url] = Member(p.url, p.title or "", p.published, p.column_url, columns[p.column_url])
    return list(out.values())


def workdays(start: date, end: date) -> int | None:
    """Working days from `start` to `end` (govsite.workdays), None when the calendar lacks a year."""
    try:
        return workdays_between(start, end)
    except CalendarNotCovered:
        return None


def calendar_note(start: date, end: date) -> str:
    """Why working days could not be counted between two dates."""
    years = sorted({start.year, end.year})
    return tr(f"未安装{'/'.join(map(str, years))}年的法定节假日日历（chinesecalendar），"
              f"无法计算 {start} 至 {end} 的工作日",
              f"the official holiday calendar for {'/'.join(map(str, years))} is not installed "
              f"(chinesecalendar): working days from {start} to {end} cannot be counted")


def add_months(day: date, months: int) -> date:
    """The same day `months` later (clamped to the month's end): 3 months after 11-30 is 02-28."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)
