"""Alerts after a nightly scan: new veto-level findings and columns about to go stale.

Sent by e-mail (SMTP settings in the profile's `alerts:` section) and, optionally, to a
WeCom/DingTalk-style webhook (a JSON POST of {"msgtype": "text", "text": {"content": ...}}).
"""
from __future__ import annotations

import json
import smtplib
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage

from govsite.profile import Profile
from govsite.store.db import Store
from govsite.store.history import finding_keys, previous_complete_scan, read_scan, scan_columns, scan_findings


@dataclass
class Alert:
    site: str
    scan_id: int
    subject: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.subject + "\n\n" + "\n".join(self.lines)


def build_alert(store: Store, scan_id: int, profile: Profile) -> Alert | None:
    """What is worth waking someone for after `scan_id`, or None when nothing is."""
    within = int(profile.get("alerts.stale_within_days"))
    scan = read_scan(store, scan_id)
    # Compared with the last *complete* scan: an interrupted one lacks findings, and every
    # finding it missed would come back as "new" tonight.
    previous = previous_complete_scan(store, scan.start_url, scan_id)
    old_keys = finding_keys(store, previous.id) if previous else set()
    vetoes = [f for f in scan_findings(store, [scan_id], severity="veto")
              if f.key not in old_keys and not f.accepted]
    columns = [c for c in scan_columns(store, scan_id)
               if c.limit_county_days is not None and c.age_days is not None
               and 0 <= c.limit_county_days - c.age_days <= within]
    old_score = previous.score if previous else {}
    # Veto items of the national score (e.g. >= 5 stale key columns) that the last scan did not have.
    old_items = {v["indicator"].split("：")[0] for v in old_score.get("vetoes", [])}
    score_vetoes = [v for v in (scan.score or {}).get("vetoes", [])
                    if v["indicator"].split("：")[0] not in old_items]
    if not vetoes and not columns and not score_vetoes:
        return None
    alert = Alert(scan.start_url, scan_id,
                  f"[govsite] {scan.start_url}: {len(vetoes) + len(score_vetoes)} new veto item(s), "
                  f"{len(columns)} column(s) due within {within} days ({scan.as_of})")
    for v in score_vetoes:
        alert.lines.append(f"单项否决 {v['indicator']} ({', '.join(v['rule_ids'])})")
    for f in vetoes:
        alert.lines.append(f"单项否决 {f.rule_id}: {f.message} — {f.url} ({f.evidence[:200]})")
    for c in columns:
        left = c.limit_county_days - c.age_days
        alert.lines.append(f"即将超期 {c.column} ({c.unit or '未指定单位'}): {c.age_days} 天未更新，"
                           f"{left} 天内须更新 — {c.column_url}")
    return alert


def send_mail(msg: EmailMessage, profile: Profile, timeout: float = 30.0) -> None:
    """Send `msg` through the SMTP server of the profile's `alerts:` section."""
    a = profile.section("alerts")
    with smtplib.SMTP(a["smtp_host"], int(a.get("smtp_port") or 25), timeout=timeout) as smtp:
        if a.get("smtp_starttls"):
            smtp.starttls()
        if a.get("smtp_user"):
            smtp.login(a["smtp_user"], a.get("smtp_password") or "")
        smtp.send_message(msg)


def send_alert(alert: Alert, profile: Profile, timeout: float = 30.0) -> list[str]:
    """Send by every channel the profile configures; returns the channels used."""
    a = profile.section("alerts")
    sent = []
    if a.get("smtp_host") and a.get("mail_to"):
        msg = EmailMessage()
        msg["Subject"] = alert.subject
        msg["From"] = a.get("mail_from") or "govsite@localhost"
        msg["To"] = ", ".join(a["mail_to"])
        msg.set_content(alert.text)
        send_mail(msg, profile, timeout)
        sent.append("mail")
    if a.get("webhook_url"):
        body = json.dumps({"msgtype": "text", "text": {"content": alert.text}},
                          ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(a["webhook_url"], data=body, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            resp.read()
        sent.append("webhook")
    return sent
