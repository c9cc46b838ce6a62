"""Stored parses (store.pagecodec): every real page and every sample-portal page survives storage,
the light decode holds what the per-page rules read, and parses stored in the earlier layouts
(one stream; light part with the text, and the rest) still decode."""
from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from datetime import date

import orjson
import pytest
from realpages import REALPAGES
from realpages import all_real_pages as _all_pages
from realpages import parse_real as _parse

from govsite.parsing import decode_html, parse_page
from govsite.sample.site import build_site
from govsite.store.pagecodec import (
    decode_light_only,
    decode_page,
    decode_targets,
    decode_targets_column,
    decode_text,
    encode_page,
    encode_targets,
)

AS_OF = date(2026, 11, 27)


def _sample_pages():
    site = build_site(AS_OF, delay_scale=0.1)
    for (host, path), res in sorted(site.resources.items()):
        if host == "site" and res.content_type.startswith("text/html") and res.status == 200:
            text, _ = decode_html(res.body, res.content_type)
            yield parse_page("http://127.0.0.1:8800" + path, text, AS_OF, home_url="http://127.0.0.1:8800/")


def _old_layout(page) -> bytes:
    """A parse as stored before the light/rest split: one zlib stream of the whole JSON."""
    return zlib.compress(orjson.dumps({
        "url": page.url, "kind": page.kind, "title": page.title,
        "published": page.published.isoformat() if page.published else None,
        "source": page.source, "column": page.column, "breadcrumb": page.breadcrumb, "meta": page.meta,
        "footer": [page.footer.identifier_code, page.footer.sponsor, page.footer.icp, page.footer.police,
                   page.footer.jiucuo, page.footer.jiucuo_site_code, page.footer.conac, page.footer.contact],
        "site_name": page.site_name, "has_logo": page.has_logo, "has_search": page.has_search,
        "items": [[i.title, i.url, i.date.isoformat() if i.date else None, i.date_text] for i in page.items],
        "links": [[link.url, link.raw, link.anchor, link.tag, link.category, link.reason] for link in page.links],
        "pagination": page.pagination, "scripted_list": page.scripted_list, "placeholder": page.placeholder,
        "body_text": page.body_text, "text": page.text, "challenge": page.challenge,
        "soft404": page.soft404, "encoding": page.encoding}), 3)


def _split_layout(page) -> bytes:
    """A parse as stored before the text had a stream of its own ("GP2"): the light part with
    the text inside, then the rest compressed against it."""
    blob = encode_page(page)
    light = orjson.loads(_light_raw(blob))
    rest = _rest_raw(blob)
    light_raw = orjson.dumps({**light, "text": page.text})
    head = zlib.compress(light_raw, 3)
    packer = zlib.compressobj(3, zdict=light_raw)
    return b"GP2" + struct.pack(">I", len(head)) + head + packer.compress(rest) + packer.flush()


def _sizes(blob: bytes) -> tuple[int, int]:
    assert blob.startswith(b"GP3")
    return struct.unpack_from(">II", blob, 3)


def _light_raw(blob: bytes) -> bytes:
    light, _text = _sizes(blob)
    return zlib.decompress(blob[11:11 + light])


def _rest_raw(blob: bytes) -> bytes:
    light, text = _sizes(blob)
    unpacker = zlib.decompressobj(zdict=_light_raw(blob))
    text_raw = unpacker.decompress(blob[11 + light:11 + light + text]) + unpacker.flush()
    unpacker = zlib.decompressobj(zdict=(_light_raw(blob) + text_raw)[-32768:])
    return unpacker.decompress(blob[11 + light + text:]) + unpacker.flush()


def _expected_light(page):
    return replace(page, text="", body_text=page.body_text[:40], items=[], pagination=[],
                   links=[link for link in page.links if link.category == "attachment"])


def _check(page):
    for blob, stored in ((encode_page(page), page), (_split_layout(page), page),
                         # hidden links (暗链) came after the one-stream layout: none read from it
                         (_old_layout(page), replace(page, hidden_links=[]))):
        assert decode_page(blob) == stored
        assert decode_light_only(blob) == _expected_light(stored)
        assert decode_text(blob) == page.text
        assert decode_targets(blob) == (page.kind, [(link.url, link.category) for link in page.links],
                                        page.pagination, bool(page.items))


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="real pages not found")
@pytest.mark.parametrize("name", _all_pages())
def test_real_pages_survive_storage(name):
    _check(_parse(name))


def test_sample_portal_pages_survive_storage():
    pages = list(_sample_pages())
    assert len(pages) > 100
    assert any(p.items for p in pages) and any(link.category == "attachment" for p in pages for link in p.links)
    for page in pages:
        _check(page)


def test_the_light_decode_reads_a_fraction_of_an_article():
    """The per-page rules decompress and parse only the light part, without the text: on an
    article with links and a body it is under a quarter of what the whole parse holds; and the
    three streams are no bigger stored than the whole JSON compressed at once."""
    page = max(_sample_pages(), key=lambda p: len(p.links) + len(p.body_text))
    blob = encode_page(page)
    light_raw, rest_raw = _light_raw(blob), _rest_raw(blob)
    whole = len(light_raw) + len(page.text.encode()) + len(rest_raw)
    assert len(light_raw) < 0.25 * whole
    assert page.text[:20].encode() not in light_raw
    assert len(blob) <= len(_old_layout(page)) * 1.05


def test_stored_targets_give_back_every_target_in_order():
    """A content's `targets` column: the page's kind, whether it lists entries and pages on, and
    its "url<TAB>kind" lines, each one as given (repeats too)."""
    for page in _sample_pages():
        lines = [f"{link.url}\t{link.category}" for link in page.links] + [f"{u}\tpage" for u in page.pagination]
        stored = encode_targets(page.kind, bool(page.items), bool(page.pagination), lines)
        assert decode_targets_column(stored) == (page.kind, bool(page.items), bool(page.pagination), lines)
    assert decode_targets_column(encode_targets("other", False, False, [])) == ("other", False, False, [])
    weird = ["http://a/x y\u00e9\tpage", "http://a/\tz\texternal"]      # a tab in a URL stays in it
    assert decode_targets_column(encode_targets("list", True, False, weird))[3] == weird


def test_a_url_with_a_line_break_keeps_its_targets_out_of_the_column():
    """Lines could not be told apart: the content is followed from its parse instead."""
    assert encode_targets("article", False, False, ["http://a/x\ny\tpage"]) is None
