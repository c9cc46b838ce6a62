"""Personal data in pages and attachments: 规范 第十八条(一)8 and 保密审查制度 第十三条 —
涉及个人隐私的政府信息不得公开.

One finding per page or attachment and rule, with the number of hits and a few examples.  Every
number shown is masked (520327********1234, 6217 **** **** 1234, 138****5678): a report must not
repeat the leak it reports.
"""
from __future__ import annotations

from typing import Iterator

from govsite.scan.view import ScanView
from govsite.checks.registry import rule
from govsite.models import Finding
from govsite.profile import Profile
from govsite.textscan import find_bank_cards, find_id_numbers, find_private_mobiles
from govsite.checks.content import scan_texts

_CLAUSE = "规范 第十八条(一)8; 保密审查制度 第十三条"


def _width(profile: Profile) -> int:
    return int(profile.get("content_safety.context_chars"))


@rule("privacy.id_number", title="泄露身份证号码", title_en="an unmasked, checksum-valid resident ID number in a page or attachment",
      clause=_CLAUSE, severity="deduct", standard="both",
      reads=("content_safety.context_chars", "content_safety.id_min_birth_year", "content_safety.examples_per_finding"))
def id_numbers(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """Full 18-digit 居民身份证号码 (GB 11643 check character, real birth date, real area code), or a
    15-digit one labelled 身份证: 规范 第十八条(一)8 个人隐私不得公开."""
    min_year = int(ctx.get("content_safety.id_min_birth_year"))
    width = _width(ctx)
    yield from scan_texts(ctx, data,
                          lambda text: find_id_numbers(text, data.as_of, min_year, width),
                          lambda n: f"公开了{n}个未脱敏的居民身份证号码")


@rule("privacy.bank_card", title="泄露银行卡号", title_en="unmasked bank card numbers (Luhn-valid) in a card context",
      clause=_CLAUSE, severity="deduct", standard="both",
      reads=("content_safety.context_chars", "content_safety.examples_per_finding",))
def bank_cards(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """Luhn-valid 16-19 digit card numbers beside 银行卡/卡号/账号/开户行: 规范 第十八条(一)8."""
    width = _width(ctx)
    yield from scan_texts(ctx, data, lambda text: find_bank_cards(text, width),
                          lambda n: f"公开了{n}个未脱敏的银行卡号")


@rule("privacy.phone", title="泄露个人手机号码", title_en="private mobile numbers listed beside people's names",
      clause=_CLAUSE, severity="deduct", standard="both",
      reads=("content_safety.context_chars", "content_safety.examples_per_finding", "content_safety.phone_service_labels", "content_safety.phone_min_count"))
def phones(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """Mobile numbers beside a person's name (a 公示 table, a list); a unit's service, duty or
    consultation number is not private: 规范 第十八条(一)8."""
    labels = list(ctx.get("content_safety.phone_service_labels") or [])
    min_count = int(ctx.get("content_safety.phone_min_count"))
    width = _width(ctx)
    yield from scan_texts(ctx, data,
                          lambda text: find_private_mobiles(text, labels, width),
                          lambda n: f"公开了{n}个个人手机号码（与姓名并列）", min_count)
