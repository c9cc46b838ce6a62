"""Data classes that cross a stage boundary: parse -> crawl -> store -> check -> report.

Every stage speaks in these types and nothing else, so a newcomer can read one file to know
what flows through the pipeline.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

# Page kinds the parser can assign (issue 2, section 4).
PAGE_KINDS = ("home", "column", "article", "challenge", "error", "other")

# Link categories as the parser sees them, before the crawler knows which hosts are "the site".
LINK_CATEGORIES = (
    "page",        # an HTML page (or a URL with no file extension)
    "attachment",  # pdf, doc(x), xls(x), wps, et, zip, rar, txt, ...
    "image",       # img src, png/jpg/gif/... targets
    "resource",    # css, js, fonts, media: fetched by browsers, checked but not followed
    "local_file",  # file:///C:/..., \\server\share: points into someone's own computer
    "malformed",   # an href that cannot be a URL (http://, http://localhost], ...)
)
# Tags whose target a browser loads and runs or shows inside the page (scripts, frames, objects):
# a new outside host among them is a sign of tampering (security.tampered).
EMBED_TAGS = ("script", "iframe", "frame", "embed", "object")
# The kind stored for a link once the crawler knows the site's hosts (issue 2, section 2).
LINK_KINDS = ("page", "attachment", "image", "resource", "external", "local_file", "malformed")


@dataclass(slots=True)
class Link:
    """One link found on a page."""

    url: str        # absolute URL, fragment removed; the raw href when category is malformed/local_file
    raw: str        # the attribute value as written in the page
    anchor: str     # anchor text, or alt/title for images
    tag: str        # a, img, iframe, frame, link, script, css, meta-refresh, form, area, embed, ...
    category: str   # one of LINK_CATEGORIES
    reason: str = ""  # why a link is malformed, when it is


@dataclass(slots=True)
class ListItem:
    """One entry of a column list (an <li>/<tr>/<dd> with a link and, usually, a date)."""

    title: str
    url: str
    date: date | None
    date_text: str = ""   # the date as written, e.g. "[11-20]"


@dataclass(slots=True)
class Footer:
    """Footer fields required by 规范 第十六条(一)4."""

    identifier_code: str | None = None   # 党政机关网站标识码
    sponsor: str | None = None           # 主办单位
    icp: str | None = None               # ICP备案号
    police: str | None = None            # 公安机关备案号 (公网安备)
    jiucuo: bool = False                 # a "我为政府网站找错" entry exists
    jiucuo_site_code: str | None = None  # site_code carried by that entry
    conac: bool = False                  # red 党政机关 badge
    contact: str | None = None           # contact phone / e-mail / address


@dataclass(slots=True)
class HiddenLink:
    """A link to another host that a visitor cannot see (暗链 candidate; parsing/hidden.py)."""

    url: str
    anchor: str
    method: str     # how it is hidden, in Chinese: "display:none（div.hl）", "移出可视区域（left:-9999px）"
    block: str      # the hiding element (tag#id.class), so the links of one block group together


@dataclass(slots=True)
class ParsedPage:
    """Everything the checks need from one HTML page, extracted once (lxml, no bs4)."""

    url: str
    kind: str                          # one of PAGE_KINDS
    title: str | None = None
    published: date | None = None
    source: str | None = None          # 信息来源 / 来源
    column: str | None = None          # breadcrumb 当前位置 last element, or ColumnName meta
    breadcrumb: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)   # gov meta block, lower-cased names
    footer: Footer = field(default_factory=Footer)
    site_name: str | None = None       # site name / logo text in the header
    has_logo: bool = False
    has_search: bool = False
    items: list[ListItem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    pagination: list[str] = field(default_factory=list)   # absolute URLs of the other list pages
    scripted_list: bool = False        # items came from a datastore block or script, not static markup
    placeholder: str | None = None     # 暂无信息 / 暂无数据 when the list says it is empty
    body_text: str = ""                # the article body (empty for non-articles)
    text: str = ""                     # all visible text, for content checks
    challenge: str | None = None       # WAF / anti-bot family when kind == "challenge"
    soft404: bool = False              # a 200 page that says the content does not exist
    encoding: str = "utf-8"
    # Links to other hosts hidden by the markup (display:none, off-screen, zero size, …).
    hidden_links: list[HiddenLink] = field(default_factory=list)

    def to_json(self) -> dict:
        """The `govsite page --json` shape (issue 2, section 4)."""
        f = self.footer
        return {
            "url": self.url,
            "kind": self.kind,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "column": self.column,
            # the code the page declares in <meta name="SiteIDCode"> (any kind of page)
            "site_code": _site_code(self.meta.get("siteidcode")),
            "footer": {
                "identifier_code": f.identifier_code,
                "sponsor": f.sponsor,
                "icp": f.icp,
                "police": f.police,
                "jiucuo": f.jiucuo,
                "jiucuo_site_code": f.jiucuo_site_code,
                "conac": f.conac,
            },
            "items": [
                {"title": i.title, "url": i.url, "date": i.date.isoformat() if i.date else None}
                for i in self.items
            ],
        }


def _site_code(value: str | None) -> str | None:
    """A 党政机关网站标识码 (10 digits or bm + 8 digits) as written in a meta tag, else None."""
    value = (value or "").strip()
    if len(value) == 10 and (value.isdigit() or (value[:2].lower() == "bm" and value[2:].isdigit())):
        return value.lower() if value[:2].lower() == "bm" else value
    return None


@dataclass(slots=True)
class LinkCheck:
    """The result of checking one distinct link target once."""

    url: str
    checked: bool                  # False: host not allowed, scheme not http(s), ...
    method: str = ""               # HEAD or GET
    status: int | None = None
    final_url: str | None = None
    elapsed: float | None = None   # seconds until the response headers arrived
    error_class: str | None = None  # dns, connect, tls, timeout, http, soft404, blocked, malformed, local_file
    detail: str = ""
    content_type: str | None = None
    content_length: int | None = None
    checked_on: date | None = None   # day of the real request; a check reused from an earlier
                                     # scan keeps its original day (see crawl.revalidate_days)


# The columns of findings.csv, in order (RULES.md, Output contract).
FINDING_COLUMNS = ("rule_id", "severity", "standard", "clause", "url", "message", "evidence",
                   "column", "column_url", "unit")


@dataclass(slots=True)
class Finding:
    """One thing wrong with the site, in the shape of findings.csv (RULES.md, Output contract)."""

    rule_id: str
    severity: str          # veto, deduct, warn
    standard: str          # county, national, both
    clause: str
    url: str
    message: str
    evidence: str = ""
    column: str = ""
    column_url: str = ""
    unit: str = ""
    # Structured facts that scoring reads (never the message text): a link finding whose failing
    # target is linked from the home page is scored apart (RULES.md link.broken).
    on_home: bool = False
    # The pages to edit, when that is not `url` itself: for a broken link the pages that carry it,
    # for a defect of the site's template every page it shows on (checks/settle.py).
    pages: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        """The page to edit: the first page that carries the problem, else the finding's URL."""
        return self.pages[0] if self.pages else self.url

    def as_row(self) -> dict:
        """The row of findings.csv."""
        # Every field is a str: a plain dict, not dataclasses.asdict's deep copy (40 000 findings).
        return {name: getattr(self, name) for name in FINDING_COLUMNS}

    def identity(self, site_url: str) -> str:
        """A key that stays the same from scan to scan while the problem stays: rule, the URL
        within the site (host-independent, so a moved site keeps its history), and column."""
        return finding_key(self.rule_id, self.url, self.column, site_url)


def finding_key(rule_id: str, url: str, column: str, site_url: str) -> str:
    where = url
    try:
        site, parts = urlsplit(site_url), urlsplit(url)
        if parts.netloc.lower() == site.netloc.lower():
            where = parts.path + (f"?{parts.query}" if parts.query else "")
    except ValueError:      # a malformed href is its own identity
        pass
    return hashlib.sha1(f"{rule_id}|{where}|{column}".encode()).hexdigest()[:16]


FINDING_COLUMNS = ("rule_id", "severity", "standard", "clause", "url", "column", "column_url",
                   "unit", "message", "evidence")
COLUMN_REGISTER_COLUMNS = ("column", "column_url", "category", "unit", "newest_date", "age_days",
                           "limit_county_days", "limit_national_days", "status", "status_code", "category_code")
