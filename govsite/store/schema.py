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


class ScanRow(Base):
    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_url: Mapped[str] = mapped_column(Text)
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


class PageRow(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
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
    parsed: Mapped[bytes] = mapped_column(LargeBinary)  # zlib(JSON) of the ParsedPage
    # zlib(UTF-8) of the decoded page, so that a rule added later can run on an old scan.
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



class LinkCheckRow(Base):
    __tablename__ = "link_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
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
        return LinkCheck(url=self.url, checked=self.checked, method=self.method, status=self.status,
                         final_url=self.final_url, elapsed=self.elapsed, error_class=self.error_class,
                         detail=self.detail, content_type=self.content_type,
                         content_length=self.content_length, checked_on=self.checked_on)


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


class BrowserHiddenLinkRow(Base):
    """Links to other hosts that a page hides once rendered (暗链; scripts inserted ones too), as
    the browser pass found them: one row a page that has any."""

    __tablename__ = "browser_hidden_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    links: Mapped[list] = mapped_column(JSON, default=list)     # [[href, text, method, block]]
