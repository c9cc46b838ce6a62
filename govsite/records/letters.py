"""Letters (县长信箱, 咨询, 投诉, 留言): when they came in, when and whether they were answered.

A letter is read from its own page and from its row on the column's list; the page wins where
both say something, the list fills what the page leaves out (many portals show the status and
the reply date only in the list).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from govsite.records.fields import Fields, ListRow, first_date, labelled_fields

SUBMITTED = ("来信时间", "来信日期", "提交时间", "提交日期", "留言时间", "留言日期", "写信时间", "提问时间",
             "咨询时间", "投诉时间", "诉求时间", "受理时间")
REPLIED = ("回复时间", "回复日期", "答复时间", "答复日期", "办结时间", "处理时间", "反馈时间")
KIND = ("信件类型", "来信类型", "留言类型", "诉求类型", "信件类别", "留言类别", "类型", "类别", "分类")
STATUS = ("办理状态", "处理状态", "回复状态", "信件状态", "状态")
UNIT = ("回复单位", "答复单位", "办理单位", "承办单位", "回复部门", "处理单位", "受理单位")
NUMBER = ("信件编号", "留言编号", "编号", "查询码")
REPLY_TEXT = ("回复内容", "答复内容", "回复意见", "答复意见", "处理结果", "办理结果")

# Status words as portals write them, mapped to three states.
_ANSWERED = re.compile(r"已回复|已答复|已办结|已处理|已反馈|已完成|办结")
_OPEN = re.compile(r"未回复|待回复|未答复|待答复|未处理|待处理|未办理|待办理|未办结")
_IN_PROGRESS = re.compile(r"办理中|处理中|正在办理|已受理|已转办|转办中|受理中")
# Letter kinds by keyword, first hit wins; the title is read when no type field is shown.
_KINDS = (("投诉", ("投诉", "举报")), ("咨询", ("咨询",)), ("求助", ("求助",)), ("建议", ("建议", "意见")))
_TITLE_KINDS = (("咨询", ("咨询", "请问", "询问")), ("投诉", ("投诉", "举报", "反映")), ("求助", ("求助",)),
                ("建议", ("建议",)))


@dataclass(frozen=True)
class Letter:
    url: str
    title: str
    kind: str | None            # 咨询, 投诉, 求助, 建议, or the site's own word; None when unknown
    kind_from: str              # field, title, none
    submitted: date | None
    replied: date | None
    status: str | None          # 已回复, 未回复, 办理中 (normalised), None when not shown
    unit: str | None = None
    number: str | None = None
    has_reply_text: bool = False

    @property
    def answered(self) -> bool:
        return self.replied is not None or self.status == "已回复" or self.has_reply_text

    @property
    def unanswered(self) -> bool:
        """Known to be waiting: an open status, or a dated letter with no reply of any kind."""
        if self.answered:
            return False
        return self.status in ("未回复", "办理中") or (self.status is None and self.submitted is not None)


def normalise_status(text: str | None) -> str | None:
    if not text:
        return None
    if _OPEN.search(text):
        return "未回复"
    if _IN_PROGRESS.search(text):
        return "办理中"
    if _ANSWERED.search(text):
        return "已回复"
    return None


def normalise_kind(text: str | None) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    for kind, words in _KINDS:
        if any(w in text for w in words):
            return kind
    return text[:10]


def kind_from_title(title: str) -> str | None:
    for kind, words in _TITLE_KINDS:
        if any(title.startswith(w) or w in title[:6] for w in words):
            return kind
    return None


def _date_field(fields: Fields, names: tuple[str, ...], as_of: date | None) -> date | None:
    return first_date(fields.get(*names), as_of)


def letter_from_fields(url: str, title: str, fields: Fields, as_of: date | None, text: str = "") -> Letter:
    """A Letter from the fields of a letter page or list row."""
    kind = normalise_kind(fields.get(*KIND))
    kind_from = "field" if kind else "none"
    if kind is None:
        kind = kind_from_title(title)
        kind_from = "title" if kind else "none"
    status = normalise_status(fields.get(*STATUS))
    if status is None and text:
        status = normalise_status(text)
    reply = fields.get(*REPLY_TEXT)
    return Letter(url=url, title=title, kind=kind, kind_from=kind_from,
                  submitted=_date_field(fields, SUBMITTED, as_of),
                  replied=_date_field(fields, REPLIED, as_of), status=status,
                  unit=fields.get(*UNIT) or None, number=fields.get(*NUMBER) or None,
                  has_reply_text=bool(reply and reply.strip()))


def letter_from_page(doc, url: str, title: str, as_of: date | None) -> Letter:
    """The letter shown on its own page (table, definition list or labelled lines)."""
    return letter_from_page_fields(labelled_fields(doc), url, title, as_of)


def letter_from_page_fields(fields: Fields, url: str, title: str, as_of: date | None) -> Letter:
    """The letter from the labelled fields of its own page (markup.PageMarkup.fields)."""
    title = fields.get("信件标题", "留言标题", "标题", "主题") or title
    return letter_from_fields(url, title, fields, as_of)


def letter_from_row(row: ListRow, as_of: date | None) -> Letter:
    """The letter as its list row shows it (columns 类型, 状态, 回复时间, 来信时间 ...)."""
    return letter_from_fields(row.url, row.title, row.fields, as_of, row.text)


def merge(page: Letter | None, row: Letter | None) -> Letter | None:
    """The page's letter with the gaps filled from the list row."""
    if page is None or row is None:
        return page or row
    filled = {}
    for name in ("submitted", "replied", "status", "unit", "number"):
        if getattr(page, name) is None and getattr(row, name) is not None:
            filled[name] = getattr(row, name)
    if page.kind_from != "field" and row.kind_from == "field":
        filled.update(kind=row.kind, kind_from="field")
    if not page.has_reply_text and row.has_reply_text:
        filled["has_reply_text"] = True
    return replace(page, **filled) if filled else page
