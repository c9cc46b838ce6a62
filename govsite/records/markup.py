"""What the record rules read from a page's markup, read once per page and carried between scans.

Letters, solicitations, guides, forms and directory entries are read from the page's HTML
(labelled fields, list rows, forms, links).  On a 20 000-page portal that is a few thousand pages
to decompress, parse and walk on every scan, a quarter of a nightly re-scan's checks, though
almost every one of those pages is byte for byte the page read the night before.

A `PageMarkup` holds only what the markup itself says (no date is resolved against the as-of
day, no profile setting applies), so it depends on nothing but the page's URL (relative links),
its HTML and the readers' code: `MarkupCache` keys it by a digest of the three and keeps the
readings of the last scan, like the content detectors' hits (govsite.textscan.cache).
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

import orjson

from govsite.parsing.tree import element_text
from govsite.records.fields import Fields, ListRow, labelled_fields, list_rows, load_doc
from govsite.records.guides import anchor_text
from govsite.records.solicitations import feedback_links
from govsite.scan.view import ScanView
from govsite.textscan.cache import code_fingerprint

# Everything a reading depends on besides the page: the readers and the parsing they use.
_READER_SOURCES = ("records", "parsing")


@dataclass
class PageMarkup:
    """A page's markup as the record rules read it (chrome removed: see fields.load_doc)."""

    fields: Fields                       # every label/value pair (fields.labelled_fields)
    rows: list[ListRow]                  # the entries of its lists (fields.list_rows)
    has_form: bool                       # a submission form: a <form> with a text area
    text: str                            # its whole text
    anchors: list[tuple[str, str]]       # (href as written, anchor text) of every <a>
    feedback: tuple[str, ...]            # links to a solicitation's result (solicitations.py)


def read_markup(html: str, url: str) -> PageMarkup:
    doc = load_doc(html)
    return PageMarkup(
        fields=labelled_fields(doc), rows=list_rows(doc, url),
        has_form=any(form.find(".//textarea") is not None for form in doc.iter("form")),
        text=element_text(doc),
        anchors=[((a.get("href") or "").strip(), anchor_text(a)) for a in doc.iter("a")],
        feedback=feedback_links(doc, url))


def encode_markup(m: PageMarkup) -> bytes:
    return zlib.compress(orjson.dumps([
        m.fields.pairs, [[r.title, r.url, r.fields.pairs, r.text] for r in m.rows], m.has_form,
        m.text, m.anchors, m.feedback]), 3)


def decode_markup(blob: bytes) -> PageMarkup:
    fields, rows, has_form, text, anchors, feedback = orjson.loads(zlib.decompress(blob))
    return PageMarkup(
        fields=Fields([tuple(p) for p in fields]),
        rows=[ListRow(title, url, Fields([tuple(p) for p in pairs]), row_text)
              for title, url, pairs, row_text in rows],
        has_form=has_form, text=text, anchors=[tuple(a) for a in anchors], feedback=tuple(feedback))


class MarkupCache:
    """Readings by (URL, HTML), or by (URL, stored content) where the store keys page contents:
    those the last scan stored, and those this scan used or made."""

    def __init__(self, known: dict[str, bytes] | None = None, source_scan: int | None = None) -> None:
        self.fingerprint = code_fingerprint(_READER_SOURCES)
        self.known = known or {}
        self.used: dict[str, bytes] = {}
        self.reused = 0
        self.read = 0
        self.source_scan = source_scan     # the scan the known readings were stored by

    def _digest(self, url: str, html: str, content: str | None) -> str:
        # A stored content's key changes whenever its HTML does (store.contents.content_digest):
        # keyed by it, a reading is found without reading the HTML.
        source = ("\1content", content) if content is not None else (html,)
        return hashlib.sha1("\0".join((self.fingerprint, url, *source)).encode("utf-8", "surrogatepass")).hexdigest()

    def stored(self, url: str, content: str) -> PageMarkup | None:
        """The reading of the page at `url` whose stored content is `content`, if one was kept."""
        digest = self._digest(url, "", content)
        blob = self.known.get(digest)
        if blob is None:
            return None
        self.reused += 1
        self.used[digest] = blob
        return decode_markup(blob)

    def markup(self, url: str, html: str, content: str | None = None) -> PageMarkup:
        """The reading of the page at `url` whose HTML is `html` (and stored content `content`,
        if the store keys its pages' contents)."""
        digest = self._digest(url, html, content)
        blob = self.known.get(digest)
        if blob is not None:
            self.reused += 1
            self.used[digest] = blob
            return decode_markup(blob)
        self.read += 1
        markup = read_markup(html, url)
        self.used[digest] = encode_markup(markup)
        return markup


def page_markup(data: ScanView, url: str) -> PageMarkup | None:
    """The page's markup reading, or None when the scan holds no HTML for it; read once per scan,
    and taken from the last scan's readings when the page has not changed."""
    memo = data.memo("records:markup", dict)
    if url not in memo:
        cache, content = data.markup_cache, data.content_key(url)
        # an unchanged page's reading, found without reading its HTML (a thousand pages of a portal)
        reading = cache.stored(url, content) if cache is not None and content is not None else None
        if reading is None:
            html = data.html(url)
            if not html:
                reading = None
            elif cache is not None:
                reading = cache.markup(url, html, content)
            else:
                reading = read_markup(html, url)
        memo[url] = reading
    return memo[url]
