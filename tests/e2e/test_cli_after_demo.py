"""The README's commands work as written after the demo: the demo's scan is in the default store,
`govsite scans` lists it, `govsite report --unit 县统计局` reports the week of the newest scan into
the user's data dir (never the current folder); the progress line names every phase within 80
columns and the closing line gives the whole run's time; `govsite page` prints the footer
readably and `--json` prints JSON only."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FAST_PROFILE, REPO, SHARED
from rich.cells import cell_len

BROWSER_PROFILE = REPO / "tests" / "fixtures" / "browser.yaml"
REALPAGES = SHARED / "realpages"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _govsite(env: dict, cwd: Path, *args, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govsite.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def after_demo(tmp_path_factory):
    """A user's machine: its own data dir (the default store lives there) and a working folder."""
    base = tmp_path_factory.mktemp("user")
    work = base / "work"
    work.mkdir()
    env = {**os.environ, "XDG_DATA_HOME": str(base / "data"), "PYTHONPATH": str(REPO)}
    demo = _govsite(env, work, "demo", "--as-of", "2026-11-27", "--port", _free_port(), "--delay-scale", "0.2",
                    "--profile", FAST_PROFILE, timeout=1500)
    assert demo.returncode == 0, demo.stderr[-3000:]
    return base, work, env, demo


def test_the_demo_stores_its_scan_in_the_default_store(after_demo):
    base, work, env, demo = after_demo
    store = base / "data" / "govsite" / "govsite.sqlite"
    assert store.is_file()
    assert not (work / "govsite-demo" / "govsite.sqlite").exists()
    assert str(store) in demo.stdout.replace("\n", "")
    listed = _govsite(env, work, "scans", "--json")
    assert listed.returncode == 0, listed.stderr
    (scan,) = json.loads(listed.stdout)
    assert scan["status"] == "complete" and scan["as_of"] == "2026-11-27"


def test_report_for_a_unit_takes_the_newest_scans_week_and_writes_outside_the_checkout(after_demo):
    base, work, env, _ = after_demo
    before = set(work.rglob("*"))
    done = _govsite(env, work, "report", "--unit", "县统计局")
    assert done.returncode == 0, done.stderr
    reports = base / "data" / "govsite" / "reports"
    names = {p.name for p in reports.iterdir()}
    assert any(n.startswith("weekly-2026-W48") for n in names), names
    assert set(work.rglob("*")) == before          # nothing written into the current folder
    inspection = _govsite(env, work, "report", "--inspection")
    assert inspection.returncode == 0, inspection.stderr
    assert any(p.name.startswith("inspection-2026-11-27") for p in reports.iterdir())


def _progress(stderr: str, phases: set[str]) -> dict:
    """The progress lines name `phases`, each fits 80 columns; the closing line's fields."""
    lines = [line for line in stderr.splitlines() if line.startswith("[")]
    assert phases <= {line[1:line.index("]")] for line in lines}, lines
    assert all(cell_len(line) < 80 for line in lines), [line for line in lines if cell_len(line) >= 80]
    assert all("· 用时 " in line for line in lines)
    closing = [line for line in stderr.splitlines() if line.startswith("pages=")]
    assert len(closing) == 1, stderr[-2000:]
    fields = dict(part.split("=") for part in closing[0].split())
    assert float(fields["elapsed"]) > float(fields["crawl"]) > 0      # the whole run, not the crawl
    return fields


def test_the_demos_progress_and_total_time(after_demo):
    *_, demo = after_demo
    _progress(demo.stderr, {"抓取", "附件", "检查", "报告"})


def test_progress_of_a_small_scan_names_every_phase_browser_included(tmp_path):
    site = tmp_path / "site"
    (site / "xwzx").mkdir(parents=True)
    footer = "<div class='footer'>主办单位：凤冈县人民政府办公室 网站标识码：5203270001</div>"
    (site / "index.html").write_text(
        "<html><head><title>凤冈县人民政府网</title></head><body><h1>凤冈县人民政府网</h1>"
        "<ul><li><a href='xwzx/index.html'>新闻中心</a></li></ul>" + footer + "</body></html>", "utf-8")
    (site / "xwzx" / "index.html").write_text(
        "<html><head><title>新闻中心</title></head><body><ul class='list'>"
        "<li><a href='a.html'>县政府召开常务会议</a><span>2026-11-26</span></li></ul>" + footer + "</body></html>",
        "utf-8")
    (site / "xwzx" / "a.html").write_text(
        "<html><head><title>县政府召开常务会议</title></head><body><h1>县政府召开常务会议</h1>"
        "<p>发布时间：2026-11-26 来源：县政府办</p><p>会议研究了有关事项。</p>" + footer + "</body></html>", "utf-8")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = _govsite(env, tmp_path, "scan", f"http://127.0.0.1:{port}/", "--as-of", "2026-11-27",
                        "--out", tmp_path / "out", "--db", tmp_path / "s.sqlite", "--allow-host", "127.0.0.1",
                        "--profile", FAST_PROFILE, "--profile", BROWSER_PROFILE, timeout=900)
    finally:
        server.terminate()
        server.wait(10)
    assert done.returncode == 0, done.stderr[-3000:]
    fields = _progress(done.stderr, {"抓取", "附件", "浏览器", "检查", "报告"})
    assert int(fields["pages"]) == 3


def test_page_prints_the_footer_readably_and_json_only_with_json(tmp_path):
    page = next(p for p in sorted(REALPAGES.glob("*.html")) if "column" in p.name)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    shown = _govsite(env, tmp_path, "page", page)
    assert shown.returncode == 0, shown.stderr
    assert "主办单位 (sponsor):" in shown.stdout and "网站标识码 (identifier_code):" in shown.stdout
    assert "{'identifier_code'" not in shown.stdout
    as_json = _govsite(env, tmp_path, "page", page, "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)          # the whole of stdout is the JSON
    assert set(data["footer"]) >= {"sponsor", "identifier_code", "jiucuo"}
