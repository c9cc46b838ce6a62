"""The rectification loop through the web console, in a real browser (issue 16's end-to-end test).

The admin creates a unit account in the console; the unit signs in, sees only its own findings,
marks two of them fixed (a note and a screenshot each); the sample portal then serves snapshot 3,
in which one of the two defects is repaired; a scan runs; the repaired finding shows 复核通过 and
the other 整改未通过.  The hostile title planted in the sample portal is shown as text and never
runs.  Playwright drives Debian's Chromium (/usr/bin/chromium, installed by scripts/install.sh).

Set GOVSITE_CONSOLE_SHOTS=DIR to keep the screenshots the test takes (overview, unit view,
finding detail) in DIR.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from conftest import REPO, scan_sample

from govsite.sample.server import SampleServer

AS_OF = date(2026, 11, 27)
CHROMIUM = os.environ.get("GOVSITE_CHROMIUM", "/usr/bin/chromium")
UNIT = "县政务服务中心"
REPAIRED = "残疾人证申请表"          # snapshot 3 offers it as an editable file
NOT_REPAIRED = "最低生活保障申请表"   # still PDF only in snapshot 3
HOSTILE = "<script>alert(1)</script>"
PASSWORDS = {"admin": "centre-pass-2026", "zwfw": "unit-pass-2026"}




def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "govsite serve exited"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"govsite serve did not listen on {port} within {seconds} s")


def _sign_in(page, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button:has-text('登录')")
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()[:2000]


def _sign_out(page) -> None:
    page.context.clear_cookies()


def _finding_row(page, text: str):
    rows = page.locator("#findings tr[data-key]", has_text=text)
    assert rows.count() == 1, f"{rows.count()} rows with {text!r}"
    return rows.first


def _status(page, findings_url: str, text: str) -> str:
    page.goto(findings_url)
    return _finding_row(page, text).locator("td.status").inner_text().strip()


def _mark_fixed(page, findings_url: str, text: str, note: str, screenshot: Path) -> None:
    page.goto(findings_url)
    _finding_row(page, text).locator("a").first.click()
    page.wait_for_load_state()
    page.fill("#fix-form textarea[name=note]", note)
    page.set_input_files("#fix-form input[name=screenshot]", str(screenshot))
    page.click("#fix-form button:has-text('提交整改')")
    page.wait_for_load_state()
    assert "已整改待复核" in page.inner_text("body")


def test_unit_marks_fixed_and_the_next_scan_verifies(tmp_path):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("GOVSITE_CONSOLE_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "console.sqlite"
    with SampleServer(AS_OF, delay_scale=0.2) as sample:
        scan_sample(sample.base_url, AS_OF, db, tmp_path / "scan1", timeout=900)

        add = subprocess.run([sys.executable, "-m", "govsite.cli", "users", "add", "admin", "--role", "admin",
                              "--db", str(db), "--password-stdin"], input=PASSWORDS["admin"] + "\n",
                             capture_output=True, text=True, timeout=120, cwd=REPO)
        assert add.returncode == 0, add.stderr
        port = _free_port()
        serve = subprocess.Popen([sys.executable, "-m", "govsite.cli", "serve", "--db", str(db),
                                  "--host", "127.0.0.1", "--port", str(port),
                                  "--data-dir", str(tmp_path / "uploads")],
                                 cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        dialogs: list[str] = []
        try:
            _wait_listening(port, serve)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

                # The centre creates the unit's account in the console.
                _sign_in(page, base, "admin")
                page.goto(base + "/admin/users")
                page.fill("#user-form input[name=name]", "zwfw")
                page.fill("#user-form input[name=password]", PASSWORDS["zwfw"])
                page.select_option("#user-form select[name=role]", "unit")
                page.fill("#user-form input[name=units]", UNIT)
                page.click("#user-form button:has-text('创建账号')")
                page.wait_for_load_state()
                assert "zwfw" in page.inner_text("body")
                page.goto(base + "/")
                page.locator("a[href^='/sites/']").first.click()
                page.wait_for_load_state()
                site = page.url.rstrip("/").split("/sites/")[1].split("/")[0]
                page.screenshot(path=str(shots / "console-overview.png"), full_page=True)
                _sign_out(page)

                # The unit signs in and sees its own findings only.
                _sign_in(page, base, "zwfw")
                findings = f"{base}/sites/{site}/findings"
                page.goto(findings)
                units = [u.strip() for u in page.locator("#findings td.unit").all_inner_texts()]
                assert units and set(units) == {UNIT}, sorted(set(units))
                body = page.inner_text("body")
                assert HOSTILE in body            # the planted title, shown as text
                page.screenshot(path=str(shots / "console-unit-findings.png"), full_page=True)

                proof = tmp_path / "proof.png"
                page.screenshot(path=str(proof))
                _mark_fixed(page, findings, REPAIRED, "已补充可编辑的Word版申请表", proof)
                page.screenshot(path=str(shots / "console-finding-detail.png"), full_page=True)
                _mark_fixed(page, findings, NOT_REPAIRED, "已处理", proof)
                assert _status(page, findings, REPAIRED) == "已整改待复核"

                # The unit's site is repaired for one of the two; the next scan verifies both.
                sample.set_snapshot(3)
                scan_sample(sample.base_url, AS_OF, db, tmp_path / "scan2", timeout=900)
                assert _status(page, findings, REPAIRED) == "复核通过"
                assert _status(page, findings, NOT_REPAIRED) == "整改未通过"
                page.goto(findings)
                _finding_row(page, REPAIRED).locator("a").first.click()
                page.wait_for_load_state()
                history = page.inner_text("body")
                assert "复核通过" in history and "已补充可编辑的Word版申请表" in history
                page.screenshot(path=str(shots / "console-finding-verified.png"), full_page=True)
                browser.close()
        finally:
            os.killpg(serve.pid, signal.SIGTERM)
            serve.wait(timeout=30)
    assert dialogs == []                      # no script from the scanned site ran
