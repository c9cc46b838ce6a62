"""Letters read from letter pages and from letter lists in three layouts (table, ul/li, dl)."""
from datetime import date

import pytest

from govsite.records.fields import list_rows, load_doc
from govsite.records.letters import (
    kind_from_title,
    letter_from_page,
    letter_from_row,
    merge,
    normalise_kind,
    normalise_status,
)

AS_OF = date(2026, 11, 27)
BASE = "http://www.example.gov.cn/hdjl/xzxx/index.html"


def _rows(body: str):
    return {r.title: letter_from_row(r, AS_OF) for r in list_rows(load_doc(f"<html><body>{body}</body></html>"), BASE)}


@pytest.mark.parametrize("text, status", [
    ("已回复", "已回复"), ("已办结", "已回复"), ("待回复", "未回复"), ("未答复", "未回复"),
    ("办理中", "办理中"), ("已转办", "办理中"), ("", None), ("公开", None),
])
def test_status_words(text, status):
    assert normalise_status(text) == status


def test_kinds():
    assert normalise_kind("咨询类") == "咨询" and normalise_kind("举报") == "投诉"
    assert normalise_kind("求助") == "求助" and normalise_kind(None) is None
    assert kind_from_title("咨询城乡居民医保缴费时间") == "咨询"
    assert kind_from_title("反映小区噪音扰民问题") == "投诉"
    assert kind_from_title("关于城区交通的几点想法") is None


def test_list_table():
    letters = _rows(
        '<table><thead><tr><th>序号</th><th>标题</th><th>类型</th><th>状态</th><th>回复时间</th><th>来信时间</th>'
        '</tr></thead><tbody><tr><td>1</td><td><a href="./202611/t1.html">咨询不动产登记办理时限</a></td>'
        "<td>咨询</td><td>待回复</td><td></td><td>2026-11-23</td></tr>"
        '<tr><td>2</td><td><a href="./202610/t2.html">反映小区噪音扰民问题</a></td><td>投诉</td><td>已回复</td>'
        "<td>2026-11-04</td><td>2026-10-25</td></tr></tbody></table>")
    open_one, done = letters["咨询不动产登记办理时限"], letters["反映小区噪音扰民问题"]
    assert (open_one.kind, open_one.status, open_one.submitted, open_one.replied) == (
        "咨询", "未回复", date(2026, 11, 23), None)
    assert open_one.unanswered and not open_one.answered
    assert (done.kind, done.status, done.submitted, done.replied) == ("投诉", "已回复", date(2026, 10, 25),
                                                                      date(2026, 11, 4))
    assert done.answered


def test_list_ul_li():
    letters = _rows(
        '<ul class="list"><li><a href="a.html">咨询社保缴费</a><span>留言时间：2026-10-01</span>'
        "<span>回复时间：2026-10-09</span></li>"
        '<li><a href="b.html">反映路灯不亮</a><span class="zt">办理中</span><span>提交时间：2026-09-01</span></li></ul>')
    a, b = letters["咨询社保缴费"], letters["反映路灯不亮"]
    assert (a.kind, a.kind_from, a.submitted, a.replied) == ("咨询", "title", date(2026, 10, 1), date(2026, 10, 9))
    assert (b.kind, b.status, b.submitted) == ("投诉", "办理中", date(2026, 9, 1))
    assert b.unanswered


def test_list_definition_list():
    letters = _rows(
        '<div class="list"><dl><dt><a href="c.html">噪音问题</a></dt><dd>信件类型：投诉</dd>'
        "<dd>留言时间：2026-09-01</dd><dd>答复时间：2026年9月10日</dd></dl>"
        '<dl><dt><a href="d.html">建议增加公交线路</a></dt><dd>留言时间：2026-08-01 | 状态：未回复</dd></dl></div>')
    c, d = letters["噪音问题"], letters["建议增加公交线路"]
    assert (c.kind, c.kind_from, c.submitted, c.replied) == ("投诉", "field", date(2026, 9, 1), date(2026, 9, 10))
    assert (d.kind, d.status, d.submitted) == ("建议", "未回复", date(2026, 8, 1))


@pytest.mark.parametrize("body", [
    # label/value table (the sample portal, TRS letter templates)
    '<table class="letter"><tr><th>信件标题</th><td>咨询社保</td></tr><tr><th>来信时间</th><td>2026-09-28 09:20</td></tr>'
    "<tr><th>类型</th><td>咨询</td></tr><tr><th>状态</th><td>已回复</td></tr><tr><th>回复单位</th><td>县人社局</td></tr>"
    "<tr><th>回复时间</th><td>2026-10-20 15:00</td></tr><tr><th>回复内容</th><td>您好……</td></tr></table>",
    # definition list
    "<dl><dt>信件标题</dt><dd>咨询社保</dd><dt>来信时间</dt><dd>2026-09-28</dd><dt>类型</dt><dd>咨询</dd>"
    "<dt>回复单位</dt><dd>县人社局</dd><dt>回复时间</dt><dd>2026-10-20</dd></dl>",
    # labelled paragraphs
    "<p>留言标题：咨询社保</p><p>留言时间：2026-09-28 10:00　　留言类型：咨询</p><p>答复单位：县人社局</p>"
    "<p>答复时间：2026年10月20日</p><p>答复内容：您好……</p>",
])
def test_letter_pages(body):
    letter = letter_from_page(load_doc(f"<html><body><div class='content'>{body}</div></body></html>"),
                              "http://x/1.html", "page title", AS_OF)
    assert letter.title == "咨询社保"
    assert (letter.kind, letter.submitted, letter.replied, letter.unit) == (
        "咨询", date(2026, 9, 28), date(2026, 10, 20), "县人社局")
    assert letter.answered


def test_page_gaps_filled_from_the_list_row():
    page = letter_from_page(load_doc("<html><body><p>来信时间：2026-09-01</p></body></html>"), "u", "反映噪音", AS_OF)
    row = _rows('<ul><li><a href="u">反映噪音</a><span>状态：已回复</span><span>回复时间：2026-09-05</span>'
                "<span>类型：投诉</span></li></ul>")["反映噪音"]
    merged = merge(page, row)
    assert (merged.submitted, merged.replied, merged.status, merged.kind, merged.kind_from) == (
        date(2026, 9, 1), date(2026, 9, 5), "已回复", "投诉", "field")
