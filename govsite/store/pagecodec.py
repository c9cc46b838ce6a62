"""ParsedPage <-> compact bytes, so a stored parse can be reused when a page has not changed."""
from __future__ import annotations

import json
import struct
import sys
import zlib
from dataclasses import replace
from datetime import date

import orjson

from govsite.models import Footer, HiddenLink, Link, ListItem, ParsedPage


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# A stored parse is three zlib streams behind a marker and their sizes: the light part (every
# field but the text, links, list items, pagination and body, plus the first 40 characters of
# the body and the attachment links), the page's text, and the rest.  The per-page rules read
# the light part of every page on every scan; the text is read by the content pass, which on a
# re-scan takes most pages' text keys from the last scan (scan/view.py) and so does not need it:
# the text is two thirds of the light part's bytes once decompressed.  Older layouts still
# decode: "GP2" (light part with the text inside, and the rest) and one zlib stream of the
# whole JSON (which starts with 0x78).
_MARK = b"GP3"
_SPLIT = b"GP2"
_LIGHT_BODY = 40      # enough to tell an empty body from a short one
_WINDOW = 32768       # zlib's window: the rest is compressed against the light part and the text


def _dumps(data) -> bytes:
    try:
        return orjson.dumps(data)
    except TypeError:       # a lone surrogate in the text: orjson refuses it, json escapes it
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _loads(raw: bytes):
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw.decode("utf-8", "surrogatepass"))


def light_view(page: ParsedPage) -> ParsedPage:
    """The page as decode_light_only gives it back: no text, list items or pagination, only its
    attachment links, and the first 40 characters of its body."""
    return replace(page, text="", body_text=page.body_text[:_LIGHT_BODY], items=[], pagination=[],
                   links=[link for link in page.links if link.category == "attachment"])


def _link_row(link: Link) -> list:
    return [link.url, link.raw, link.anchor, link.tag, link.category, link.reason]


def encode_page(page: ParsedPage) -> bytes:
    light = {
        "url": page.url, "kind": page.kind, "title": page.title,
        "published": page.published.isoformat() if page.published else None,
        "source": page.source, "column": page.column, "breadcrumb": page.breadcrumb,
        "meta": page.meta,
        "footer": [page.footer.identifier_code, page.footer.sponsor, page.footer.icp,
                   page.footer.police, page.footer.jiucuo, page.footer.jiucuo_site_code,
                   page.footer.conac, page.footer.contact],
        "site_name": page.site_name, "has_logo": page.has_logo, "has_search": page.has_search,
        "scripted_list": page.scripted_list, "placeholder": page.placeholder,
        "body_start": page.body_text[:_LIGHT_BODY],
        "challenge": page.challenge, "soft404": page.soft404, "encoding": page.encoding,
        "attachments": [_link_row(link) for link in page.links if link.category == "attachment"],
        "hidden": [[h.url, h.anchor, h.method, h.block] for h in page.hidden_links],
    }
    rest = {
        "kind": page.kind,
        "items": [[i.title, i.url, i.date.isoformat() if i.date else None, i.date_text]
                  for i in page.items],
        "links": [_link_row(link) for link in page.links],
        "pagination": page.pagination, "body_text": page.body_text,
    }
    light_raw = _dumps(light)
    text_raw = page.text.encode("utf-8", "surrogatepass")
    head = zlib.compress(light_raw, 3)
    packer = zlib.compressobj(3, zdict=light_raw)
    text = packer.compress(text_raw) + packer.flush()
    # The text is compressed against the light part (they share the site's name, the title, the
    # footer), and the rest against both (a page's body repeats its text): the three streams are
    # as small as the two of the layout before (+0.3 % on the sample portal).
    packer = zlib.compressobj(3, zdict=(light_raw + text_raw)[-_WINDOW:])
    return (_MARK + struct.pack(">II", len(head), len(text)) + head + text
            + packer.compress(_dumps(rest)) + packer.flush())


def _unpack(blob: bytes, text: bool, rest: bool, light: bool = True) -> tuple[dict | None, str | None, dict | None]:
    """(light part, text, rest) of a stored parse, each decompressed only when asked for (the
    light part always: the other two are compressed against it; parsed unless `light` is False
    and the layout keeps the text apart); in the light part's keys whatever the layout, the
    text apart."""
    if blob.startswith(_MARK):
        light_size, text_size = struct.unpack_from(">II", blob, len(_MARK))
        at = len(_MARK) + 8
        light_raw = zlib.decompress(blob[at:at + light_size])
        text_raw = b""
        if text or rest:
            unpacker = zlib.decompressobj(zdict=light_raw)
            text_raw = unpacker.decompress(blob[at + light_size:at + light_size + text_size]) + unpacker.flush()
        rest_part = None
        if rest:
            unpacker = zlib.decompressobj(zdict=(light_raw + text_raw)[-_WINDOW:])
            rest_part = _loads(unpacker.decompress(blob[at + light_size + text_size:]) + unpacker.flush())
        return (_loads(light_raw) if light else None,
                text_raw.decode("utf-8", "surrogatepass") if text else None, rest_part)
    if blob.startswith(_SPLIT):
        (size,) = struct.unpack_from(">I", blob, len(_SPLIT))
        at = len(_SPLIT) + 4
        light_raw = zlib.decompress(blob[at:at + size])
        light = _loads(light_raw)
        rest_part = None
        if rest:
            unpacker = zlib.decompressobj(zdict=light_raw)
            rest_part = _loads(unpacker.decompress(blob[at + size:]) + unpacker.flush())
        return light, light.pop("text"), rest_part
    whole = _loads(zlib.decompress(blob))      # one stream: derive the light keys from the whole
    whole["body_start"] = whole["body_text"][:_LIGHT_BODY]
    whole["attachments"] = [link for link in whole["links"] if link[4] == "attachment"]
    return whole, whole.pop("text"), whole


def decode_page(blob: bytes) -> ParsedPage:
    light, text, rest = _unpack(blob, text=True, rest=True)
    return _page(light, rest, text)


def decode_light_only(blob: bytes) -> ParsedPage:
    """The page without its text, list items and pagination, with only its attachment links and
    the first 40 characters of its body: what the per-page rules read, without the rest of the
    stored parse, nor its text where the layout keeps it apart (decode_text reads it)."""
    return _page(_unpack(blob, text=False, rest=False)[0], None, "")


def decode_text(blob: bytes) -> str:
    """The page's text alone."""
    return _unpack(blob, text=True, rest=False, light=False)[1]


def decode_targets(blob: bytes) -> tuple[str, list[tuple[str, str]], list[str], bool]:
    """(kind, [(link url, category)], pagination URLs, has list items) of a stored parse: what
    following an unchanged page needs, without decoding the text."""
    data = _unpack(blob, text=False, rest=True)[2]
    return (data["kind"], [(link[0], link[4]) for link in data["links"]], data["pagination"],
            bool(data["items"]))


def _shared(value):
    # Header, footer and meta values are the same on every page of a site: one copy each in the
    # 20 000 light parses the checks keep, not 20 000.
    return sys.intern(value) if isinstance(value, str) and len(value) < 300 else value


def _page(data: dict, rest: dict | None, text: str) -> ParsedPage:
    """A ParsedPage from the light part and the rest (None: the light page, with `text` "")."""
    f = data["footer"]
    light = rest is None
    if light:
        links = data["attachments"]
        f = [_shared(v) for v in f]
        data["meta"] = {_shared(k): _shared(v) for k, v in data["meta"].items()}
        data["breadcrumb"] = [_shared(v) for v in data["breadcrumb"]]
        for key in ("site_name", "column", "source", "encoding", "kind"):
            data[key] = _shared(data[key])
    else:
        links = rest["links"]
    return ParsedPage(
        url=data["url"], kind=data["kind"], title=data["title"], published=_d(data["published"]),
        source=data["source"], column=data["column"], breadcrumb=data["breadcrumb"],
        meta=data["meta"],
        footer=Footer(identifier_code=f[0], sponsor=f[1], icp=f[2], police=f[3], jiucuo=f[4],
                      jiucuo_site_code=f[5], conac=f[6], contact=f[7]),
        site_name=data["site_name"], has_logo=data["has_logo"], has_search=data["has_search"],
        items=[] if light else [ListItem(title=i[0], url=i[1], date=_d(i[2]), date_text=i[3])
                                for i in rest["items"]],
        links=[Link(url=link[0], raw=link[1], anchor=link[2], tag=link[3], category=link[4], reason=link[5])
               for link in links],
        pagination=[] if light else rest["pagination"], scripted_list=data["scripted_list"],
        placeholder=data["placeholder"],
        body_text=data["body_start"] if light else rest["body_text"],
        text=text,
        challenge=data["challenge"], soft404=data["soft404"], encoding=data["encoding"],
        hidden_links=[HiddenLink(*h) for h in data.get("hidden") or ()],
    )


# -- what following an unchanged page needs, stored beside its parse --------------------------
# A content's `targets` column: zlib of UTF-8 lines, the first "kind<TAB>has list items<TAB>has
# pagination" ("1" or ""), then one "url<TAB>kind" line per link target in the order the spider is
# given them.  A re-scan that does not request an unchanged page reads this instead of
# decompressing and decoding its whole parse (and classifying its ~60 links again): the kinds
# are those the page worker computed, fixed per content since its digest includes the site's
# hosts.  Lines, not JSON: the page work compares them as strings (page_processing._new_targets).
def encode_targets(kind: str, has_items: bool, has_pagination: bool, lines: list[str]) -> bytes | None:
    """The stored form of a page's `lines` ("url<TAB>kind"); None when a URL holds a line
    break (the lines could not be told apart: such a page is followed from its parse)."""
    if any("\n" in line for line in lines) or "\t" in kind or "\n" in kind:
        return None
    head = f"{kind}\t{'1' if has_items else ''}\t{'1' if has_pagination else ''}"
    return zlib.compress("\n".join([head, *lines]).encode("utf-8", "surrogatepass"), 3)


def decode_targets_column(blob: bytes) -> tuple[str, bool, bool, list[str]]:
    """(kind, has list items, has pagination, "url<TAB>kind" lines) of a stored `targets`."""
    text = zlib.decompress(blob).decode("utf-8", "surrogatepass")
    head, _, body = text.partition("\n")
    kind, items, pages = head.split("\t")
    return kind, items == "1", pages == "1", body.split("\n") if body else []
