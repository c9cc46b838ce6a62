"""findings.csv's deadline column (reports/outputs.py)."""
from __future__ import annotations

import csv
from datetime import date

from govsite.deadlines import deadline_text
from govsite.models import Finding
from govsite.profile import load_profile
from govsite.reports import outputs


def _finding(n: int, severity: str) -> Finding:
    return Finding(rule_id="article.missing_title", severity=severity, standard="county", clause="",
                   url=f"http://127.0.0.1/{n}.html", message="缺少标题")


def test_deadlines_are_counted_once_a_first_seen_day_and_severity(tmp_path, monkeypatch):
    profile = load_profile()
    findings = [_finding(n, "deduct" if n % 2 else "veto") for n in range(6)]
    keys = [f"k{n}" for n in range(6)]
    first_seen = {"k0": date(2026, 11, 2), "k1": date(2026, 11, 2)}     # the rest: first seen today
    counted = []
    monkeypatch.setattr(outputs, "deadline_text",
                        lambda day, severity, profile: counted.append((day, severity)) or deadline_text(day, severity, profile))
    path = outputs.write_findings(tmp_path, findings, keys, first_seen, date(2026, 11, 27), profile)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["deadline"] for r in rows] == [
        deadline_text(first_seen.get(k, date(2026, 11, 27)), f.severity, profile) for f, k in zip(findings, keys)]
    assert sorted(counted) == [(date(2026, 11, 2), "deduct"), (date(2026, 11, 2), "veto"),
                               (date(2026, 11, 27), "deduct"), (date(2026, 11, 27), "veto")]
