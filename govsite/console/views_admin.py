"""The centre's pages: accounts (admin only) and the audit log (admin and inspector)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from govsite.console.auth import ROLES, create_account, disable_account, split_units
from govsite.console.common import address, checked_form, console_of, current, render, require_role
from govsite.errors import BadInput
from govsite.store import audit
from govsite.store.accounts import list_accounts

router = APIRouter()


def _users_page(request: Request, account, error: str = "", status: int = 200, form: dict | None = None):
    return render(request, "users.html.j2", status, account=account,
                  users=list_accounts(console_of(request).store), ROLES=ROLES, error=error,
                  form=form or {"name": "", "role": "unit", "units": ""})


@router.get("/admin/users")
def users(request: Request):
    account = current(request)
    require_role(account, "admin")
    return _users_page(request, account)


@router.post("/admin/users")
async def add_user(request: Request):
    account = current(request)
    form = await checked_form(request, account)
    require_role(account, "admin")
    name, role = str(form.get("name") or "").strip(), str(form.get("role") or "")
    units_text = str(form.get("units") or "")
    try:
        create_account(console_of(request).store, name, role, split_units(units_text),
                       str(form.get("password") or ""), by=account.name, address=address(request))
    except BadInput as exc:
        return _users_page(request, account, str(exc), 400, {"name": name, "role": role, "units": units_text})
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}/disable")
async def disable_user(request: Request, name: str):
    account = current(request)
    await checked_form(request, account)
    require_role(account, "admin")
    if name == account.name:
        return _users_page(request, account, "不能停用自己的账号", 400)
    try:
        disable_account(console_of(request).store, name, by=account.name, address=address(request))
    except BadInput as exc:
        return _users_page(request, account, str(exc), 404)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/audit")
def audit_log(request: Request):
    account = current(request)
    require_role(account, "admin", "inspector")
    return render(request, "audit.html.j2", account=account,
                  entries=audit.recent_entries(console_of(request).store))
