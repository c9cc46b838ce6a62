"""The console in-process (Starlette's TestClient = the real app) on a hand-made store: sign-in,
sessions, CSRF, roles, unit filtering, escaping, uploads, headers."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from console_store import GOV, SITE, TOWN, A, B, C, add_scan, cheap_hashes  # noqa: F401 - autouse
from fastapi.testclient import TestClient
from PIL import Image

from govsite.console.app import create_app
from govsite.console.auth import create_account
from govsite.store.db import open_store, site_of

DAY = date(2026, 11, 27)
PASSWORDS = {"admin": "admin-pass-1", "gov": "gov-pass-1", "town": "town-pass-1", "insp": "insp-pass-1"}


@pytest.fixture
def console(tmp_path):
    store = open_store(tmp_path / "app.sqlite")
    add_scan(store, DAY, [A, B, C])
    create_account(store, "admin", "admin", [], PASSWORDS["admin"])
    create_account(store, "gov", "unit", [GOV], PASSWORDS["gov"])
    create_account(store, "town", "unit", [TOWN], PASSWORDS["town"])
    create_account(store, "insp", "inspector", [], PASSWORDS["insp"])
    app = create_app(store, tmp_path / "uploads", today=DAY)
    return store, app, site_of(store, SITE)


def token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def client_as(app, name: str | None) -> TestClient:
    client = TestClient(app)
    if name is not None:
        page = client.get("/login")
        done = client.post("/login", data={"name": name, "password": PASSWORDS[name],
                                           "csrf_token": token(page.text)}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == "/"
    return client


def keys_on(html: str) -> list[str]:
    return re.findall(r'<tr data-key="([0-9a-f]+)">', html)


def test_pages_need_a_signed_in_account(console):
    _, app, site_id = console
    anonymous = TestClient(app)
    for url in ("/", f"/sites/{site_id}/", f"/sites/{site_id}/findings", "/admin/users", "/audit"):
        answer = anonymous.get(url, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login", url


def test_login_wrong_password_then_right_and_the_cookie_flags(console):
    _, app, _ = console
    client = TestClient(app)
    page = client.get("/login")
    assert 'name="name"' in page.text and 'name="password"' in page.text and ">登录</button>" in page.text
    wrong = client.post("/login", data={"name": "gov", "password": "nope-nope", "csrf_token": token(page.text)})
    assert "用户名或密码错误" in wrong.text
    right = client.post("/login", data={"name": "gov", "password": PASSWORDS["gov"], "csrf_token": token(wrong.text)},
                        follow_redirects=False)
    cookie = right.headers["set-cookie"].lower()
    assert right.status_code == 303 and "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert client.get("/").status_code == 200
    out = client.post("/logout", data={"csrf_token": token(client.get("/").text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_secure_cookies_behind_tls(console, tmp_path):
    store, _, _ = console
    client = TestClient(create_app(store, tmp_path / "u2", secure_cookies=True), base_url="https://testserver")
    page = client.get("/login")
    done = client.post("/login", data={"name": "gov", "password": PASSWORDS["gov"], "csrf_token": token(page.text)},
                       follow_redirects=False)
    assert "; secure" in done.headers["set-cookie"].lower()


def test_every_post_needs_the_csrf_token(console):
    store, app, site_id = console
    client = client_as(app, "gov")
    key = A.identity(SITE)
    url = f"/sites/{site_id}/findings/{key}/fixed"
    assert client.post(url, data={"note": "x"}).status_code == 403
    assert client.post(url, data={"note": "x", "csrf_token": "forged"}).status_code == 403
    assert client.post("/login", data={"name": "gov", "password": "x"}).status_code == 403
    assert "待整改" in client.get(f"/sites/{site_id}/findings/{key}").text
    good = token(client.get("/").text)
    assert client.post(url, data={"note": "修好了"}, headers={"X-CSRF-Token": good},
                       follow_redirects=False).status_code == 303


def test_a_unit_sees_only_its_own_findings_and_columns_and_others_are_404(console):
    _, app, site_id = console
    gov, town = client_as(app, "gov"), client_as(app, "town")
    assert sorted(keys_on(gov.get(f"/sites/{site_id}/findings").text)) == sorted([A.identity(SITE), C.identity(SITE)])
    assert keys_on(town.get(f"/sites/{site_id}/findings").text) == [B.identity(SITE)]
    # filters by another unit give nothing, the detail of another unit's finding is 404
    assert keys_on(gov.get(f"/sites/{site_id}/findings?unit={TOWN}").text) == []
    assert gov.get(f"/sites/{site_id}/findings/{B.identity(SITE)}").status_code == 404
    assert town.get(f"/sites/{site_id}/findings/{A.identity(SITE)}").status_code == 404
    assert town.post(f"/sites/{site_id}/findings/{A.identity(SITE)}/fixed",
                     data={"csrf_token": token(town.get("/").text)}).status_code == 404
    columns = gov.get(f"/sites/{site_id}/columns").text
    assert "工作动态" in columns and "蜂岩镇动态" not in columns
    assert gov.get("/admin/users").status_code == 404 and gov.get("/audit").status_code == 404
    assert gov.get(f"/sites/{site_id}/downloads/inspection.html").status_code == 404
    admin = client_as(app, "admin")
    assert len(keys_on(admin.get(f"/sites/{site_id}/findings").text)) == 3


def test_findings_table_shape_and_escaping(console):
    _, app, site_id = console
    html = client_as(app, "admin").get(f"/sites/{site_id}/findings?severity=veto").text
    assert '<table id="findings">' in html and keys_on(html) == [C.identity(SITE)]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<td class="unit">县政府办</td>' in html and '<td class="status">待整改</td>' in html
    assert '<td class="deadline nowrap">2026-11-30</td>' in html      # a veto: 1 working day


def test_open_past_its_deadline_is_overdue(console, tmp_path):
    store, _, site_id = console
    later = create_app(store, tmp_path / "u3", today=date(2026, 12, 1))
    html = client_as(later, "admin").get(f"/sites/{site_id}/findings?status=逾期").text
    assert keys_on(html) == [C.identity(SITE)]


def test_inspector_reads_everything_and_posts_nothing(console):
    _, app, site_id = console
    insp = client_as(app, "insp")
    assert len(keys_on(insp.get(f"/sites/{site_id}/findings").text)) == 3
    assert insp.get("/audit").status_code == 200
    good = token(insp.get("/").text)
    key = A.identity(SITE)
    for url, data in ((f"/sites/{site_id}/findings/{key}/fixed", {"note": "x"}),
                      (f"/sites/{site_id}/findings/{key}/explain", {"reason": "x"}),
                      ("/admin/users", {"name": "x", "password": "12345678", "role": "admin"})):
        assert insp.post(url, data={**data, "csrf_token": good}).status_code == 403, url
    assert "id=\"fix-form\"" not in insp.get(f"/sites/{site_id}/findings/{key}").text


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 128, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_fix_with_a_screenshot_and_an_html_file_renamed_png(console):
    _, app, site_id = console
    gov, town = client_as(app, "gov"), client_as(app, "town")
    key = A.identity(SITE)
    url = f"/sites/{site_id}/findings/{key}/fixed"
    html = b"<html><script>alert(1)</script></html>"
    refused = gov.post(url, data={"note": "x", "csrf_token": token(gov.get("/").text)},
                       files={"screenshot": ("shot.png", html, "image/png")})
    assert refused.status_code == 400 and "只接受PNG、JPEG、GIF或WebP图片" in refused.text
    assert '<td class="status">待整改</td>' in refused.text
    done = gov.post(url, data={"note": "已修复", "csrf_token": token(gov.get("/").text)},
                    files={"screenshot": ("修复后.png", _png(), "image/png")}, follow_redirects=False)
    assert done.status_code == 303
    detail = gov.get(f"/sites/{site_id}/findings/{key}").text
    assert '<td class="status">已整改待复核</td>' in detail and "已修复" in detail
    upload_id = re.search(r'/uploads/([0-9a-f]+)"', detail).group(1)
    image = gov.get(f"/uploads/{upload_id}")
    assert image.status_code == 200 and image.content == _png()
    assert image.headers["content-type"] == "image/png" and image.headers["x-content-type-options"] == "nosniff"
    assert image.headers["content-disposition"].startswith("inline; filename=")
    assert town.get(f"/uploads/{upload_id}").status_code == 404
    assert client_as(app, "insp").get(f"/uploads/{upload_id}").status_code == 200


def test_admin_decides_an_explanation(console):
    store, app, site_id = console
    gov, admin = client_as(app, "gov"), client_as(app, "admin")
    key = A.identity(SITE)
    base = f"/sites/{site_id}/findings/{key}"
    gov.post(f"{base}/explain", data={"reason": "系统已停用", "csrf_token": token(gov.get("/").text)})
    page = gov.get(base).text
    assert '<td class="status">申请说明中</td>' in page and 'id="decide-form"' not in page
    assert gov.post(f"{base}/decide", data={"decision": "approve", "csrf_token": token(page)}).status_code == 403
    page = admin.get(base).text
    assert 'id="decide-form"' in page and ">同意</button>" in page and ">驳回</button>" in page
    admin.post(f"{base}/decide", data={"decision": "approve", "until": "2026-12-31", "note": "同意",
                                       "csrf_token": token(page)})
    assert '<td class="status">已同意说明</td>' in admin.get(base).text
    from govsite.store.acks import acks_in_force
    assert dict(acks_in_force(store, SITE, DAY)) == {key: "系统已停用"}
    history = admin.get(base).text
    assert history.index("已同意说明") < history.index("申请说明中")     # newest first


def test_admin_creates_and_disables_accounts_and_a_disabled_session_ends(console):
    _, app, _ = console
    admin = client_as(app, "admin")
    page = admin.get("/admin/users").text
    assert 'id="user-form"' in page and ">创建账号</button>" in page
    made = admin.post("/admin/users", data={"name": "stat", "password": "stat-pass-1", "role": "unit",
                                            "units": "县统计局、县民政局", "csrf_token": token(page)},
                      follow_redirects=False)
    assert made.status_code == 303
    assert "县统计局、县民政局" in admin.get("/admin/users").text
    short = admin.post("/admin/users", data={"name": "x1", "password": "short", "role": "admin",
                                             "csrf_token": token(page)})
    assert short.status_code == 400 and "too short" in short.text
    assert admin.post("/admin/users/admin/disable", data={"csrf_token": token(page)}).status_code == 400
    gov = client_as(app, "gov")
    admin.post("/admin/users/gov/disable", data={"csrf_token": token(page)})
    assert gov.get("/", follow_redirects=False).status_code == 303       # session ends at once


def test_security_headers_on_every_response(console):
    _, app, site_id = console
    client = client_as(app, "admin")
    for answer in (client.get("/"), client.get("/nowhere"), client.get("/login"),
                   TestClient(app).get("/", follow_redirects=False), client.get(f"/sites/{site_id}/findings/nokey")):
        h = answer.headers
        assert h["content-security-policy"] == ("default-src 'self'; img-src 'self' data:; style-src 'self' "
                                                "'unsafe-inline'; script-src 'self'")
        assert h["x-frame-options"] == "DENY" and h["referrer-policy"] == "same-origin"
    assert client.get("/nowhere").status_code == 404
    assert "<script" not in client.get(f"/sites/{site_id}/").text        # no inline scripts


def test_only_http_and_https_urls_become_links():
    from govsite.console.common import environment, linkable
    assert linkable("http://fg.test/a.html") and linkable("HTTPS://fg.test/")
    assert not linkable("javascript:alert(1)") and not linkable(" javascript:alert(1)")
    assert not linkable("data:text/html,<script>") and not linkable("") and not linkable(None)
    env = environment()
    assert env.autoescape is True
    html = env.from_string("{% if u is linkable %}<a href=\"{{ u }}\">{{ u }}</a>{% else %}{{ u }}{% endif %}")
    assert html.render(u="javascript:alert('<x>')") == "javascript:alert(&#39;&lt;x&gt;&#39;)"


def test_a_verified_fix_stays_listed_as_passed_and_a_failed_one_counts_against_the_unit(console):
    from console_store import add_scan as scan_again

    from govsite.claims import verify_claims
    store, app, site_id = console
    gov, town = client_as(app, "gov"), client_as(app, "town")
    for client, finding in ((gov, A), (town, B)):
        key = finding.identity(SITE)
        page = client.get(f"/sites/{site_id}/findings/{key}").text
        client.post(f"/sites/{site_id}/findings/{key}/fixed", data={"note": "改好了", "csrf_token": token(page)})
    second = scan_again(store, date(2026, 12, 4), [B, C])          # A repaired, B not
    assert verify_claims(store, second) == {A.identity(SITE): "复核通过", B.identity(SITE): "整改未通过"}
    listed = gov.get(f"/sites/{site_id}/findings").text
    assert sorted(keys_on(listed)) == sorted([A.identity(SITE), C.identity(SITE)])
    assert keys_on(gov.get(f"/sites/{site_id}/findings?status=复核通过").text) == [A.identity(SITE)]
    assert keys_on(town.get(f"/sites/{site_id}/findings").text) == [B.identity(SITE)]
    assert town.get(f"/sites/{site_id}/findings/{A.identity(SITE)}").status_code == 404
    detail = town.get(f"/sites/{site_id}/findings/{B.identity(SITE)}").text
    assert '<td class="status">整改未通过</td>' in detail and f"扫描#{second}" in detail
    units = client_as(app, "admin").get(f"/sites/{site_id}/units").text
    assert re.search(rf'{TOWN}</a></td>(<td>\d+</td>){{3}}<td class="failed">1</td>', units)
