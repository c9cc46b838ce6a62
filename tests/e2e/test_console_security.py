"""End to end: the web console on a store holding a real demo scan of the sample portal.

Accounts are made with the real `govsite users add`; the console runs in-process (Starlette's
TestClient: the real application) for the security checks, and as a real `govsite serve` process
once.  A second demo scan of the same snapshot then verifies the claims: nothing was repaired, so
every finding marked fixed comes back 整改未通过 (the browser test, with a repaired snapshot of the
sample portal, covers 复核通过).
"""
from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import time
from datetime import date

import httpx
import pytest
from conftest import FAST_PROFILE, REPO, run_cli
from fastapi.testclient import TestClient
from PIL import Image

from govsite.console.app import create_app
from govsite.store.acks import acks_in_force
from govsite.store.console_reads import latest_complete, scan_columns, scan_findings, sites
from govsite.store.db import open_store

GOV, PETITION = "县政府办", "县信访局"
PASSWORDS = {"centre": "centre-pass-1", "gov": "gov-pass-1", "petition": "petition-pass-1",
             "reader": "reader-pass-1", "victim": "victim-pass-1"}
AS_OF = "2026-11-27"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def users_add(db, name: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govsite.cli", "users", "add", name, *args, "--password-stdin",
                           "--db", str(db)], input=(password or PASSWORDS.get(name, "")) + "\n",
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def demo(db, out, port: int) -> None:
    done = run_cli("demo", "--out", out, "--as-of", AS_OF, "--delay-scale", "0.2", "--profile", FAST_PROFILE,
                   "--quiet", "--port", port, "--db", db, timeout=900)
    assert done.returncode == 0, f"the demo failed:\n{done.stderr or done.stdout}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("console")
    db, port = base / "govsite.sqlite", _free_port()
    demo(db, base / "first", port)
    for name, args in (("centre", ("--role", "admin")), ("gov", ("--role", "unit", "--unit", GOV)),
                       ("petition", ("--role", "unit", "--unit", PETITION)),
                       ("reader", ("--role", "inspector")), ("victim", ("--role", "unit", "--unit", GOV))):
        made = users_add(db, name, *args)
        assert made.returncode == 0, made.stderr
    store = open_store(db)
    app = create_app(store, base / "uploads", today=date.fromisoformat(AS_OF))
    site_id = sites(store)[0].id
    return {"db": db, "base": base, "port": port, "store": store, "app": app, "site": site_id,
            "scan": latest_complete(store, site_id).id}


def token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(world, name: str) -> TestClient:
    client = TestClient(world["app"])
    page = client.get("/login")
    done = client.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": token(page.text)},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/", done.text
    return client


def keys_on(html: str) -> list[str]:
    return re.findall(r'<tr data-key="([0-9a-f]+)">', html)


def _unit_keys(world, unit: str) -> set[str]:
    return {f.key for f in scan_findings(world["store"], world["scan"], [unit])}


def test_users_command_refuses_bad_accounts_in_one_line(world):
    db = world["db"]
    for args, password, words in ((("dup", "--role", "admin"), "12345678", None),
                                  (("dup", "--role", "admin"), "12345678", "exists already"),
                                  (("x1", "--role", "root"), "12345678", "unknown role"),
                                  (("x2", "--role", "unit"), "12345678", "at least one --unit"),
                                  (("x3", "--role", "admin"), "short", "too short")):
        done = users_add(db, *args, password=password)
        if words is None:
            assert done.returncode == 0, done.stderr
            continue
        assert done.returncode == 2 and words in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    listed = run_cli("users", "list", "--db", db)
    assert listed.returncode == 0 and "centre" in listed.stdout and "x1" not in listed.stdout
    bad_db = run_cli("users", "list", "--db", world["base"] / "first" / "findings.csv" / "x.sqlite")
    assert bad_db.returncode != 0 and len(bad_db.stderr.strip().splitlines()) == 1
    assert "Traceback" not in bad_db.stderr


def test_serve_runs_the_console_and_a_port_in_use_is_one_line(world):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "govsite.cli", "serve", "--db", str(world["db"]),
                               "--port", str(port), "--data-dir", str(world["base"] / "served")],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        answer = None
        for _ in range(120):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert answer is not None and answer.status_code == 200 and ">登录</button>" in answer.text
        assert answer.headers["x-frame-options"] == "DENY"
        again = run_cli("serve", "--db", world["db"], "--port", port, timeout=120)
        assert again.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in again.stderr
        assert len(again.stderr.strip().splitlines()) == 1 and "Traceback" not in again.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_unit_sees_only_its_own_findings_and_columns(world):
    gov = signed_in(world, "gov")
    site = world["site"]
    shown = keys_on(gov.get(f"/sites/{site}/findings").text)
    assert set(shown) == _unit_keys(world, GOV) and len(shown) > 10
    page = gov.get(f"/sites/{site}/findings").text
    assert set(re.findall(r'<td class="unit">([^<]*)</td>', page)) == {GOV}
    columns = gov.get(f"/sites/{site}/columns").text
    assert set(re.findall(r'<td class="unit">([^<]*)</td>', columns)) == {GOV}
    theirs = scan_columns(world["store"], world["scan"], [PETITION])
    assert theirs and all(c.column_url not in columns for c in theirs)
    # the whole portal for the centre and the inspector
    every = {f.key for f in scan_findings(world["store"], world["scan"])}
    assert len(every) < 100         # one page holds them all
    for name in ("centre", "reader"):
        assert set(keys_on(signed_in(world, name).get(f"/sites/{site}/findings").text)) == every


def test_another_units_finding_column_and_screenshot_are_404(world):
    site = world["site"]
    gov, petition = signed_in(world, "gov"), signed_in(world, "petition")
    theirs = sorted(_unit_keys(world, PETITION))[0]
    assert gov.get(f"/sites/{site}/findings/{theirs}").status_code == 404
    assert petition.get(f"/sites/{site}/findings/{theirs}").status_code == 200
    assert keys_on(gov.get(f"/sites/{site}/findings?unit={PETITION}").text) == []
    # a screenshot uploaded by 县信访局 with a fix
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="PNG")
    page = petition.get(f"/sites/{site}/findings/{theirs}").text
    done = petition.post(f"/sites/{site}/findings/{theirs}/fixed",
                         data={"note": "已删除有害信息", "csrf_token": token(page)},
                         files={"screenshot": ("修复后.png", buffer.getvalue(), "image/png")}, follow_redirects=False)
    assert done.status_code == 303
    detail = petition.get(f"/sites/{site}/findings/{theirs}").text
    upload = re.search(r'/uploads/([0-9a-f]+)"', detail).group(1)
    assert petition.get(f"/uploads/{upload}").headers["content-type"] == "image/png"
    assert gov.get(f"/uploads/{upload}").status_code == 404
    assert signed_in(world, "reader").get(f"/uploads/{upload}").status_code == 200
    world["claimed"] = [theirs]


def test_a_form_posted_without_its_csrf_token_is_403(world):
    gov = signed_in(world, "gov")
    key = sorted(_unit_keys(world, GOV))[0]
    url = f"/sites/{world['site']}/findings/{key}/explain"
    assert gov.post(url, data={"reason": "x"}).status_code == 403
    assert gov.post(url, data={"reason": "x", "csrf_token": "not-the-token"}).status_code == 403
    assert "申请说明中" not in gov.get(f"/sites/{world['site']}/findings/{key}").text


def test_the_sixth_wrong_password_locks_the_account(world):
    client = TestClient(world["app"])
    for _ in range(5):
        page = client.get("/login")
        wrong = client.post("/login", data={"name": "victim", "password": "wrong-password",
                                            "csrf_token": token(page.text)})
        assert wrong.status_code == 200 and "用户名或密码错误" in wrong.text
    page = client.get("/login")
    locked = client.post("/login", data={"name": "victim", "password": PASSWORDS["victim"],
                                         "csrf_token": token(page.text)}, follow_redirects=False)
    assert locked.status_code == 429 and "尝试次数过多，请15分钟后再试" in locked.text
    audit = signed_in(world, "centre").get("/audit").text
    assert "登录被锁定" in audit and "登录失败" in audit


def test_an_inspectors_posts_are_refused(world):
    reader = signed_in(world, "reader")
    site = world["site"]
    key = sorted(_unit_keys(world, GOV))[0]
    page = reader.get(f"/sites/{site}/findings/{key}").text
    assert page and 'id="fix-form"' not in page and 'id="explain-form"' not in page
    for url, data in ((f"/sites/{site}/findings/{key}/fixed", {"note": "x"}),
                      (f"/sites/{site}/findings/{key}/explain", {"reason": "x"}),
                      (f"/sites/{site}/findings/{key}/decide", {"decision": "approve"}),
                      ("/admin/users", {"name": "evil", "password": "12345678", "role": "admin"}),
                      ("/admin/users/gov/disable", {})):
        assert reader.post(url, data={**data, "csrf_token": token(page)}).status_code == 403, url
    assert "evil" not in signed_in(world, "centre").get("/admin/users").text


def test_an_html_file_renamed_png_is_refused(world):
    gov = signed_in(world, "gov")
    key = sorted(_unit_keys(world, GOV))[1]
    page = gov.get(f"/sites/{world['site']}/findings/{key}").text
    refused = gov.post(f"/sites/{world['site']}/findings/{key}/fixed",
                       data={"note": "x", "csrf_token": token(page)},
                       files={"screenshot": ("screenshot.png", b"<html><body><script>alert(1)</script>", "image/png")})
    assert refused.status_code == 400 and "只接受PNG、JPEG、GIF或WebP图片" in refused.text
    assert not any((world["base"] / "uploads").glob("*.html"))
    assert "已整改待复核" not in gov.get(f"/sites/{world['site']}/findings/{key}").text


def test_the_centre_approves_an_explanation_and_the_finding_is_acknowledged(world):
    site, store = world["site"], world["store"]
    gov, centre = signed_in(world, "gov"), signed_in(world, "centre")
    key = sorted(_unit_keys(world, GOV))[2]
    page = gov.get(f"/sites/{site}/findings/{key}").text
    gov.post(f"/sites/{site}/findings/{key}/explain", data={"reason": "该页面为历史存档", "csrf_token": token(page)})
    page = centre.get(f"/sites/{site}/findings/{key}").text
    assert '<td class="status">申请说明中</td>' in page and 'id="decide-form"' in page
    centre.post(f"/sites/{site}/findings/{key}/decide",
                data={"decision": "approve", "until": "2027-06-30", "note": "同意", "csrf_token": token(page)})
    assert '<td class="status">已同意说明</td>' in centre.get(f"/sites/{site}/findings/{key}").text
    start_url = sites(store)[0].start_url
    assert dict(acks_in_force(store, start_url, date(2027, 6, 30)))[key] == "该页面为历史存档"
    world["approved"] = key


def test_the_next_complete_scan_verifies_the_claims(world):
    site, store = world["site"], world["store"]
    gov = signed_in(world, "gov")
    key = sorted(_unit_keys(world, GOV))[3]
    page = gov.get(f"/sites/{site}/findings/{key}").text
    gov.post(f"/sites/{site}/findings/{key}/fixed", data={"note": "已修改", "csrf_token": token(page)})
    claimed = world.get("claimed", []) + [key]      # and 县信访局's, when its test ran first
    demo(world["db"], world["base"] / "second", world["port"])      # the same snapshot again
    second = latest_complete(store, site)
    assert second.id > world["scan"]
    centre = signed_in(world, "centre")
    for k in claimed:
        detail = centre.get(f"/sites/{site}/findings/{k}").text
        assert '<td class="status">整改未通过</td>' in detail, k
        assert f"扫描#{second.id}" in detail
    units = centre.get(f"/sites/{site}/units").text
    assert re.search(rf'{GOV}</a></td>(<td>\d+</td>){{3}}<td class="failed">1</td>', units)
    # the explanation approved before the second scan kept its finding out of that scan's score
    if "approved" in world:
        accepted = {f.key: f.accepted for f in scan_findings(store, second.id)}
        assert accepted[world["approved"]] == "该页面为历史存档"
        assert '<td class="status">已同意说明</td>' in centre.get(f"/sites/{site}/findings/{world['approved']}").text
