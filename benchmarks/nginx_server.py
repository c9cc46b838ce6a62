"""Start and stop a private nginx serving a directory on 127.0.0.1:<free port>.

nginx runs with ``daemon off`` as a child process, with its prefix, pid, logs and temp dirs
under the run's work dir, so nothing system-wide is touched and stopping it is one signal.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("nginx.conf.tmpl")
INSTALL_HINT = "nginx not found: install it with `apt-get update && apt-get install -y nginx`"


class NginxError(RuntimeError):
    """nginx is missing or did not come up."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str:
    """Path of the nginx executable (also looked for in /usr/sbin, often not on PATH)."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
    if not found:
        raise NginxError(INSTALL_HINT)
    return found


def nginx_version() -> str:
    done = subprocess.run([nginx_binary(), "-v"], capture_output=True, text=True)
    return (done.stderr or done.stdout).strip().split("/")[-1]


class NginxServer:
    """Context manager: nginx serving root at base_url until exit."""

    def __init__(self, root: Path, work: Path, access_log: bool = False):
        self.root = root.resolve()
        self.work = work.resolve()
        self.access_log_path = self.work / "access.log" if access_log else None
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> NginxServer:
        binary = nginx_binary()
        self.work.mkdir(parents=True, exist_ok=True)
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.work / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        # "$request_uri $status" per line is enough to count distinct URLs served.
        access = (f"{self.access_log_path} bench buffer=256k flush=1s"
                  if self.access_log_path else "off")
        self.port = free_port()
        conf = Template(TEMPLATE.read_text()).substitute(
            work=self.work, root=self.root, port=self.port, access_log=access)
        if self.access_log_path:
            conf = conf.replace("http {", "http {\n    log_format bench '$request_uri $status';", 1)
        conf_file = self.work / "nginx.conf"
        conf_file.write_text(conf)
        self.process = subprocess.Popen(
            [binary, "-p", str(self.work), "-c", str(conf_file), "-e", str(self.work / "error.log")],
            stdout=subprocess.DEVNULL, stderr=open(self.work / "nginx.stderr", "wb"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NginxError(f"nginx exited at start: {self._error_tail()}")
            try:
                with urllib.request.urlopen(self.base_url + "robots.txt", timeout=1) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise NginxError(f"nginx did not answer on {self.base_url}: {self._error_tail()}")

    def _error_tail(self) -> str:
        texts = [p.read_text(errors="replace") for p in (self.work / "nginx.stderr",
                                                         self.work / "error.log") if p.exists()]
        return " | ".join(t.strip().splitlines()[-1] for t in texts if t.strip()) or "no error output"

    def access_log_size(self) -> int:
        """Current size of the access log (0 when it is off), to cut it per run."""
        if self.access_log_path and self.access_log_path.exists():
            return self.access_log_path.stat().st_size
        return 0

    def distinct_urls_since(self, offset: int) -> dict[str, int]:
        """Distinct URIs served since offset, by status class; needs access_log=True.

        nginx flushes its log buffer at most 1 s late, so wait a little before calling.
        """
        if not self.access_log_path or not self.access_log_path.exists():
            return {}
        seen: dict[str, str] = {}
        with open(self.access_log_path, "rb") as log:
            log.seek(offset)
            for line in log.read().decode("utf-8", "replace").splitlines():
                uri, _, status = line.rpartition(" ")
                if uri:
                    seen[uri] = status
        counts: dict[str, int] = {"distinct": len(seen)}
        for status in seen.values():
            key = f"{status[:1]}xx"
            counts[key] = counts.get(key, 0) + 1
        counts["html_ok"] = sum(1 for uri, st in seen.items()
                                if st in ("200", "304") and (uri.endswith(".html") or uri.endswith("/")))
        return counts

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)   # graceful: finish open requests
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> NginxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
