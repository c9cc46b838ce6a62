"""Page texts without the template's lines (ScanView.page_texts): a line standing on many pages
(header, navigation, footer) is kept on the first page holding it, the home page first, then by
URL, and dropped from every other."""
from __future__ import annotations

from datetime import date

from govsite.models import ParsedPage
from govsite.scan.view import PageInfo, ScanView

SITE = "http://127.0.0.1/"
CHROME = ["首页 | 政务公开 | 政务服务", "主办单位：凤冈县人民政府办公室", "网站标识码：5203270001"]


def _view(texts: dict[str, str]) -> ScanView:
    urls = sorted(texts, key=lambda u: (u != SITE, u))
    pages = [PageInfo(u, "article", 200, "标题", None, None, None, None, 0.1) for u in urls]
    return ScanView(1, SITE, date(2026, 11, 27), "complete", pages=pages,
                    stream_light=lambda: ((u, ParsedPage(url=u, kind="article"), texts[u]) for u in urls),
                    load_texts=lambda wanted: ((u, texts[u]) for u in wanted))


def test_a_template_line_stays_on_the_home_page_only_and_once():
    texts = {SITE: "\n".join([CHROME[0], "欢迎", CHROME[0], CHROME[1], CHROME[2]])}
    for n in range(30):
        texts[f"{SITE}xwzx/t{n:02}.html"] = "\n".join([CHROME[0], f"新闻{n}", CHROME[1], CHROME[2]])
    got = dict(_view(texts).page_texts())
    # The home page keeps each template line once (a second occurrence of the menu goes).
    assert got[SITE] == "\n".join([CHROME[0], "欢迎", CHROME[1], CHROME[2]])
    assert all(got[f"{SITE}xwzx/t{n:02}.html"] == f"新闻{n}" for n in range(30))


def test_a_template_line_missing_from_the_home_page_stays_on_the_first_page_by_url_holding_it():
    texts = {SITE: "\n".join([CHROME[0], "欢迎"])}
    for n in range(30):
        texts[f"{SITE}xwzx/t{n:02}.html"] = "\n".join([CHROME[0], f"新闻{n}", CHROME[2], CHROME[2]])
    got = dict(_view(texts).page_texts())
    assert got[SITE] == "\n".join([CHROME[0], "欢迎"])
    assert got[f"{SITE}xwzx/t00.html"] == "\n".join(["新闻0", CHROME[2]])
    assert got[f"{SITE}xwzx/t01.html"] == "新闻1"
    assert list(got) == [SITE] + [f"{SITE}xwzx/t{n:02}.html" for n in range(30)]
