"""The number shapes of textscan/tokens.py open with a digit for speed; they must find exactly
what the plain "no letter or digit before it" form finds, at any start offset."""
from __future__ import annotations

import random
import re

import pytest

from govsite.textscan import tokens

# The shapes as first written: the lookbehind first, tried at every character.
PLAIN = {
    "ID18": r"(?<![0-9A-Za-z])(\d{6})[ -]?(\d{8})[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z])",
    "ID15": r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])",
    "CARD": r"(?<![0-9A-Za-z])([3-69]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{4,7})(?![0-9A-Za-z])",
    "MOBILE": r"(?<![0-9A-Za-z])(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9A-Za-z])",
}

TRICKY = [
    "身份证号：520327199001011234，电话13812345678。",
    "A520327199001011234 a13812345678 520327199001011234x",
    "卡号6217 0000 1111 2222 333，卡号 6217-0000-1111-2222",
    "x6217000011112222 6217000011112222y 96217000011112222",
    "138 1234 5678 1381234 5678 13812345678901 113812345678",
    "52032719900101123X号 5203271990010112345",
    "520327 19900101 123x，１３８１２３４５６７８ ٥٢٠٣٢٧١٩٩٠٠١٠١١٢٣٤",
    "",
    "1",
]


def _spans(pattern: re.Pattern, text: str, pos: int) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text, pos)]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_shape_finds_what_the_plain_form_finds(name):
    plain, fast = re.compile(PLAIN[name]), getattr(tokens, name)
    for text in TRICKY:
        for pos in range(0, min(len(text), 4) + 1):
            assert _spans(fast, text, pos) == _spans(plain, text, pos), (text, pos)
    rnd = random.Random(7)
    alphabet = "0123456789" * 4 + "1313" + " -Xxa号\n１٣"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 50)))
        pos = rnd.randint(0, 3)
        assert _spans(fast, text, pos) == _spans(plain, text, pos), (text, pos)


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_shape_opens_with_a_character_class(name):
    """What makes them fast: the engine skips to a position where the first character fits."""
    first = getattr(tokens, name).pattern.lstrip("(")
    assert first.startswith(("\\d", "[3-69]", "1")), first
