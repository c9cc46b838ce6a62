"""Tables of the scan store (SQLAlchemy 2). One scan owns every row it wrote.

A scan row is written first, with status "running" and the pid of the process doing it; rows of
pages and links follow in batches.  If the process dies (even SIGKILL), the scan stays "running"
until the next open of the store notices the pid is gone and marks it "incomplete": earlier scans
are never touched.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from govsite.models import LinkCheck


class Base(DeclarativeBase):
    pass


class SiteRow(Base):
    """A site the store knows (`govsite sites`): what a scan of it needs and where it is served
    from.  `server_group` names the servers it shares with other sites (a 集约化 platform): the
    fleet keeps one scan at a time per group (govsite/fleet/)."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    start_url: Mapped[str] = mapped_column(Text, unique=True)
    allow_hosts: Mapped[list] = mapped_column(JSON, default=list)
    profiles: Mapped[list] = mapped_column(JSON, default=list)     # profile file paths, in order
    owner_unit: Mapped[str] = mapped_column(Text, default="")
    server_group: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ScanRow(Base):
    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_url: Mapped[str] = mapped_column(Text)
    # Added by issue 13 (store/migrate.py adds both to an older store): the site the scan is of,
    # and until when the scanning process vouches for it (renewed while it runs; a running scan
    # whose lease ran out is dead, wherever it ran).
    site_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    as_of: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running, complete, incomplete
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    host: Mapped[str] = mapped_column(String(255), default="")
    profile_source: Mapped[str] = mapped_column(Text, default="")
    profile: Mapped[dict] = mapped_column(JSON, default=dict)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    score: Mapped[dict] = mapped_column(JSON, default=dict)    # score.json of the scan


class LeaseRow(Base):
    """A named lease held by one process until `expires_at` (e.g. the embedded scheduler of a
    store): another process may take it only once it has expired."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    holder: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class PageRow(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Indexed by ix_pages_scan_url, which begins with it (a second index on scan_id alone cost
    # every scan's page rows one more index entry each; store/migrate.py drops it).
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(255), default="")
    encoding: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    column_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    column_url: Mapped[str | None] = mapped_column(Text, nullable=True)  # the list that linked it / its own list
    elapsed: Mapped[float | None] = mapped_column(Float, nullable=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    reused: Mapped[bool] = mapped_column(Boolean, default=False)  # 304: parse taken from an earlier scan
    # The page's content (parse, HTML, links, list entries), stored once by content hash and shared
    # by every scan that saw the page unchanged (PageContentRow).  Rows written before contents
    # existed have none: their parse and HTML are in `parsed` and `html`, their links and list
    # entries in `links` and `list_items` by scan; rows with a content leave `parsed` empty.
    content_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    parsed: Mapped[bytes] = mapped_column(LargeBinary)  # zlib(JSON) of the ParsedPage (old layout)
    # zlib(UTF-8) of the decoded page, so that a rule added later can run on an old scan (old layout).
    html: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)

    __table_args__ = (Index("ix_pages_scan_url", "scan_id", "url"),)


class LinkRow(Base):
    __tablename__ = "links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The only index: a scan's links are appended in one run of ids, so this index grows at its
    # end, while one on target_url takes 1.5 million inserts at random places on a big portal
    # (and as many again when a re-scan copies them).  Lookups by target read the scan's links
    # in one pass instead (load_scan_data: problem links, the pages attachments hang on).
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    source_url: Mapped[str] = mapped_column(Text)
    target_url: Mapped[str] = mapped_column(Text)
    anchor: Mapped[str] = mapped_column(Text, default="")
    tag: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")



# What a link check row stores as its final URL when that is the URL checked (store/page_rows.py).
SAME_URL = ""


class LinkCheckRow(Base):
    __tablename__ = "link_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Indexed by ix_checks_scan_url, which begins with it (as pages.scan_id).
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    checked: Mapped[bool] = mapped_column(Boolean)
    method: Mapped[str] = mapped_column(String(8), default="")
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    final_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    elapsed: Mapped[float | None] = mapped_column(Float, nullable=True)
    error_class: Mapped[str | None] = mapped_column(String(16), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    content_type: Mapped[str | None] = mapped_column(String(255), nullable=True)
    content_length: Mapped[int | None] = mapped_column(Integer, nullable=True)
    checked_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (Index("ix_checks_scan_url", "scan_id", "url"),)

    def as_link_check(self) -> LinkCheck:
        """The stored check as the crawler made it and the checks read it."""
        return link_check_of(tuple(getattr(self, column.key) for column in LINK_CHECK_FIELDS))


# A link check's columns in LinkCheck's field order, for reading checks as plain rows: an ORM
# object for each of a large portal's 20 000 checks cost more than the rest of what was read.
LINK_CHECK_FIELDS = (LinkCheckRow.url, LinkCheckRow.checked, LinkCheckRow.method, LinkCheckRow.status,
                     LinkCheckRow.final_url, LinkCheckRow.elapsed, LinkCheckRow.error_class,
                     LinkCheckRow.detail, LinkCheckRow.content_type, LinkCheckRow.content_length,
                     LinkCheckRow.checked_on)


def link_check_of(row: tuple) -> LinkCheck:
    """The check as the crawler made it and the checks read it, from LINK_CHECK_FIELDS' values
    (a final URL equal to the URL is stored as SAME_URL)."""
    url, checked, method, status, final_url, *rest = row
    return LinkCheck(url, checked, method, status, url if final_url == SAME_URL else final_url, *rest)


class ListItemRow(Base):
    __tablename__ = "list_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    page_url: Mapped[str] = mapped_column(Text)      # the list page (index.html, index_1.html, ...)
    column_url: Mapped[str] = mapped_column(Text)    # the column it belongs to
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    item_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_text: Mapped[str] = mapped_column(Text, default="")


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    standard: Mapped[str] = mapped_column(String(8))
    clause: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    column: Mapped[str] = mapped_column(Text, default="")
    column_url: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    # Stable identity across scans (rule + URL within the site + column): the rectification loop.
    key: Mapped[str] = mapped_column(String(40), default="", index=True)
    accepted: Mapped[str] = mapped_column(Text, default="")   # the reason, when acknowledged


class FindingPageRow(Base):
    """One page behind one finding (checks/settle.py), as scans stored them before
    FindingPageListRow: kept for the scans of older stores, read with the new rows
    (store/findings.py); no scan writes them any more."""

    __tablename__ = "finding_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    page: Mapped[str] = mapped_column(Text)


class FindingPageListRow(Base):
    """The pages behind one finding (checks/settle.py): every page a template defect shows on,
    the pages that carry a broken link; finding_pages.csv lists them.  One row per finding, the
    list compressed (store/findings.pack_pages): findings are kept for ever and every scan of an
    unchanged site stores the same lists again, where one row per page cost a URL, a key and an
    index entry each (1.1 MB of a 5 000-page portal's re-scan, a fifth of it)."""

    __tablename__ = "finding_page_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    pages: Mapped[bytes] = mapped_column(LargeBinary)   # pack_pages(the page URLs, in order)


class StoreSecretRow(Base):
    """Secrets of the store itself, e.g. the key of the digests that stand for personal numbers in
    the stored pages (store/secrets.py): one random value per store, never shown."""

    __tablename__ = "store_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class TextHitsRow(Base):
    """The content detectors' hits in one text of a scan (govsite.textscan.cache), so that the
    next scan reads them instead of scanning an unchanged text again."""

    __tablename__ = "text_hits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(40))
    hits: Mapped[bytes] = mapped_column(LargeBinary)    # zlib(JSON {rule_id: [[start, end, ...]]})


class MarkupReadingRow(Base):
    """What the record rules read from one page's markup in a scan (govsite.records.markup), so
    that the next scan reads it instead of parsing an unchanged page again."""

    __tablename__ = "markup_readings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(40))
    reading: Mapped[bytes] = mapped_column(LargeBinary)   # zlib(JSON), records.markup.encode_markup


class AckRow(Base):
    """A finding accepted with a reason (e.g. 本年度无人事变动), kept out of the score until `until`."""

    __tablename__ = "acks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site: Mapped[str] = mapped_column(Text)          # start URL of the site
    key: Mapped[str] = mapped_column(String(40), index=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    column: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ProbeRow(Base):
    """One availability probe of a site's home page (the scheduler's, >= 20 a day)."""

    __tablename__ = "probes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site: Mapped[str] = mapped_column(Text, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    elapsed: Mapped[float | None] = mapped_column(Float, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


class ColumnRow(Base):
    """The column register (栏目台账) of a scan, as written to columns.csv."""

    __tablename__ = "columns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    column: Mapped[str] = mapped_column(Text)
    column_url: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(Text, default="")
    newest_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    age_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    limit_county_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    limit_national_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(32))
    items: Mapped[int] = mapped_column(Integer, default=0)


class AttachmentRow(Base):
    """An attachment (pdf, doc, xls, ...) downloaded and read for the content checks."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(255), nullable=True)
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    sha1: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(16))       # scanned, not scanned
    reason: Mapped[str] = mapped_column(Text, default="")  # why not scanned (too large, encrypted, ...)
    reused: Mapped[bool] = mapped_column(Boolean, default=False)  # unchanged since the last scan
    text: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # zlib(UTF-8) of the text


class BrowserPageRow(Base):
    """A page as a headless browser saw it (issue 7): timing, rendered list, axe, screenshot.

    One row per URL the browser pass loaded; `purposes` says why it was loaded (timing, content,
    axe, screenshot, https).  Written by govsite.browser (through store/browser_rows.py), read by govsite.scan.browser.
    """

    __tablename__ = "browser_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))     # home, column, article, other; https/http probes
    column_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    purposes: Mapped[str] = mapped_column(Text, default="")   # comma-separated
    final_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")      # net::ERR_..., or why not loaded
    dcl_ms: Mapped[float | None] = mapped_column(Float, nullable=True)    # DOMContentLoaded
    load_ms: Mapped[float | None] = mapped_column(Float, nullable=True)   # load event (None: not reached)
    timed_out: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=1)            # 2: a timeout was retried
    limit_s: Mapped[float] = mapped_column(Float, default=15.0)           # the limit it was loaded with
    screenshot: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)   # PNG
    screenshot_height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    axe: Mapped[list | None] = mapped_column(JSON, nullable=True)         # axe-core violations, trimmed
    rendered_items: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [[title, url, date, date_text]]
    mixed_content: Mapped[list] = mapped_column(JSON, default=list)       # http:// resources of an https page
    a11y_entries: Mapped[list] = mapped_column(JSON, default=list)        # 无障碍 / 长者模式 links found

    __table_args__ = (Index("ix_browser_scan_url", "scan_id", "url"),)


class PageContentRow(Base):
    """A page's content, stored once whatever the number of scans that saw it (store/contents.py).

    `digest` hashes what the content rows are made from: the stored parse, the HTML and the site's
    hosts (they decide which links are external).  Its links and list entries are
    ContentLinkRow and ContentListItemRow rows.  Deleted by retention (store/retention.py) once no
    page row refers to it."""

    __tablename__ = "page_contents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(40), unique=True)
    size: Mapped[int] = mapped_column(Integer, default=0)          # bytes of parsed + html
    # What following the page needs on a re-scan that does not request it (pagecodec.encode_targets):
    # its link targets with their kinds, read without decoding the parse.  None in contents stored
    # before it existed (or with a URL it cannot hold): those are followed from their parse.
    # The small columns come before the two blobs: SQLite reaches a column stored after a big
    # blob by reading the blob's overflow pages (a re-scan reads 20 000 targets: 0.07-0.3 s
    # more with targets last, as in stores made before 2026-12-03, where it was added later).
    targets: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    parsed: Mapped[bytes] = mapped_column(LargeBinary)            # pagecodec.encode_page
    html: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)   # zlib(UTF-8)


class ContentLinkRow(Base):
    """A link of a page content (what LinkRow is for pages of the old layout)."""

    __tablename__ = "content_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_id: Mapped[int] = mapped_column(Integer, index=True)
    source_url: Mapped[str] = mapped_column(Text)
    target_url: Mapped[str] = mapped_column(Text)
    anchor: Mapped[str] = mapped_column(Text, default="")
    tag: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")


class ContentListItemRow(Base):
    """A list entry of a page content (what ListItemRow is for pages of the old layout)."""

    __tablename__ = "content_list_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_id: Mapped[int] = mapped_column(Integer, index=True)
    page_url: Mapped[str] = mapped_column(Text)
    column_url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    item_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_text: Mapped[str] = mapped_column(Text, default="")


class PrunedScanRow(Base):
    """A scan whose page-level rows retention deleted (store/retention.py); its findings, column
    register and score stay."""

    __tablename__ = "pruned_scans"

    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True)
    pruned_at: Mapped[datetime] = mapped_column(DateTime)
    pages: Mapped[int] = mapped_column(Integer, default=0)


class BrowserHiddenLinkRow(Base):
    """Links to other hosts that a page hides once rendered (暗链; scripts inserted ones too), as
    the browser pass found them: one row a page that has any."""

    __tablename__ = "browser_hidden_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    links: Mapped[list] = mapped_column(JSON, default=list)     # [[href, text, method, block]]
