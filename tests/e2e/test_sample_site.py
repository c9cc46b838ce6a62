"""The sample portal really behaves like a TRS county portal with its planted defects.

Everything runs against a real SampleServer on 127.0.0.1 / 127.0.0.2 with delay_scale=0.1.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import socket
import time
import urllib.error
import urllib.request
import zipfile
from urllib.parse import urlsplit

import pytest

from govsite.sample.answers import answers_for
from govsite.sample.interaction import NATIONAL_DAY_LETTER
from govsite.sample.server import SampleServer
from govsite.sample.site import build_site
from govsite.sample.util import id_check_char

AS_OF = dt.date(2026, 11, 27)
ID_RE = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET", headers: dict | None = None, timeout: float = 10):
    """(status, headers, body) without following redirects; HTTP errors are answers too."""
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.fixture(scope="module")
def server():
    with SampleServer(AS_OF, port=0, delay_scale=0.1) as srv:
        yield srv


@pytest.fixture(scope="module")
def answers(server):
    return answers_for(server.site, server.base_url, server.ext_base_url)


def _valid_ids(text: str) -> list[str]:
    return [m for m in ID_RE.findall(text) if id_check_char(m[:17]) == m[17]]


def _pdf_text(data: bytes) -> str:
    """Tiny text-layer extractor for our uncompressed PDFs: (literal) Tj and <UTF-16BE hex> Tj."""
    stream = data.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0].decode("latin-1")
    out = []
    for lit, hexs in re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj|<([0-9A-F]+)>\s*Tj", stream):
        out.append(bytes.fromhex(hexs).decode("utf-16-be") if hexs else re.sub(r"\\(.)", r"\1", lit))
    return " ".join(out)


# ----------------------------------------------------------------------------- hosts, chrome
def test_both_hosts_answer_and_robots(server):
    assert server.ext_base_url == server.base_url.replace("127.0.0.1", "127.0.0.2")
    status, headers, body = fetch(server.base_url + "/")
    assert status == 200 and "charset=utf-8" in headers["Content-Type"]
    assert fetch(server.base_url + "/index.html")[2] == body
    assert fetch(server.ext_base_url + "/")[0] == 200
    robots = fetch(server.base_url + "/robots.txt")[2].decode()
    assert "Disallow: /private/" in robots
    assert fetch(server.base_url + "/xwzx/gzdt")[0] == 301
    assert fetch(server.base_url + "/no/such/page.html")[0] == 404


def test_home_page_header_footer_and_meta(server):
    html = fetch(server.base_url + "/")[2].decode("utf-8")
    assert '<img class="logo" src="/images/logo.png" alt="凤冈县人民政府网">' in html
    assert re.search(r'<form action="/search/"[^>]*>\s*<input[^>]*name="searchword"', html)
    assert '<meta name="SiteIDCode" content="5203270001">' in html
    for text in ("主办单位：凤冈县人民政府办公室", "网站标识码：5203270001", "黔ICP备05003238号",
                 "黔公网安备 52032702000101号", "联系电话：0851-25221001", 'alt="我为政府网站找错"',
                 'src="/images/red.png" alt="党政机关"', "https://bszs.conac.cn/sitename?method=show&amp;id="):
        assert text in html, text
    assert "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5203270001&amp;url=" in html
    newest = max(dt.date.fromisoformat(d) for d in re.findall(r'class="date">(\d{4}-\d\d-\d\d)<', html))
    assert (AS_OF - newest).days <= 2
    for img in ("/images/logo.png", "/images/red.png", "/images/jiucuo.png"):
        status, headers, body = fetch(server.base_url + img)
        assert status == 200 and body.startswith(b"\x89PNG")


def test_column_pages_breadcrumb_and_missing_columns(server):
    for col in server.site.columns:
        status, _, body = fetch(server.base_url + col.path)
        assert status == 200, col.path
        assert fetch(server.base_url + col.path + "index.html")[2] == body
        html = body.decode("gbk" if col.encoding == "gbk" else "utf-8")
        assert f'<meta name="ColumnName" content="{col.name}">' in html
        assert '当前位置：<a href="/">首页</a> &gt; <a href="' in html
    sitemap = fetch(server.base_url + "/wzdt/")[2].decode()
    assert "执法监督" not in sitemap and "政策执行和落实情况" not in sitemap
    assert len(server.site.columns) >= 30


# ----------------------------------------------------------------------------- list mechanics
def test_paged_lists_only_reachable_through_createPageHTML(server):
    paged = [q for q in server.site.quirks if q["kind"] == "paged_list"]
    assert {q["path"] for q in paged} >= {"/xwzx/gzdt/", "/zwgk/tzgg/"}
    static_html = [r.body for (h, p), r in server.site.resources.items()
                   if h == "site" and r.content_type.startswith("text/html")]
    for q in paged:
        pages = q["pages"]
        for n, path in enumerate(pages):
            status, _, body = fetch(server.base_url + path)
            assert status == 200
            assert f'createPageHTML({len(pages)}, {n}, "index", "html");'.encode() in body
        for body in static_html:
            assert not re.search(rb'href="[^"]*index_\d+\.html"', body)
    gzdt = next(q for q in paged if q["path"] == "/xwzx/gzdt/")
    assert len(gzdt["pages"]) == 4


def test_datastore_column_has_records_but_no_static_items(server):
    html = fetch(server.base_url + "/xwzx/ldhd/")[2].decode()
    assert '<script type="text/xml"><datastore>' in html and html.count("<record><![CDATA[<li>") >= 10
    outside = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "<li><a href=\"./2" not in outside


def test_mmdd_column_crosses_new_year(server):
    html = fetch(server.base_url + "/xwzx/bmdt/")[2].decode()
    html += fetch(server.base_url + "/xwzx/bmdt/index_1.html")[2].decode()
    months = [int(m) for m in re.findall(r'class="date">\[(\d\d)-\d\d\]<', html)]
    assert months and not re.search(r'class="date">\d{4}', html)
    assert any(b > a for a, b in zip(months, months[1:])), "list must go from January back to December"


def test_gbk_section_and_lying_charsets(server):
    status, headers, body = fetch(server.base_url + "/xzzx/xzdt/")
    assert headers["Content-Type"] == "text/html; charset=gbk"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gbk")
    assert '<meta charset="gb2312">' in text and "乡镇动态" in text and "网站标识码：5203270001" in text
    lies = {q["note"]: q["path"] for q in server.site.quirks if q["kind"] == "charset_lie"}
    for note, path in lies.items():
        status, headers, body = fetch(server.base_url + path)
        assert b'<meta charset="gb2312">' in body
        if note.startswith("UTF-8"):
            assert headers["Content-Type"] == "text/html" and "凤冈" in body.decode("utf-8")
        else:
            assert headers["Content-Type"].endswith("charset=utf-8")
            with pytest.raises(UnicodeDecodeError):
                body.decode("utf-8")
            assert "进化镇" in body.decode("gbk")


# ----------------------------------------------------------------------------- HTTP behaviour
def test_head_405_then_get_works(server):
    url = server.ext_base_url + "/files/fgcy_report.pdf"
    assert fetch(url, "HEAD")[0] == 405
    status, _, body = fetch(url)
    assert status == 200 and body.startswith(b"%PDF")
    assert fetch(server.base_url + "/", "HEAD")[0] == 200
    assert server.hits[("ext", "/files/fgcy_report.pdf", "HEAD")] >= 1


def test_429_with_retry_after_then_200(server):
    server.reset_hits()
    url = server.ext_base_url + "/limited/index.html"
    status, headers, _ = fetch(url)
    assert status == 429 and headers["Retry-After"] == "1"
    assert fetch(url)[0] == 200
    assert server.hits[("ext", "/limited/index.html", "GET")] == 2


def test_conditional_get_304(server):
    url = server.base_url + "/zwgk/tzgg/"
    status, headers, _ = fetch(url)
    etag, last_mod = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag and last_mod
    assert fetch(url, headers={"If-None-Match": etag})[0] == 304
    assert fetch(url, headers={"If-Modified-Since": last_mod})[0] == 304
    assert fetch(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200
    assert fetch(url, headers={"If-None-Match": '"other"'})[0] == 200


def test_slow_pages(server, answers):
    slow = next(f["url"] for f in answers["findings"] if f["rule_id"] == "link.slow")
    slowish = next(t["url"] for t in answers["traps"] if t["rule_id"] == "link.slow")
    t0 = time.monotonic()
    assert fetch(slow)[0] == 200
    assert time.monotonic() - t0 >= 1.9
    t0 = time.monotonic()
    assert fetch(slowish)[0] == 200
    assert 0.85 <= time.monotonic() - t0 < 1.5


# ----------------------------------------------------------------------------- attachments
def test_attachments_are_valid_files_with_planted_ids(server, answers):
    from openpyxl import load_workbook

    ids = [f["url"] for f in answers["findings"] if f["rule_id"] == "privacy.id_number"]
    xlsx = next(u for u in ids if u.endswith(".xlsx"))
    pdf = next(u for u in ids if u.endswith(".pdf"))
    status, headers, body = fetch(xlsx)
    assert status == 200 and "spreadsheetml" in headers["Content-Type"]
    wb = load_workbook(io.BytesIO(body))
    cells = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row)
    assert len(_valid_ids(cells)) == 5
    status, headers, body = fetch(pdf)
    assert status == 200 and body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")
    text = _pdf_text(body)
    assert "拟聘用人员名单" in text and len(_valid_ids(text)) == 3
    docx = [p for (h, p) in server.site.resources if h == "site" and p.endswith(".docx")]
    status, _, body = fetch(server.base_url + docx[0])
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        assert b"<w:body>" in zf.read("word/document.xml")


# ----------------------------------------------------------------------------- answers file
def _final(url: str, hops: int = 6):
    """Follow redirects by hand: (kind, status, body) with kind ok/loop/error."""
    seen = set()
    for _ in range(hops):
        if url in seen:
            return "loop", None, b""
        seen.add(url)
        try:
            status, headers, body = fetch(url, timeout=5)
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            return "error", None, b""
        if status in (301, 302, 303, 307, 308):
            loc = headers["Location"]
            url = loc if "://" in loc else f"{urlsplit(url).scheme}://{urlsplit(url).netloc}{loc}"
            continue
        if status == 429:
            time.sleep(1)
            status, headers, body = fetch(url)
        return "ok", status, body
    return "loop", None, b""


def test_every_answer_url_is_served_or_deliberately_broken(server, answers):
    assert answers["as_of"] == AS_OF.isoformat()
    rules = {f["rule_id"] for f in answers["findings"]}
    for family in ("link.broken", "link.slow", "link.local_file", "link.blocked", "column.stale", "column.empty",
                   "column.missing", "footer.identifier_missing", "footer.jiucuo_mismatch", "header.name_missing",
                   "article.missing_body", "privacy.id_number", "privacy.bank_card", "privacy.phone",
                   "secrecy.marking", "attribute.not_public", "wording.political", "interaction.reply_overdue",
                   "solicitation.too_few", "interpretation.missing", "interpretation.late",
                   "interpretation.unlinked", "guide.missing_elements", "attachment.not_editable",
                   "report.annual_missing", "disclosure.late"):
        assert family in rules, family
    hosts = (server.base_url, server.ext_base_url)
    checked = {}
    for row in answers["findings"] + answers["traps"]:
        url = row["url"]
        if row.get("page"):
            assert fetch(row["page"])[0] == 200, row
        if not url.startswith(hosts) or url in checked:
            continue
        kind, status, body = checked[url] = _final(url)
        broken = row["rule_id"] == "link.broken" and row in answers["findings"]
        if broken:
            assert kind in ("loop", "error") or status >= 400 or "您访问的页面不存在".encode() in body, row
        elif "404 target only inside" in row["note"]:  # would be broken, but is not a link at all
            assert status == 404, row
        elif "WAF" in row["note"]:
            assert status in (200, 412) and (b"$_ts" in body or "浏览器安全检查".encode() in body), row
        else:
            assert kind == "ok" and status == 200, row


def test_closed_port_link_really_refuses(answers):
    url = next(f["url"] for f in answers["findings"] if "connection refused" in f["note"])
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.2"
    with pytest.raises(OSError):
        socket.create_connection((parts.hostname, parts.port), timeout=2).close()


def test_national_day_letter_trap_by_chinese_calendar(server, answers):
    import chinese_calendar

    got, answered = NATIONAL_DAY_LETTER
    days = [got + dt.timedelta(days=i) for i in range(1, (answered - got).days + 1)]
    assert sum(d.weekday() < 5 for d in days) == 16
    assert sum(chinese_calendar.is_workday(d) for d in days) <= 15
    trap = next(t for t in answers["traps"] if t["rule_id"] == "interaction.reply_overdue" and "2026" in t["note"])
    html = fetch(trap["url"])[2].decode()
    assert "2026-09-28" in html and "2026-10-20" in html and "<td>咨询</td>" in html


# ----------------------------------------------------------------------------- as_of
def test_as_of_shift_moves_every_date():
    shift = dt.timedelta(days=30)
    a, b = build_site(AS_OF), build_site(AS_OF + shift)
    date_re = re.compile(rb"(\d{4})-(\d\d)-(\d\d)")
    for path in ("/", "/xwzx/gzdt/", "/zwgk/tzgg/index_1.html", "/zwgk/zcwj/", "/zfxxgk/ml/"):
        da = [dt.date(*map(int, m)) for m in date_re.findall(a.lookup("site", path).body)]
        db = [dt.date(*map(int, m)) for m in date_re.findall(b.lookup("site", path).body)]
        assert da and [d + shift for d in da] == db, path
    assert a.lookup("site", "/").body != b.lookup("site", "/").body


def test_no_broken_link_that_is_not_planted():
    """Every static link (a/img/link/script, outside comments and scripts) works unless planted."""
    from urllib.parse import urljoin

    import lxml.html

    from govsite.sample.answers import answers_for as _answers

    base, ext = "http://127.0.0.1:8800", "http://127.0.0.2:8800"
    site = build_site(AS_OF, ext_base_url=ext)
    planted = {f["url"] for f in _answers(site, base, ext)["findings"] if f["rule_id"].startswith("link.")}
    bad = []
    for (host, path), res in site.resources.items():
        if host != "site" or res.status != 200 or not res.content_type.startswith("text/html"):
            continue
        try:
            doc = lxml.html.fromstring(res.body.decode("utf-8"))
        except UnicodeDecodeError:
            doc = lxml.html.fromstring(res.body.decode("gbk"))
        for el in doc.iter("a", "img", "link", "script"):
            href = el.get("href") or el.get("src")
            if not href or href.startswith(("javascript:", "mailto:")) or href in planted:
                continue
            url = urljoin(base + path, href)
            parts = urlsplit(url)
            key = {"127.0.0.1:8800": "site", "127.0.0.2:8800": "ext"}.get(parts.netloc)
            if url in planted or key is None:
                continue
            target = site.lookup(key, parts.path)
            if target is None or target.status >= 400:
                bad.append((path, href))
    assert not bad
