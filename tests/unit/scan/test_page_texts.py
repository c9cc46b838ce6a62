"""Page texts without the template's lines (ScanView.page_texts): a line standing on many pages
(header, navigation, footer) is kept on the first page holding it, the home page first, then by
URL, and dropped from every other."""
from __future__ import annotations

import functools
from datetime import date

from govsite.models import ParsedPage
from govsite.scan.view import PageInfo, ScanView
from govsite.textscan.cache import TextHitCache

SITE = "http://127.0.0.1/"
CHROME = ["首页 | 政务公开 | 政务服务", "主办单位：凤冈县人民政府办公室", "网站标识码：5203270001"]


def _view(texts: dict[str, str]) -> ScanView:
    urls = sorted(texts, key=lambda u: (u != SITE, u))
    pages = [PageInfo(u, "article", 200, "标题", None, None, None, None, 0.1) for u in urls]
    return ScanView(1, SITE, date(2026, 11, 27), "complete", pages=pages,
                    stream_light=lambda: ((u, ParsedPage(url=u, kind="article"), functools.partial(texts.__getitem__, u))
                                         for u in urls),
                    load_texts=lambda wanted: ((u, texts[u]) for u in wanted))


def _texts(view: ScanView) -> dict[str, str]:
    return {url: text.text for url, text in view.page_texts()}


def test_a_template_line_stays_on_the_home_page_only_and_once():
    texts = {SITE: "\n".join([CHROME[0], "欢迎", CHROME[0], CHROME[1], CHROME[2]])}
    for n in range(30):
        texts[f"{SITE}xwzx/t{n:02}.html"] = "\n".join([CHROME[0], f"新闻{n}", CHROME[1], CHROME[2]])
    got = _texts(_view(texts))
    # The home page keeps each template line once (a second occurrence of the menu goes).
    assert got[SITE] == "\n".join([CHROME[0], "欢迎", CHROME[1], CHROME[2]])
    assert all(got[f"{SITE}xwzx/t{n:02}.html"] == f"新闻{n}" for n in range(30))


def test_a_template_line_missing_from_the_home_page_stays_on_the_first_page_by_url_holding_it():
    texts = {SITE: "\n".join([CHROME[0], "欢迎"])}
    for n in range(30):
        texts[f"{SITE}xwzx/t{n:02}.html"] = "\n".join([CHROME[0], f"新闻{n}", CHROME[2], CHROME[2]])
    got = _texts(_view(texts))
    assert got[SITE] == "\n".join([CHROME[0], "欢迎"])
    assert got[f"{SITE}xwzx/t00.html"] == "\n".join(["新闻0", CHROME[2]])
    assert got[f"{SITE}xwzx/t01.html"] == "新闻1"
    assert list(got) == [SITE] + [f"{SITE}xwzx/t{n:02}.html" for n in range(30)]


def _rescan_view(texts: dict[str, str], contents: dict[str, str], cache: TextHitCache,
                 read: list[str], sampled: list[str] | None = None) -> ScanView:
    """A view whose pages have stored contents, counting every page text it reads (those read to
    find the template's lines apart, in `sampled`, when given)."""
    def text_of(url: str, reads: list[str]) -> str:
        reads.append(url)
        return texts[url]
    view = _view(texts)
    view.stream_light = lambda: ((u, ParsedPage(url=u, kind="article"), functools.partial(text_of, u, read))
                                 for u in sorted(texts, key=lambda u: (u != SITE, u)))
    view.load_texts = lambda wanted: ((u, text_of(u, read if sampled is None else sampled)) for u in wanted)
    view.load_content_key = contents.get
    view.text_cache = cache
    return view


def test_a_rescan_reads_only_the_texts_of_changed_pages_and_of_pages_keeping_a_template_line():
    texts = {SITE: "\n".join([CHROME[0], "欢迎", CHROME[1]])}
    for n in range(30):
        texts[f"{SITE}xwzx/t{n:02}.html"] = "\n".join([CHROME[0], f"新闻{n}", CHROME[1], CHROME[2]])
    contents = {url: f"content-{n}" for n, url in enumerate(texts)}
    first_reads: list[str] = []
    first = TextHitCache("fp")
    before = _texts(_rescan_view(texts, contents, first, first_reads))
    assert set(first_reads) == set(texts)

    # Unchanged: the template comes from the last scan, and only the pages keeping a template
    # line are read (the home page; the first article keeps the one the home page lacks).
    reads: list[str] = []
    again = _rescan_view(texts, contents, TextHitCache("fp", first.encoded()), reads)
    lazy = again.page_texts()
    assert reads == [SITE, f"{SITE}xwzx/t00.html"]
    assert all(text.digest == first.digest(before[url]) for url, text in lazy[2:])
    assert {url: text.text for url, text in lazy} == before        # read on demand: the same texts
    assert len(reads) == len(texts)

    # One article changed: the sample holds it, so the template lines are counted again (the
    # same ones); then its text is read, and the other pages' still are not.
    changed = dict(texts, **{f"{SITE}xwzx/t07.html": "\n".join([CHROME[0], "新闻七（更正）", CHROME[2]])})
    reads, sampled = [], []
    view = _rescan_view(changed, dict(contents, **{f"{SITE}xwzx/t07.html": "content-new"}),
                        TextHitCache("fp", first.encoded()), reads, sampled)
    got = view.page_texts()
    assert len(sampled) == len(texts)
    assert reads == [SITE, f"{SITE}xwzx/t00.html", f"{SITE}xwzx/t07.html"]
    assert dict(got)[f"{SITE}xwzx/t07.html"].text == "新闻七（更正）"

    # Another detector setting (another fingerprint): nothing is taken from the last scan.
    reads = []
    _rescan_view(texts, contents, TextHitCache("other", first.encoded()), reads).page_texts()
    assert set(reads) == set(texts)
