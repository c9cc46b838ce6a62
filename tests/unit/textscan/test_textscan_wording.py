"""The political-wording check: every known wrong form of the seed list is found, one-character
near misses are found, and a few hundred sentences of ordinary government text raise nothing."""
import csv
import re
from datetime import date

import pytest
from conftest import REPO

from govsite.parsing.decode import decode_html
from govsite.parsing.page import parse_page
from govsite.textscan import (
    find_bank_cards,
    find_id_numbers,
    find_not_public,
    find_private_mobiles,
    find_secrecy_markings,
    find_wording,
    load_lexicon,
)
from govsite.textscan.lexicon import near_misses, read_entries

FIXTURES = REPO / "tests" / "fixtures"
AS_OF = date(2026, 11, 27)
LABELS = ["值班", "服务", "咨询", "办公", "热线", "监督", "投诉", "举报", "联系人"]


def seed_rows(shared_dir):
    with open(shared_dir / "standard" / "political_expression_seed.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def seed_sentence(wrong: str) -> str:
    """A sentence carrying the seed's wrong form as it would stand on a page."""
    if wrong == "罪犯(判决前)":
        return "11月20日，县公安局成功抓获罪犯2名，目前案件正在进一步侦办中。"
    wrong = wrong.replace("中共XX省", "中共贵州省").replace("XX市", "遵义市")
    return f"近日，{wrong}一事在县政府网站发布的文章中出现，特此说明。"


def test_every_seed_wrong_form_is_found(shared_dir):
    rows = seed_rows(shared_dir)
    assert len(rows) >= 15
    for row in rows:
        hits = find_wording(seed_sentence(row["wrong"]))
        assert hits, row["wrong"]
        assert any(h.suggestion.replace("XX", "") in row["right"].replace("XX", "")
                   or row["right"].replace("XX", "") in h.suggestion.replace("XX", "") for h in hits), \
            (row["wrong"], [h.suggestion for h in hits])


@pytest.mark.parametrize("text, shown, suggestion", [
    ("组织开展《中华人民共合国宪法》宣传活动", "中华人民共合国", "中华人民共和国"),
    ("开展社会主意核心价值观宣传进社区活动", "社会主意核心价值观", "社会主义核心价值观"),
    ("坚持和发展中国特色社会主意", "中国特色社会主意", "中国特色社会主义"),
    ("深入推进扫黑险恶常态化", "扫黑险恶", "扫黑除恶"),
    ("调整领导小姐成员", "领导小姐", "领导小组"),
    ("巩固拓展脱贫攻艰成果", "脱贫攻艰", "脱贫攻坚"),
    ("全面推进乡村振新", "乡村振新", "乡村振兴"),
    ("增强四个意织", "四个意织", "四个意识"),
    ("做到两个维户", "两个维户", "两个维护"),
    ("共建一代一路", "一代一路", "一带一路"),
    ("学习习近乎总书记重要讲话", "习近乎", "习近平"),
    ("推动构建人类命运共同休", "人类命运共同休", "人类命运共同体"),
    ("粤港奥大湾区建设", "粤港奥大湾区", "粤港澳大湾区"),
    ("深入学习贯彻党的二十大精神，攻府工作报告", "攻府", "政府"),
])
def test_near_misses_and_listed_forms(text, shown, suggestion):
    hits = find_wording(text)
    assert [(h.shown, h.suggestion) for h in hits] == [(shown, suggestion)]
    assert "【" in hits[0].context and "需" not in hits[0].shown


def test_context_is_fifteen_characters_each_side():
    text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸" + "社会主意" + "子丑寅卯辰巳午未申酉戌亥金木水火土"
    (hit,) = find_wording(text)
    before, after = hit.context.split("【")[0], hit.context.split("】")[1]
    assert len(before) == 15 and len(after) == 15


@pytest.mark.parametrize("text", [
    "领导小组各成员单位要拿定主意、形成合力。",
    "他一时拿不定主意。",
    "大家出主意、想办法。",
    "坚持以社会主义核心价值观为引领。",
    "根据《中华人民共和国反有组织犯罪法》。",
    "扫黑除恶常态化工作领导小组。",
    "乌江境内港口货物吞吐量稳步增长。",
    "各县县委书记和各省省委有关负责同志参加会议。",
    "监狱组织服刑罪犯开展劳动技能培训。",
    "中澳自贸协定实施以来，双边贸易持续增长。",
])
def test_ordinary_words_sharing_characters(text):
    assert find_wording(text) == []


def test_near_misses_do_not_contain_correct_expressions():
    lexicon = load_lexicon()
    correct = {e.correct for e in read_entries()}
    assert not correct & set(lexicon.forms)
    assert "社会主意" in near_misses("社会主义") and "中华人民共合国" in near_misses("中华人民共和国")


def test_site_extra_pairs():
    lexicon = load_lexicon({"风冈县": "凤冈县"})
    assert [(h.shown, h.suggestion) for h in lexicon.scan("风冈县人民政府")] == [("风冈县", "凤冈县")]
    assert find_wording("风冈县人民政府") == []


def county_sentences() -> list[str]:
    lines = (FIXTURES / "county_sentences.txt").read_text("utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def realpage_sentences(shared_dir) -> list[str]:
    out = []
    for path in sorted((shared_dir / "realpages").glob("*.html")):
        text, _ = decode_html(path.read_bytes())
        page = parse_page("http://example.invalid/", text, AS_OF)
        for s in re.split(r"(?<=[。！？；])|\n", page.text):
            if len(re.findall(r"[\u4e00-\u9fff]", s)) >= 12:
                out.append(s.strip())
    return list(dict.fromkeys(out))


def all_detectors(text: str) -> list:
    return (find_wording(text) + find_id_numbers(text, AS_OF) + find_bank_cards(text)
            + find_private_mobiles(text, LABELS) + find_secrecy_markings(text) + find_not_public(text))


def test_county_corpus_raises_nothing():
    sentences = county_sentences()
    assert len(sentences) >= 300
    for s in sentences:
        assert all_detectors(s) == [], s
    assert all_detectors("\n".join(sentences)) == []


def test_real_pages_raise_nothing(shared_dir):
    sentences = realpage_sentences(shared_dir)
    assert len(sentences) >= 500
    flagged = [(s, [h.shown for h in all_detectors(s)]) for s in sentences if all_detectors(s)]
    assert flagged == []


def _longest_form_at_each_start(lexicon, text):
    """The reference the automaton must agree with: at each position, the longest wrong form of
    the lexicon starting there (a plain loop over every position and every form length)."""
    lengths = sorted({len(f) for f in lexicon.forms}, reverse=True)
    out = []
    for i in range(len(text)):
        for n in lengths:
            form = lexicon.forms.get(text[i:i + n]) if i + n <= len(text) else None
            if form is not None:
                out.append((i, i + n, form.entry.correct))
                break
    return out


def test_the_automaton_finds_what_a_position_by_position_search_finds(shared_dir):
    """The automaton reports every occurrence; keeping the longest per start must give
    what looking up every form at every position gives, astral characters and overlaps included."""
    import random
    lexicon = load_lexicon()
    forms = sorted(lexicon.forms)
    rng = random.Random(7)
    texts = [seed_sentence(r["wrong"]) for r in seed_rows(shared_dir)]
    filler = "县政府办公室关于进一步加强基层治理工作的通知𠀋𪚥😀 ，。"
    for _ in range(300):     # forms run together, overlapping and cut, among ordinary text
        parts = [rng.choice(forms)[rng.randrange(2):] if rng.random() < 0.5 else
                 "".join(rng.choice(filler) for _ in range(rng.randrange(1, 6))) for _ in range(12)]
        texts.append("".join(parts))
    found = 0
    for text in texts:
        want = _longest_form_at_each_start(lexicon, text)
        found += len(want)
        assert [(s, e, f.entry.correct) for s, e, f in lexicon.literal_matches(text)] == want, text
    assert found > 1000


def test_scanning_a_text_leaves_it_as_it_was():
    """The automaton reads UTF-8 bytes: a str handed to it would keep a UTF-8 copy of itself
    (CPython caches it in the object), 100 MB over the texts of a 20 000-page portal."""
    import sys
    lexicon = load_lexicon()
    text = "县政府召开会议，学习中国特色社会主意思想。" * 50
    before = sys.getsizeof(text)
    assert find_wording(text, lexicon)
    assert sys.getsizeof(text) == before
