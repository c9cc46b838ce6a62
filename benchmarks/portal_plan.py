"""What the synthetic portal contains: columns, their articles and dates, broken targets.

Planning is separate from rendering so page counts can be reasoned about (and tested) without
writing 20 000 files. Everything is derived from the page count and a seed.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from portal_text import COLUMNS, SECTIONS, SOURCES, ColumnSpec, article_title

AS_OF = date(2026, 11, 27)      # the benchmark scans "as of" this day; no article is newer
ITEMS_PER_LIST_PAGE = 20
FIXED_PAGES = 1 + len(SECTIONS) + 3   # home, one index per section, 网站地图/关于我们/联系我们
BROKEN_LINK_PROBABILITY = 0.40        # per article or list page: one dead internal link (~0.5 %)
FIRST_ARTICLE_ID = 100001


@dataclass(slots=True)
class Article:
    """One article page."""

    article_id: int
    column: int          # index into SitePlan.columns
    published: date
    clock: str           # "HH:MM"
    title: str
    source: str

    @property
    def month_dir(self) -> str:
        return f"{self.published:%Y%m}"

    @property
    def file_name(self) -> str:
        return f"t{self.published:%Y%m%d}_{self.article_id}.html"


@dataclass(slots=True)
class PlannedColumn:
    """A column with its articles, newest first."""

    spec: ColumnSpec
    articles: list[Article] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"/{self.spec.section}/{self.spec.slug}/"

    @property
    def list_pages(self) -> int:
        return max(1, math.ceil(len(self.articles) / ITEMS_PER_LIST_PAGE))

    def article_path(self, article: Article) -> str:
        return f"{self.path}{article.month_dir}/{article.file_name}"


@dataclass(slots=True)
class SitePlan:
    """Every page of the portal, before any HTML is written."""

    columns: list[PlannedColumn]
    broken_urls: list[str]        # site paths that are linked to but do not exist
    seed: int

    @property
    def html_pages(self) -> int:
        return FIXED_PAGES + sum(c.list_pages + len(c.articles) for c in self.columns)

    def all_articles(self) -> list[tuple[PlannedColumn, Article]]:
        return [(column, article) for column in self.columns for article in column.articles]


def _pages_for(counts: list[int]) -> int:
    return FIXED_PAGES + sum(max(1, math.ceil(n / ITEMS_PER_LIST_PAGE)) + n for n in counts)


def article_counts(n_pages: int) -> list[int]:
    """Articles per column so that the portal has exactly n_pages HTML pages."""
    minimum = _pages_for([1] * len(COLUMNS))
    if n_pages < minimum:
        raise ValueError(f"--pages must be at least {minimum}")
    articles = (n_pages - FIXED_PAGES) * ITEMS_PER_LIST_PAGE / (ITEMS_PER_LIST_PAGE + 1)
    total_weight = sum(c.weight for c in COLUMNS)
    counts = [max(1, round(articles * c.weight / total_weight)) for c in COLUMNS]
    by_weight = sorted(range(len(COLUMNS)), key=lambda i: -COLUMNS[i].weight)
    turn = 0
    while (pages := _pages_for(counts)) != n_pages:
        step = 1 if pages < n_pages else -1
        for _ in range(len(by_weight)):
            index = by_weight[turn % len(by_weight)]
            turn += 1
            n = counts[index]
            # When one page is missing/extra, pick a column where the step adds/removes no list page.
            if abs(pages - n_pages) == 1 and n % ITEMS_PER_LIST_PAGE == (0 if step > 0 else 1):
                continue
            if n + step >= 1:
                counts[index] = n + step
                break
    return counts


def _column_dates(rng: random.Random, spec: ColumnSpec, count: int) -> list[date]:
    """Publication dates, newest first: busy columns are fresh, thin ones may be stale."""
    if spec.weight >= 2:
        newest = AS_OF - timedelta(days=rng.randint(0, 3))
    else:
        newest = AS_OF - timedelta(days=rng.choice([1, 5, 12, 30, 75, 140, 260, 420]))
    mean_gap = min(90.0, 1100.0 / count)
    dates, day = [], newest
    for _ in range(count):
        dates.append(day)
        day -= timedelta(days=round(rng.expovariate(1.0 / mean_gap)))
    return dates


def plan_site(n_pages: int, seed: int = 20261127) -> SitePlan:
    """The portal with exactly n_pages HTML pages, always the same for the same arguments."""
    rng = random.Random(seed)
    columns: list[PlannedColumn] = []
    next_id = FIRST_ARTICLE_ID
    for index, (spec, count) in enumerate(zip(COLUMNS, article_counts(n_pages))):
        column = PlannedColumn(spec)
        for published in _column_dates(rng, spec, count):
            clock = f"{rng.randint(8, 18):02d}:{rng.choice(range(0, 60, 5)):02d}"
            column.articles.append(Article(next_id, index, published, clock,
                                           article_title(rng, spec), rng.choice(SOURCES)))
            next_id += 1
        columns.append(column)
    broken: list[str] = []
    for number in range(max(10, n_pages // 100)):
        column = columns[rng.randrange(len(columns))]
        day = AS_OF - timedelta(days=rng.randint(0, 900))
        if number % 3 == 2:
            broken.append(f"/uploads/files/P0{day:%Y%m%d}{number:06d}.pdf")
        else:
            broken.append(f"{column.path}{day:%Y%m}/t{day:%Y%m%d}_{9000000 + number}.html")
    return SitePlan(columns, broken, seed)
