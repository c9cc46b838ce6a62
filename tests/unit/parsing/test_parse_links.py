"""extract_links on every HTML page of ../shared/peer-linkchecker/data, as if served at
http://127.0.0.1:8001/<path>. Expected URL sets were read from the pages by hand."""
from __future__ import annotations

import pytest
from conftest import SHARED

from govsite.parsing import decode_html, extract_css_links, extract_links, parse_html

DATA = SHARED / "peer-linkchecker" / "data"
BASE = "http://127.0.0.1:8001/"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"peer pages not found at {DATA}")


def links_of(rel: str):
    text, encoding = decode_html((DATA / rel).read_bytes(), None)
    return extract_links(parse_html(text), BASE + rel, encoding)


def urls(rel: str) -> set[str]:
    return {link.url for link in links_of(rel)}


EXPECTED = {
    "anchor.html": set(),
    # '#x' alone is the page itself: not a link; fragments are removed
    "anchor1.html": {BASE + "anchor2.html"},
    "anchor2.html": {BASE + "anchor3.html", BASE + "anchor1.html"},  # malformed comment '<--'
    "anchor3.html": {BASE + "anchor1.html"},
    "http_anchor.html": {BASE + "http_anchor.html"},
    "urlencoding_anchor.html": {BASE + "urlencoding_anchor.html"},
    # meta refresh; whitespace and a newline around '=' in href
    "base1.html": {BASE + "base2.html", BASE + "file.html"},
    # relative <base href> without <head>, and in the <head> of an XHTML page
    "base2.html": {BASE + "base/test.txt"},
    "base4.html": {BASE + "base/test.txt"},
    "frames.html": {BASE + "file.html", BASE + "file.txt"},
    "file.html": {BASE + "file.html"},   # javascript: is not a link
    "html5.html": {BASE + "file.asc", BASE + "file.css", BASE + "file.php", BASE + "file.txt",
                   BASE + "file.wml", BASE + "file.html"},
    "misc.html": {"http://www.example.com/", BASE + "favicon.ico", BASE + "test.swf"},
    "redir.html": {BASE + "redirect_newhost.html"},
    "http.xhtml": {BASE + "http.html"},
    "http_empty.html": set(),
    "http_file.html": {"file:///example/file"},
    "http_invalid_host.html": {"http://localhost]"},
    "http_lowercase.html": {"http://www.example.com/"},
    # the third link's quote runs to the end of the file: the tag never closes (dropped, as
    # browsers do); the second has a stray quote swallowed into the value
    "http_quotes.html": {"http://example.com/", BASE + "stalter&sohn", 'http://www.example.com/"'},
    "http_slash.html": {"http://www.example.com/", "http:/www.example.com/",
                        "http:www.example.com/", "http://", "http:/", "http:"},
    # ISO-8859-1 page: the raw ü in the query is encoded as the page's %FC; mailto: skipped
    "http_url_quote.html": {"http://localhost:8001/?quoted=%FC", "http://localhost:8001/?quoted=%FF"},
    "http.html": {
        "http://www.example.org/", "http://www.example.com/", "http://www.garantiertnixgutt.bla/",
        BASE + "?d=directory&p=page", BASE + "?d=directory&p=page1", BASE + "?q=%C3%BC",
        BASE + "file.html", BASE + "file.css", BASE + "file.asc", BASE + "file.txt",
        "http://example.org/foo/", "http://.example.org/",
    },
    "a b/el.html": {"http://127.0.0.1:8001/a%20b/t.txt"},
    "charsets/utf8/utf8.html": {BASE + "charsets/utf8/file.html", BASE + "charsets/utf8/img.png"},
    "charsets/iso8859-2/iso8859-2.html": {BASE + "charsets/iso8859-2/file.html",
                                          BASE + "charsets/iso8859-2/img.png"},
    "charsets/cp1250/cp1250.html": {BASE + "charsets/cp1250/file.html",
                                    BASE + "charsets/cp1250/img.png"},
}


def _html_pages():
    if not DATA.is_dir():
        return []
    return sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*")
                  if p.suffix in (".html", ".xhtml"))


def test_expectations_cover_every_page():
    assert set(_html_pages()) == set(EXPECTED)


@pytest.mark.parametrize("rel", _html_pages())
def test_exact_url_sets(rel):
    assert urls(rel) == EXPECTED[rel]


def test_comment_link_excluded():
    assert not any("nocheckin" in link.raw for link in links_of("http.html"))


def test_http_html_details():
    by_url = {link.url: link for link in links_of("http.html")}
    assert by_url["http://www.example.org/"].tag == "link"            # protocol-relative prefetch
    assert by_url[BASE + "?q=%C3%BC"].raw == "/?q=ü"                    # &uuml; decoded
    assert by_url[BASE + "file.asc"].tag == "css"                       # style attribute url()
    assert by_url["http://example.org/foo/"].tag == "object"            # codebase; clsid skipped
    assert by_url["http://.example.org/"].category == "malformed"
    assert by_url["http://.example.org/"].reason


@pytest.mark.parametrize("raw", ["http:/www.example.com/", "http:www.example.com/", "http://",
                                 "http:/", "http:"])
def test_http_slash_malformed(raw):
    link = {link.raw: link for link in links_of("http_slash.html")}[raw]
    assert link.category == "malformed" and link.reason


def test_protocol_relative_is_fine():
    # in http_slash.html it is deduplicated with the http://www.example.com/ before it
    (link,) = extract_links(parse_html('<a href="//www.example.com/">x</a>'),
                            BASE + "http_slash.html")
    assert (link.url, link.category) == ("http://www.example.com/", "page")


def test_invalid_host_and_quotes_malformed():
    (link,) = links_of("http_invalid_host.html")
    assert link.category == "malformed" and "host" in link.reason
    quoted = {link.url: link for link in links_of("http_quotes.html")}['http://www.example.com/"']
    assert quoted.category == "malformed" and "quote" in quoted.reason


def test_file_link_is_local_file():
    (link,) = links_of("http_file.html")
    assert link.category == "local_file"


def test_lowercased_scheme_and_host_give_one_link():
    assert len(links_of("http_lowercase.html")) == 1


@pytest.mark.parametrize("rel", ["charsets/utf8/utf8.html", "charsets/iso8859-2/iso8859-2.html",
                                 "charsets/cp1250/cp1250.html"])
def test_charsets_decode_link_text(rel):
    text = "Žluťoučký kúň úpěl ďábelské ódy ůůůů"
    by_tag = {link.tag: link for link in links_of(rel)}
    assert by_tag["a"].anchor == text
    assert by_tag["img"].anchor == text
    assert by_tag["img"].category == "image"


def test_categories():
    cats = {link.url: link.category for link in links_of("frames.html")}
    assert cats == {BASE + "file.html": "page", BASE + "file.txt": "attachment"}
    cats = {link.url: link.category for link in links_of("misc.html")}
    assert cats[BASE + "test.swf"] == "resource"
    assert cats[BASE + "favicon.ico"] == "image"
    tags = {link.url: link.tag for link in links_of("html5.html")}
    assert tags[BASE + "file.php"] == "html"            # manifest on a stray <html> tag
    assert tags[BASE + "file.css"] == "button"          # formaction


def test_css_file_comment_excluded():
    css = (DATA / "file.css").read_text()
    got = {link.url for link in extract_css_links(css, BASE + "file.css")}
    assert got == {BASE + "file.html", BASE + "file.txt"}


def test_cyrillic_file_name_and_space_percent_encoded():
    doc = parse_html('<a href="Мошкова.bin">x</a><a href="a b/t.txt">y</a>')
    got = {link.url for link in extract_links(doc, BASE)}
    assert got == {BASE + "%D0%9C%D0%BE%D1%88%D0%BA%D0%BE%D0%B2%D0%B0.bin", BASE + "a%20b/t.txt"}


def test_not_links():
    doc = parse_html("""<a href="javascript:void(0)">j</a><a href="mailto:a@b.cn">m</a>
        <a href="tel:123">t</a><a href="#">h</a><img src="data:image/png;base64,AAAA">
        <object classid="clsid:1234"></object><!-- <a href="/c.html">c</a> -->
        <script>document.write('<a href="/s.html">s</a>'); var u = "/x.pdf";</script>
        <style>/* a{background:url(/no.png)} */ b{background:url('/yes.png')}</style>""")
    assert {link.url for link in extract_links(doc, "http://x.gov.cn/")} == {
        "http://x.gov.cn/yes.png"}


def test_local_paths_and_chinese_attachment():
    doc = parse_html(r"""<a href="\\server\share\a.doc">u</a><a href="C:\Users\a.xls">c</a>
        <a href=" /upload/通知.pdf ">p</a><a href="HTTP://WWW.GZFG.GOV.CN/a.html#top">h</a>""")
    links = {link.raw.strip(): link for link in extract_links(doc, "http://www.gzfg.gov.cn/")}
    assert links[r"\\server\share\a.doc"].category == "local_file"
    assert links[r"C:\Users\a.xls"].category == "local_file"
    pdf = links["/upload/通知.pdf"]
    assert pdf.url == "http://www.gzfg.gov.cn/upload/%E9%80%9A%E7%9F%A5.pdf"
    assert pdf.category == "attachment"
    assert links["HTTP://WWW.GZFG.GOV.CN/a.html#top"].url == "http://www.gzfg.gov.cn/a.html"
