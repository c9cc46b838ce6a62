"""政府信息公开: directory entries (索引号, 发布机构, 成文日期, 发布日期) and annual reports."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from govsite.records.fields import Fields, first_date

INDEX_NO = ("索引号", "索 引 号", "信息索引号")
ORG = ("发布机构", "发文机关", "发布单位", "信息来源机构", "公开责任部门")
WRITTEN = ("成文日期", "生成日期", "发文日期", "成文时间", "形成日期", "产生日期")
PUBLISHED = ("发布日期", "公开日期", "发布时间", "公开时间")


@dataclass(frozen=True)
class DirectoryEntry:
    url: str
    title: str
    index_no: str | None
    org: str | None
    written: date | None
    published: date | None


def directory_entry(url: str, title: str, fields: Fields, fallback: Fields | None,
                    published: date | None, as_of: date | None) -> DirectoryEntry:
    """The entry as its page shows it; the list row (`fallback`) fills the gaps, and the page's
    own publication date stands in for a missing 发布日期."""
    def get(names: tuple[str, ...]) -> str | None:
        value = fields.get(*names)
        if not value and fallback is not None:
            value = fallback.get(*names)
        return value or None

    return DirectoryEntry(url=url, title=fields.get("名称", "标题", "文件名称") or title,
                          index_no=get(INDEX_NO), org=get(ORG),
                          written=first_date(get(WRITTEN), as_of),
                          published=first_date(get(PUBLISHED), as_of) or published)


# --------------------------------------------------------------------------- annual reports

_REPORT = re.compile(r"政府信息公开(?:工作)?年(?:度)?(?:报告|报)|政务公开工作年度报告")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")


@dataclass(frozen=True)
class AnnualReport:
    url: str
    title: str
    unit: str               # the reporting body, as the title names it
    year: int               # the year reported on
    published: date | None
    headings_missing: tuple[str, ...] = ()


def report_title(title: str) -> tuple[str, int] | None:
    """(unit, year) from a report title: 凤冈县教育局2025年政府信息公开工作年度报告, or
    2025年度凤冈县教育局政府信息公开工作年度报告; None for other titles."""
    title = re.sub(r"\s+", "", title or "")
    if not _REPORT.search(title):
        return None
    m = _YEAR.search(title)
    if not m:
        return None
    unit = _REPORT.sub("", title.replace(m.group(0), "", 1))
    unit = re.sub(r"关于$|的$|^关于|[《》]", "", unit).strip("_-—：: ")
    return unit, int(m.group(1))


def missing_headings(text: str, headings: dict[str, list[str]]) -> tuple[str, ...]:
    """The standard section headings (name -> synonyms) not found in a report's text."""
    flat = re.sub(r"\s+", "", text or "")
    return tuple(name for name, synonyms in headings.items()
                 if not any(s in flat for s in (name, *(synonyms or []))))
