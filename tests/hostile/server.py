"""A hostile little site for the tests: every way a server can trap, flood or stall a crawler.

    site = HostileSite("127.0.0.7").start()     # base URL in site.base; site.hits counts requests
    ...
    site.stop()

or, to look at it by hand: python tests/hostile/server.py 127.0.0.7 8870

Real sockets, one thread per connection (ThreadingHTTPServer), HTTP/1.0 (a body without
Content-Length ends when the connection closes).  Nothing runs for ever: every stream, trickle
and trap has a byte, time or length bound, and a client that hangs up ends its thread.

Targets (all linked from "/"):
  /calendar?date=D      links the next day only (a chain: cut by crawl.max_depth)
  /agenda?month=M       links every day of the month and the next month; each day links the next
                        (a wide trap: cut by crawl.max_query_variants)
  /loop/a, /loop/b      redirect to each other;  /chain/N redirects to /chain/N+1
  /bomb.html            ~200 KB of gzip that inflates to 200 MB of HTML
  /bomb.zip             a zip attachment whose one member unpacks to 150 MB
  /slow-body.html       headers at once, then one byte every 0.5 s (slowloris body)
  /slow-headers.html    the status line and headers one byte every 0.5 s
  /big.pdf, /big-cl.pdf 200 MB attachment without / with Content-Length
  /bigpage.html, /bigpage-cl.html   200 MB page without / with Content-Length
  /waf.html             a 加速乐 (__jsl_clearance) challenge with status 521
  /busy.html, /busy.pdf, /busy.png   429 with Retry-After: 1 on every request
  /busy503.html         503 with Retry-After: 1 on every request
  /down503.html         503 without Retry-After (a server that is down, not throttling)
  /deep.html            100 000 nested <div>s, then the footer
  /enc-gb.html, /enc-bogus.html, /enc-cut.html   broken encodings
  /ws                   a WebSocket endpoint (101 to an Upgrade, 426 to a plain GET)
"""
from __future__ import annotations

import base64
import collections
import datetime as dt
import gzip
import hashlib
import io
import socketserver
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MB = 2 ** 20
BIG = 200 * MB                      # over-size files and pages
TRICKLE_SECONDS = 30.0              # the longest a slowloris answer lasts
CALENDAR_DAYS = 3000                # the calendar's last day links nowhere (a bound of its own)
FOOTER = ('<div class="footer">主办单位：凤冈县人民政府办公室 网站标识码：5203270001 '
          '黔ICP备05001234号 贵公网安备 52032702000001号</div>')


def _page(title: str, body: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{body}{FOOTER}</body></html>")


def _links(urls) -> str:
    return "".join(f'<p><a href="{u}">{u}</a></p>' for u in urls)


def _zeros(total: int, chunk: int = MB):
    left = total
    block = b"\0" * chunk
    while left > 0:
        yield block[:min(chunk, left)]
        left -= chunk


def _gzip_bomb(size: int) -> bytes:
    """A gzip body that inflates to `size` bytes of HTML (whitespace after an opening tag)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(b"<html><head><title>bomb</title></head><body><p>")
        spaces = b" " * MB
        for _ in range(size // MB):
            gz.write(spaces)
    return out.getvalue()


def _zip_bomb(size: int) -> bytes:
    """A zip whose one member unpacks to `size` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("报表.txt", "w", force_zip64=True) as member:
        for block in _zeros(size):
            member.write(block)
    return out.getvalue()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)      # no reverse DNS lookup
        host, port = self.server_address[:2]
        self.server_name, self.server_port = host, port

    def handle_error(self, request, client_address) -> None:
        pass        # clients that hang up are the point here


class HostileSite:
    """The hostile site on `host` (a 127.0.0.x address) and a free port, or `port`."""

    def __init__(self, host: str = "127.0.0.7", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.hits: collections.Counter[str] = collections.Counter()
        # what the scan's search-engine probe (security.tampered's cloaking check) fetched, apart:
        # the crawl's bounds are judged by `hits`
        self.engine_hits: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._bomb: bytes | None = None
        self._zip: bytes | None = None
        self.server: _Server | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def bomb(self) -> bytes:
        with self._lock:
            if self._bomb is None:
                self._bomb = _gzip_bomb(BIG)
            return self._bomb

    def zip_bomb(self) -> bytes:
        with self._lock:
            if self._zip is None:
                self._zip = _zip_bomb(150 * MB)
            return self._zip

    def start(self) -> HostileSite:
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        self.bomb()
        self.zip_bomb()
        self.server = _Server((self.host, self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, name="hostile-site", daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def count(self, path: str, user_agent: str = "") -> None:
        with self._lock:
            (self.engine_hits if "spider" in user_agent.lower() else self.hits)[path] += 1


class _Handler(BaseHTTPRequestHandler):
    site: HostileSite
    protocol_version = "HTTP/1.0"
    timeout = TRICKLE_SECONDS + 5        # a silent client does not hold a thread for ever
    server_version = "hostile/1.0"

    def log_message(self, *args) -> None:
        pass

    # -- plumbing ------------------------------------------------------------------------

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _html(self, text: str, status: int = 200, charset: str = "utf-8") -> None:
        self._send(status, text.encode(charset, "replace"), f"text/html; charset={charset}")

    def _stream(self, ctype: str, total: int, announce: bool, first: bytes = b"") -> None:
        """`total` bytes, with or without Content-Length, until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if announce:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            self.wfile.write(first)
            for block in _zeros(total - len(first), 256 * 1024):
                self.wfile.write(block)
        except OSError:
            return

    def _trickle(self, data: bytes, every: float = 0.5) -> None:
        deadline = time.monotonic() + TRICKLE_SECONDS
        try:
            for byte in data:
                if time.monotonic() > deadline:
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(every)
        except OSError:
            return

    def do_HEAD(self) -> None:
        self.do_GET()

    # -- the site ------------------------------------------------------------------------

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        self.site.count(path, self.headers.get("User-Agent", ""))
        route = _ROUTES.get(path)
        if route is not None:
            route(self, query)
        elif path.startswith("/loop/"):
            other = "/loop/b" if path == "/loop/a" else "/loop/a"
            self._send(302, b"", headers={"Location": other})
        elif path.startswith("/chain/"):
            step = int(path.rsplit("/", 1)[-1] or 0)
            if step >= 1000:
                self._html(_page("chain end", ""))
            else:
                self._send(302, b"", headers={"Location": f"/chain/{step + 1}"})
        else:
            self._html(_page("404 Not Found", "<p>页面不存在</p>"), status=404)

    def index(self, query) -> None:
        targets = ["/calendar?date=2026-01-01", "/agenda?month=2026-01", "/loop/a", "/chain/0",
                   "/bomb.html", "/slow-body.html", "/slow-headers.html", "/bigpage.html",
                   "/bigpage-cl.html", "/waf.html", "/busy.html", "/busy503.html", "/down503.html",
                   "/deep.html", "/enc-gb.html", "/enc-bogus.html", "/enc-cut.html",
                   "/bomb.zip", "/big.pdf", "/big-cl.pdf", "/busy.pdf"]
        script = (f'<script>var ws = new WebSocket("ws://{self.site.host}:{self.site.port}/ws");'
                  "</script>")
        self._html(_page("恶意站点测试首页", _links(targets) + '<img src="/busy.png" alt="busy">'
                         + script))

    def calendar(self, query) -> None:
        day = dt.date.fromisoformat(query.get("date", ["2026-01-01"])[0])
        first = dt.date(2026, 1, 1)
        nxt = day + dt.timedelta(days=1)
        links = _links([f"/calendar?date={nxt}"]) if (nxt - first).days < CALENDAR_DAYS else ""
        self._html(_page(f"日历 {day}", f"<p>{day} 无活动</p>" + links))

    def agenda(self, query) -> None:
        if "month" in query:
            year, month = map(int, query["month"][0].split("-"))
            first = dt.date(year, month, 1)
            nxt = (first + dt.timedelta(days=32)).replace(day=1)
            days = [first + dt.timedelta(days=i) for i in range((nxt - first).days)]
            links = [f"/agenda?day={d}" for d in days]
            if nxt.year < 2100:
                links.append(f"/agenda?month={nxt:%Y-%m}")
            self._html(_page(f"日程 {first:%Y-%m}", _links(links)))
            return
        day = dt.date.fromisoformat(query.get("day", ["2026-01-01"])[0])
        nxt = day + dt.timedelta(days=1)
        links = [f"/agenda?month={day:%Y-%m}"] + ([f"/agenda?day={nxt}"] if nxt.year < 2100 else [])
        self._html(_page(f"日程 {day}", "<p>无安排</p>" + _links(links)))

    def gzip_bomb(self, query) -> None:
        self._send(200, self.site.bomb(), headers={"Content-Encoding": "gzip"})

    def zip_bomb(self, query) -> None:
        self._send(200, self.site.zip_bomb(), ctype="application/zip")

    def slow_body(self, query) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        if self.command != "HEAD":
            self._trickle(_page("慢", "<p>" + "慢" * 200 + "</p>").encode())

    def slow_headers(self, query) -> None:
        head = (b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"X-Padding: " + b"x" * 200 + b"\r\n\r\n")
        self._trickle(head)
        self.close_connection = True

    def big_pdf(self, query) -> None:
        self._stream("application/pdf", BIG, announce=False, first=b"%PDF-1.4\n")

    def big_pdf_cl(self, query) -> None:
        self._stream("application/pdf", BIG, announce=True, first=b"%PDF-1.4\n")

    def big_page(self, query) -> None:
        self._stream("text/html; charset=utf-8", BIG, announce=False, first=b"<html><body><p>")

    def big_page_cl(self, query) -> None:
        self._stream("text/html; charset=utf-8", BIG, announce=True, first=b"<html><body><p>")

    def waf(self, query) -> None:
        body = ("<html><body><script>document.cookie=('__jsl_clearance=1700000000.123|0|'"
                "+'abc');location.href=location.pathname+location.search</script></body></html>")
        self._send(521, body.encode(), headers={"Set-Cookie": "__jsluid_h=0123456789abcdef; path=/"})

    def busy(self, query) -> None:
        self._send(429, b"<html><body>Too Many Requests</body></html>", headers={"Retry-After": "1"})

    def busy_file(self, query) -> None:
        self._send(429, b"Too Many Requests", ctype="text/plain", headers={"Retry-After": "1"})

    def busy_503(self, query) -> None:
        self._send(503, b"<html><body>Service Unavailable, come back later</body></html>",
                   headers={"Retry-After": "1"})

    def down_503(self, query) -> None:
        self._send(503, b"<html><body>Service Unavailable</body></html>")

    def deep(self, query) -> None:
        n = 100_000
        self._html("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>嵌套</title></head>"
                   "<body>" + "<div>" * n + "正文" + "</div>" * n + FOOTER + "</body></html>")

    def enc_gb(self, query) -> None:
        # Declared GB2312, mostly GBK text with bytes no GB codec knows in the middle.
        body = _page("编码错误的页面", "<p>凤冈县人民政府</p>", charset="gb2312").encode("gbk")
        body = body.replace("凤冈县".encode("gbk"), "凤冈县".encode("gbk") + b"\xff\xfe\x80")
        self._send(200, body, ctype="text/html; charset=gb2312")

    def enc_bogus(self, query) -> None:
        body = _page("未知字符集", "<p>凤冈县人民政府</p>", charset="x-no-such-charset").encode("utf-8")
        self._send(200, body, ctype="text/html; charset=x-no-such-charset")

    def enc_cut(self, query) -> None:
        body = _page("截断的UTF-8", "<p>凤冈县人民政府</p>").encode("utf-8")
        cut = body.index("人民".encode()) + 1      # in the middle of a three-byte character
        self._send(200, body[:cut] + body[cut + 2:], ctype="text/html; charset=utf-8")

    def websocket(self, query) -> None:
        key = self.headers.get("Sec-WebSocket-Key")
        if (self.headers.get("Upgrade") or "").lower() != "websocket" or not key:
            self._send(426, b"Upgrade Required", ctype="text/plain", headers={"Upgrade": "websocket"})
            return
        accept = base64.b64encode(hashlib.sha1(
            key.encode() + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        try:
            self.wfile.write(b"\x81\x05hello")        # one text frame, then a close frame
            self.wfile.write(b"\x88\x00")
        except OSError:
            pass


_ROUTES = {
    "/": _Handler.index, "/index.html": _Handler.index,
    "/calendar": _Handler.calendar, "/agenda": _Handler.agenda,
    "/bomb.html": _Handler.gzip_bomb, "/bomb.zip": _Handler.zip_bomb,
    "/slow-body.html": _Handler.slow_body, "/slow-headers.html": _Handler.slow_headers,
    "/big.pdf": _Handler.big_pdf, "/big-cl.pdf": _Handler.big_pdf_cl,
    "/bigpage.html": _Handler.big_page, "/bigpage-cl.html": _Handler.big_page_cl,
    "/waf.html": _Handler.waf, "/busy.html": _Handler.busy, "/busy.pdf": _Handler.busy_file,
    "/busy.png": _Handler.busy_file, "/busy503.html": _Handler.busy_503,
    "/down503.html": _Handler.down_503, "/deep.html": _Handler.deep,
    "/enc-gb.html": _Handler.enc_gb, "/enc-bogus.html": _Handler.enc_bogus,
    "/enc-cut.html": _Handler.enc_cut, "/ws": _Handler.websocket,
}


if __name__ == "__main__":
    site = HostileSite(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.7",
                       int(sys.argv[2]) if len(sys.argv) > 2 else 8870).start()
    print(f"hostile site on {site.base}/ (Ctrl-C stops it)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        site.stop()
