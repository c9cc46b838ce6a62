"""Resident ID numbers (GB 11643): check character, birth date, area code, masking; and the
bank-card / mobile detectors that share the masking rules."""
import random
from datetime import date

import pytest

from govsite.sample.util import make_bad_checksum_serial, make_bank_card, make_id_number
from govsite.textscan import find_bank_cards, find_id_numbers, find_private_mobiles, luhn_ok
from govsite.textscan.ids import birth_date, check_char, is_valid_id15, is_valid_id18, mask_id, plausible_area

AS_OF = date(2026, 11, 27)
# The example of GB 11643-1999 appendix: 11010519491231002X.
STANDARD_EXAMPLE = "11010519491231002X"
LABELS = ["值班", "服务", "咨询", "办公", "热线", "监督", "投诉", "举报", "联系人"]


def with_check(first17: str) -> str:
    return first17 + check_char(first17)


def test_check_character_of_the_standard_example():
    assert check_char(STANDARD_EXAMPLE[:17]) == "X"
    assert is_valid_id18(STANDARD_EXAMPLE, AS_OF)
    assert is_valid_id18(STANDARD_EXAMPLE.lower(), AS_OF)


@pytest.mark.parametrize("number, ok", [
    (with_check("52032719900101123"), True),
    (with_check("52032718991231123"), False),    # born before 1900
    (with_check("52032720261128123"), False),    # born after as_of
    (with_check("52032720261127123"), True),     # born on as_of: a newborn's number exists
    (with_check("52032719900230123"), False),    # 30 February
    (with_check("99032719900101123"), False),    # no province 99
    (with_check("10032719900101123"), False),    # no province 10
    (with_check("52002719900101123"), False),    # prefecture 00
    (with_check("81010119900101123"), True),     # 香港 81
])
def test_birth_date_and_area(number, ok):
    assert is_valid_id18(number, AS_OF) is ok


def test_every_wrong_check_character_fails():
    first17 = "52032719900101123"
    good = check_char(first17)
    for c in "0123456789X":
        assert is_valid_id18(first17 + c, AS_OF) is (c == good)


def test_helpers():
    assert birth_date("520327199001011234") == date(1990, 1, 1)
    assert plausible_area("520327") and not plausible_area("960327")
    assert mask_id("520327199001011234") == "520327********1234"
    assert mask_id("520327900101123") == "520327******123"


def test_found_numbers_are_masked_everywhere():
    idn = with_check("52032719900101123")
    text = f"王德明，身份证号码：{idn}，住址：凤冈县龙泉镇。"
    hits = find_id_numbers(text, AS_OF)
    assert [h.shown for h in hits] == [mask_id(idn)]
    assert idn not in hits[0].context and idn[6:14] not in hits[0].context
    assert "身份证号码" in hits[0].context


def test_sample_generator_numbers_all_found_and_serials_ignored():
    rng = random.Random(7)
    ids = [make_id_number(rng) for _ in range(50)]
    text = "\n".join(f"{i + 1}\t张三{i}\t{n}\t1500" for i, n in enumerate(ids))
    assert len(find_id_numbers(text, AS_OF)) == 50
    serials = " ".join(f"交易流水号：{make_bad_checksum_serial(rng)}。" for _ in range(50))
    assert find_id_numbers(serials, AS_OF) == []


@pytest.mark.parametrize("text", [
    "身份证号：520327********1234",
    "身份证号：5203**********123X",
    "身份证号：520327 19900101 ****",
    "身份证号：520327199001****34",
    "编号 1520327199001011234 (19 digits)",          # inside a longer run of digits
    "订单号 A520327199001011234",                    # glued to letters
])
def test_masked_and_embedded_forms_are_not_findings(text):
    assert find_id_numbers(text, AS_OF) == []


def test_spaced_and_full_width_forms_are_found():
    idn = with_check("52032719900101123")
    spaced = f"身份证 {idn[:6]} {idn[6:14]} {idn[14:]}"
    full_width = "身份证" + idn.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert [h.shown for h in find_id_numbers(spaced, AS_OF)] == [mask_id(idn)]
    assert [h.shown for h in find_id_numbers(full_width, AS_OF)] == [mask_id(idn)]


def test_fifteen_digits_only_with_id_context():
    old = "520327900101123"
    assert is_valid_id15(old, AS_OF)
    assert [h.shown for h in find_id_numbers(f"张三，身份证号码：{old}。", AS_OF)] == ["520327******123"]
    assert find_id_numbers(f"合同编号：{old}。", AS_OF) == []
    assert find_id_numbers("身份证号码：520327901301123", AS_OF) == []   # month 13


def test_bank_cards_need_luhn_and_card_context():
    rng = random.Random(3)
    card = make_bank_card(rng)
    assert luhn_ok(card)
    hits = find_bank_cards(f"姓名\t银行卡号\n王德明\t{card}")
    assert [h.shown for h in hits] == [f"{card[:4]} **** **** {card[-4:]}"]
    assert card not in hits[0].context
    assert find_bank_cards(f"项目编号：{card}") == []                       # no card context
    broken = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert find_bank_cards(f"银行卡号：{broken}") == []                      # Luhn fails
    assert find_bank_cards("银行卡号：6217 **** **** 1667") == []
    assert find_bank_cards(f"户名：凤冈县财政局非税收入专户 账号：{card}") == []   # a unit's account


def test_private_mobiles_beside_names_only():
    table = "户主姓名\n身份证号码\n联系电话\n王德明\n520327********1234\n13812345678\n一类"
    hits = find_private_mobiles(table, LABELS)
    assert [h.shown for h in hits] == ["138****5678"]
    assert "13812345678" not in hits[0].context
    xlsx_row = "序号\t姓名\t手机\n1\t李秀英\t139 0852 1106"
    assert [h.shown for h in find_private_mobiles(xlsx_row, LABELS)] == ["139****1106"]


@pytest.mark.parametrize("text", [
    "值班手机：13908521106（县应急管理局值班室）",
    "联系人：张国华，联系电话：13908521106。",
    "监督电话：0851-25221106（县民政局），政务服务便民热线：12345。",
    "王德明 手机：138****5678",
    "县应急管理局 13908521106",                                           # no person's name
    "咨询电话 13908521106 王德明",
])
def test_service_numbers_and_masked_mobiles_are_not_findings(text):
    assert find_private_mobiles(text, LABELS) == []
