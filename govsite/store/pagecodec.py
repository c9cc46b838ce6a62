"""ParsedPage <-> compact bytes, so a stored parse can be reused when a page has not changed."""
from __future__ import annotations

import json
import zlib
from datetime import date

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
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 3)


def decode_page(blob: bytes) -> ParsedPage:
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    f = data["footer"]
    return ParsedPage(
        url=data["url"], kind=data["kind"], title=data["title"], published=_d(data["published"]),
        source=data["source"], column=data["column"], breadcrumb=data["breadcrumb"],
        meta=data["meta"],
        footer=Footer(identifier_code=f[0], sponsor=f[1], icp=f[2], police=f[3], jiucuo=f[4],
                      jiucuo_site_code=f[5], conac=f[6], contact=f[7]),
        site_name=data["site_name"], has_logo=data["has_logo"], has_search=data["has_search"],
        items=[ListItem(title=i[0], url=i[1], date=_d(i[2]), date_text=i[3]) for i in data["items"]],
        links=[Link(url=l[0], raw=l[1], anchor=l[2], tag=l[3], category=l[4], reason=l[5])
               for l in data["links"]],
        pagination=data["pagination"], scripted_list=data["scripted_list"],
        placeholder=data["placeholder"], body_text=data["body_text"], text=data["text"],
        challenge=data["challenge"], soft404=data["soft404"], encoding=data["encoding"],
    )
