"""What the spider yields to the pipelines. The spider discovers; it never judges."""
from __future__ import annotations

from dataclasses import dataclass, field

from govsite.models import LinkCheck, ParsedPage


@dataclass(slots=True)
class FoundLink:
    """A link of a page with the kind the crawler gave it (page, attachment, image, external, ...)."""

    target_url: str
    anchor: str
    tag: str
    kind: str
    reason: str = ""


@dataclass(slots=True)
class PageItem:
    """An HTML page of the site, fetched (or revalidated with 304) and parsed."""

    url: str
    final_url: str
    status: int
    content_type: str
    elapsed: float | None
    size: int
    etag: str | None
    last_modified: str | None
    reused: bool
    column_url: str | None
    parsed: ParsedPage
    blob: bytes                       # encoded parsed page (stored; reused on the next 304)
    html: bytes | None = None         # zlib(UTF-8) of the decoded page
    links: list[FoundLink] = field(default_factory=list)


@dataclass(slots=True)
class CheckItem:
    """The result of checking one distinct link target."""

    check: LinkCheck
