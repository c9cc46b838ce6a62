"""Personal data in pages and attachments: 规范 第十八条(一)8 and 保密审查制度 第十三条 —
涉及个人隐私的政府信息不得公开.

One finding per page or attachment and rule, with the number of hits and a few examples.  Every
number shown is masked (520327********1234, 6217 **** **** 1234, 138****5678): a report must not
repeat the leak it reports.
"""
from __future__ import annotations

from collections.abc import Iterator

from govsite.attachments.ocr import NO_ENGINE
from govsite.checks.content import scan_texts
from govsite.checks.registry import RuleContext, rule
from govsite.models import Finding
from govsite.profile import Profile
from govsite.scan.view import ScanView
from govsite.textscan import find_bank_cards, find_id_numbers, find_private_mobiles

_CLAUSE = "规范 第十八条(一)8; 保密审查制度 第十三条"


def _width(profile: Profile) -> int:
    return int(profile.get("content_safety.context_chars"))


@rule("privacy.id_number", title="泄露身份证号码", title_en="an unmasked, checksum-valid resident ID number in a page or attachment",
      clause=_CLAUSE, severity="deduct", standard="both",
      reads=("content_safety.context_chars", "content_safety.id_min_birth_year", "content_safety.examples_per_finding"))
def id_numbers(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面或附件中出现完整的 18 位居民身份证号码（校验位、出生日期、地区码均有效），或标注为身份证的 15 位号码。
    依据：规范 第十八条(一)8：个人隐私不得公开；保密审查制度 第十三条。
    整改：立即撤下或修改页面及附件，对号码做脱敏处理（如 520327********1234），并检查发布审核流程。
    """
    min_year = int(ctx.get("content_safety.id_min_birth_year"))
    width = _width(ctx)
    yield from scan_texts(ctx, data,
                          lambda text: find_id_numbers(text, data.as_of, min_year, width),
                          lambda n: f"公开了{n}个未脱敏的居民身份证号码")


@rule("privacy.bank_card", title="泄露银行卡号", title_en="unmasked bank card numbers (Luhn-valid) in a card context",
      clause=_CLAUSE, severity="deduct", standard="both",
      reads=("content_safety.context_chars", "content_safety.examples_per_finding",))
def bank_cards(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：页面或附件中出现完整的银行卡号（通过 Luhn 校验，旁边有银行卡、卡号、账号等字样）。
    依据：规范 第十八条(一)8；保密审查制度 第十三条。
    整改：立即撤下或修改页面及附件，对卡号做脱敏处理。
    """
    width = _width(ctx)
    yield from scan_texts(ctx, data, lambda text: find_bank_cards(text, width),
                          lambda n: f"公开了{n}个未脱敏的银行卡号")


@rule("privacy.phone", title="泄露个人手机号码", title_en="private mobile numbers listed beside people's names",
      clause=_CLAUSE, severity="deduct", standard="both",
      reads=("content_safety.context_chars", "content_safety.examples_per_finding", "content_safety.phone_service_labels", "content_safety.phone_min_count"))
def phones(data: ScanView, ctx: RuleContext) -> Iterator[Finding]:
    """检查：人名旁边出现个人手机号码（如公示名单）；单位的服务、值班、咨询电话不算。
    依据：规范 第十八条(一)8；保密审查制度 第十三条。
    整改：对手机号码做脱敏处理（如 138****5678），或改为单位电话。
    """
    labels = list(ctx.get("content_safety.phone_service_labels") or [])
    min_count = int(ctx.get("content_safety.phone_min_count"))
    width = _width(ctx)
    yield from scan_texts(ctx, data,
                          lambda text: find_private_mobiles(text, labels, width),
                          lambda n: f"公开了{n}个个人手机号码（与姓名并列）", min_count)


def ocr_missing_note(data: ScanView) -> str:
    """The scan's one note when images or scanned PDFs went unread for want of an OCR engine
    ("" when there were none): the privacy rules could not look inside them."""
    unread = [a for a in data.attachments if NO_ENGINE in (a.reason or "")]
    if not unread:
        return ""
    return (f"{len(unread)} image(s) or scanned PDF(s) not read for the privacy rules: {NO_ENGINE}; "
            f"e.g. {unread[0].url}")
