"""Shared fixtures: the shared/ folder, local HTTP servers, running the CLI as users do."""
from __future__ import annotations

import functools
import http.server
import subprocess
import sys
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
