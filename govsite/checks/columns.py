"""The column register (栏目台账): every column of the site with its category, newest item and limits.

Shared by the freshness rules, columns.csv and the scorecards, so that a column is classified and
dated in exactly one place.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from govsite.lang import tr
from govsite.ownership import owner_of
from govsite.profile import Profile
from govsite.scan.view import ScanView
from govsite.urls import column_url_of

CATEGORIES = ("news", "notice", "policy", "personnel", "plan", "other")
_HAS_YEAR = re.compile(r"(19|20)\d{2}")


@dataclass
class ColumnState:
    name: str
    url: str
    category: str
    unit: str
    items: int
    newest_date: date | None
    newest_url: str | None
    age_days: int | None
    limit_county_days: int | None
    limit_national_days: int | None
    due_soon_days: int | None
    scripted: bool
    placeholder: str | None
    status: str = ""
    category_label: str = ""      # the category's Chinese name from the profile (category is the code)

    @property
    def empty(self) -> bool:
        return self.items == 0

    @property
    def stale_county(self) -> bool:
        return self._over(self.limit_county_days)

    @property
    def stale_national(self) -> bool:
        return self._over(self.limit_national_days)

    def _over(self, limit: int | None) -> bool:
        return limit is not None and self.age_days is not None and self.age_days > limit

    def as_row(self) -> dict:
        return {"column": self.name, "column_url": self.url,
                "category": tr(self.category_label or self.category, self.category), "category_code": self.category,
                "unit": self.unit, "newest_date": self.newest_date.isoformat() if self.newest_date else "",
                "age_days": self.age_days, "limit_county_days": self.limit_county_days,
                "limit_national_days": self.limit_national_days, "status": status_label(self.status),
                "status_code": self.status}


def classify(name: str, profile: Profile) -> str:
    """A column's category from its name: the profile's override, else the first category (in the
    profile's order) with a keyword in the name, else "other"."""
    overrides = profile.get("column_overrides") or {}
    if name in overrides:
        return overrides[name]
    for category, spec in profile.get("column_categories").items():
        if any(k in name for k in spec.get("keywords") or []):
            return category
    return "other"


def limits_for(name: str, category: str, profile: Profile) -> tuple[int | None, int | None, int | None]:
    """(county days, national days, due-soon days) for a column; None where no cycle applies."""
    spec = profile.get("column_categories").get(category) or {}
    county, national = spec.get("county_days"), spec.get("national_days")
    if county is None and national is None:
        return None, None, None
    if any(k in name for k in profile.get("freshness.yearly_keywords") or []):
        county = profile.get("freshness.yearly_days")   # 规范 第二十三条(五): 按年度更新
    return county, national, spec.get("due_soon_days")


def category_name(category: str, profile: Profile) -> str:
    """The category's Chinese name from the profile (the key itself for an unknown one)."""
    spec = profile.get("column_categories").get(category) or {}
    return spec.get("name") or category


def key_categories(profile: Profile) -> set[str]:
    """Categories whose stale columns count toward the national veto of ≥ 5 stale columns."""
    return {c for c, spec in profile.get("column_categories").items() if spec.get("key_column")}


# A column's status as a person reads it; the code beside it (status_code in columns.csv, status in
# the store) is what programs read.
STATUS_LABELS = {"ok": ("正常", "ok"), "due soon": ("临期", "due soon"), "empty": ("空白栏目", "empty"),
                 "undated": ("无日期", "undated"), "no cycle": ("无更新周期要求", "no cycle"),
                 "stale (both)": ("超期（县级和国家）", "stale (both)"),
                 "stale (county)": ("超期（县级）", "stale (county)"),
                 "stale (national)": ("超期（国家）", "stale (national)")}


def status_label(code: str) -> str:
    """The status code's label in the chosen language (the code itself for an unknown one)."""
    zh, en = STATUS_LABELS.get(code, (code, code))
    return tr(zh, en)


def _status(col: ColumnState) -> str:
    if col.empty:
        return "empty"
    if col.limit_county_days is None and col.limit_national_days is None:
        return "no cycle"
    if col.newest_date is None:
        return "undated"
    if col.stale_county and col.stale_national:
        return "stale (both)"
    if col.stale_national:
        return "stale (national)"
    if col.stale_county:
        return "stale (county)"
    if col.due_soon_days is not None and col.limit_county_days is not None and \
            col.age_days is not None and col.age_days > col.limit_county_days - col.due_soon_days:
        return "due soon"
    return "ok"


# What the register reads of the profile: every rule built on it declares these.
REGISTER_READS = ("units", "ownership", "column_categories", "column_overrides", "freshness")


def build_register(data: ScanView, profile: Profile) -> list[ColumnState]:
    """One ColumnState per column (list pages grouped by their column URL), sorted by URL."""
    list_pages = [p for p in data.pages if p.kind == "column"]
    by_column: dict[str, list] = defaultdict(list)
    for p in list_pages:
        by_column[column_url_of(p.url)].append(p)
    items_by_column = defaultdict(list)
    for item in data.list_items:
        items_by_column[item.column_url].append(item)
    register = []
    for url, pages in sorted(by_column.items()):
        first = min(pages, key=lambda p: len(p.url))   # index.html (or the bare folder) first
        parsed = data.parsed(first.url)
        name = (first.column_name or first.title or url).strip()
        category = classify(name, profile)
        county, national, soon = limits_for(name, category, profile)
        newest, newest_url = _newest(items_by_column.get(url, []), data)
        age = (data.as_of - newest).days if newest else None
        items = len({i.url for i in items_by_column.get(url, [])})
        placeholder = parsed.placeholder if parsed else None
        col = ColumnState(name=name, url=url, category=category, unit=owner_of(name, url, profile),
                          items=items, newest_date=newest, newest_url=newest_url, age_days=age,
                          limit_county_days=county, limit_national_days=national,
                          due_soon_days=soon, scripted=bool(parsed and parsed.scripted_list),
                          placeholder=placeholder)
        col.status = _status(col)
        col.category_label = category_name(category, profile)
        register.append(col)
    return register


def _newest(items: list, data: ScanView) -> tuple[date | None, str | None]:
    """The newest item date: the list's own date, or the article's when the list gives no year."""
    best: tuple[date | None, str | None] = (None, None)
    for item in items:
        day = item.date
        if day is None or not _HAS_YEAR.search(item.date_text or ""):
            article = data.page(item.url)
            if article is not None and article.published is not None:
                day = article.published
        if day is not None and day <= data.as_of and (best[0] is None or day > best[0]):
            best = (day, item.url)
    return best
