"""A page nested deeper than lxml parses is "not parsed", never a page without a footer."""
from __future__ import annotations

from datetime import date

from govsite.parsing.page import NOT_PARSED_TOO_DEEP, parse_page

FOOTER = ('<div class="footer">主办单位：凤冈县人民政府办公室 网站标识码：5203270001 '
          '黔ICP备05001234号</div>')


def _nested(levels: int) -> str:
    return ("<html><head><title>嵌套</title></head><body>" + "<div>" * levels + "正文"
            + "</div>" * levels + FOOTER + "</body></html>")


def test_a_page_nested_100000_deep_is_not_parsed():
    page = parse_page("http://127.0.0.1/deep.html", _nested(100_000), date(2026, 11, 27))
    assert page.kind == "error"
    assert page.title == NOT_PARSED_TOO_DEEP
    assert page.links == [] and page.items == []


def test_a_page_nested_200_deep_is_parsed_with_its_footer():
    page = parse_page("http://127.0.0.1/nested.html", _nested(200), date(2026, 11, 27))
    assert page.kind != "error"
    assert page.footer.identifier_code == "5203270001"
    assert page.footer.sponsor
