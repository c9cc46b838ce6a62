"""Findings: the filtered list, one finding with its history, the unit's and the centre's forms
(提交整改, 申请说明, 同意/驳回), the screenshots."""
from __future__ import annotations

from datetime import date
from math import ceil
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from govsite import claims
from govsite.checks.catalog import fix_for, rule_of
from govsite.console.common import (
    address,
    checked_form,
    console_of,
    current,
    render,
    site_or_404,
    units_of,
)
from govsite.console.findings import finding_view, site_findings
from govsite.console.uploads import MAX_BYTES, UploadRefused, read_upload, store_upload
from govsite.store import audit, console_reads
from govsite.store.browser_rows import screenshot_of
from govsite.store.claims import get_upload, uploads_of
from govsite.store.findings import finding_pages

router = APIRouter()
PAGE_SIZE = 100


def _scan(request: Request, site_id: int):
    site = site_or_404(request, site_id)
    scan = console_reads.latest_complete(console_of(request).store, site.id)
    if scan is None:
        raise HTTPException(404, "该站点还没有完整的扫描")
    return site, scan


@router.get("/sites/{site_id}/findings")
def findings(request: Request, site_id: int, unit: str = "", rule: str = "", severity: str = "",
             status: str = "", page: int = 1):
    account = current(request)
    console = console_of(request)
    site, scan = _scan(request, site_id)
    units = units_of(account)
    everything = site_findings(console.store, site, scan, units, console.today())
    shown = [v for v in everything
             if (not unit or v.finding.unit == unit) and (not rule or v.finding.rule_id == rule)
             and (not severity or v.finding.severity == severity) and (not status or v.status == status)]
    pages = max(1, ceil(len(shown) / PAGE_SIZE))
    page = min(max(1, page), pages)
    query = "&".join(f"{k}={quote(v)}" for k, v in (("unit", unit), ("rule", rule), ("severity", severity),
                                                    ("status", status)) if v)
    return render(request, "findings.html.j2", account=account, site=site, scan=scan,
                  rows=shown[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], total=len(shown), page=page,
                  pages=pages, query=query, chosen={"unit": unit, "rule": rule, "severity": severity,
                                                    "status": status},
                  unit_choices=sorted({v.finding.unit for v in everything if v.finding.unit}),
                  rule_choices=sorted({v.finding.rule_id for v in everything}),
                  STATUSES=claims.STATUSES)


def _view(request: Request, site_id: int, key: str):
    account = current(request)
    console = console_of(request)
    site, scan = _scan(request, site_id)
    view = finding_view(console.store, site, scan, key, units_of(account), console.today())
    if view is None:
        raise HTTPException(404, "没有这个问题，或不属于本单位")
    return account, console, site, scan, view


@router.get("/sites/{site_id}/findings/{key}")
def detail(request: Request, site_id: int, key: str, error: str = ""):
    account, console, site, scan, view = _view(request, site_id, key)
    return _detail(request, account, console, site, view, error)


def _detail(request, account, console, site, view, error: str = "", status: int = 200):
    f = view.finding
    may_act = account.role in ("admin", "unit")
    shot = screenshot_of(console.store, f.scan_id, f.url) is not None
    known = rule_of(f.rule_id)
    pages = finding_pages(console.store, f.scan_id, f.key).get(f.key) or [f.url]
    return render(request, "finding.html.j2", status, account=account, site=site, v=view, f=f,
                  pages=pages[:20], more_pages=max(0, len(pages) - 20),
                  fix=fix_for(f.rule_id), rule_title=known.title if known else "",
                  history=audit.entries_for(console.store, site.id, f.key),
                  uploads=uploads_of(console.store, site.id, f.key), page_shot=shot,
                  can_fix=may_act and view.status in claims.ACTIONABLE,
                  can_decide=account.role == "admin" and view.status == claims.EXPLAINING,
                  error=error, MAX_MB=MAX_BYTES // (1024 * 1024))


def _back(site_id: int, key: str) -> RedirectResponse:
    return RedirectResponse(f"/sites/{site_id}/findings/{key}", status_code=303)


@router.post("/sites/{site_id}/findings/{key}/fixed")
async def mark_fixed(request: Request, site_id: int, key: str):
    account, console, site, scan, view = _view(request, site_id, key)
    form = await checked_form(request, account)
    note = str(form.get("note") or "").strip()
    upload_id = None
    try:
        shot = form.get("screenshot")
        if isinstance(shot, UploadFile) and (shot.filename or shot.size):
            data = await shot.read(MAX_BYTES + 1)
            if data:
                upload_id = store_upload(console.store, console.data_dir, data, shot.filename or "",
                                         site_id=site.id, key=key, unit=view.finding.unit,
                                         account=account.name).id
        claims.mark_fixed(console.store, site.id, view.finding, view.status, account.name, address(request),
                          note, upload_id)
    except UploadRefused as exc:
        return _detail(request, account, console, site, view, str(exc), exc.status)
    except claims.NotAllowed as exc:
        return _detail(request, account, console, site, view, str(exc), 409)
    return _back(site.id, key)


@router.post("/sites/{site_id}/findings/{key}/explain")
async def explain(request: Request, site_id: int, key: str):
    account, console, site, scan, view = _view(request, site_id, key)
    form = await checked_form(request, account)
    try:
        claims.request_explanation(console.store, site.id, view.finding, view.status, account.name,
                                   address(request), str(form.get("reason") or "").strip())
    except claims.NotAllowed as exc:
        return _detail(request, account, console, site, view, str(exc), 409)
    return _back(site.id, key)


@router.post("/sites/{site_id}/findings/{key}/decide")
async def decide(request: Request, site_id: int, key: str):
    account, console, site, scan, view = _view(request, site_id, key)
    form = await checked_form(request, account)
    if account.role != "admin":
        raise HTTPException(403, "只有电子政务中心可以审核说明")
    decision = str(form.get("decision") or "")
    until_text = str(form.get("until") or "").strip()
    try:
        until = date.fromisoformat(until_text) if until_text else None
    except ValueError:
        return _detail(request, account, console, site, view, f"日期格式不对：{until_text}（应为YYYY-MM-DD）", 400)
    if decision not in ("approve", "reject"):
        return _detail(request, account, console, site, view, "请选择同意或驳回", 400)
    try:
        claims.decide(console.store, site.id, site.start_url, view.finding, view.status, account.name,
                      address(request), decision == "approve", until, str(form.get("note") or "").strip())
    except claims.NotAllowed as exc:
        return _detail(request, account, console, site, view, str(exc), 409)
    return _back(site.id, key)


@router.get("/sites/{site_id}/findings/{key}/page.png")
def page_screenshot(request: Request, site_id: int, key: str):
    """The browser pass's screenshot of the finding's page."""
    _, console, _, _, view = _view(request, site_id, key)
    png = screenshot_of(console.store, view.finding.scan_id, view.finding.url)
    if png is None:
        raise HTTPException(404, "没有截图")
    return Response(png, media_type="image/png",
                    headers={"Content-Disposition": f'inline; filename="finding-{key}.png"'})


@router.get("/uploads/{upload_id}")
def uploaded(request: Request, upload_id: str):
    account = current(request)
    console = console_of(request)
    upload = get_upload(console.store, upload_id, units_of(account))
    data = read_upload(console.data_dir, upload) if upload is not None else None
    if data is None:
        raise HTTPException(404, "没有这个截图，或不属于本单位")
    name = upload.stored_name
    return Response(data, media_type=upload.content_type,
                    headers={"Content-Disposition": f'inline; filename="{name}"',
                             "X-Content-Type-Options": "nosniff"})
