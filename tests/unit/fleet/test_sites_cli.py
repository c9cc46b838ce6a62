"""`govsite sites …` and the fleet's bad input, as a user types them: each mistake is one line on
stderr and exit 2, and a sites file with a bad row imports nothing."""
from __future__ import annotations

import socket

from conftest import run_cli

from govsite.store.db import open_store
from govsite.store.sites import list_sites

HEADER = "name,start_url,allow_hosts,profiles,owner_unit,server_group\n"


def _one_line(done) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def test_sites_add_list_remove(tmp_path):
    db = tmp_path / "s.sqlite"
    done = run_cli("sites", "add", "http://www.meitan.gov.cn/", "--name", "湄潭县人民政府网",
                   "--allow-host", "www.meitan.gov.cn", "--group", "遵义集约化平台", "--db", db)
    assert done.returncode == 0, done.stderr
    listed = run_cli("sites", "list", "--db", db)
    assert "湄潭县人民政府网" in listed.stdout and "遵义集约化平台" in listed.stdout
    again = run_cli("sites", "add", "http://www.meitan.gov.cn/", "--name", "x", "--db", db)
    assert again.returncode == 2 and "already registered" in _one_line(again)
    assert run_cli("sites", "remove", "湄潭县人民政府网", "--db", db).returncode == 0
    assert list_sites(open_store(db)) == []


def test_sites_import_reads_every_row(tmp_path):
    db, csv = tmp_path / "s.sqlite", tmp_path / "sites.csv"
    csv.write_text("\ufeff" + HEADER +
                   "湄潭县人民政府网,http://www.meitan.gov.cn/,www.meitan.gov.cn;*.meitan.gov.cn,,湄潭县政府办,遵义\n"
                   "凤冈县人民政府网,http://www.gzfg.gov.cn/,,,凤冈县政府办,\n", "utf-8")
    done = run_cli("sites", "import", csv, "--db", db)
    assert done.returncode == 0, done.stderr
    sites = {s.name: s for s in list_sites(open_store(db))}
    assert sites["湄潭县人民政府网"].allow_hosts == ["www.meitan.gov.cn", "*.meitan.gov.cn"]
    assert sites["湄潭县人民政府网"].group == "遵义"
    assert sites["凤冈县人民政府网"].group == "www.gzfg.gov.cn"        # its own host
    assert sites["凤冈县人民政府网"].owner_unit == "凤冈县政府办"


def test_a_malformed_row_imports_nothing_and_names_its_line(tmp_path):
    db, csv = tmp_path / "s.sqlite", tmp_path / "sites.csv"
    rows = ["湄潭县人民政府网,http://www.meitan.gov.cn/,,,,",
            "凤冈县人民政府网,www.gzfg.gov.cn,,,,"]             # no scheme
    csv.write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    done = run_cli("sites", "import", csv, "--db", db)
    assert done.returncode == 2
    line = _one_line(done)
    assert line.startswith(f"govsite: {csv}:3: ") and "no scheme" in line
    assert list_sites(open_store(db)) == []
    for body, where, why in [
            (HEADER + "a,http://a.example/,,,\n", 2, "5 fields"),
            (HEADER + ",http://a.example/,,,,\n", 2, "name is empty"),
            (HEADER + "a,http://a.example/,,,,\na,http://b.example/,,,,\n", 3, "already on line 2"),
            (HEADER + f"a,http://a.example/,,{tmp_path}/missing.yaml,,\n", 2, "missing.yaml"),
            ("name,url\n", 1, "unknown column 'url'")]:
        csv.write_text(body, "utf-8")
        done = run_cli("sites", "import", csv, "--db", db)
        assert done.returncode == 2, body
        line = _one_line(done)
        assert line.startswith(f"govsite: {csv}:{where}: ") and why in line, line
    assert list_sites(open_store(db)) == []


def test_an_unknown_site_name_is_one_line(tmp_path):
    db = tmp_path / "s.sqlite"
    run_cli("sites", "add", "http://a.example/", "--name", "甲", "--db", db)
    for args in (("scan", "乙", "--out", tmp_path / "o"), ("sites", "remove", "乙"),
                 ("report", "--site", "乙", "--out", tmp_path / "r"),
                 ("ack", "column.stale", "http://a.example/x", "--reason", "r", "--site", "乙")):
        done = run_cli(*args, "--db", db)
        if args[0] == "report":     # no scan yet: told first
            assert done.returncode == 2 and "no scan" in _one_line(done)
            continue
        assert done.returncode == 2, (args, done.stderr)
        assert "no site '乙'" in _one_line(done)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_fleet_needs_a_postgresql_that_answers(tmp_path):
    url = f"postgresql://govsite@127.0.0.1:{_closed_port()}/govsite"
    for args in (("enqueue", "--all"), ("jobs",), ("worker",)):
        done = run_cli(*args, "--db", url, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "cannot open the store" in _one_line(done)
    done = run_cli("jobs", "--db", tmp_path / "s.sqlite")
    assert done.returncode == 2 and "needs a PostgreSQL store" in _one_line(done)
