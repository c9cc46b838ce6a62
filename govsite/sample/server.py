"""SampleServer: serve the sample portal on 127.0.0.1:PORT ("site") and 127.0.0.2:PORT ("ext").

GET and HEAD; 405 to HEAD where a resource forbids it; 429 + Retry-After before serving where
planted; ETag / Last-Modified with 304 answers; per-resource delays; a request log in .hits.
"""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import email.utils
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from .builder import Resource
from .site import build_site

NOT_FOUND = (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>"
             b"<body><h1>404 Not Found</h1><p>The requested URL was not found on this server.</p></body></html>"
             )


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self) -> None:
        # skip HTTPServer's getfqdn(): a reverse DNS lookup we neither need nor want
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = host, port

    def handle_error(self, request, client_address) -> None:  # clients that hang up are normal here
        pass


def _http_date(day: dt.date) -> str:
    return email.utils.format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC),
                                       usegmt=True)


class _Handler(BaseHTTPRequestHandler):
    owner: SampleServer
    host_key: str
    server_version = "TRS-WCM/7.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def _send(self, status: int, headers: dict[str, str], body: bytes, method: str) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method == "GET" and body:
            self.wfile.write(body)

    def _serve(self, method: str) -> None:
        with self.owner.in_flight.request(self.server.server_address[0]):
            self._serve_one(method)

    def _serve_one(self, method: str) -> None:
        path = unquote(urlsplit(self.path).path) or "/"
        owner = self.owner
        with owner._lock:
            owner.hits[(self.host_key, path, method)] += 1
        res = owner.site.lookup(self.host_key, path)
        if res is None:
            self._send(404, {"Content-Type": "text/html; charset=utf-8"}, NOT_FOUND, method)
            return
        if method == "HEAD" and not res.allow_head:
            self._send(405, {"Allow": "GET", "Content-Type": "text/html"}, b"405 Method Not Allowed", method)
            return
        if res.delay:
            time.sleep(res.delay)
        if res.fail_first:
            with owner._lock:
                n = owner._failures[(self.host_key, path)]
                owner._failures[(self.host_key, path)] = n + 1
            if n < res.fail_first:
                self._send(429, {"Retry-After": str(res.retry_after), "Content-Type": "text/plain"},
                           b"429 Too Many Requests", method)
                return
        self._answer(res, method)

    def _answer(self, res: Resource, method: str) -> None:
        headers = dict(res.headers)
        headers["Content-Type"] = res.content_type
        if res.cloak_body is not None and "spider" in (self.headers.get("User-Agent") or "").lower():
            self._send(200, headers, res.cloak_body, method)      # 快照劫持: crawlers see another page
            return
        if res.location is not None:
            headers["Location"] = res.location
            self._send(res.status, headers, res.body, method)
            return
        etag = res.etag
        last_mod = res.last_modified or self.owner.site.as_of
        headers["ETag"] = etag
        headers["Last-Modified"] = _http_date(last_mod)
        if res.status == 200 and self._not_modified(etag, last_mod):
            self._send(304, {"ETag": etag, "Last-Modified": headers["Last-Modified"]}, b"", method)
            return
        self._send(res.status, headers, res.body, method)

    def _not_modified(self, etag: str, last_mod: dt.date) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or f"W/{etag}" in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            return since.date() >= last_mod
        return False


class InFlight:
    """Requests being answered right now, per host address (or per group of addresses, for
    servers sharing one InFlight), and the most there ever were: what a crawler's politeness
    is judged by (tests/e2e/test_fleet.py)."""

    def __init__(self, groups: dict[str, str] | None = None):
        self.groups = dict(groups or {})
        self.now: collections.Counter = collections.Counter()
        self.most: collections.Counter = collections.Counter()
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def request(self, host: str):
        key = self.groups.get(host, host)
        with self._lock:
            self.now[key] += 1
            self.most[key] = max(self.most[key], self.now[key])
        try:
            yield
        finally:
            with self._lock:
                self.now[key] -= 1


class SampleServer:
    """The sample portal on two loopback hosts sharing one port; a context manager."""

    def __init__(self, as_of: dt.date | None = None, port: int = 0, delay_scale: float = 1.0,
                 host: str = "127.0.0.1", ext_host: str = "127.0.0.2", in_flight: InFlight | None = None,
                 snapshot: int = 1):
        if as_of is None:
            from zoneinfo import ZoneInfo

            as_of = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        self.hits: collections.Counter = collections.Counter()
        self._failures: collections.Counter = collections.Counter()
        self._lock = threading.Lock()
        self.in_flight = in_flight or InFlight()
        self._servers = self._bind(host, ext_host, port)
        self.port = self._servers[0].server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self.ext_base_url = f"http://{ext_host}:{self.port}"
        self.site = build_site(as_of, delay_scale, ext_base_url=self.ext_base_url, snapshot=snapshot)
        self.as_of = as_of
        self.delay_scale = delay_scale
        self.snapshot = snapshot
        self._threads = []
        for srv in self._servers:
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
            t.start()
            self._threads.append(t)

    def _handler(self, host_key: str) -> type:
        return type(f"Handler_{host_key}", (_Handler,), {"owner": self, "host_key": host_key})

    def _bind(self, host: str, ext_host: str, port: int) -> list[_Server]:
        last_error: OSError | None = None
        for _ in range(8 if port == 0 else 1):
            first = _Server((host, port), self._handler("site"))
            chosen = first.server_address[1]
            try:
                second = _Server((ext_host, chosen), self._handler("ext"))
            except OSError as exc:  # that port is taken on the second address: try another
                first.server_close()
                last_error = exc
                continue
            return [first, second]
        raise OSError(f"could not bind the same port on {host} and {ext_host}: {last_error}")

    def set_snapshot(self, snapshot: int) -> None:
        """Serve another snapshot of the portal from now on, on the same port (a re-scan's site)."""
        site = build_site(self.as_of, self.delay_scale, ext_base_url=self.ext_base_url, snapshot=snapshot)
        with self._lock:
            self.site, self.snapshot = site, snapshot

    def reset_hits(self) -> None:
        with self._lock:
            self.hits.clear()
            self._failures.clear()

    def stop(self) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()

    def __enter__(self) -> SampleServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
