"""The last complete scan of the same site, as a re-scan's integrity rules read it (篡改,
伪造发稿日期): its day, its pages' titles and dates, its list items, the hosts its pages loaded
scripts and frames from, and its stored parses (read lazily)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from govsite.models import ParsedPage


class PreviousPage(NamedTuple):
    url: str
    kind: str
    status: int
    title: str | None
    published: date | None


class PreviousItem(NamedTuple):
    url: str
    column_url: str
    title: str
    date: date | None


@dataclass
class PreviousScan:
    scan_id: int
    as_of: date
    crawl_cuts: list[str] = field(default_factory=list)   # a cut crawl did not read every list whole
    pages: dict[str, PreviousPage] = field(default_factory=dict)
    items: dict[str, PreviousItem] = field(default_factory=dict)      # by the item's URL
    list_columns: set[str] = field(default_factory=set)               # columns whose lists it read
    embedded_hosts: set[str] = field(default_factory=set)             # hosts of scripts, frames
    load_parsed: Callable[[str], ParsedPage | None] = lambda url: None

    def parsed(self, url: str) -> ParsedPage | None:
        return self.load_parsed(url)
