"""How far one crawl may go: pages per scan, link depth, query variants of one path.

A calendar whose every day links the next (`?date=`), a search page that links its own result
pages, a session id in every URL: a site can hold endlessly many pages.  The profile's `crawl:`
section bounds the crawl, and every bound that cuts it leaves a sentence for the scan's note
(`notes()`), so a report says what was not followed instead of looking complete.

A URL cut by depth or by query variants is not marked as seen: the same page reached again by a
shorter path, or from a page of another path (an article list, not the calendar), is followed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

_NOTES_PER_BOUND = 10     # query-variant notes name at most this many paths


def _path_of(url: str) -> tuple[str, bool]:
    """(the URL without query and fragment, whether it had a query)."""
    base = url.split("#", 1)[0]
    path, sep, _ = base.partition("?")
    return path, bool(sep)


@dataclass
class _Cut:
    """URLs one bound kept out, with the page each was first found on."""

    urls: dict[str, str] = field(default_factory=dict)

    def add(self, url: str, source: str | None) -> None:
        self.urls.setdefault(url, source or "")


@dataclass
class CrawlBounds:
    """The profile's bounds (0: no bound) and what each has cut so far."""

    max_pages: int = 0
    max_depth: int = 0
    max_query_variants: int = 0
    variants: dict[str, int] = field(default_factory=dict)   # path -> query variants followed
    by_depth: _Cut = field(default_factory=_Cut)
    by_pages: _Cut = field(default_factory=_Cut)
    by_variants: dict[str, _Cut] = field(default_factory=dict)   # path -> its cut variants
    deepest_cut: int = 0

    def admit(self, url: str, depth: int, source: str | None) -> str | None:
        """None when the page at `url` (found at `depth` on page `source`) may be followed, and
        its query variant is then counted; else the name of the bound that cuts it."""
        if self.max_depth and depth > self.max_depth:
            self.by_depth.add(url, source)
            self.deepest_cut = max(self.deepest_cut, depth)
            return "max_depth"
        path, has_query = _path_of(url)
        if has_query and self.max_query_variants:
            # Only variants linked from a variant of the same path are cut: that is how a trap
            # grows (a calendar's next day, a search's next page); `detail.jsp?id=` articles
            # linked from their lists are followed however many there are.
            followed = self.variants.get(path, 0)
            if followed >= self.max_query_variants and source is not None \
                    and _path_of(source)[0] == path:
                self.by_variants.setdefault(path, _Cut()).add(url, source)
                return "max_query_variants"
            self.variants[path] = followed + 1
            cut = self.by_variants.get(path)
            if cut is not None:
                cut.urls.pop(url, None)
        self.by_depth.urls.pop(url, None)
        return None

    def page_limit(self, url: str, pages_requested: int, source: str | None) -> bool:
        """True (and the URL recorded) when the scan already requested max_pages pages."""
        if self.max_pages and pages_requested >= self.max_pages:
            self.by_pages.add(url, source)
            return True
        return False

    @property
    def cut_count(self) -> int:
        return len(self.by_depth.urls) + len(self.by_pages.urls) + \
            sum(len(c.urls) for c in self.by_variants.values())

    def notes(self) -> list[str]:
        """One sentence per bound that cut the crawl: which bound, where, how many URLs."""
        notes = []
        if self.by_pages.urls:
            url, source = next(iter(self.by_pages.urls.items()))
            notes.append(f"crawl bound crawl.max_pages={self.max_pages} reached: "
                         f"{len(self.by_pages.urls)} page URL(s) not followed, first {url}"
                         + (f" (linked from {source})" if source else ""))
        if self.by_depth.urls:
            url, source = next(iter(self.by_depth.urls.items()))
            notes.append(f"crawl bound crawl.max_depth={self.max_depth} reached: "
                         f"{len(self.by_depth.urls)} page URL(s) more than {self.max_depth} links "
                         f"from the start page not followed, first {url}"
                         + (f" (linked from {source})" if source else ""))
        cut_paths = [(path, cut) for path, cut in self.by_variants.items() if cut.urls]
        cut_paths.sort(key=lambda pc: -len(pc[1].urls))
        for path, cut in cut_paths[:_NOTES_PER_BOUND]:
            url = next(iter(cut.urls))
            notes.append(f"crawl bound crawl.max_query_variants={self.max_query_variants} reached "
                         f"at {path}: {len(cut.urls)} more query variant(s) not followed "
                         f"(a crawl trap such as a calendar?), first {url}")
        if len(cut_paths) > _NOTES_PER_BOUND:
            rest = cut_paths[_NOTES_PER_BOUND:]
            notes.append(f"crawl bound crawl.max_query_variants={self.max_query_variants} also "
                         f"reached at {len(rest)} other path(s): "
                         f"{sum(len(c.urls) for _, c in rest)} query variant(s) not followed")
        return notes
