"""The store on PostgreSQL: the sample portal scanned into a PostgreSQL server of the tests' own
(conftest.postgres_server) gives the outputs it gives on SQLite, a re-scan reuses the unchanged
pages as it does on SQLite, the reports build from it, and a server that cannot be reached is
told in one line."""
from __future__ import annotations

import csv
import json
import socket

import psycopg
import pytest
from conftest import FAST_PROFILE, run_cli
from test_sample_scan import AS_OF, BROWSER_PROFILE, EXPECTED, _portless, _untimed

from govsite.store.db import list_scans, open_store

WEEK = "2026-W48"       # the ISO week of AS_OF


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _demo(db: str, out, port: int, *profiles) -> None:
    done = run_cli("demo", "--out", out, "--as-of", AS_OF.isoformat(), "--port", port, "--delay-scale", "0.2",
                   *[a for p in profiles for a in ("--profile", p)], "--quiet", "--db", db, timeout=900)
    assert done.returncode == 0, done.stderr or done.stdout


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def browser_demo(postgres_server, tmp_path_factory):
    """`govsite demo` as tests/e2e/test_sample_scan.py runs it, into PostgreSQL."""
    out, port = tmp_path_factory.mktemp("pg-demo"), _free_port()
    _demo(postgres_server.new_database("browser_demo"), out, port, FAST_PROFILE, BROWSER_PROFILE)
    return out, f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("name", ["findings.csv", "columns.csv", "score.json"])
def test_outputs_on_postgres_equal_the_checked_in_copy(browser_demo, name):
    out, base = browser_demo
    got = _untimed(_portless((out / name).read_text("utf-8-sig"), base))
    want = _untimed((EXPECTED / name).read_text("utf-8-sig"))
    assert got.splitlines() == want.splitlines()


@pytest.fixture(scope="module")
def rescans(postgres_server, tmp_path_factory):
    """The sample portal scanned twice, unchanged in between, into SQLite and into PostgreSQL
    (the same port: the same URLs in both stores).  {store kind: (db, [first out, second out])}"""
    root, port = tmp_path_factory.mktemp("rescans"), _free_port()
    # postgres:// is the other spelling users write; it must select psycopg 3 as well
    stores = {"sqlite": str(root / "govsite.sqlite"),
              "postgresql": postgres_server.new_database("rescans").replace("postgresql://", "postgres://")}
    runs = {}
    for kind, db in stores.items():
        outs = [root / f"{kind}-{n}" for n in (1, 2)]
        for out in outs:
            _demo(db, out, port, FAST_PROFILE)
        runs[kind] = (db, outs)
    return runs


def _scan_stats(db: str) -> list[dict]:
    return [s.stats for s in list_scans(open_store(db))]


def test_rescan_on_postgres_reuses_unchanged_pages_as_on_sqlite(rescans):
    (first, second), (lite_first, lite_second) = _scan_stats(rescans["postgresql"][0]), \
        _scan_stats(rescans["sqlite"][0])
    assert first["reused"] == 0 and second["pages"] == first["pages"] > 400
    assert second["reused"] > 0.9 * second["pages"]
    assert (second["pages"], second["reused"]) == (lite_second["pages"], lite_second["reused"])
    assert (first["pages"], first["reused"]) == (lite_first["pages"], lite_first["reused"])
    # the re-scan judges what it took from the last scan as the first scan did
    for name in ("findings.csv", "columns.csv"):
        pg, lite = rescans["postgresql"][1][1] / name, rescans["sqlite"][1][1] / name
        assert _untimed(pg.read_text("utf-8-sig")) == _untimed(lite.read_text("utf-8-sig"))
        assert _rows(pg) and len(_rows(pg)) == len(_rows(rescans["postgresql"][1][0] / name))


def test_statistics_are_refreshed_after_the_bulk_loads(rescans):
    """The tables a scan loads in bulk are analysed by govsite itself (not left to autovacuum,
    which runs only a minute or so later): the checks' queries after a re-scan's copies are
    planned on the rows really there."""
    url = rescans["postgresql"][0].replace("postgres://", "postgresql://")
    with psycopg.connect(url) as conn:
        analysed = {name for (name,) in conn.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")}
    assert {"pages", "page_contents", "content_links", "content_list_items", "link_checks", "attachments",
            "findings", "columns"} <= analysed


def test_weekly_and_inspection_reports_build_from_postgres(rescans, tmp_path):
    """The reports read the PostgreSQL store and say what they say from the SQLite one."""
    made = {}
    for kind, (db, _outs) in rescans.items():
        for what, args in (("weekly", ("--week", WEEK)), ("inspection", ("--inspection",))):
            out = tmp_path / f"{kind}-{what}"
            done = run_cli("report", *args, "--db", db, "--out", out)
            assert done.returncode == 0, done.stderr or done.stdout
            made[kind, what] = out
    weekly = sorted(p.name for p in made["postgresql", "weekly"].iterdir())
    assert {f"weekly-{WEEK}{end}" for end in (".html", ".xlsx", "-columns.csv", "-units.csv",
                                              "-findings.csv")} <= set(weekly)
    assert weekly == sorted(p.name for p in made["sqlite", "weekly"].iterdir())
    for name in weekly:
        if name.endswith(".csv"):
            pg = (made["postgresql", "weekly"] / name).read_text("utf-8-sig")
            lite = (made["sqlite", "weekly"] / name).read_text("utf-8-sig")
            assert _untimed(pg) == _untimed(lite), name
    inspection = sorted(p.name for p in made["postgresql", "inspection"].iterdir())
    assert any(n.endswith(".html") for n in inspection) and any(n.endswith(".xlsx") for n in inspection)
    assert inspection == sorted(p.name for p in made["sqlite", "inspection"].iterdir())
    assert json.loads((rescans["postgresql"][1][1] / "score.json").read_text("utf-8")) == \
        json.loads((rescans["sqlite"][1][1] / "score.json").read_text("utf-8"))


def _one_line_failure(done, exit_codes=(1, 2)) -> str:
    assert done.returncode in exit_codes, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govsite: "), done.stderr
    assert "internal error" not in lines[0] and "Traceback" not in done.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["scans"], ["report", "--week", WEEK, "--out", "{tmp}"],
                                     ["scan", "http://127.0.0.1:9/", "--out", "{tmp}"]])
def test_a_postgres_server_that_does_not_answer_is_one_line(command, tmp_path):
    """Nothing listens on the port: the command ends at once, in one line without the password."""
    url = f"postgresql://govsite:s3cret-word@127.0.0.1:{_free_port()}/govsite"
    done = run_cli(*[a.format(tmp=tmp_path) for a in command], "--db", url, timeout=120)
    line = _one_line_failure(done)
    assert "cannot open the store at postgresql+psycopg://govsite:***@127.0.0.1:" in line
    assert "s3cret-word" not in done.stderr + done.stdout


def test_a_database_the_server_does_not_have_is_one_line(postgres_server):
    done = run_cli("scans", "--db", postgres_server.url("no_such_database"))
    assert 'database "no_such_database" does not exist' in _one_line_failure(done, (2,))


def test_a_url_naming_a_driver_that_is_not_installed_is_one_line(postgres_server):
    """`postgresql+psycopg2://` where only psycopg 3 is installed: what to install, not a
    ModuleNotFoundError."""
    pytest.importorskip("psycopg")
    try:
        import psycopg2  # noqa: F401
        pytest.skip("psycopg2 is installed here")
    except ImportError:
        pass
    url = postgres_server.url("x").replace("postgresql://", "postgresql+psycopg2://")
    line = _one_line_failure(run_cli("scans", "--db", url), (1,))
    assert "driver is not installed (psycopg2)" in line and "govsite[postgres]" in line
