"""parsing.hidden: links to other hosts that the markup hides (暗链), each way of hiding them,
and the hidden links that are not to other hosts (a mobile menu, a skip link)."""
from __future__ import annotations

from datetime import date

import pytest

from govsite.parsing.page import parse_page
from govsite.store.pagecodec import decode_light_only, decode_page, encode_page

URL = "http://www.gzfg.gov.cn/xwzx/gzdt/t20261120_1.html"


def _hidden(body: str, head: str = ""):
    html = f"<html><head><title>t</title>{head}</head><body>{body}<p>正文</p></body></html>"
    return parse_page(URL, html, date(2026, 11, 27)).hidden_links


@pytest.mark.parametrize("body, method", [
    ('<div style="display:none"><a href="http://bc.example/">博彩</a></div>', "display:none"),
    ('<a style="visibility:hidden" href="http://bc.example/">博彩</a>', "visibility:hidden"),
    ('<div hidden><a href="http://bc.example/">博彩</a></div>', "hidden 属性"),
    ('<div style="position:absolute;left:-9999px"><a href="http://bc.example/">博彩</a></div>', "移出可视区域"),
    ('<p style="text-indent:-5000px"><a href="http://bc.example/">博彩</a></p>', "移出可视区域"),
    ('<div style="height:0;overflow:hidden"><a href="http://bc.example/">博彩</a></div>', "尺寸为零"),
    ('<span style="font-size:0"><a href="http://bc.example/">博彩</a></span>', "font-size:0"),
    ('<div style="color:#FFF;background:#ffffff"><a href="http://bc.example/">博彩</a></div>', "文字颜色与背景色相同"),
    ('<marquee height="1"><a href="http://bc.example/">博彩</a></marquee>', "<marquee>"),
])
def test_each_way_of_hiding_an_outside_link_is_named(body, method):
    (found,) = _hidden(body)
    assert found.url == "http://bc.example/" and found.anchor == "博彩"
    assert found.method.startswith(method)


def test_a_class_rule_of_the_pages_own_style_block_hides_too():
    (found,) = _hidden('<div class="lj8"><a href="http://bc.example/">博彩</a></div>',
                       head="<style>.lj8{position:absolute;top:-9999px}</style>")
    assert found.block == "div.lj8" and "top:-9999px" in found.method


def test_visible_outside_links_and_hidden_internal_links_are_not_hidden_links():
    assert _hidden('<a href="http://www.xinhuanet.com/">新华网</a>'
                   '<div class="m-menu" style="display:none"><a href="/xwzx/">新闻中心</a></div>'
                   '<a href="#main" style="position:absolute;left:-9999px">跳到主要内容</a>') == []


def test_a_menu_hidden_only_on_small_screens_is_visible():
    assert _hidden('<div class="menu"><a href="http://www.xinhuanet.com/">新华网</a></div>',
                   head="<style>@media (max-width:600px){.menu{display:none}}</style>") == []


def test_hidden_links_survive_storage_in_the_light_part():
    html = '<html><body><div style="display:none"><a href="http://bc.example/">博彩</a></div></body></html>'
    page = parse_page(URL, html, date(2026, 11, 27))
    blob = encode_page(page)
    assert decode_light_only(blob).hidden_links == page.hidden_links == decode_page(blob).hidden_links
