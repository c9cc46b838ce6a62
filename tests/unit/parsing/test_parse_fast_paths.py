"""The parser's cheap tests in front of its costly passes: on the page each cheap test could
wrongly skip (the edge of the literal it looks for), the result is the costly pass's own.

Each test runs the costly pass without its cheap test (the regex or the XPath alone) as the
reference, and parse_page, which goes through the cheap test."""
from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from govsite.parsing import challenge, footer, info
from govsite.parsing.info import find_body, visible_source
from govsite.parsing.lists import find_placeholder
from govsite.parsing.page import TEXT_LIMIT, parse_page
from govsite.parsing.tree import _HIDDEN_XPATH, drop_hidden, parse_html, strip_scripts

AS_OF = date(2026, 11, 27)
URL = "http://www.example.gov.cn/xwzx/t20261120_1.html"

# The hidden-element lookup as it was: every element under <body> tested for all the words.
_EVERY_ELEMENT = etree.XPath(
    "//body//*[@hidden or contains(@style, 'none') or contains(@style, 'hidden') or "
    "contains(@class, 'hide') or contains(@class, 'hidden') or contains(@class, 'dn') or "
    "contains(@class, 'none') or contains(@class, 'sr-only')]")


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"


def test_the_hidden_lookup_finds_the_elements_the_every_element_test_found():
    # each word alone on an element ("hidden" is not "hide" + something: it needs its own test),
    # an element outside <body>, a <body> nested in <body>, and hidden with nothing else on it
    doc = parse_html(_page(
        '<div class="x hidden">a</div><p class="d-none">b</p><span class="sr-only">c</span>'
        '<i class="dn">d</i><b class="ng-hide">e</b><div style="display: none">f</div>'
        '<div style="visibility:hidden">g</div><em hidden>h</em><u class="show">i</u>'
        '<div><body><p style="display:none">j</p></body></div>',
        head='<style class="hidden"></style><meta hidden>'))
    strip_scripts(doc)
    expected = _EVERY_ELEMENT(doc)
    assert len(expected) == 9
    assert _HIDDEN_XPATH(doc) == expected
    drop_hidden(doc)
    assert "".join(doc.find("body").itertext()).split() == ["i"]


@pytest.mark.parametrize("html, family", [
    # a case-blind "location" also reads a dotless ı as i: the cheap test looks for "locat"
    ('<script>window.locatıon.href="/?adfwkey=1x2y"</script>', challenge.WAF_REDIRECT),
    ('<script>LOCATION.HREF = "/waf/verify?x=1"</script>', challenge.WAF_REDIRECT),
    ('<script>document.cookie="a=b";LOCATİON.reload()</script>', challenge.JS_COOKIE),
    ('<script>document.cookie="x";EVAL(function(p,a,c,k,e,r){return p}("",1,1,[],0,{}))</script>',
     challenge.JS_COOKIE),
    ('<meta r="m"><script>var $_ss.x=1;</script>', challenge.RUISHU),
])
def test_a_challenge_written_at_the_edge_of_the_cheap_test_is_still_found(html, family):
    patterns = {challenge.WAF_REDIRECT: [challenge._REDIRECT],
                challenge.JS_COOKIE: [challenge._PACKED, challenge._ANY_REDIRECT],
                challenge.RUISHU: [challenge._RS_META]}[family]
    assert any(p.search(html) for p in patterns)       # what the pattern alone says
    assert challenge.detect_challenge(html) == family
    assert parse_page(URL, html, AS_OF).kind == "challenge"


@pytest.mark.parametrize("line, field, value", [
    # a case-blind "ICP" also reads a dotless ı as I: the cheap test looks for "CP" in any case
    ("京ıcp备12345678号-2", "icp", "京ICP备12345678号-2"),
    ("浙icp备87654321号", "icp", "浙ICP备87654321号"),
    ("公安机关备案号：43010502000123", "police", "公网安备43010502000123号"),
    ("赣公安备案 36010202000456号", "police", "赣公网安备36010202000456号"),
    ("E-mail：office@example.gov.cn", "contact", "office@example.gov.cn"),
    ("联系方式：0851-12345678", "contact", "0851-12345678"),
])
def test_a_footer_field_written_at_the_edge_of_the_cheap_test_is_still_read(line, field, value):
    page = parse_page(URL, _page(f"<div class='footer'><p>{line}</p></div>"), AS_OF)
    pattern = {"icp": footer._ICP, "police": footer._POLICE, "contact": footer._CONTACT}[field]
    assert pattern.search(line.replace(" ", ""))       # what the pattern alone says
    assert getattr(page.footer, field) == value


@pytest.mark.parametrize("href", [
    "https://zfwzgl.www.gov.cn/exposure/jıucuo.html?site_code=1234567890",   # non-ASCII: regex
    "https://zfwzgl.www.gov.cn/EXPOSURE/JIUCUO.HTML?site_code=1234567890",
])
def test_a_jiucuo_link_at_the_edge_of_the_cheap_test_is_still_a_badge(href):
    assert footer._JIUCUO_URL.search(href)
    page = parse_page(URL, _page(f'<div><a href="{href}">我要纠错</a></div>'), AS_OF)
    assert page.footer.jiucuo and page.footer.jiucuo_site_code == "1234567890"


def test_a_conac_badge_in_capitals_is_still_a_badge():
    page = parse_page(URL, _page('<a href="HTTP://BZWZ.CONAC.CN/x"><img src="/red.png"></a>'), AS_OF)
    assert page.footer.conac


@pytest.mark.parametrize("markup", [
    "<ul class='list'><li>&#26242;&#26080;&#20449;&#24687;</li></ul>",      # 暂无信息 by references
    "<ul class='list'><li>&#x6682;&#x65E0;&#x6570;&#x636E;</li></ul>",     # 暂无数据
    "<div>没有相关记录</div>",
])
def test_a_placeholder_spelt_with_character_references_is_still_found(markup):
    html = _page(markup)
    expected = find_placeholder(parse_html(html))
    assert expected is not None
    assert parse_page(URL, html, AS_OF).placeholder == expected


def test_a_source_label_beyond_the_text_limit_is_still_read():
    # The visible text is cut at TEXT_LIMIT: past it, the label's absence proves nothing.
    html = _page("<div>" + "文字" * (TEXT_LIMIT // 2 + 50) + "</div><div class='info'>来 源：某某局</div>")
    doc = parse_html(html)
    strip_scripts(doc)
    drop_hidden(doc)
    expected, _ = visible_source(doc, find_body(doc))
    assert expected == "某某局"
    assert parse_page(URL, html, AS_OF).source == expected


def test_an_outside_link_behind_the_pages_own_host_name_is_still_an_outside_link():
    # The host is read per authority: "www.example.gov.cn@bc.example" is bc.example, not the page's.
    html = _page('<div style="display:none"><a href="http://www.example.gov.cn@bc.example/">博彩</a>'
                 '<a href="http://user@www.example.gov.cn/x">本站</a></div><p>正文</p>')
    found = parse_page(URL, html, AS_OF).hidden_links
    assert [h.url for h in found] == ["http://www.example.gov.cn@bc.example/"]


def test_a_breadcrumb_label_beyond_the_text_limit_is_still_read():
    html = _page("<div>" + "文字" * (TEXT_LIMIT // 2 + 50) + "</div>"
                 "<div>当前位置：<a href='/'>首页</a><a href='/xw/'>新闻</a></div>")   # found by its label only
    assert parse_page(URL, html, AS_OF).breadcrumb == ["首页", "新闻"]


def _title_candidates_by_python(doc):
    # visible_title's candidates as the loop over every element chose them
    for el in doc.iter("h1", "h2", "h3", "div", "p", "span", "strong", "b", "td", "font"):
        if el.tag in ("h1", "h2", "h3", "strong", "b", "font"):
            yield el
            continue
        parent = el.getparent()
        marker = " ".join(filter(None, (el.get("class"), el.get("id"),
                                        parent.get("class") if parent is not None else "")))
        if "tit" in marker.lower():
            yield el


def test_the_title_candidates_are_those_the_python_loop_chose():
    # "tit" in any case, in the class, the id or the parent's class; not across two of them, and
    # not "tİt" (İ lower-cases to i and a combining dot)
    doc = parse_html(_page(
        '<div class="TITLE">a</div><p id="xTiTx">b</p><div class="artTit"><span>c</span></div>'
        '<td class="xt" id="it">d</td><div class="tİt">e</div><div class="ti t">f</div>'
        '<h2>g</h2><b>h</b><font>i</font><span class="x">j</span>'))
    expected = list(_title_candidates_by_python(doc))
    assert [el.text for el in expected] == ["a", "b", None, "c", "g", "h", "i"]
    assert info._TITLE_CANDIDATES(doc) == expected


@pytest.mark.parametrize("css_class, shown", [("dnx", True), ("dn", False)])
def test_the_visible_text_is_the_page_text_only_when_nothing_was_hidden(css_class, shown):
    # "dnx" is a candidate of the hidden lookup that is_hidden keeps: nothing dropped, same text
    page = parse_page(URL, _page(f"<div class='{css_class}'>京ICP备12345678号</div><p>正文</p>"), AS_OF)
    assert "京ICP备12345678号" in page.text
    assert (page.footer.icp == "京ICP备12345678号") is shown
