"""The province overview (`govsite report --overview`): every site of the store in one table,
worst first — pass or fail, score, veto reasons, stale and empty columns, broken links, and the
change since the week before — the table a provincial 通报 is written from.

A site's week is its last complete scan with an as-of day in that week (reports/weeks.py); a
site without one is listed first, as 本周无完整扫描.  Everything a site wrote (names, veto
evidence) is escaped in the HTML (jinja2) and passed through reports/untrusted.py in Excel."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govsite.reports.weeks import Week, WeekScan, parse_week, scan_of_week
from govsite.store.db import Store
from govsite.store.overview_rows import column_status_counts, rule_counts
from govsite.store.sites import Site, list_sites

BROKEN_LINK_RULES = ("link.broken",)


@dataclass
class SiteLine:
    """One site's line of the overview."""

    site: Site
    scan: WeekScan | None
    previous: WeekScan | None
    vetoes: list[str] = field(default_factory=list)
    stale_columns: int = 0
    empty_columns: int = 0
    broken_links: int = 0
    previous_broken_links: int | None = None

    @property
    def scanned(self) -> bool:
        return self.scan is not None

    @property
    def total(self) -> float | None:
        return _total(self.scan)

    @property
    def passed(self) -> bool | None:
        return None if self.scan is None else bool(self.scan.score.get("pass"))

    @property
    def change(self) -> float | None:
        """Score change since the week before (None when either week has no scan)."""
        before = _total(self.previous)
        return None if self.total is None or before is None else round(self.total - before, 1)

    @property
    def verdict(self) -> str:
        if self.scan is None:
            return "本周无完整扫描"
        return "合格" if self.passed else "不合格"

    def sort_key(self):
        # Worst first: no scan, then failed, then by score, vetoes and broken links.
        return (self.scanned, bool(self.passed), self.total if self.total is not None else -1.0,
                -len(self.vetoes), -self.broken_links, self.site.name)


def _total(scan: WeekScan | None) -> float | None:
    if scan is None or scan.score.get("total") is None:
        return None
    return float(scan.score["total"])


def overview_lines(store: Store, week: Week) -> list[SiteLine]:
    """Every registered site's line for `week`, worst first."""
    lines = [SiteLine(site, scan_of_week(store, site.start_url, week),
                      scan_of_week(store, site.start_url, week.shifted(-1)))
             for site in list_sites(store)]
    ids = [line.scan.scan_id for line in lines if line.scan]
    previous_ids = [line.previous.scan_id for line in lines if line.previous]
    rules = rule_counts(store, ids + previous_ids)
    columns = column_status_counts(store, ids)
    for line in lines:
        if line.previous:
            line.previous_broken_links = sum(rules[line.previous.scan_id].get(r, 0) for r in BROKEN_LINK_RULES)
        if line.scan is None:
            continue
        sid = line.scan.scan_id
        line.vetoes = [str(v.get("indicator", "")) for v in line.scan.score.get("vetoes") or []]
        statuses = columns[sid]
        line.stale_columns = sum(n for status, n in statuses.items() if status.startswith("stale"))
        line.empty_columns = statuses.get("empty", 0)
        line.broken_links = sum(rules[sid].get(r, 0) for r in BROKEN_LINK_RULES)
    return sorted(lines, key=SiteLine.sort_key)


HEADERS = ("序号", "网站名称", "网址", "主办单位", "服务器分组", "检查结论", "得分", "较上周",
           "单项否决", "超期栏目", "空白栏目", "不可用链接", "较上周(链接)", "检查日期", "扫描编号")


def _cells(rank: int, line: SiteLine) -> list:
    link_change = (None if line.previous_broken_links is None or line.scan is None
                   else line.broken_links - line.previous_broken_links)
    return [rank, line.site.name, line.site.start_url, line.site.owner_unit, line.site.group,
            line.verdict, line.total, line.change, "；".join(line.vetoes),
            line.stale_columns if line.scan else None, line.empty_columns if line.scan else None,
            line.broken_links if line.scan else None, link_change,
            line.scan.as_of if line.scan else None, line.scan.scan_id if line.scan else None]


def write_overview(store: Store, week_text: str, out_dir: Path) -> list[Path]:
    """overview-<week>.html and .xlsx in `out_dir`."""
    from govsite.reports.html import render
    week = parse_week(week_text)
    lines = overview_lines(store, week)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = [_cells(rank, line) for rank, line in enumerate(lines, start=1)]
    summary = {"sites": len(lines), "scanned": sum(1 for x in lines if x.scanned),
               "passed": sum(1 for x in lines if x.passed), "failed": sum(1 for x in lines if x.passed is False)}
    html = render("overview.html.j2", out_dir / f"overview-{week.label}.html", week=week,
                  headers=HEADERS, rows=rows, summary=summary)
    return [html, _write_excel(week, rows, summary, out_dir / f"overview-{week.label}.xlsx")]


def _write_excel(week: Week, rows: list[list], summary: dict, path: Path) -> Path:
    from openpyxl.styles import Alignment, Font

    from govsite.reports.excel import DATE_FORMAT, new_workbook, save
    from govsite.reports.untrusted import set_excel_cell
    wb = new_workbook()
    ws = wb.create_sheet(f"全省概览 {week.label}")
    ws.append([f"政府网站检查概览 {week.label}（{week.monday} 至 {week.sunday}）：共 {summary['sites']} 个网站，"
               f"{summary['scanned']} 个有完整扫描，合格 {summary['passed']} 个，不合格 {summary['failed']} 个"])
    ws.append(list(HEADERS))
    for c in ws[2]:
        c.font = Font(bold=True)
    for r, values in enumerate(rows, start=3):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            set_excel_cell(cell, value)
            if hasattr(value, "isoformat") and not isinstance(value, str):
                cell.number_format = DATE_FORMAT
            if col == 9:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHIJKLMNO", (6, 24, 32, 16, 14, 14, 8, 8, 60, 9, 9, 10, 10, 12, 9), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C3"
    return save(wb, path)
