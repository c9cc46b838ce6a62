"""整改通知单: one Word document per unit, listing that unit's open findings of a week's scan with
the page to edit, the fix and the 整改期限 (逾期 when it has passed).

The letterhead comes from the profile's `notices:` section (发文单位, 联系人, 电话); the findings
and their owners are the weekly scorecards' (reports/changes.py), so a notice never lists what
another unit must fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from govsite.profile import Profile
from govsite.reports.changes import STILL_OPEN, week_changes
from govsite.reports.charts import SEVERITY_ZH
from govsite.reports.frames import NO_UNIT, load_columns, scan_profile
from govsite.reports.weeks import ReportError, WeekScan, require_week_scan
from govsite.store.db import Store

_FONT = "宋体"
# The notice's table: header, finding column, width in cm (A4 landscape: 25.7 cm of text).
_COLUMNS = (("序号", None, 1.0), ("问题", "message", 5.0), ("栏目", "column", 2.2),
            ("要修改的页面", "page", 6.0), ("整改要求", "fix", 6.0), ("整改期限", "deadline_zh", 2.5),
            ("严重程度", "severity_zh", 1.6))


@dataclass
class Notice:
    """One unit's 整改通知单 for a week."""

    unit: str
    site_name: str
    site: str
    week: str
    as_of: date
    findings: list[dict]      # the unit's open findings, with page, fix, deadline_zh, overdue


def open_findings(store: Store, ws: WeekScan, profile: Profile) -> pd.DataFrame:
    """Every open (not accepted) finding of the week's scan with its owner, page, fix and deadline."""
    changes = week_changes(store, ws, load_columns(store, ws.scan_id), profile)
    open_ = changes[changes["change"].isin(STILL_OPEN)].copy()
    open_["severity_zh"] = open_["severity"].map(SEVERITY_ZH).fillna(open_["severity"])
    return open_


def build_notices(store: Store, site: str, week: str, profile: Profile | None = None,
                  unit: str | None = None) -> list[Notice]:
    """The notices of `week` ("2026-W48"): one per unit with open findings (only `unit`'s when
    given), units in name order.  ReportError for a week without a complete scan."""
    ws = require_week_scan(store, site, week)
    profile = profile or scan_profile(store, ws.scan_id)
    found = open_findings(store, ws, profile)
    owners = sorted(set(found["owner"]) - {NO_UNIT}) + ([NO_UNIT] if NO_UNIT in set(found["owner"]) else [])
    if unit is not None:
        if unit not in owners:
            raise ReportError(f"unit {unit!r} has no open finding in scan {ws.scan_id} ({ws.as_of})")
        owners = [unit]
    name = str(profile.get("site.name") or site)
    notices = []
    for owner in owners:
        mine = found[found["owner"] == owner].sort_values(["deadline_zh", "rule_id", "url"], kind="stable")
        records = [{k: (None if not isinstance(v, (str, list, dict, date)) and pd.isna(v) else v)
                    for k, v in r.items()} for r in mine.to_dict("records")]
        notices.append(Notice(owner, name, site, ws.week.label, ws.as_of, records))
    return notices


def _run_font(run, size: float | None = None, bold: bool = False) -> None:
    run.font.name = _FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), _FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _paragraph(doc, text: str, size: float = 12, bold: bool = False, center: bool = False):
    p = doc.add_paragraph()
    _run_font(p.add_run(text), size, bold)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def write_notice_docx(notice: Notice, profile: Profile, path: Path) -> Path:
    """The notice as a .docx: letterhead, the unit, what to fix where and by when, the contact."""
    n = profile.section("notices")
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = section.page_height, section.page_width   # landscape
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _paragraph(doc, str(n.get("issuer") or ""), 16, True, True)
    _paragraph(doc, "政府网站问题整改通知单", 20, True, True)
    _paragraph(doc, f"{notice.week}　检查日期：{notice.as_of.isoformat()}", 11, center=True)
    _paragraph(doc, f"{notice.unit}：", 14, True)
    overdue = sum(1 for f in notice.findings if f.get("overdue"))
    _paragraph(doc, (f"经对{notice.site_name}（{notice.site}）{notice.as_of.isoformat()}的检查，你单位负责的"
                     f"栏目和页面存在以下{len(notice.findings)}个问题"
                     + (f"，其中{overdue}个已超过整改期限（逾期）" if overdue else "")
                     + "。请按“整改要求”在“整改期限”前完成整改，整改后系统将在下次检查时自动核验。"), 12)
    table = doc.add_table(rows=1, cols=len(_COLUMNS))
    table.style = "Table Grid"
    for cell, (header, _, width) in zip(table.rows[0].cells, _COLUMNS):
        cell.width = Cm(width)
        _run_font(cell.paragraphs[0].add_run(header), 10.5, True)
    for i, f in enumerate(notice.findings, 1):
        cells = table.add_row().cells
        for cell, (_, key, width) in zip(cells, _COLUMNS):
            cell.width = Cm(width)
            value = str(i) if key is None else str(f.get(key) or "")
            if key == "deadline_zh" and f.get("overdue"):
                value += "（逾期）"
            _run_font(cell.paragraphs[0].add_run(value), 9)
    _paragraph(doc, "")
    contact = "　".join(x for x in (f"联系人：{n['contact']}" if n.get("contact") else "",
                                   f"电话：{n['phone']}" if n.get("phone") else "") if x)
    if contact:
        _paragraph(doc, contact, 12)
    _paragraph(doc, f"{n.get('issuer') or ''}　{notice.as_of.isoformat()}", 12)
    doc.save(str(path))
    return path


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def notice_file_name(notice: Notice) -> str:
    return f"整改通知单-{notice.week}-{_UNSAFE.sub('_', notice.unit)}.docx"


def write_notices(store: Store, site: str, week: str, out_dir: Path, profile: Profile | None = None,
                  unit: str | None = None) -> list[Path]:
    """Write one 整改通知单 per unit with open findings in `week` into `out_dir`."""
    ws = require_week_scan(store, site, week)
    profile = profile or scan_profile(store, ws.scan_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_notice_docx(n, profile, out_dir / notice_file_name(n))
            for n in build_notices(store, site, week, profile, unit)]
