"""Markup readings (records.markup): what the record rules read from a page, carried from one scan to
the next only while the page (and its URL) is the same, and giving the same findings as reading it."""
from __future__ import annotations

import pytest
from sample_scandata import sample_scandata

from govsite.checks.run import run_checks
from govsite.profile import load_profile
from govsite.records.markup import MarkupCache, decode_markup, encode_markup, page_markup, read_markup

# The rule families that read pages' markup: letters, solicitations, guides, forms, disclosure.
MARKUP_RULES = ("interaction.", "solicitation.", "guide.", "attachment.not_editable", "disclosure.", "report.")

URL = "http://www.example.gov.cn/hdjl/myzj/202611/t20261120_7.html"
PAGE = """<html><body><div class="nav"><a href="/">首页</a> 来信时间：不是记录的字段</div>
<h1>关于城区停车收费的意见征集</h1>
<table><tr><th>征集时间</th><td>2026-11-01 至 2026-11-20</td></tr><tr><th>类型</th><td>咨询</td></tr></table>
<ul><li><a href="../202610/t1.html">上一条征集</a><span>2026-10-02</span></li></ul>
<p><a href="jg.html">征集结果反馈</a></p><p><a href="/files/b.docx" title="申请表">下载</a></p>
<form action="/liuyan"><textarea name="c"></textarea></form></body></html>"""


def test_a_reading_survives_storage_unchanged():
    reading = read_markup(PAGE, URL)
    assert reading.fields.get("征集时间") == "2026-11-01 至 2026-11-20" and reading.fields.get("类型") == "咨询"
    assert reading.fields.get("来信时间") is None              # the navigation is chrome, not the record
    assert [(r.title, r.url) for r in reading.rows] == [
        ("上一条征集", "http://www.example.gov.cn/hdjl/myzj/202610/t1.html")]
    assert reading.has_form and reading.feedback == ("http://www.example.gov.cn/hdjl/myzj/202611/jg.html",)
    assert ("/files/b.docx", "下载") in reading.anchors and "关于城区停车收费的意见征集" in reading.text
    assert decode_markup(encode_markup(reading)) == reading


def test_the_cache_reuses_only_the_same_page_at_the_same_url():
    first = MarkupCache()
    reading = first.markup(URL, PAGE)
    assert (first.read, first.reused) == (1, 0)
    second = MarkupCache(dict(first.used))
    assert second.markup(URL, PAGE) == reading and (second.read, second.reused) == (0, 1)
    # A changed page is read again; so is the same HTML at another URL (its relative links differ).
    changed = second.markup(URL, PAGE.replace("2026-11-20", "2026-11-25"))
    assert changed.fields.get("征集时间") == "2026-11-01 至 2026-11-25"
    moved = second.markup(URL.replace("myzj", "zxft"), PAGE)
    assert moved.feedback == ("http://www.example.gov.cn/hdjl/zxft/202611/jg.html",)
    assert (second.read, second.reused) == (2, 1)
    # Only the readings this scan used are stored for the next one.
    assert len(second.used) == 3


def _markup_findings(data, cache):
    data.markup_cache = cache
    profile = load_profile()
    return [f for f in run_checks(data, profile) if f.rule_id.startswith(MARKUP_RULES)]


def test_findings_are_the_same_read_fresh_or_carried_over():
    build = sample_scandata.__wrapped__          # a fresh ScanView each time: no memo shared
    plain = _markup_findings(build(), None)
    first_cache = MarkupCache()
    first = _markup_findings(build(), first_cache)
    carried_cache = MarkupCache(dict(first_cache.used))
    carried = _markup_findings(build(), carried_cache)
    assert len(plain) > 10 and {f.rule_id for f in plain} >= {"interaction.reply_overdue", "guide.missing_elements"}
    assert first == plain and carried == plain
    assert first_cache.read > 20 and first_cache.reused == 0
    assert (carried_cache.read, carried_cache.reused) == (0, first_cache.read)


def test_a_page_without_html_has_no_reading():
    data = sample_scandata.__wrapped__()
    assert page_markup(data, "http://127.0.0.1:8800/no/such/page.html") is None


def test_an_unchanged_stored_page_is_found_by_its_content_without_reading_its_html():
    first = sample_scandata.__wrapped__()
    first.load_content_key = lambda url: "content of " + url
    first_cache = MarkupCache()
    read = _markup_findings(first, first_cache)
    again = sample_scandata.__wrapped__()
    again.load_content_key = lambda url: "content of " + url
    again.load_html = lambda url: pytest.fail(f"the HTML of {url} was read")
    carried_cache = MarkupCache(dict(first_cache.used))
    assert _markup_findings(again, carried_cache) == read
    assert (carried_cache.read, carried_cache.reused) == (0, first_cache.read)
    # A page whose content changed is read again.
    changed = sample_scandata.__wrapped__()
    changed.load_content_key = lambda url: "changed content of " + url
    changed_cache = MarkupCache(dict(first_cache.used))
    assert _markup_findings(changed, changed_cache) == read
    assert (changed_cache.read, changed_cache.reused) == (first_cache.read, 0)
