"""The console's ASGI application: sessions, security headers, error pages, the page families."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from govsite.console import views_admin, views_auth, views_findings, views_sites
from govsite.console.auth import session_key
from govsite.console.common import Console, LoginRequired, render
from govsite.store.console_schema import ensure_console_tables
from govsite.store.db import Store

SESSION_COOKIE = "govsite_console"
SESSION_SECONDS = 12 * 3600
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self' "
                                 b"'unsafe-inline'; script-src 'self'"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
]


class SecurityHeaders:
    """Adds the security headers to every response (pages, files, errors, redirects)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in SECURITY_HEADERS if name not in names]
            await send(message)
        await self.app(scope, receive, send_with_headers)


def create_app(store: Store, data_dir: Path, *, secure_cookies: bool = False, today: date | None = None) -> FastAPI:
    """The console on `store`; uploads kept in `data_dir`; `today` fixes the day statuses are
    judged on (tests), else today in Asia/Shanghai."""
    ensure_console_tables(store)
    app = FastAPI(title="govsite console", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.console = Console(store, Path(data_dir), fixed_today=today)
    app.add_middleware(SessionMiddleware, secret_key=session_key(store), session_cookie=SESSION_COOKIE,
                       max_age=SESSION_SECONDS, same_site="lax", https_only=secure_cookies)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired):
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "出错了"
        if exc.status_code == 404 and message == "Not Found":
            message = "页面不存在"
        if exc.status_code == 405:
            message = "不支持的请求方式"
        return render(request, "error.html.j2", exc.status_code, message=message)

    for module in (views_auth, views_sites, views_findings, views_admin):
        app.include_router(module.router)
    return app
