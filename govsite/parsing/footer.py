"""Footer fields required by 规范 第十六条(一)4: 标识码, 主办单位, ICP, 公网安备, 找错, 党政机关 badge.

Reads the tree after hidden elements were dropped (comments are never in it), so a badge or a
找错 entry that is commented out or styled display:none does not count.
"""
from __future__ import annotations

import re

from govsite.models import Footer
from govsite.parsing.tree import is_hidden

_IDENTIFIER = re.compile(r"(?:标识码|识别码)\s*[:：]?\s*((?:bm|BM)\d{8}|\d{10})(?!\d)")
_SPONSOR = re.compile(r"主\s*办\s*(?:单\s*位|方|机关)?\s*[:：]\s*([^\s|｜©，,。;；:：]{2,40})")
_ICP = re.compile(r"([\u4e00-\u9fff])\s*ICP\s*([备证])\s*(\d{6,12})\s*号?(-\d{1,3})?", re.I)
# The police record in its wordings: 京公网安备 110…号, 赣公安备案 360…号, 粤公安网备…, 贵公网安备：…号,
# 公安机关备案号：430… (no province). Read as "<省>公网安备<number>号".
# Each province's one-character names as police records write them (贵 and 黔, 云 and 滇, 甘 and 陇, 川 and 蜀, 陕 and 秦).
_PROVINCES = "京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕秦吉闽贵黔粤青藏川蜀宁琼港澳台"
_POLICE = re.compile(r"([" + _PROVINCES + r"])?(?:公网安备|公安网备|公安备案|公安机关备案)(?:号|编号)?[:：]?"
                     r"(\d{10,16})(?!\d)号?")
_CONTACT = re.compile(
    r"(?:联系电话|咨询电话|服务电话|办公电话|电话|联系方式)\s*[:：]\s*([\d（）()\-—－ ,，、]{7,40}\d)"
    r"|(?:邮箱|E-?mail|电子邮件|电子信箱)\s*[:：]\s*([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
_SITE_CODE = re.compile(r"site_?code=([A-Za-z]*\d+)", re.I)
_JIUCUO_URL = re.compile(r"exposure/jiucuo|jiucuo\.js|/exposure/images/jiucuo", re.I)
_JIUCUO_TEXT = "我为政府网站找错"
_CONAC = re.compile(r"conac\.cn|_ideConac", re.I)


def _last(pattern: re.Pattern, text: str):
    match = None
    for match in pattern.finditer(text):  # noqa: B007 - the loop leaves the last match in `match`
        pass
    return match


def script_badges(doc) -> Footer:
    """找错 / conac evidence carried by <script> tags, read before scripts are stripped.

    Scripts inside a hidden element do not count.
    """
    footer = Footer()
    for el in doc.iter("script"):
        src = el.get("src") or ""
        code = el.text or ""
        if not (src or "document.write" in code):
            continue
        before = (footer.jiucuo, footer.conac, footer.jiucuo_site_code)
        _script_badge(el, src, code, footer)
        if (footer.jiucuo, footer.conac, footer.jiucuo_site_code) != before and any(
                is_hidden(a) for a in el.iterancestors()):
            footer.jiucuo, footer.conac, footer.jiucuo_site_code = before
    return footer


def _script_badge(el, src: str, code: str, footer: Footer) -> None:
    if _JIUCUO_URL.search(src) or el.get("id") == "_jiucuo_":
        footer.jiucuo = True
        code_attr = el.get("sitecode") or el.get("site_code")
        if code_attr and not footer.jiucuo_site_code:
            footer.jiucuo_site_code = code_attr.strip()
    if _CONAC.search(src):
        footer.conac = True
    if code and "document.write" in code:
        if "conac" in code:
            footer.conac = True
        if "jiucuo" in code:
            footer.jiucuo = True
            m = re.search(r"sitecode\s*=\s*\\?['\"]?(\w+)", code) or _SITE_CODE.search(code)
            if m and not footer.jiucuo_site_code:
                footer.jiucuo_site_code = m.group(1)


def extract_footer(doc, visible_text: str, scripts: Footer | None = None) -> Footer:
    """Footer fields from the tree (hidden parts already dropped) and its visible text.

    `scripts` is what `script_badges` read before the scripts were stripped. Text fields take
    the last match on the page: footers come last, and a body may quote the same labels.
    """
    footer = Footer()
    if scripts is not None:
        footer.jiucuo, footer.conac = scripts.jiucuo, scripts.conac
        footer.jiucuo_site_code = scripts.jiucuo_site_code
    flat = visible_text.replace("\n", " ")
    m = _last(_IDENTIFIER, flat)
    if m:
        footer.identifier_code = m.group(1).lower() if m.group(1)[:2].lower() == "bm" \
            else m.group(1)
    m = _last(_SPONSOR, flat)
    if m:
        footer.sponsor = m.group(1)
    # ICP and police numbers may be split across lines ("京ICP备…号-6京\n公网安备…").
    joined = re.sub(r"\s+", "", visible_text)
    # The three patterns below open with a class of characters (no literal to skip ahead to) and
    # each cost a tenth of a millisecond on a page's text: each runs only when the text holds a
    # literal every match of it holds ("CP" in any case: no other character folds to c or p).
    m = _last(_ICP, joined) if any(cp in joined for cp in ("CP", "cp", "Cp", "cP")) else None
    if m:
        footer.icp = f"{m.group(1)}ICP{m.group(2)}{m.group(3)}号{m.group(4) or ''}"
    m = _last(_POLICE, joined) if "公网安备" in joined or "公安" in joined else None
    if m:
        footer.police = f"{m.group(1) or ''}公网安备{m.group(2)}号"
    # a phone behind 电话 / 联系方式, or an e-mail address (its "@")
    m = _last(_CONTACT, flat) if "电话" in flat or "联系方式" in flat or "@" in flat else None
    if m:
        footer.contact = (m.group(1) or m.group(2)).strip()
    _badges(doc, footer, flat)
    return footer


def _badges(doc, footer: Footer, flat: str) -> None:
    for el in doc.iter("a", "img", "script", "span", "iframe"):
        tag = el.tag
        if tag == "script":
            _script_badge(el, el.get("src") or "", el.text or "", footer)
            continue
        if tag == "span":
            if el.get("id") == "_ideConac":
                footer.conac = True
            elif el.get("id") == "_span_jiucuo" and len(el):
                footer.jiucuo = True
            continue
        url = el.get("href") if tag == "a" else el.get("src")
        if not url:
            continue
        # Every form of the two patterns holds "conac" / "jiucuo": a substring test skips the
        # regexes on the hundreds of other links.  Only for ASCII: a case-blind regex also reads
        # a dotless ı as i, which lower() does not.
        low = url.lower() if url.isascii() else None
        if (low is None or "conac" in low) and _CONAC.search(url):
            footer.conac = True
        if (low is None or "jiucuo" in low) and _JIUCUO_URL.search(url):
            footer.jiucuo = True
            m = _SITE_CODE.search(url) or re.search(r"[?&]v=((?:bm)?\d{8,10})", url)
            if m and not footer.jiucuo_site_code:
                footer.jiucuo_site_code = m.group(1)
    if _JIUCUO_TEXT in flat:
        footer.jiucuo = True
