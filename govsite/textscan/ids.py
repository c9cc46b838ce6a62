"""Resident ID numbers (居民身份证号码, GB 11643-1999): validation, masking, finding them in text.

An 18-digit number counts only when its check character is right, its birth date is a real day
between 1900 and the scan's as_of, and its first digits are a real province (and a non-zero
prefecture).  Masked forms (520327********1234) never match.  15-digit numbers (the pre-1999
form) count only where the text says 身份证 just before them, since any 15-digit serial would
otherwise look like one.
"""
from __future__ import annotations

import re
from datetime import date

from govsite.textscan.hits import Hit, normalize, view_hit
from govsite.textscan.tokens import ID15 as _ID15
from govsite.textscan.tokens import ID18 as _ID18
from govsite.textscan.tokens import view

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# GB/T 2260 province-level codes (71 台湾, 81 香港, 82 澳门 included: their residents' numbers
# exist on mainland documents too).
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门",
}

_ID_LABEL = re.compile(r"身份证|身份号码|公民身份号码|证件号")
_LABEL_WINDOW_15 = 40


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def plausible_area(code: str) -> bool:
    """A real province code followed by a non-zero prefecture code."""
    return code[:2] in PROVINCES and code[2:4] != "00"


def birth_date(digits: str) -> date | None:
    """The YYYYMMDD at positions 7-14 of an 18-digit number, or None when not a real day."""
    try:
        return date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return None


def is_valid_id18(number: str, as_of: date, min_year: int = 1900) -> bool:
    """Check character, birth date (min_year..as_of) and area code of an 18-character number."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if check_char(number[:17]) != number[17]:
        return False
    born = birth_date(number)
    return born is not None and min_year <= born.year and born <= as_of and plausible_area(number)


def is_valid_id15(number: str, as_of: date) -> bool:
    """A 15-digit (pre-1999) number: area code and a 19YYMMDD birth date; it has no check digit."""
    if len(number) != 15 or not number.isdigit() or not plausible_area(number):
        return False
    try:
        born = date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return born <= as_of


def mask_id(number: str) -> str:
    """520327********1234: area code and the last 4 kept, the birth date and order masked."""
    if len(number) == 15:
        return number[:6] + "*" * 6 + number[-3:]
    return number[:6] + "*" * 8 + number[-4:]


def find_id_numbers(text: str, as_of: date, min_year: int = 1900, width: int = 15) -> list[Hit]:
    """Unmasked, valid resident ID numbers in `text`, each shown masked.

    A redaction token (tokens.py) of an ID number counts as the number it stands for."""
    v = view(normalize(text))
    text = v.text
    hits: list[Hit] = []
    for m in _ID18.finditer(text):
        number = "".join(m.groups()).upper()
        ok = v.verdict("I", m.start(), m.end())
        if ok is None:
            ok = is_valid_id18(number, as_of, min_year)
        if ok:
            hits.append(view_hit(v, m.start(), m.end(), mask_id(number), width))
    # a 15-digit number counts only after a label: a text with no label anywhere has none
    candidates_15 = _ID15.finditer(text) if _ID_LABEL.search(text) else ()
    for m in candidates_15:
        number = m.group()
        label = text[max(0, m.start() - _LABEL_WINDOW_15):m.start()]
        if not _ID_LABEL.search(label):
            continue
        ok = v.verdict("J", m.start(), m.end())
        if ok is None:
            ok = is_valid_id15(number, as_of)
        if ok:
            hits.append(view_hit(v, m.start(), m.end(), mask_id(number), width))
    hits.sort(key=lambda h: h.start)
    return hits
