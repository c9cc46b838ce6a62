"""What every page of the console shares: the console's state, the signed-in account, the CSRF
check of every form, rendering (Jinja2 autoescaping every template) and the site lookup."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from govsite.console.auth import ROLE_ZH, csrf_ok, new_csrf_token
from govsite.reports.charts import SEVERITY_ZH
from govsite.store.accounts import Account, find_account
from govsite.store.console_reads import SiteLine, site
from govsite.store.db import Store

TEMPLATES = Path(__file__).parent / "templates"


class LoginRequired(Exception):
    """No (valid) account signed in: the answer is the sign-in page."""


def linkable(url) -> bool:
    """Whether a URL from the scanned site may be a link (http/https only; never javascript:)."""
    try:
        return urlsplit(str(url or "")).scheme.lower() in ("http", "https")
    except ValueError:
        return False


def environment() -> Environment:
    # autoescape=True for every template whatever its name (.j2 included): everything the crawl
    # brought in (titles, evidence, URLs, file names) is untrusted text.
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=StrictUndefined)
    env.tests["linkable"] = linkable
    env.globals.update(SEVERITY_ZH=SEVERITY_ZH, ROLE_ZH=ROLE_ZH, timedelta_days=lambda n: timedelta(days=n))
    return env


@dataclass
class Console:
    store: Store
    data_dir: Path
    env: Environment = field(default_factory=environment)
    fixed_today: date | None = None

    def today(self) -> date:
        """The day statuses are judged on (逾期): today in Asia/Shanghai unless fixed (tests)."""
        return self.fixed_today or datetime.now(ZoneInfo("Asia/Shanghai")).date()


def console_of(request: Request) -> Console:
    return request.app.state.console


def signed_in(request: Request) -> Account | None:
    """The account of the session, re-read from the store (a disabled or removed one is none)."""
    name = request.session.get("account")
    if not name:
        return None
    account = find_account(console_of(request).store, name)
    if account is None or account.disabled:
        request.session.clear()
        return None
    return account


def current(request: Request) -> Account:
    account = signed_in(request)
    if account is None:
        raise LoginRequired()
    return account


def units_of(account: Account) -> list[str] | None:
    """The units whose findings and columns the account may see; None: every unit."""
    return list(account.units) if account.role == "unit" else None


def address(request: Request) -> str:
    return request.client.host if request.client else ""


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = new_csrf_token()
    return token


async def checked_form(request: Request, account: Account | None = None, *, may_inspect: bool = False):
    """The posted form, once its CSRF token (field `csrf_token` or header X-CSRF-Token) matches
    the session's (else 403), and the account may post at all (an inspector may not: 403)."""
    form = await request.form(max_files=2, max_fields=30)
    given = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if not csrf_ok(request.session.get("csrf"), given if isinstance(given, str) else None):
        raise HTTPException(403, "表单已失效（CSRF校验失败），请刷新页面后重试")
    if account is not None and account.role == "inspector" and not may_inspect:
        raise HTTPException(403, "检查人员账号只能查看，不能修改")
    return form


def require_role(account: Account, *roles: str) -> None:
    """Pages of other roles do not exist for this account: 404."""
    if account.role not in roles:
        raise HTTPException(404, "页面不存在")


def site_or_404(request: Request, site_id: int) -> SiteLine:
    found = site(console_of(request).store, site_id)
    if found is None:
        raise HTTPException(404, "没有这个站点")
    return found


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    console = console_of(request)
    account = context.pop("account", None) or signed_in(request)
    html = console.env.get_template(template).render(
        request=request, account=account, csrf_token=csrf_token(request), site=context.pop("site", None),
        today=console.today(), **context)
    return HTMLResponse(html, status_code=status)
