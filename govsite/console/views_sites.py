"""The site list and the pages of one site: overview, column register, units, scans, downloads."""
from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from govsite import claims
from govsite.console.common import console_of, current, render, require_role, site_or_404, units_of
from govsite.console.findings import site_findings, units_table
from govsite.errors import GovsiteError
from govsite.reports.charts import site_charts
from govsite.reports.inspection import write_inspection_report
from govsite.reports.notices import write_notices
from govsite.reports.scorecards import SiteScore
from govsite.reports.trends import trends
from govsite.reports.weekly import write_weekly_report
from govsite.reports.weeks import Week
from govsite.store import console_reads

router = APIRouter()
DUE_SOON_DAYS = 7


@router.get("/")
def site_list(request: Request):
    account = current(request)
    store = console_of(request).store
    console_reads.link_unsited_scans(store)
    lines = [(s, console_reads.latest_complete(store, s.id)) for s in console_reads.sites(store)]
    return render(request, "sites.html.j2", account=account, lines=lines)


def _latest(request: Request, site_id: int):
    site = site_or_404(request, site_id)
    return site, console_reads.latest_complete(console_of(request).store, site.id)


@router.get("/sites/{site_id}/")
def overview(request: Request, site_id: int):
    account = current(request)
    console = console_of(request)
    site, scan = _latest(request, site_id)
    context = {"scan": scan, "score": None, "due_soon": [], "charts": {}, "counts": {}}
    if scan is not None:
        units = units_of(account)
        views = site_findings(console.store, site, scan, units, console.today())
        columns = console_reads.scan_columns(console.store, scan.id, units)
        context["score"] = SiteScore.from_json(scan.score) if scan.score else None
        context["due_soon"] = [c for c in columns if c.limit_county_days is not None and c.age_days is not None
                               and 0 <= c.limit_county_days - c.age_days <= DUE_SOON_DAYS]
        context["counts"] = Counter(v.status for v in views)
        context["vetoes"] = [v for v in views if v.finding.severity == "veto" and v.status in
                             (claims.OPEN, claims.OVERDUE, claims.FAILED, claims.REJECTED)]
        context["charts"] = _charts(console.store, site.start_url, scan.as_of, units, scan.score)
    return render(request, "overview.html.j2", account=account, site=site, STATUSES=claims.STATUSES,
                  **context)


def _charts(store, start_url: str, as_of, units: list[str] | None, score: dict) -> dict[str, str]:
    """The weekly report's 12-week charts (base64 PNG), once there are two weeks of data; a unit
    account of one unit sees its own, of several none."""
    if units is not None and len(units) != 1:
        return {}
    unit = units[0] if units else None
    site_trend, _ = trends(store, start_url, Week.of(as_of), 12, unit)
    if len(site_trend) == 0 or int(site_trend["scan_id"].notna().sum()) < 2:
        return {}
    return site_charts(site_trend, unit, bool((score or {}).get("provisional", True)))


@router.get("/sites/{site_id}/columns")
def columns(request: Request, site_id: int):
    account = current(request)
    site, scan = _latest(request, site_id)
    rows = console_reads.scan_columns(console_of(request).store, scan.id, units_of(account)) if scan else []
    return render(request, "columns.html.j2", account=account, site=site, scan=scan, columns=rows,
                  DUE_SOON_DAYS=DUE_SOON_DAYS)


@router.get("/sites/{site_id}/units")
def units(request: Request, site_id: int):
    account = current(request)
    console = console_of(request)
    site, scan = _latest(request, site_id)
    lines = units_table(site_findings(console.store, site, scan, units_of(account), console.today())) if scan else []
    return render(request, "units.html.j2", account=account, site=site, scan=scan, lines=lines)


@router.get("/sites/{site_id}/scans")
def scans(request: Request, site_id: int):
    account = current(request)
    site = site_or_404(request, site_id)
    rows = console_reads.scans(console_of(request).store, site.id)
    return render(request, "scans.html.j2", account=account, site=site, scans=rows,
                  running=any(s.status == "running" for s in rows))


@router.get("/sites/{site_id}/downloads")
def downloads(request: Request, site_id: int):
    account = current(request)
    console = console_of(request)
    site, scan = _latest(request, site_id)
    units = units_of(account)
    notice_units = []
    if scan is not None:
        views = site_findings(console.store, site, scan, units, console.today())
        notice_units = sorted({v.finding.unit for v in views if v.finding.unit})
    return render(request, "downloads.html.j2", account=account, site=site, scan=scan,
                  week=Week.of(scan.as_of).label if scan else "", notice_units=notice_units,
                  weekly_units=units)


def _attachment(path: Path) -> Response:
    types = {".html": "text/html; charset=utf-8", ".docx":
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    ascii_name = path.name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(path.name)}"
    return Response(path.read_bytes(), media_type=types.get(path.suffix, "application/octet-stream"),
                    headers={"Content-Disposition": disposition})


def _generated(make, suffix: str) -> Response:
    """Run `make(out_dir)` in a temporary folder and answer with the first file of `suffix`."""
    with tempfile.TemporaryDirectory(prefix="govsite-console-") as tmp:
        try:
            files = make(Path(tmp))
        except GovsiteError as exc:
            raise HTTPException(404, str(exc)) from None
        wanted = [f for f in files if f.name.endswith(suffix)]
        if not wanted:
            raise HTTPException(404, "没有可下载的文件")
        return _attachment(wanted[0])


@router.get("/sites/{site_id}/downloads/weekly.{kind}")
def weekly(request: Request, site_id: int, kind: str, unit: str = ""):
    account = current(request)
    console = console_of(request)
    site, scan = _latest(request, site_id)
    units = units_of(account)
    if scan is None or kind not in ("html", "xlsx") or (units is not None and unit not in units):
        raise HTTPException(404, "页面不存在")
    week = Week.of(scan.as_of).label
    return _generated(lambda out: write_weekly_report(console.store, site.start_url, week, out, unit or None),
                      f".{kind}")


@router.get("/sites/{site_id}/downloads/notice.docx")
def notice(request: Request, site_id: int, unit: str):
    account = current(request)
    console = console_of(request)
    site, scan = _latest(request, site_id)
    units = units_of(account)
    if scan is None or (units is not None and unit not in units):
        raise HTTPException(404, "页面不存在")
    week = Week.of(scan.as_of).label
    return _generated(lambda out: write_notices(console.store, site.start_url, week, out, unit=unit), ".docx")


@router.get("/sites/{site_id}/downloads/inspection.{kind}")
def inspection(request: Request, site_id: int, kind: str):
    account = current(request)
    require_role(account, "admin", "inspector")
    console = console_of(request)
    site, scan = _latest(request, site_id)
    if scan is None or kind not in ("html", "xlsx"):
        raise HTTPException(404, "页面不存在")
    return _generated(lambda out: write_inspection_report(console.store, site.start_url, out, scan.id), f".{kind}")
