"""整改通知单 per unit, and the weekly mail of each unit's notice and scorecard to a real SMTP
server (aiosmtpd on 127.0.0.1), on the hand-made store of test_reports_store."""
from __future__ import annotations

import socket
import time
from datetime import date
from email import message_from_bytes, policy

import pytest
import yaml
from aiosmtpd.controller import Controller
from docx import Document
from test_reports_store import SITE, U, build_store

from govsite.checks.catalog import fix_for
from govsite.profile import load_profile
from govsite.reports.notices import build_notices, write_notices
from govsite.reports.weeks import ReportError
from govsite.unit_mail import mail_units

PROFILE = load_profile()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("store") / "n.sqlite")


def _table(path) -> list[dict]:
    table = Document(str(path)).tables[0]
    header = [c.text for c in table.rows[0].cells]
    return [dict(zip(header, (c.text for c in row.cells))) for row in table.rows[1:]]


def test_every_unit_gets_exactly_its_open_findings(store, tmp_path):
    paths = write_notices(store, SITE, "2026-W48", tmp_path, profile=PROFILE)
    notices = build_notices(store, SITE, "2026-W48", profile=PROFILE)
    assert [p.name for p in paths] == [f"整改通知单-2026-W48-{n.unit}.docx" for n in notices]
    # W48 (scan 4): B 蜂岩镇动态 stale, C 在线访谈 empty, F link.broken 通知公告, I link.slow
    # 工作动态 re-opened, G/H site findings; A and D were fixed and E is accepted: in no notice.
    by_unit = {n.unit: sorted(f["rule_id"] for f in n.findings) for n in notices}
    assert by_unit["县政府办"] == ["link.broken", "link.slow"]
    assert by_unit["蜂岩镇人民政府"] == ["column.stale"]
    assert by_unit["县融媒体中心"] == ["column.empty"]
    assert "县人力资源和社会保障局" not in by_unit            # D fixed in W48
    assert not any(f["rule_id"] == "footer.icp_missing" for n in notices for f in n.findings)
    for notice, path in zip(notices, paths):
        rows = _table(path)
        assert [r["问题"] for r in rows] == [f["message"] for f in notice.findings]
        for row, f in zip(rows, notice.findings):
            assert row["要修改的页面"] and row["要修改的页面"] == f["page"]
            assert row["整改要求"] == fix_for(f["rule_id"]) != ""
            assert row["整改期限"].startswith(f["deadline_zh"])
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        assert notice.unit + "：" in text and "凤冈县人民政府办公室" in text


def test_deadline_by_severity_and_overdue(store):
    notices = {n.unit: n for n in build_notices(store, SITE, "2026-W48", profile=PROFILE)}
    (stale,) = notices["蜂岩镇人民政府"].findings
    # first seen 2026-11-17 (scan 1), deduct: 5 working days -> 2026-11-24, open on 2026-11-27
    assert stale["deadline_zh"] == "2026-11-24" and stale["overdue"]
    (broken,) = [f for f in notices["县政府办"].findings if f["rule_id"] == "link.broken"]
    # first seen 2026-11-27: due 2026-12-04, not overdue; the page to edit carries the link
    assert broken["deadline_zh"] == "2026-12-04" and not broken["overdue"]
    assert broken["page"] == broken["url"]        # the hand-made store keeps no finding_pages


def test_notice_of_one_unit_and_unknown_unit(store, tmp_path):
    (path,) = write_notices(store, SITE, "2026-W48", tmp_path, profile=PROFILE, unit="县融媒体中心")
    assert [r["问题"] for r in _table(path)] == [f["message"] for f in build_notices(
        store, SITE, "2026-W48", profile=PROFILE, unit="县融媒体中心")[0].findings]
    with pytest.raises(ReportError, match="no open finding"):
        write_notices(store, SITE, "2026-W48", tmp_path, profile=PROFILE, unit="不存在的单位")


class _Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_each_unit_is_mailed_its_notice_and_scorecard(store, tmp_path):
    box, port = _Mailbox(), _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    emails = {"县政府办": "zfb@fg.test", "蜂岩镇人民政府": "fyz@fg.test", "县融媒体中心": "rmt@fg.test"}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"alerts": {"smtp_host": "127.0.0.1", "smtp_port": port},
                                    "notices": {"unit_emails": emails, "contact": "张三",
                                                "phone": "0851-25221234"}}, allow_unicode=True), "utf-8")
    profile = load_profile(path)
    try:
        mails = mail_units(store, SITE, "2026-W48", tmp_path / "out", profile)
        deadline = time.monotonic() + 10
        while len(box.messages) < len(emails) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    assert all(m.sent for m in mails)
    assert sorted(to for tos, _ in box.messages for to in tos) == sorted(emails.values())
    for tos, msg in box.messages:
        (unit,) = [u for u, a in emails.items() if [a] == tos]
        names = sorted(part.get_filename() for part in msg.iter_attachments())
        assert names == sorted([f"整改通知单-2026-W48-{unit}.docx", f"weekly-2026-W48-{unit}.html"])
        assert unit in msg["Subject"]
        docx = next(p for p in msg.iter_attachments() if p.get_filename().endswith(".docx"))
        (tmp_path / "got.docx").write_bytes(docx.get_payload(decode=True))
        assert "联系人：张三" in "\n".join(p.text for p in Document(str(tmp_path / "got.docx")).paragraphs)
        html = next(p for p in msg.iter_attachments() if p.get_filename().endswith(".html"))
        text = html.get_payload(decode=True).decode("utf-8")
        others = set(emails) - {unit}
        assert not any(f"<h2>{o}</h2>" in text for o in others)      # only its own scorecard


def test_report_job_writes_and_mails(store, tmp_path, monkeypatch):
    """The scheduler's weekly job (its clock set to Monday 2026-11-30): scorecards, notices, mail."""
    from govsite import scheduler
    box, port = _Mailbox(), _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"alerts": {"smtp_host": "127.0.0.1", "smtp_port": port},
                                    "schedule": {"out_dir": str(tmp_path / "scans")},
                                    "notices": {"unit_emails": {"县政府办": "zfb@fg.test"}}},
                                   allow_unicode=True), "utf-8")
    monkeypatch.setattr(scheduler, "_today", lambda profile: date(2026, 11, 30))
    try:
        files = scheduler.report_job(SITE, store.url, [str(path)])
        deadline = time.monotonic() + 10
        while not box.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    assert any(f.endswith("weekly-2026-W48.html") for f in files)
    assert any(f.endswith("整改通知单-2026-W48-县政府办.docx") for f in files)
    assert [tos for tos, _ in box.messages] == [["zfb@fg.test"]]
    assert U("") == SITE
