"""The rows the scan view reads of one stored scan (store/scan_reads.py)."""
from __future__ import annotations

import zlib
from datetime import date

from sqlalchemy import select

from govsite.models import LinkCheck
from govsite.scan.load import previous_scan
from govsite.store import scan_reads
from govsite.store.db import create_scan, finish_scan, open_store
from govsite.store.page_rows import PageRowWriter, stored_final_url
from govsite.store.scan_reads import ScanRows
from govsite.store.schema import AttachmentRow, LinkCheckRow

A = "http://127.0.0.1/"


def test_the_view_reads_link_checks_and_attachments_as_the_crawler_made_them(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    scan_id = create_scan(store, A, date(2026, 11, 27), "", {}, {})
    checks = [LinkCheck(A + "ok.html", True, "HEAD", 200, A + "ok.html", 0.2, None, "", "text/html", 10,
                        date(2026, 11, 27)),
              LinkCheck(A + "moved", True, "GET", 200, A + "new.html", 0.5, None, "", None, None,
                        date(2026, 11, 20)),
              LinkCheck(A + "gone.html", True, "GET", 404, None, 1.5, "http", "404", None, None, None),
              LinkCheck("mailto:x@y.cn", False)]
    writer = PageRowWriter(store.url)
    writer.link_checks.extend(
        (scan_id, c.url, c.checked, c.method, c.status, stored_final_url(c.url, c.final_url), c.elapsed,
         c.error_class, c.detail, c.content_type, c.content_length, c.checked_on) for c in checks)
    writer.flush()
    writer.close()
    with store.session() as s:
        s.add_all([AttachmentRow(scan_id=scan_id, url=A + "a.pdf", status="scanned", reason="",
                                 text=zlib.compress("附件正文".encode()), content_type="application/pdf", size=9),
                   AttachmentRow(scan_id=scan_id, url=A + "b.doc", status="not scanned", reason="too large",
                                 text=None, content_type=None, size=None)])
        s.commit()
        stored = [r.as_link_check() for r in s.scalars(select(LinkCheckRow))]
    rows = ScanRows(store, scan_id)
    def by_url(found: list[LinkCheck]) -> list[LinkCheck]:
        return sorted(found, key=lambda c: c.url)
    assert by_url(rows.checks) == by_url(stored) == by_url(checks)
    assert rows.attachments == [(A + "a.pdf", "scanned", "", "附件正文", "application/pdf", 9),
                                (A + "b.doc", "not scanned", "too large", "", None, None)]


def test_the_last_scans_script_hosts_are_read_when_first_asked(tmp_path, monkeypatch):
    store = open_store(tmp_path / "s.sqlite")
    first = create_scan(store, A, date(2026, 11, 26), "", {}, {})
    finish_scan(store, first, "complete")
    second = create_scan(store, A, date(2026, 11, 27), "", {}, {})
    reads = []
    monkeypatch.setattr(scan_reads, "embedded_targets",
                        lambda store, scan_id: reads.append(scan_id) or ["https://hm.baidu.com/hm.js"])
    previous = previous_scan(store, A, second)
    assert previous.scan_id == first and reads == []
    assert previous.embedded_hosts() == {"hm.baidu.com"} == previous.embedded_hosts()
    assert reads == [first]
