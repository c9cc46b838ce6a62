"""The weekly mail to each unit: its own 整改通知单 (docx) and its own scorecard (HTML), sent to the
address the profile gives it (`notices.unit_emails`) through the SMTP server of `alerts:`.

A unit without an address, or without open findings and columns, gets no mail; one that cannot be
sent is logged and the others still go.
"""
from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from govsite.alerts import send_mail
from govsite.profile import Profile
from govsite.reports.notices import build_notices, notice_file_name, write_notice_docx
from govsite.reports.weekly import write_weekly_report
from govsite.store.db import Store

log = logging.getLogger(__name__)


@dataclass
class UnitMail:
    unit: str
    address: str
    files: list[Path] = field(default_factory=list)
    sent: bool = False
    error: str = ""


def mail_units(store: Store, site: str, week: str, out_dir: Path, profile: Profile,
               timeout: float = 30.0) -> list[UnitMail]:
    """Write each unit's notice and scorecard of `week` into `out_dir`/units and mail them to the
    units of `notices.unit_emails` (nothing is sent without an SMTP host)."""
    addresses = profile.get("notices.unit_emails") or {}
    smtp_host = profile.get("alerts.smtp_host")
    sender = profile.get("alerts.mail_from") or "govsite@localhost"
    issuer = profile.get("notices.issuer") or ""
    out_dir = Path(out_dir) / "units"
    out_dir.mkdir(parents=True, exist_ok=True)
    notices = {n.unit: n for n in build_notices(store, site, week, profile)}
    mails = []
    for unit, address in sorted(addresses.items()):
        mail = UnitMail(unit, str(address))
        mails.append(mail)
        notice = notices.get(unit)
        if notice is not None:
            mail.files.append(write_notice_docx(notice, profile, out_dir / notice_file_name(notice)))
        try:
            mail.files.append(write_weekly_report(store, site, week, out_dir, unit=unit, profile=profile)[0])
        except Exception as exc:  # noqa: BLE001 - a unit without columns or findings this week
            log.info("no scorecard for %s in %s: %s", unit, week, exc)
        if not mail.files or not smtp_host:
            continue
        msg = EmailMessage()
        count = len(notice.findings) if notice else 0
        msg["Subject"] = f"{issuer}：{unit} {week} 网站检查整改通知（{count}个问题）"
        msg["From"], msg["To"] = sender, mail.address
        msg.set_content(f"{unit}：\n\n附件是你单位 {week} 的网站检查计分卡"
                        + ("和整改通知单，请按通知单所列页面、整改要求和整改期限完成整改。" if notice
                           else "；本周没有须整改的问题。") + f"\n\n{issuer}")
        for path in mail.files:
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            maintype, subtype = ctype.split("/", 1)
            msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
        try:
            send_mail(msg, profile, timeout)
            mail.sent = True
        except OSError as exc:
            mail.error = str(exc)
            log.error("mail to %s <%s> could not be sent: %s", unit, mail.address, exc)
    return mails
