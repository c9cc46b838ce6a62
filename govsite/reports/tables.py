"""The tables a report shows, with their Chinese headers and cell kinds, shared by every format.

A kind tells a renderer how to write a cell: text, int, float, date (a real date), url (a link).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from govsite.reports.changes import CHANGE_ZH
from govsite.reports.charts import SEVERITY_ZH
from govsite.reports.untrusted import csv_text


@dataclass(frozen=True)
class Field:
    name: str       # the frame's column
    header: str     # what a reader sees
    kind: str = "text"
    width: int = 14  # Excel column width, in characters


COLUMN_TABLE = [
    Field("column", "栏目", width=18), Field("unit", "内容保障单位", width=20),
    Field("category_zh", "类别", width=10), Field("newest_date", "最新信息日期", "date", 13),
    Field("items_this_week", "本周发布条数", "int", 10), Field("age_days", "距今天数", "int", 9),
    Field("limit_county_days", "县级更新时限(天)", "int", 10),
    Field("limit_national_days", "国家更新时限(天)", "int", 10),
    Field("county_status", "县级标准", width=10), Field("national_status", "国家指标", width=10),
    Field("broken_links", "不可用链接", "int", 9), Field("open_findings", "未整改问题", "int", 9),
    Field("findings_by_rule", "问题（按规则）", width=36), Field("column_url", "栏目地址", "url", 40),
]

# A unit's own columns in its section of the HTML scorecard: the unit is the section's title.
COLUMN_OF_UNIT = [f for f in COLUMN_TABLE if f.name not in ("unit", "broken_links")]

UNIT_TABLE = [
    Field("unit", "内容保障单位", width=22), Field("score", "单位得分(暂定)", "float", 11),
    Field("columns", "栏目数", "int", 8), Field("stale_columns", "超期栏目", "int", 9),
    Field("empty_columns", "空白栏目", "int", 9), Field("open_findings", "未整改问题", "int", 9),
    Field("open_veto", "其中单项否决", "int", 10), Field("open_deduct", "其中扣分项", "int", 10),
    Field("open_warn", "其中提醒", "int", 9), Field("new", "本周新增", "int", 9),
    Field("reopened", "重新出现", "int", 9), Field("fixed", "本周已整改", "int", 10),
    Field("accepted", "已说明", "int", 8), Field("column_names", "负责栏目", width=50),
]

FINDING_TABLE = [
    Field("change_zh", "整改状态", width=12), Field("severity_zh", "严重程度", width=9),
    Field("title", "问题类别", width=18), Field("rule_id", "规则", width=24),
    Field("clause", "依据条款", width=36), Field("column", "栏目", width=14),
    Field("owner", "责任单位", width=18), Field("message", "问题", width=36),
    Field("url", "地址", "url", 44), Field("page", "要修改的页面", "url", 44),
    Field("fix", "整改要求", width=40), Field("deadline_zh", "整改期限", width=12),
    Field("evidence", "证据", width=60), Field("first_seen", "首次发现", "date", 12),
    Field("age_days", "已存在天数", "int", 9), Field("fixed_on", "整改日期", "date", 12),
    Field("accepted", "说明理由", width=24),
]
# What a unit head reads in the HTML scorecard: what, where, how and by when (the rule id last,
# in its own column; the Excel and CSV files keep every column of FINDING_TABLE).
FINDING_HTML = [next(f for f in FINDING_TABLE if f.name == name) for name in (
    "change_zh", "severity_zh", "title", "column", "message", "page", "fix", "deadline_zh",
    "evidence", "first_seen", "accepted", "rule_id")]


def with_labels(changes: pd.DataFrame) -> pd.DataFrame:
    """Add the Chinese labels of a finding's change (逾期 when past its deadline) and severity."""
    out = changes.copy()
    out["change_zh"] = [CHANGE_ZH.get(c, c) + ("（逾期）" if late else "")
                        for c, late in zip(out["change"], out.get("overdue", [False] * len(out)))]
    out["severity_zh"] = out["severity"].map(SEVERITY_ZH).fillna(out["severity"])
    return out


def cell(value, kind: str):
    """A frame value as a renderer wants it: None for missing, date for dates, int for counts."""
    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return None
    if kind == "date":
        return value if isinstance(value, date) else pd.Timestamp(value).date()
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value


def display(frame: pd.DataFrame, spec: list[Field]) -> pd.DataFrame:
    """The frame reduced to `spec`'s columns, headed in Chinese."""
    out = pd.DataFrame({f.header: [cell(v, f.kind) for v in frame[f.name]] for f in spec},
                       columns=[f.header for f in spec])
    return out


def write_csv(frame: pd.DataFrame, spec: list[Field], path: Path) -> Path:
    """UTF-8 with a BOM, so that Excel on a Chinese Windows desktop opens it correctly; text that
    a spreadsheet would run as a formula is written as text (untrusted.csv_text)."""
    display(frame, spec).map(csv_text).to_csv(path, index=False, encoding="utf-8-sig")
    return path


# The inspector's view (inspection.py): one row an indicator, then the findings behind each.
ITEM_TABLE = [
    Field("part", "部分", width=10), Field("indicator", "指标", width=40),
    Field("rule_id", "规则", width=26), Field("count", "问题数", "int", 8),
    Field("points", "扣分", "float", 8), Field("why", "计算/说明", width=60),
]

DETAIL_TABLE = [
    Field("part", "部分", width=10), Field("indicator", "指标", width=30),
    Field("rule_id", "规则", width=24), Field("clause", "依据条款", width=36),
    Field("severity_zh", "严重程度", width=9), Field("column", "栏目", width=14),
    Field("unit", "责任单位", width=16), Field("message", "问题", width=36),
    Field("url", "地址", "url", 44), Field("page", "要修改的页面", "url", 44),
    Field("fix", "整改要求", width=40), Field("deadline_zh", "整改期限", width=12),
    Field("evidence", "证据", width=60), Field("accepted", "说明理由", width=24),
]
