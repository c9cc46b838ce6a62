"""意见征集: a solicitation's comment period and whether its result (征集结果反馈) was published."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from govsite.parsing.links import make_link
from govsite.parsing.tree import element_text
from govsite.records.fields import Fields, ListRow, dates_in, first_date, labelled_fields

PERIOD = ("征集时间", "征求意见时间", "意见征集时间", "征集期限", "征集日期", "征集期")
START = ("征集开始", "开始时间", "开始日期", "起始时间", "征集起始")
END = ("征集结束", "结束时间", "结束日期", "截止时间", "截止日期", "征集截止")
_FROM_TO = re.compile(r"自?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*(?:起)?\s*(?:至|到|~|～|—|－)\s*"
                      r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")
_DEADLINE = re.compile(r"(?:截止|截至)(?:时间|日期)?(?:为|是|到|：|:)?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
                       r"\d{4}-\d{1,2}-\d{1,2})")
_FEEDBACK = re.compile(r"反馈|采纳情况|采纳意见|征集结果|结果公布|结果公示|意见采纳|征求意见情况")
# Words around a solicitation's subject, removed to pair it with its feedback by title.
_NOISE = re.compile(r"[（(]?(?:征求意见稿|草案|送审稿|试行)[)）]?|公开征求|征求意见|意见建议|社会意见|的公告|的通知|"
                    r"的反馈|采纳情况|情况|关于|对|就|向社会|[《》〈〉“”\"'\s]|的$")


@dataclass(frozen=True)
class Solicitation:
    url: str
    title: str
    published: date | None
    start: date | None
    end: date | None
    feedback_urls: tuple[str, ...] = ()

    @property
    def opened(self) -> date | None:
        return self.start or self.published

    @property
    def period_days(self) -> int | None:
        """Length of the comment period in calendar days, both ends included."""
        if self.start and self.end and self.end >= self.start:
            return (self.end - self.start).days + 1
        return None


def is_result_title(title: str) -> bool:
    """A page announcing a solicitation's result (…征求意见采纳情况的反馈, 征集结果公布)."""
    return bool(_FEEDBACK.search(title or ""))


def subject(title: str) -> str:
    """What a solicitation or its feedback is about: 关于《X（征求意见稿）》… -> X."""
    m = re.search(r"《(.+?)》", title or "")
    core = m.group(1) if m else (title or "")
    return _NOISE.sub("", core)


def _period(fields: Fields, text: str, as_of: date | None) -> tuple[date | None, date | None]:
    start = first_date(fields.get(*START), as_of)
    end = first_date(fields.get(*END))   # a deadline may lie after as_of
    both = dates_in(fields.get(*PERIOD) or "")
    if both:
        start = start or both[0]
        if len(both) > 1:
            end = end or both[1]
    if start is None or end is None:
        m = _FROM_TO.search(text)
        if m:
            start = start or first_date(m.group(1))
            end = end or first_date(m.group(2))
    if end is None:
        m = _DEADLINE.search(text)
        if m:
            end = first_date(m.group(1))
    return start, end


def feedback_links(doc, base_url: str) -> tuple[str, ...]:
    """Links on a solicitation page that point to its result (征集结果反馈, 采纳情况 ...)."""
    out = []
    for a in doc.iter("a"):
        parent = a.getparent()
        context = element_text(a) + " " + (element_text(parent) if parent is not None else "")
        if not _FEEDBACK.search(context):
            continue
        link = make_link((a.get("href") or "").strip(), base_url, "a")
        if link is not None and link.category == "page" and link.url not in out:
            out.append(link.url)
    return tuple(out)


def solicitation_from_page(doc, url: str, title: str, published: date | None,
                           as_of: date | None) -> Solicitation:
    """Period and feedback links as the solicitation's own page shows them."""
    return solicitation_from_reading(labelled_fields(doc), element_text(doc), feedback_links(doc, url),
                                     url, title, published, as_of)


def solicitation_from_reading(fields: Fields, text: str, feedback: tuple[str, ...], url: str, title: str,
                              published: date | None, as_of: date | None) -> Solicitation:
    """The solicitation from what its page's markup says (markup.PageMarkup)."""
    start, end = _period(fields, text, as_of)
    return Solicitation(url, title, published, start, end, feedback)


def solicitation_from_row(row: ListRow, published: date | None, as_of: date | None) -> Solicitation:
    start, end = _period(row.fields, row.text.replace(row.title, " "), as_of)
    return Solicitation(row.url, row.title, published, start, end)
