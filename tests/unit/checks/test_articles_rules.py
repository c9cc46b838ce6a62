"""article.missing_title / _date / _source / _body (规范 第十六条(二)) on hand-made article pages:
each planted defect is found on its page and only there, and the traps pass — the label variants
发布日期 (YYYY年MM月DD日) and 信息来源, a picture with its caption as the whole body, an attachment
link as the whole body, and a column page that is not an article."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.articles import missing_body, missing_date, missing_source, missing_title
from govsite.profile import load_profile

BASE = "http://www.example.gov.cn/"
COL = BASE + "xwzx/gzdt/"
AS_OF = date(2026, 11, 27)
TITLE = "凤冈县召开冬季森林防火工作会议"
INFO = "<span>发布时间：2026-11-20 09:00</span><span>来源：县林业局</span>"
BODY = "<p>11月20日，凤冈县召开冬季森林防火工作会议，部署全县森林防火工作。</p>"
RULES = {"article.missing_title": missing_title, "article.missing_date": missing_date,
         "article.missing_source": missing_source, "article.missing_body": missing_body}


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _article(title: str = TITLE, info: str = INFO, body: str = BODY, after_body: str = "") -> str:
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="工作动态"></head><body>'
            f'<div class="article"><h1 class="title">{title}</h1><div class="info">{info}</div>'
            f'<div class="TRS_Editor">{body}</div>{after_body}</div></body></html>')


def _column(slugs: list[str]) -> str:
    rows = "".join(f'<li><a href="{COL}{slug}.html">{TITLE}{n}</a><span>2026-11-{20 - n:02d}</span></li>'
                   for n, slug in enumerate(slugs))
    return (f'<html><head><title>工作动态</title><meta name="ColumnName" content="工作动态"></head><body>'
            f'<h2>工作动态</h2><ul class="list">{rows}</ul></body></html>')


ARTICLES = {
    "complete": _article(),
    "no_title": _article(title=""),
    "no_date": _article(info="<span>来源：县林业局</span>"),
    "no_source": _article(info="<span>发布时间：2026-11-20 09:00</span>"),
    "no_body": _article(body=""),
    # Traps.
    "cn_labels": _article(info="<span>发布日期：2026年11月20日</span><span>信息来源：县林业局</span>"),
    "caption": _article(body='<p style="text-align:center"><img src="/xwzx/gzdt/W0201.jpg"></p><p>图为会议现场</p>'),
    "attachment": _article(body="", after_body='<div class="attachments"><p>附件：</p><ul><li>'
                           '<a href="/xwzx/gzdt/P020261120.pdf">会议纪要.pdf</a></li></ul></div>'),
}


@pytest.fixture(scope="module")
def scan():
    pages = {f"{COL}{slug}.html": html for slug, html in ARTICLES.items()}
    pages[COL] = _column(list(ARTICLES))
    return scandata_from_html(pages, AS_OF, BASE)


@pytest.mark.parametrize("rule_id, defect", [
    ("article.missing_title", "no_title"), ("article.missing_date", "no_date"),
    ("article.missing_source", "no_source"), ("article.missing_body", "no_body")])
def test_the_planted_defect_is_found_and_nothing_else(scan, profile, rule_id, defect):
    found = list(RULES[rule_id](scan, profile))
    assert [(f.rule_id, f.url) for f in found] == [(rule_id, f"{COL}{defect}.html")]
    (f,) = found
    assert (f.severity, f.standard, f.clause) == ("warn", "county", "规范 第十六条(二)")
    assert (f.column, f.column_url) == ("工作动态", COL)


def test_label_variants_caption_and_attachment_are_not_defects(scan, profile):
    traps = {f"{COL}{slug}.html" for slug in ("complete", "cn_labels", "caption", "attachment")}
    for rule_id, func in RULES.items():
        reported = {f.url for f in func(scan, profile)}
        assert not reported & traps, rule_id
    assert not any(f.url == COL for func in RULES.values() for f in func(scan, profile))


def _bare_scan():
    """A listed page with body and source but neither title nor date: too bare for the parser to
    call it an article (that is the defect), judged because the column lists it."""
    bare = COL + "bare.html"
    pages = {bare: _article(title="", info="<span>来源：县林业局</span>"), COL: _column(["bare"])}
    scan = scandata_from_html(pages, AS_OF, BASE)
    assert scan.page(bare).kind == "other"
    return bare, scan


def test_a_listed_page_too_bare_to_look_like_an_article_is_still_judged(profile):
    bare, scan = _bare_scan()
    assert [f.url for f in missing_title(scan, profile)] == [bare]
    assert [f.url for f in missing_date(scan, profile)] == [bare]
    assert list(missing_source(scan, profile)) == []


@pytest.mark.xfail(strict=True, reason="article.missing_body reads ParsedPage.body_text, which the parser "
                   "fills only for pages it calls articles: a listed page of kind 'other' with a visible "
                   "body is reported as having none")
def test_the_body_of_a_listed_bare_page_is_a_body(profile):
    _bare, scan = _bare_scan()
    assert list(missing_body(scan, profile)) == []
