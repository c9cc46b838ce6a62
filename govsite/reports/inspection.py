"""The pre-inspection report, in the order of the national check (国办秘函〔2019〕19号):
单项否决 first with their evidence, then 扣分 per indicator with points and the findings behind them,
then 加分 (needs a person's judgement), the total and pass/fail, and the provisional flag.

It reads one scan's score.json and findings; nothing is recomputed, so the report says exactly
what the scan scored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govsite.reports import excel
from govsite.reports.actions import screenshots, with_actions
from govsite.reports.charts import SEVERITY_ZH
from govsite.reports.frames import load_findings, scan_profile
from govsite.reports.html import render, rows
from govsite.reports.scorecards import SiteScore
from govsite.reports.tables import DETAIL_TABLE, ITEM_TABLE
from govsite.reports.weeks import ReportError
from govsite.store.db import Store
from govsite.store.findings import finding_pages, first_seen_days
from govsite.store.history import StoredScan, latest_complete_scan, read_scan

_HOME_PREFIX = "[首页]"          # score.py counts link.broken on the home page apart
_URL = re.compile(r"https?://[^\s()<>（）：，；、]+")
_NATIONAL = ("national", "both")


@dataclass
class Part:
    """One indicator of the report with the findings behind it."""

    kind: str                  # veto, deduct, bonus
    indicator: str
    lines: list[dict]          # ITEM_TABLE rows
    points: float = 0.0
    evidence: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    screenshots: list[dict] = field(default_factory=list)    # {url, png}: the scan's evidence shots


@dataclass
class InspectionReport:
    site: str
    site_name: str
    scan_id: int
    as_of: str
    score: SiteScore
    vetoes: list[Part]
    deductions: list[Part]
    bonus: Part
    accepted: list[dict]
    # Veto and deduct findings (and every finding of a veto's rules) that no indicator above
    # scores: the provisional points table does not list their rule, yet an inspector reads them.
    others: list[dict] = field(default_factory=list)


def _choose_scan(store: Store, site: str, scan_id: int | None) -> StoredScan:
    """The scan `scan_id`, or the site's latest complete one.  An incomplete scan is refused even
    when asked for by id: its findings are those of the part of the site it reached."""
    if scan_id is None:
        scan = latest_complete_scan(store, site)
        if scan is None:
            raise ReportError(f"no complete scan of {site} in the store {store.url}")
        return scan
    scan = read_scan(store, scan_id)
    if scan is None or scan.start_url != site:
        raise ReportError(f"scan {scan_id} is not a scan of {site}")
    if not scan.complete:
        raise ReportError(f"scan {scan_id} is {scan.status}, not complete: its findings cover only "
                          f"part of the site (run `govsite check {scan_id}` if its crawl ended)")
    return scan


def _labelled(frame: pd.DataFrame, part: str, indicator: str, severity_zh: str | None = None) -> list[dict]:
    """Rows of the details table; under a veto every finding is labelled as counting toward it
    (a stale column is not a 扣分项 there)."""
    label = frame["severity"].map(SEVERITY_ZH).fillna(frame["severity"]) if severity_zh is None else severity_zh
    return rows(frame.assign(part=part, indicator=indicator, severity_zh=label))


def _veto_findings(findings: pd.DataFrame, veto: dict) -> pd.DataFrame:
    """The findings behind a veto: those of its rules that its evidence names (score.json keeps at
    most 10 lines of evidence; when it names none, every national finding of the rules)."""
    mine = findings[findings["rule_id"].isin(veto.get("rule_ids") or [])
                    & findings["standard"].isin(_NATIONAL) & (findings["severity"] != "warn")]
    named = {u.rstrip("):,") for line in veto.get("evidence") or [] for u in _URL.findall(line)}
    matched = mine[mine["url"].isin(named) | mine["column_url"].isin(named)]
    return matched if len(matched) else mine


def _deduction_findings(findings: pd.DataFrame, d: dict) -> pd.DataFrame:
    mine = findings[(findings["rule_id"] == d["rule_id"]) & findings["standard"].isin(_NATIONAL)
                    & (findings["severity"] != "veto")]
    if d["rule_id"] == "link.broken":
        home = mine["message"].str.startswith(_HOME_PREFIX)
        on_home = d.get("key", "").endswith("@home") or "home page" in d.get("why", "")
        mine = mine[home] if on_home else mine[~home]
    return mine


def _indicator_order(profile_points: dict) -> list[str]:
    order: list[str] = []
    for spec in profile_points.values():
        name = (spec or {}).get("indicator")
        if name and name not in order:
            order.append(name)
    return order


def build_inspection(store: Store, site: str, scan_id: int | None = None) -> InspectionReport:
    scan = _choose_scan(store, site, scan_id)
    if not scan.score:
        raise ReportError(f"scan {scan.id} has no score (run `govsite check` on it first)")
    profile = scan_profile(store, scan.id)
    score = SiteScore.from_json(scan.score)
    first_seen = first_seen_days(store, site, scan.id)
    findings = load_findings(store, [scan.id])
    findings["first_seen"] = [first_seen.get(k, scan.as_of) for k in findings["key"]]
    findings = with_actions(findings, finding_pages(store, scan.id), profile, scan.as_of)
    accepted = findings[findings["accepted"].fillna("") != ""]
    scored = findings[findings["accepted"].fillna("") == ""]

    vetoes = []
    for v in score.vetoes:
        behind = _veto_findings(scored, v)
        vetoes.append(Part("veto", v["indicator"],
                           [{"part": "单项否决", "indicator": v["indicator"], "rule_id": ", ".join(v["rule_ids"]),
                             "count": len(behind), "points": None, "why": "一项即判定不合格"}],
                           evidence=list(v.get("evidence") or []),
                           findings=_labelled(behind, "单项否决", v["indicator"], "计入单项否决"),
                           screenshots=screenshots(store, scan.id, list(behind["url"]))))

    order = _indicator_order(profile.get("points") or {})
    by_indicator: dict[str, list[dict]] = {}
    for d in score.deductions:
        by_indicator.setdefault(d["indicator"], []).append(d)
    names = sorted(by_indicator, key=lambda n: (order.index(n) if n in order else len(order), n))
    deductions = []
    for name in names:
        items = by_indicator[name]
        behind = pd.concat([_deduction_findings(scored, d) for d in items], ignore_index=True)
        deductions.append(Part(
            "deduct", name,
            [{"part": "扣分", "indicator": name, "rule_id": d["rule_id"], "count": d["count"],
              "points": d["points"], "why": d["why"]} for d in items],
            points=round(sum(float(d["points"]) for d in items), 2),
            findings=_labelled(behind, "扣分", name)))

    b = score.bonus
    bonus = Part("bonus", "加分项（创新、特色等）",
                 [{"part": "加分", "indicator": "加分项（创新、特色等）", "rule_id": "", "count": None,
                   "points": float(b.get("points", 0.0)),
                   "why": ("需人工评定；" + ("得分高于加分门槛，可申报加分" if b.get("eligible")
                                              else "未达到加分条件（存在单项否决或得分不高于门槛）"))}],
                 points=float(b.get("points", 0.0)))
    shown = {f["key"] for p in vetoes + deductions for f in p.findings}
    veto_rules = {r for v in score.vetoes for r in v.get("rule_ids") or []}
    rest = scored[~scored["key"].isin(shown) & (scored["severity"].isin(("veto", "deduct"))
                                                | scored["rule_id"].isin(veto_rules))]
    others = _labelled(rest, "未计分", "暂定分值表未计分")
    return InspectionReport(site, str(profile.get("site.name") or site), scan.id,
                            scan.as_of.isoformat(), score, vetoes, deductions, bonus,
                            _labelled(accepted, "已说明", ""), others)


def _write_excel(r: InspectionReport, path: Path) -> Path:
    wb = excel.new_workbook()
    parts = r.vetoes + r.deductions + [r.bonus]
    total = {"part": "合计", "indicator": "总分" + ("（暂定）" if r.score.provisional else ""),
             "rule_id": "", "count": None, "points": r.score.total,
             "why": ("合格" if r.score.passed else "不合格")
             + (f"；{len(r.vetoes)}项单项否决" if r.vetoes else "")}
    items = pd.DataFrame([line for p in parts for line in p.lines] + [total],
                         columns=[f.name for f in ITEM_TABLE])
    excel.table_sheet(wb, "检查结果", items, ITEM_TABLE)
    details = pd.DataFrame([f for p in parts for f in p.findings] + r.others + r.accepted,
                           columns=[f.name for f in DETAIL_TABLE])
    excel.table_sheet(wb, "问题明细", details, DETAIL_TABLE)
    excel.facts_sheet(wb, "说明", [
        ("网站", r.site_name), ("网址", r.site), ("扫描编号", r.scan_id),
        ("检查日期", pd.Timestamp(r.as_of).date()), ("总分", r.score.total),
        ("结论", "合格" if r.score.passed else "不合格"), ("单项否决", len(r.vetoes)),
        ("分值说明", "暂定分值，尚未与国家指标原表核对" if r.score.provisional else "正式分值"),
        ("加分项", "需人工评定，工具不计分"), *[("备注", n) for n in r.score.notes]])
    return excel.save(wb, path)


def write_inspection_report(store: Store, site: str, out_dir: Path,
                            scan_id: int | None = None) -> list[Path]:
    """Write the pre-inspection report (HTML and Excel) of `scan_id`, or of the site's latest
    complete scan, into `out_dir`.  Raises ReportError when there is no such scan or it has no score."""
    report = build_inspection(store, site, scan_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"inspection-{report.as_of}-scan{report.scan_id}"
    return [render("inspection.html.j2", out_dir / f"{stem}.html", r=report,
                   ITEM_TABLE=ITEM_TABLE, DETAIL_TABLE=DETAIL_TABLE),
            _write_excel(report, out_dir / f"{stem}.xlsx")]
