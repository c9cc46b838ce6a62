"""A scan killed with SIGKILL at any point of any phase (crawl, browser pass, checks, outputs)
is either complete — with its findings and score — or incomplete, and never changes an earlier
scan.  The scan records the phase it reached (stats.phase); the test waits for a phase, waits a
random moment more, and kills the whole process group."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date

import pytest
from conftest import FAST_PROFILE, REPO, run_cli

AS_OF = date(2026, 11, 27)
BROWSER_PROFILE = REPO / "tests" / "fixtures" / "browser.yaml"
RUNS = 20


def _small_portal(root) -> None:
    """A county portal of 3 columns x 12 dated articles with a footer: every phase has work to do
    (pages, list dates, a browser pass, the checks) and a scan takes seconds, not a minute."""
    footer = ("<div class='footer'>主办单位：凤冈县人民政府办公室 网站标识码：5203270001 "
              "黔ICP备05005113号 贵公网安备 52032702000001号</div>")
    columns = [("gzdt", "工作动态"), ("tzgg", "通知公告"), ("zcwj", "政策文件")]
    nav = "".join(f'<a href="/{key}/">{name}</a> ' for key, name in columns)
    (root / "index.html").write_text(
        f"<html><head><title>凤冈县人民政府</title></head><body><h1>凤冈县人民政府</h1>{nav}"
        f"<form action='/search'><input type='text' name='q'></form>{footer}</body></html>", "utf-8")
    for key, name in columns:
        (root / key).mkdir()
        items = []
        for n in range(12):
            day = f"2026-11-{27 - n:02d}"
            items.append(f"<li><a href='/{key}/t{n}.html'>{name}第{n}条信息</a><span>{day}</span></li>")
            (root / key / f"t{n}.html").write_text(
                f"<html><head><title>{name}第{n}条信息</title></head><body>{nav}<h1>{name}第{n}条信息</h1>"
                f"<p>发布时间：{day} 来源：凤冈县人民政府办公室</p><div class='content'><p>正文内容。</p></div>"
                f"{footer}</body></html>", "utf-8")
        (root / key / "index.html").write_text(
            f"<html><head><title>{name}</title></head><body>{nav}<div class='position'>当前位置：首页 > {name}</div>"
            f"<ul>{''.join(items)}</ul>{footer}</body></html>", "utf-8")


def _scans(db) -> dict[int, tuple]:
    """id -> (status, findings, score, pages) of every scan in the store."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT id, status, score FROM scans ORDER BY id").fetchall()
        out = {}
        for scan_id, status, score in rows:
            findings = con.execute("SELECT count(*) FROM findings WHERE scan_id = ?", (scan_id,)).fetchone()[0]
            pages = con.execute("SELECT count(*) FROM pages WHERE scan_id = ?", (scan_id,)).fetchone()[0]
            out[scan_id] = (status, findings, score, pages)
        return out
    finally:
        con.close()


def _phase(db, scan_id: int) -> str | None:
    con = sqlite3.connect(db, timeout=1)
    try:
        row = con.execute("SELECT stats FROM scans WHERE id = ?", (scan_id,)).fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        con.close()
    return (json.loads(row[0]) or {}).get("phase") if row and row[0] else None


def _scan_args(base: str, db, out, browser: bool = True) -> list[str]:
    return [sys.executable, "-m", "govsite.cli", "scan", base + "/", "--as-of", AS_OF.isoformat(),
            "--db", str(db), "--out", str(out), "--quiet", "--allow-host", "127.0.0.1",
            "--profile", str(FAST_PROFILE), *(["--profile", str(BROWSER_PROFILE)] if browser else [])]


def test_sigkill_in_every_phase_leaves_complete_or_incomplete_scans(tmp_path, serve_dir):
    rng = random.Random(20261202)
    db = tmp_path / "store.sqlite"
    site = tmp_path / "site"
    site.mkdir()
    _small_portal(site)
    base = serve_dir(site)
    first = subprocess.run(_scan_args(base, db, tmp_path / "o0"), capture_output=True, text=True,
                           timeout=600, cwd=REPO)
    assert first.returncode == 0, first.stderr
    before = _scans(db)
    assert [s[0] for s in before.values()] == ["complete"]
    killed_in: list[str] = []
    targets = ["crawl", "browser", "checks", "outputs"] * (RUNS // 4)
    for run, target in enumerate(targets, start=1):
        proc = subprocess.Popen(_scan_args(base, db, tmp_path / f"o{run}"), cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        scan_id = max(before) + 1
        deadline = time.monotonic() + 300
        seen = None
        while proc.poll() is None and time.monotonic() < deadline:
            seen = _phase(db, scan_id)
            if seen == target:
                # a random moment inside the phase (the outputs phase lasts milliseconds)
                time.sleep(rng.uniform(0, 0.01 if target == "outputs" else 0.2))
                break
            time.sleep(0.005)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            killed_in.append(_phase(db, scan_id) or "start")
        proc.wait(30)
        # opening the store (any command) marks a scan whose process is gone incomplete
        assert run_cli("scans", "--db", db).returncode == 0
        after = _scans(db)
        for old, row in before.items():
            assert after[old] == row, f"run {run}: earlier scan {old} changed"
        status, findings, score, _pages = after[scan_id]
        if status == "complete":
            assert findings > 0 and json.loads(score).get("total") is not None, f"run {run}"
        else:
            assert status == "incomplete", f"run {run}: scan {scan_id} left {status}"
        before = after
    # Every phase but the milliseconds-long outputs phase was really hit.
    assert {"crawl", "browser", "checks"} <= set(killed_in), killed_in


@pytest.mark.parametrize("phase, browser", [("browser", True), ("checks", True), ("checks", False)])
def test_check_finishes_a_scan_whose_crawl_was_whole(tmp_path, serve_dir, phase, browser):
    """A scan killed after its crawl is incomplete; `govsite check N` judges it and records it
    complete (its crawl was whole)."""
    db = tmp_path / "store.sqlite"
    site = tmp_path / "site"
    site.mkdir()
    _small_portal(site)
    base = serve_dir(site)
    proc = subprocess.Popen(_scan_args(base, db, tmp_path / "o1", browser), cwd=REPO,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and _phase(db, 1) != phase and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the scan ended before its checks"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert run_cli("scans", "--db", db).returncode == 0
    assert _scans(db)[1][0] == "incomplete"
    result = run_cli("check", "1", "--db", db, "--out", tmp_path / "re", "--profile", FAST_PROFILE)
    assert result.returncode == 0, result.stderr
    status, findings, score, _ = _scans(db)[1]
    assert status == "complete" and findings > 0 and json.loads(score)["total"] is not None
