"""content.harmful, wording.leader_name, wording.leader_title and leaders.outdated through the
rules, on hand-made pages parsed with the real parser.

Planted: gambling spam in a 留言 reply; 县长王建化 (王建华 is the 县委书记); 县长王建华; a 领导分工
page still listing 李明, whose term ended.  Traps: crackdown news, a villager named 王建化 far from
any title, 原副县长李鸣, 县长张伟 (the 县长), an article of 2023 calling 王建华 县长 when he was."""
from __future__ import annotations

from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.content import harmful
from govsite.checks.leaders import leader_name, leader_title, outdated
from govsite.profile import ProfileError, load_profile

BASE = "http://www.example.gov.cn/"
COL = BASE + "xwzx/gzdt/"
LEADERS_COL = BASE + "zjfg/ldxx/"
BOARD = BASE + "hdjl/lyb/t1.html"
AS_OF = date(2026, 11, 27)
LEADERS = """leaders:
  - {name: 王建华, title: 县委书记, since: 2024-07-01, until: null}
  - {name: 王建华, title: 县长, since: 2021-03-01, until: 2024-06-30}
  - {name: 张伟, title: 县委副书记、县长, since: 2024-07-01, until: null}
  - {name: 李明, title: 常务副县长, since: 2020-01-01, until: 2025-12-31}
  - {name: 赵刚, title: 副县长, since: 2022-01-01, until: null}
"""


def _page(title: str, body: str, column: str = "工作动态", day: str = "2026-11-20") -> str:
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="{column}"></head><body>'
            f'<h1 class="title">{title}</h1><div class="info"><span>发布时间：{day} 09:00</span>'
            f'<span>来源：县政府办</span></div><div class="TRS_Editor">{body}</div></body></html>')


def _listing(col: str, name: str, urls: dict[str, str]) -> str:
    items = "".join(f'<li><a href="{u}">{t}</a><span>2026-11-20</span></li>' for u, t in urls.items())
    return f'<html><head><title>{name}</title></head><body><ul class="list">{items}</ul></body></html>'


PAGES = {
    COL + "t1.html": ("县领导调研茶产业", "<p>11月18日，县长王建化到龙泉镇调研茶产业发展。</p>"),
    COL + "t2.html": ("县政府常务会议召开", "<p>县长王建华主持召开县政府常务会议。</p>"),
    COL + "t3.html": ("凤冈县开展打击网络赌博专项行动", "<p>凤冈县开展严厉打击网络赌博违法犯罪专项行动，"
                      "县“扫黄打非”办公室联合公安部门查处一家提供特殊服务的足浴店。</p>"),
    COL + "t4.html": ("龙泉镇养牛大户王建化", "<p>龙泉镇村民王建化今年养了三十头牛。</p>"
                      "<p>11月10日，县委书记王建华、县长张伟到龙泉镇调研，原常务副县长李鸣陪同。</p>"),
    COL + "t5.html": ("2023年县政府工作会议", "<p>县长王建华作工作报告，常务副县长李明主持。</p>"),
}


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("p") / "leaders.yaml"
    path.write_text(LEADERS, "utf-8")
    return load_profile(path)


@pytest.fixture(scope="module")
def scan():
    pages = {url: _page(title, body, day="2023-03-01" if url.endswith("t5.html") else "2026-11-20")
             for url, (title, body) in PAGES.items()}
    pages[COL] = _listing(COL, "工作动态", {u: t for u, (t, _b) in PAGES.items()})
    pages[BOARD] = _page("网友留言：咨询医保缴费", "<p>网友：xyz 留言：百家乐真人荷官，注册送彩金，"
                         "加微信abc12345。</p><p>回复：已转县医保局办理。</p>", column="留言板")
    pages[LEADERS_COL + "t1.html"] = _page(
        "县人民政府领导分工", "<p>县长：张伟，主持县政府全面工作。</p>"
        "<p>常务副县长：李明，负责县政府常务工作。</p><p>副县长：赵刚，负责农业农村工作。</p>",
        column="领导信息")
    pages[LEADERS_COL] = _listing(LEADERS_COL, "领导信息", {LEADERS_COL + "t1.html": "县人民政府领导分工"})
    return scandata_from_html(pages, AS_OF, BASE)


def test_gambling_spam_in_a_message_board_is_found_and_crackdown_news_is_not(scan, profile):
    (f,) = harmful(scan, profile)
    assert (f.rule_id, f.url, f.severity, f.standard) == ("content.harmful", BOARD, "veto", "national")
    assert f.message == "页面有3处疑似有害信息（需人工确认）"
    assert f.evidence.startswith("共3处：百家乐（赌博：赌场游戏）«")


def test_a_miswritten_leader_name_beside_a_title_is_found(scan, profile):
    (f,) = leader_name(scan, profile)
    assert (f.url, f.severity) == (COL + "t1.html", "veto")
    assert f.message == "页面有1处疑似领导姓名错误（需人工确认）"
    assert "王建化 → 王建华（紧邻职务“县长”）" in f.evidence


def test_a_leader_given_another_title_is_found_but_not_on_a_day_he_held_it(scan, profile):
    (f,) = leader_title(scan, profile)
    assert f.url == COL + "t2.html"            # t5 (2023) called him 县长 while he was
    assert "职务写作“县长”，其职务为“县委书记”" in f.evidence


def test_a_leader_whose_term_ended_on_the_leaders_page_is_found(scan, profile):
    (f,) = outdated(scan, profile)
    assert (f.url, f.rule_id, f.severity) == (LEADERS_COL + "t1.html", "leaders.outdated", "deduct")
    assert f.evidence == "李明（常务副县长，任期至2025-12-31）"


def test_without_leaders_the_rules_find_nothing(scan):
    empty = load_profile()
    assert empty.get("leaders") == []
    assert [*leader_name(scan, empty), *leader_title(scan, empty), *outdated(scan, empty)] == []


@pytest.mark.parametrize("text, message", [
    ("leaders: [{name: 王建华}]\n", "'leaders[0]' lacks a title"),
    ("leaders: [{name: 王建华, title: 县长, since: 2024/01/01}]\n", "'leaders[0].since' has the wrong type"),
    ("leaders: [{name: 王建华, title: 县长, since: 2024-13-01}]\n", "not valid YAML (month must be in 1..12)"),
    ("leaders: [{name: 王建华, title: 县长, term: 2}]\n", "unknown key 'leaders[0].term'"),
    ("leaders: [{name: 王建华, title: 县长, since: 2024-01-01, until: 2023-01-01}]\n", "ends (2023-01-01) before"),
])
def test_a_broken_leaders_list_is_rejected(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        load_profile(path)


def test_the_veto_rules_fail_the_national_score_under_their_item(scan, profile):
    from govsite.reports.score import compute_score

    findings = [*harmful(scan, profile), *leader_name(scan, profile), *leader_title(scan, profile),
                *outdated(scan, profile)]
    score = compute_score(1, AS_OF.isoformat(), findings, [], profile)
    assert not score.passed
    assert sorted(v.indicator.split("：")[0] for v in score.vetoes) == [
        "严重表述错误（领导职务错误）", "严重错别字（领导姓名错误）", "出现反动、暴力、色情等内容"]
    assert all(d.rule_id != "leaders.outdated" for d in score.deductions)      # a county rule
