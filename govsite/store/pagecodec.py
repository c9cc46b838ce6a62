"""ParsedPage <-> compact bytes, so a stored parse can be reused when a page has not changed."""
from __future__ import annotations

import json
import sys
import zlib
from datetime import date

import orjson

from govsite.models import Footer, Link, ListItem, ParsedPage


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def encode_page(page: ParsedPage) -> bytes:
    data = {
        "url": page.url, "kind": page.kind, "title": page.title,
        "published": page.published.isoformat() if page.published else None,
        "source": page.source, "column": page.column, "breadcrumb": page.breadcrumb,
        "meta": page.meta,
        "footer": [page.footer.identifier_code, page.footer.sponsor, page.footer.icp,
                   page.footer.police, page.footer.jiucuo, page.footer.jiucuo_site_code,
                   page.footer.conac, page.footer.contact],
        "site_name": page.site_name, "has_logo": page.has_logo, "has_search": page.has_search,
        "items": [[i.title, i.url, i.date.isoformat() if i.date else None, i.date_text]
                  for i in page.items],
        "links": [[l.url, l.raw, l.anchor, l.tag, l.category, l.reason] for l in page.links],
        "pagination": page.pagination, "scripted_list": page.scripted_list,
        "placeholder": page.placeholder, "body_text": page.body_text, "text": page.text,
        "challenge": page.challenge, "soft404": page.soft404, "encoding": page.encoding,
    }
    try:
        raw = orjson.dumps(data)
    except TypeError:       # a lone surrogate in the text: orjson refuses it, json escapes it
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return zlib.compress(raw, 3)


def _load(blob: bytes) -> dict:
    raw = zlib.decompress(blob)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw.decode("utf-8", "surrogatepass"))


def decode_page(blob: bytes) -> ParsedPage:
    return _page(_load(blob), light=False)


_LIGHT_BODY = 40      # enough to tell an empty body from a short one


def decode_light(blob: bytes) -> tuple[ParsedPage, str]:
    """(the page without its text, list items and pagination, with only its attachment links and
    the first 40 characters of its body; its text): what the per-page rules read, without
    building 80 Link objects a page."""
    data = _load(blob)
    return _page(data, light=True), data["text"]


def decode_text(blob: bytes) -> str:
    """The page's text alone."""
    return _load(blob)["text"]


def decode_targets(blob: bytes) -> tuple[str, list[tuple[str, str]], list[str], bool]:
    """(kind, [(link url, category)], pagination URLs, has list items) of a stored parse: what
    following an unchanged page needs, without building its ParsedPage."""
    data = _load(blob)
    return (data["kind"], [(l[0], l[4]) for l in data["links"]], data["pagination"],
            bool(data["items"]))


def _shared(value):
    # Header, footer and meta values are the same on every page of a site: one copy each in the
    # 20 000 light parses the checks keep, not 20 000.
    return sys.intern(value) if isinstance(value, str) and len(value) < 300 else value


def _page(data: dict, light: bool) -> ParsedPage:
    f = data["footer"]
    links = data["links"]
    if light:
        links = [l for l in links if l[4] == "attachment"]
        f = [_shared(v) for v in f]
        data["meta"] = {_shared(k): _shared(v) for k, v in data["meta"].items()}
        data["breadcrumb"] = [_shared(v) for v in data["breadcrumb"]]
        for key in ("site_name", "column", "source", "encoding", "kind"):
            data[key] = _shared(data[key])
    return ParsedPage(
        url=data["url"], kind=data["kind"], title=data["title"], published=_d(data["published"]),
        source=data["source"], column=data["column"], breadcrumb=data["breadcrumb"],
        meta=data["meta"],
        footer=Footer(identifier_code=f[0], sponsor=f[1], icp=f[2], police=f[3], jiucuo=f[4],
                      jiucuo_site_code=f[5], conac=f[6], contact=f[7]),
        site_name=data["site_name"], has_logo=data["has_logo"], has_search=data["has_search"],
        items=[] if light else [ListItem(title=i[0], url=i[1], date=_d(i[2]), date_text=i[3])
                                for i in data["items"]],
        links=[Link(url=l[0], raw=l[1], anchor=l[2], tag=l[3], category=l[4], reason=l[5])
               for l in links],
        pagination=[] if light else data["pagination"], scripted_list=data["scripted_list"],
        placeholder=data["placeholder"],
        body_text=data["body_text"][:_LIGHT_BODY] if light else data["body_text"],
        text="" if light else data["text"],
        challenge=data["challenge"], soft404=data["soft404"], encoding=data["encoding"],
    )
