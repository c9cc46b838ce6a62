"""privacy.id_number, privacy.bank_card and privacy.phone (规范 第十八条(一)8; 保密审查制度 第十三条)
through the rules, on hand-made pages parsed with the real parser.

Planted: a 公示名单 with full ID numbers, bank card numbers and private mobiles beside names.
Traps on another page: masked ID numbers, an 18-digit contract number whose checksum fails, a
masked card, a unit's own account, a unit's 值班手机, a 监督电话 and 12345.  No finding repeats a
full number."""
from __future__ import annotations

import random
from datetime import date

import pytest
from sample_scandata import scandata_from_html

from govsite.checks.privacy import bank_cards, id_numbers, phones
from govsite.profile import load_profile
from govsite.sample.util import make_bad_checksum_serial, make_bank_card
from govsite.textscan.ids import check_char

BASE = "http://www.example.gov.cn/"
COL = BASE + "zwgk/tzgg/"
ROSTER = COL + "t1.html"
NOTICE = COL + "t2.html"
AS_OF = date(2026, 11, 27)
RNG = random.Random(12)
IDS = [f + check_char(f) for f in ("52032719800315123", "52032719920708234")]
CARDS = [make_bank_card(RNG), make_bank_card(RNG)]
MOBILES = ["13812345678", "13998765432"]
UNIT_CARD = make_bank_card(RNG)
SERIAL = make_bad_checksum_serial(RNG)


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _article(title: str, body: str) -> str:
    return (f'<html><head><title>{title}</title><meta name="ColumnName" content="通知公告"></head><body>'
            f'<h1 class="title">{title}</h1><div class="info"><span>发布时间：2026-11-20 09:00</span>'
            f'<span>来源：县民政局</span></div><div class="TRS_Editor">{body}</div></body></html>')


@pytest.fixture(scope="module")
def scan():
    rows = "".join(f"<tr><td>{name}</td><td>{idn}</td><td>{card}</td><td>{mobile}</td></tr>"
                   for name, idn, card, mobile in zip(("王德明", "李秀英"), IDS, CARDS, MOBILES, strict=True))
    roster = _article("2026年度临时救助对象名单公示",
                      "<p>现将2026年度临时救助对象名单公示如下：</p><table><tr><th>姓名</th><th>身份证号码</th>"
                      f"<th>银行卡号</th><th>手机号码</th></tr>{rows}</table>")
    notice = _article("关于发放2026年度临时救助资金的通知",
                      "<p>王德明（身份证号码：520327********1234）、李秀英（身份证号码：520327********5678）"
                      "的救助资金已发放至本人银行卡（6217 **** **** 1667）。</p>"
                      f"<p>合同编号：{SERIAL}。</p>"
                      f"<p>户名：凤冈县财政局非税收入专户 账号：{UNIT_CARD}</p>"
                      "<p>值班手机：13908521106（县应急管理局值班室）。监督电话：0851-25221106（县民政局），"
                      "政务服务便民热线：12345。</p>")
    listing = (f'<html><head><title>通知公告</title></head><body><ul class="list">'
               f'<li><a href="{ROSTER}">2026年度临时救助对象名单公示</a><span>2026-11-20</span></li>'
               f'<li><a href="{NOTICE}">关于发放2026年度临时救助资金的通知</a><span>2026-11-20</span></li>'
               "</ul></body></html>")
    return scandata_from_html({COL: listing, ROSTER: roster, NOTICE: notice}, AS_OF, BASE)


@pytest.mark.parametrize("func, rule_id, message", [
    (id_numbers, "privacy.id_number", "页面公开了2个未脱敏的居民身份证号码"),
    (bank_cards, "privacy.bank_card", "页面公开了2个未脱敏的银行卡号"),
    (phones, "privacy.phone", "页面公开了2个个人手机号码（与姓名并列）"),
])
def test_the_roster_is_found_and_the_masked_and_unit_numbers_are_not(scan, profile, func, rule_id, message):
    found = list(func(scan, profile))
    assert [(f.rule_id, f.url) for f in found] == [(rule_id, ROSTER)]      # nothing on the notice
    (f,) = found
    assert (f.severity, f.standard, f.message) == ("deduct", "both", message)
    assert (f.column, f.column_url) == ("通知公告", COL)
    for number in (*IDS, *CARDS, *MOBILES):
        assert number not in f.message + f.evidence


def test_evidence_shows_masked_forms(scan, profile):
    (ids,) = id_numbers(scan, profile)
    assert f"520327********{IDS[0][-4:]}" in ids.evidence
    (cards,) = bank_cards(scan, profile)
    assert f"{CARDS[0][:4]} **** **** {CARDS[0][-4:]}" in cards.evidence
    (mobiles,) = phones(scan, profile)
    assert "138****5678" in mobiles.evidence
