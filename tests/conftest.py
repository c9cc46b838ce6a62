"""Shared fixtures: the shared/ folder, local HTTP servers, running the CLI as users do, a
PostgreSQL server of the tests' own."""
from __future__ import annotations

import csv
import functools
import glob
import http.server
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FAST_PROFILE = REPO / "tests" / "fixtures" / "fast.yaml"


def run_cli(*args: str, timeout: float = 300, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `govsite ARGS` in a fresh process (Scrapy's reactor runs once per process)."""
    return subprocess.run([sys.executable, "-m", "govsite.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd or REPO)



SAMPLE_PROFILE = REPO / "govsite" / "profiles" / "sample.yaml"


def scan_sample(base: str, day, db: Path, out: Path, *profiles: Path, timeout: float = 600) -> list[dict]:
    """`govsite scan` of the sample portal at `base` as of `day` into `db` (its profile, the fast
    test profile, then `profiles`); returns the rows of findings.csv."""
    extra = [arg for p in profiles for arg in ("--profile", p)]
    result = run_cli("scan", base + "/", "--as-of", day.isoformat(), "--out", out, "--db", db,
                     "--allow-host", "127.0.0.1", "--allow-host", "127.0.0.2",
                     "--profile", SAMPLE_PROFILE, "--profile", FAST_PROFILE, *extra, "--quiet", timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    with open(Path(out) / "findings.csv", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e/ is an end-to-end test (`-m "not e2e"` leaves them out)."""
    for item in items:
        if E2E in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not there (the shared/ folder lies beside the repository)")
    return SHARED


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve_dir():
    """Serve a folder on 127.0.0.1 with a real HTTP server; returns its base URL."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


# -- PostgreSQL: a temporary cluster of the tests' own --------------------------------------------

def _postgres_bindir() -> Path | None:
    """The newest PostgreSQL server binaries (Debian keeps them off PATH, one folder a version)."""
    found = [Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin")
             if (Path(d) / "initdb").is_file() and (Path(d) / "pg_ctl").is_file()]
    found.sort(key=lambda d: [int(n) for n in re.findall(r"\d+", d.parent.name)] or [0])
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SAMPLE_AS_OF = "2026-11-27"


@pytest.fixture(scope="session")
def sample_demo(tmp_path_factory):
    """`govsite demo` of the sample portal as of SAMPLE_AS_OF (the fast and the browser profile,
    delays x 0.2), run once a session for every test that reads its outputs: (out folder, the
    portal's base URL, the finished process).  A test that writes to the store copies it first."""
    out = tmp_path_factory.mktemp("demo")
    port = _free_port()
    result = run_cli("demo", "--out", out, "--db", out / "govsite.sqlite", "--as-of", SAMPLE_AS_OF, "--port", port,
                     "--delay-scale", "0.2", "--profile", FAST_PROFILE,
                     "--profile", REPO / "tests" / "fixtures" / "browser.yaml", "--quiet", timeout=900)
    assert result.returncode == 0, result.stderr
    return out, f"http://127.0.0.1:{port}", result


class PostgresCluster:
    """A PostgreSQL server started for this test session: a new cluster in a temporary folder,
    listening on 127.0.0.1 only (its socket in that folder too), a superuser `govsite` trusted
    without a password, fsync off (nothing here outlives the session).  `new_database()` gives
    each test its own database."""

    USER = "govsite"

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="govsite-pg-"))
        self.port = _free_port()
        self._names = itertools.count(1)
        self.data = self.root / "data"
        try:
            self._start()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    def _start(self) -> None:
        # initdb refuses to run as root: then the cluster belongs to Debian's `postgres` user.
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")      # KeyError: told by the fixture
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout if shutil.which("locale") else ""
        utf8_locale = "C.utf8" in locales.split()
        self._run("initdb", "-D", self.data, "-U", self.USER, "--auth=trust", "-E", "UTF8", "--no-sync",
                  "--locale=C.UTF-8" if utf8_locale else "--no-locale")
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.root / "server.log", "-w", "-t", "60",
                  "start")

    def _run(self, program: str, *args) -> None:
        done = subprocess.run([*self._as_user, str(self.bindir / program), *map(str, args)],
                              capture_output=True, text=True, timeout=120, cwd=self.root)
        if done.returncode != 0:
            log = self.root / "server.log"
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr or done.stdout}"
                               + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))

    def url(self, database: str) -> str:
        """The URL govsite takes as --db for `database` of this server."""
        return f"postgresql://{self.USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, hint: str = "test") -> str:
        """Create an empty database; its URL."""
        name = f"{re.sub(r'[^a-z0-9]+', '_', hint.lower())[:40]}_{next(self._names)}"
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", self.USER, name)
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A running PostgreSQL server of the tests' own (PostgresCluster).  Skipped only where the
    server binaries are missing outside CI (scripts/install.sh installs Debian's `postgresql`);
    under CI a missing PostgreSQL fails the tests that need it."""
    bindir = _postgres_bindir()
    if bindir is None:
        why = "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(why + "; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(why)
    try:
        cluster = PostgresCluster(bindir)
    except KeyError:
        pytest.fail("running as root, and there is no `postgres` user to own the test cluster "
                    "(Debian's postgresql package creates it)", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture()
def postgres_url(postgres_server, request) -> str:
    """The URL of a new, empty database on the tests' PostgreSQL server, for this test alone."""
    return postgres_server.new_database(request.node.name)


@pytest.fixture(params=["sqlite", "postgres"])
def store_on_both(request, tmp_path):
    """A store on a SQLite file, then on a database of the tests' PostgreSQL server."""
    from govsite.store.db import open_store
    if request.param == "sqlite":
        return open_store(tmp_path / "r.sqlite")
    return open_store(request.getfixturevalue("postgres_url"))
