"""Sign in and out."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from govsite.console.auth import new_csrf_token, sign_in
from govsite.console.common import address, checked_form, console_of, render, signed_in
from govsite.store import audit

router = APIRouter()


@router.get("/login")
def login_page(request: Request):
    return render(request, "login.html.j2", error="", name="")


@router.post("/login")
async def login(request: Request):
    form = await checked_form(request)
    name, password = str(form.get("name") or ""), str(form.get("password") or "")
    result = sign_in(console_of(request).store, name, password, address(request))
    if result.account is None:
        return render(request, "login.html.j2", result.status, error=result.message, name=name)
    request.session.clear()         # a new session: nothing of the anonymous one carries over
    request.session["account"] = result.account.name
    request.session["csrf"] = new_csrf_token()
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
async def logout(request: Request):
    await checked_form(request)
    account = signed_in(request)
    if account is not None:
        audit.log(console_of(request).store, account.name, "退出", address=address(request),
                  target=account.name)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
