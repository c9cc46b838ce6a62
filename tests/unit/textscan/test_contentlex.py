"""The content lexicon (textscan/contentlex.py): harmful words found in spam and not in news
reporting a crackdown; leaders' names and near misses found beside a title only; one pass over
each text shared by the rules; no harmful word on any real page of ../shared/realpages/."""
from __future__ import annotations

import pytest
from realpages import all_real_pages, parse_real

from govsite.textscan.contentlex import (
    CATEGORIES,
    CONTEXT,
    find_harmful,
    find_leader_mentions,
    load_content_lexicon,
    read_harmful,
)

NAMES = ["王建华", "李明"]
TITLES = ["县委书记", "县委副书记", "县长", "副县长", "常务副县长", "书记"]


@pytest.fixture(scope="module")
def lex():
    return load_content_lexicon(None, NAMES, TITLES)


def test_the_shipped_lexicon_has_every_category_and_nothing_else():
    entries = read_harmful()
    assert {e.category for e in entries} == {*CATEGORIES, CONTEXT}
    assert len({e.term for e in entries}) == len(entries)
    # the offences themselves are what crackdown news names: never listed as harmful words
    harmful = {e.term for e in entries if e.category != CONTEXT}
    assert not harmful & {"赌博", "网络赌博", "色情", "暴恐", "诈骗", "电信诈骗", "扫黄打非"}


@pytest.mark.parametrize("text, words", [
    ("澳门新葡京百家乐，真人荷官在线发牌，注册送彩金，加微信xyz88888。", ["新葡京", "百家乐", "真人荷官", "送彩金"]),
    ("兼职刷单，日赚千元，详情加QQ 12345678。", ["兼职刷单", "日赚千元"]),
    ("专业代开发票，办证刻章，电话联系。", ["代开发票", "办证刻章"]),
    ("免费看片 一夜情 同城约炮", ["免费看片", "一夜情", "约炮"]),
    ("出售枪支弹药，货到付款。", ["出售枪支"]),
    # a reporting word beside a spammer's contact is still spam
    ("不怕打击，百家乐稳赢，加微信abc12345", ["百家乐"]),
])
def test_spam_is_found(lex, text, words):
    assert [h.shown for h in find_harmful(text, lex)] == words


@pytest.mark.parametrize("text", [
    "凤冈县开展严厉打击网络赌博违法犯罪专项行动。",
    "县“扫黄打非”办公室联合公安部门开展专项整治行动，查处一家提供特殊服务的足浴店。",
    "警方破获一起利用百家乐网站组织赌博案，抓获犯罪嫌疑人5名。",
    "反诈中心提醒：谨防“刷单返利”骗局，凡是要求先垫付资金的兼职刷单都是诈骗。",
    "县法院依法判处被告人代开发票罪成立。详情见 http://www.gzfg.gov.cn/fy/。",
    "坚决抵制色情网站，远离六合彩等非法彩票。",
    "近日，暴恐音视频在网上传播，网信部门依法处置。",     # 暴恐 itself is not a harmful word
])
def test_crackdown_news_is_not_reported(lex, text):
    assert find_harmful(text, lex) == []


def test_a_site_extends_the_lexicon():
    lex = load_content_lexicon({"凤冈赌场": "赌博"})
    (hit,) = find_harmful("凤冈赌场开业大酬宾", lex)
    assert hit.shown == "凤冈赌场" and "站点补充词库" in hit.note


@pytest.mark.parametrize("name", all_real_pages())
def test_no_harmful_word_and_no_leader_near_miss_on_a_real_page(name):
    from govsite.sample.safety import LEADERS

    lex = load_content_lexicon(None, [n for n, *_ in LEADERS], TITLES + [t for _n, t, *_ in LEADERS])
    page = parse_real(name)
    assert find_harmful(page.text or "", lex) == []
    assert [h for h in find_leader_mentions(page.text or "", lex) if h.note.startswith("near")] == []


def _mentions(lex, text):
    return [(h.shown, h.suggestion, h.note) for h in find_leader_mentions(text, lex)]


def test_a_near_miss_beside_a_title_is_found(lex):
    assert _mentions(lex, "县长王建化出席会议。") == [("王建化", "王建华", "near|县长|0")]
    assert _mentions(lex, "王建化县长出席会议。") == [("王建化", "王建华", "near|县长|0")]
    assert _mentions(lex, "常务副县长 李鸣主持。") == [("李鸣", "李明", "near|常务副县长|0")]


def test_exact_names_carry_the_longest_title_and_past_posts_are_marked(lex):
    assert _mentions(lex, "县委书记王建华讲话，副县长李明主持。") == [
        ("王建华", "王建华", "name|县委书记|0"), ("李明", "李明", "name|副县长|0")]
    assert _mentions(lex, "原副县长李鸣参加。") == [("李鸣", "李明", "near|副县长|1")]


def test_a_namesake_far_from_any_title_is_not_a_mention(lex):
    assert _mentions(lex, "村民王建化家里养了三十头牛，县长调研时看望了他。") == []


def test_one_pass_serves_every_rule(lex):
    text = "县长王建化说：百家乐注册送彩金，加微信abc12345。"
    first = lex.matches(text)
    assert lex.matches(text) is first          # the second rule reads the same matches
    assert find_harmful(text, lex) and find_leader_mentions(text, lex)
