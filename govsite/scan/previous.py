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
    load_embedded_hosts: Callable[[], set[str]] = lambda: set()
    load_parsed: Callable[[str], ParsedPage | None] = lambda url: None

    def parsed(self, url: str) -> ParsedPage | None:
        return self.load_parsed(url)

    def embedded_hosts(self) -> set[str]:
        """Hosts its pages loaded scripts and frames from; read on first use: only a page
        downloaded again can load a new one, and a re-scan of an unchanged site has none (the
        read is a pass over every link of the scan)."""
        hosts = self.__dict__.get("_embedded_hosts")
        if hosts is None:
            hosts = self.__dict__["_embedded_hosts"] = self.load_embedded_hosts()
        return hosts
