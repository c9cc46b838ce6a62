"""The in-memory portal: served resources, planted defects and the builder that fills them."""
from __future__ import annotations

import collections
import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from .columns import Column
from .render import Article, Item, article_html
from .util import SEED, TrsIds, at_time

HOSTS = ("site", "ext")


@dataclass
class Resource:
    """One thing the sample server answers for a (host_key, path)."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0                 # seconds, already multiplied by delay_scale
    allow_head: bool = True            # False: HEAD answers 405 (GET works)
    location: str | None = None        # redirect target for 3xx
    fail_first: int = 0                # answer 429 this many times (per server) before serving
    retry_after: int = 1               # Retry-After seconds on those 429s
    last_modified: dt.date | None = None
    cloak_body: bytes | None = None    # served instead to a search-engine crawler (快照劫持)
    published: int = 0                 # times published again (same bytes, a new ETag)

    @property
    def etag(self) -> str:
        """Like a web server's (nginx: mtime and size), a page published again gets a new ETag even
        when its bytes are the same: `published` counts its publications after the first."""
        h = hashlib.sha1(self.body + str(self.status).encode() + (self.location or "").encode()
                         + (f"#{self.published}".encode() if self.published else b""))
        return '"' + h.hexdigest()[:16] + '"'


@dataclass(frozen=True)
class Plant:
    """A planted finding (trap=False) or a trap (a thing that must NOT be reported under rule_id)."""

    rule_id: str
    target: str          # site/ext path, or the raw URL/href when host == "raw"
    column: str
    note: str
    trap: bool = False
    host: str = "site"   # site, ext or raw
    page: str = ""       # site path of the page a planted link stands on


@dataclass
class SampleSite:
    """The built portal. resources is keyed by (host_key, path); host_key is "site" or "ext"."""

    as_of: dt.date
    delay_scale: float
    ext_base_url: str
    resources: dict[tuple[str, str], Resource]
    plants: list[Plant]
    quirks: list[dict]
    columns: list[Column]
    repairs: list[Plant] = field(default_factory=list)   # snapshot 3: findings of snapshot 1 repaired

    def lookup(self, host_key: str, path: str) -> Resource | None:
        """The resource for a request path: directories serve index.html, /a/b redirects to /a/b/."""
        res = self.resources.get((host_key, path))
        if res is not None:
            return res
        if path.endswith("/"):
            return self.resources.get((host_key, path + "index.html"))
        if (host_key, path + "/index.html") in self.resources:
            return Resource(body=b"", status=301, location=path + "/", content_type="text/html")
        return None


class SiteBuilder:
    """Collects resources and plants while the content modules build the portal."""

    def __init__(self, as_of: dt.date, delay_scale: float, ext_base_url: str):
        self.as_of = as_of
        self.delay_scale = delay_scale
        self.ext = ext_base_url.rstrip("/")
        self.rng = random.Random(SEED)
        self.ids = TrsIds()
        self.resources: dict[tuple[str, str], Resource] = {}
        self.plants: list[Plant] = []
        self.quirks: list[dict] = []
        self.items: dict[str, list[Item]] = collections.defaultdict(list)
        self.repairs: list[Plant] = []
        self.forms: dict[str, tuple[str, list[tuple[str, str]]]] = {}   # 表格下载 title: (page, attachments)

    # ---------------------------------------------------------------- dates
    def day(self, age_days: float) -> dt.date:
        return self.as_of - dt.timedelta(days=int(round(age_days)))

    def when(self, age_days: float) -> dt.datetime:
        return at_time(self.day(age_days), self.rng)

    # ---------------------------------------------------------------- resources
    def add(self, path: str, body: bytes, content_type: str, host: str = "site", **kw) -> str:
        assert host in HOSTS and path.startswith("/"), (host, path)
        kw.setdefault("last_modified", self.as_of)
        if "delay" in kw:
            kw["delay"] = kw["delay"] * self.delay_scale
        self.resources[(host, path)] = Resource(body=body, content_type=content_type, **kw)
        return path

    def add_html(self, path: str, html: str, encoding: str = "utf-8", http_charset: str | None = None,
                 host: str = "site", **kw) -> str:
        charset = encoding if http_charset is None else http_charset
        ctype = f"text/html; charset={charset}" if charset else "text/html"
        return self.add(path, html.encode(encoding), ctype, host=host, **kw)

    def add_article(self, art: Article) -> str:
        """Render an article into its column folder and list it in the column."""
        doc_id = self.ids.doc()
        if not art.path:
            art.path = art.col.path + self.ids.article_rel(art.when, doc_id)
        enc = art.encoding or art.col.encoding
        self.add_html(art.path, article_html(art), encoding=enc, http_charset=art.http_charset,
                      delay=art.delay, last_modified=art.when.date())
        if art.in_list:
            self.items[art.col.key].append(Item(art.title, art.path, art.when, dict(art.cells),
                                                art.summary, art.image))
        return art.path

    def new_doc_path(self, col: Column, when: dt.datetime) -> tuple[str, int]:
        doc_id = self.ids.doc()
        return col.path + self.ids.article_rel(when, doc_id), doc_id

    def attachment_path(self, col: Column, when: dt.date, ext: str, seq: int = 1) -> str:
        return col.path + self.ids.attachment_rel(when, self.ids.doc(), seq, ext)

    # ---------------------------------------------------------------- answers
    def plant(self, rule_id: str, target: str, column: str, note: str, *, trap: bool = False,
              host: str = "site", page: str = "") -> None:
        self.plants.append(Plant(rule_id, target, column, note, trap, host, page))

    def trap(self, rule_id: str, target: str, column: str, note: str, **kw) -> None:
        self.plant(rule_id, target, column, note, trap=True, **kw)

    def repair(self, rule_id: str, target: str, column: str, note: str) -> None:
        """A planted finding repaired in this snapshot: moved from the plants to the repairs (and
        the page is now a trap of that rule)."""
        (p,) = [p for p in self.plants if p.rule_id == rule_id and p.target == target and not p.trap]
        self.plants.remove(p)
        self.repairs.append(Plant(rule_id, target, column, note, host=p.host, page=p.page))
        self.trap(rule_id, target, column, note)

    def quirk(self, kind: str, path: str, note: str, host: str = "site", **extra) -> None:
        """Something a parser must cope with that is not a finding (encodings, scripted lists...)."""
        self.quirks.append({"kind": kind, "host": host, "path": path, "note": note, **extra})
