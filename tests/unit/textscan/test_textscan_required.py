"""The pre-check before a big regex (textscan/required.py) never skips a text the regex matches."""
from __future__ import annotations

import random
import re

import pytest
from realpages import all_real_pages, parse_real

from govsite.textscan import lexicon, markings
from govsite.textscan.hits import normalize
from govsite.textscan.required import may_match, required

MARKING_PATTERNS = [p for p, _kind in markings._MARKINGS] + list(markings._NOT_PUBLIC)
LEXICON_PATTERNS = [p for p, _entry in lexicon.load_lexicon().patterns]
PATTERNS = MARKING_PATTERNS + LEXICON_PATTERNS

# Texts each matching some pattern, written the ways pages write them.
MATCHING = [
    "秘密★1年", "机 密 ☆ 长期", "绝密＊", "密 级：内部", "密级:机密",
    "通知\n 机  密 \n正文", "内部资料，注意保存", "内部文件 严禁外传", "\n内部刊物\n", "内部明电",
    "此 件 不 予 公 开", "此件依申请公开", "公开方式：不予公开", "公开属性:依申请公开",
    "某省省委书记", "县市市委", "公安机关抓获3名罪犯", "罪犯张某被逮捕", "机密",
]
# Texts that look close but must not match (the regex decides, the pre-check may pass them).
NEAR = ["全省省委", "各市市委", "国家秘密", "机密文件", "内部", "保守秘密法", "罪 犯", "此件公开"]


def test_every_pattern_of_markings_and_lexicon_gets_a_pre_check():
    assert all(required(p) for p in PATTERNS), [p.pattern for p in PATTERNS if not required(p)]


@pytest.mark.parametrize("text", MATCHING + NEAR)
def test_a_text_the_regex_matches_is_never_skipped(text):
    text = normalize(text)
    for p in PATTERNS:
        if p.search(text):
            assert may_match(p, text), (p.pattern, text)
    assert any(p.search(text) for p in PATTERNS) == (text in MATCHING)


def test_random_mixtures_of_matching_texts_are_never_skipped():
    pieces = MATCHING + NEAR + list("密级内部秘机绝★：: \n罪犯省市委此件公开")
    rnd = random.Random(12)
    matched = 0
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6)))
        for p in PATTERNS:
            if p.search(text):
                matched += 1
                assert may_match(p, text), (p.pattern, text)
    assert matched > 1000


def test_full_width_text_is_checked_after_normalizing():
    """The detectors normalize first (full-width digits, ＊ stays): 秘密＊１年 is still a marking."""
    hits = markings.find_secrecy_markings("文件标注：秘密＊１年")
    assert [h.note for h in hits] == ["密级标志（★）"]


def test_the_finders_give_on_real_pages_what_the_full_regexes_give():
    names = all_real_pages()
    if not names:
        pytest.skip("no ../shared/realpages")
    for name in names:
        text = normalize(parse_real(name).text or "")
        for p in PATTERNS:
            if not may_match(p, text):
                assert p.search(text) is None, (name, p.pattern)


@pytest.mark.parametrize("pattern, expected", [
    ("a?bc", {"bc"}),
    ("x*y+z", {"y"}),
    ("ab|cd", {"ab", "cd"}),
    ("(ab){0,2}c", {"c"}),
    ("(?:省|市)委", {"委"}),
])
def test_required_strings_of_small_patterns(pattern, expected):
    assert required(re.compile(pattern)) == expected


@pytest.mark.parametrize("pattern", ["(?i)abc", "ab|", "a*", "[ab]", r"(a?)\1", "(?:)"])
def test_no_pre_check_where_no_string_is_required(pattern):
    compiled = re.compile(pattern)
    assert required(compiled) is None
    assert may_match(compiled, "zzz")


def test_case_insensitive_patterns_always_run():
    assert required(re.compile("abc", re.I)) is None
    assert required(re.compile("(?i:ab)cd")) == {"cd"}
