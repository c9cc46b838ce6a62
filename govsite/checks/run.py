"""Running the registered checks over one stored scan and saving their findings."""
from __future__ import annotations

from sqlalchemy import delete, insert

from govsite.checks.data import ScanData
from govsite.checks.registry import load_all
from govsite.models import Finding
from govsite.profile import Profile
from govsite.store.db import Store
from govsite.store.schema import FindingRow

_SEVERITY_ORDER = {"veto": 0, "deduct": 1, "warn": 2}


def run_checks(data: ScanData, profile: Profile, only: set[str] | None = None) -> list[Finding]:
    """Every registered rule (or those in `only`) over `data`, sorted veto first."""
    findings: list[Finding] = []
    for rule_id, r in load_all().items():
        if only and rule_id not in only:
            continue
        findings.extend(r.func(data, profile))
    findings.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), f.rule_id, f.column_url, f.url))
    return findings


def save_findings(store: Store, scan_id: int, findings: list[Finding]) -> None:
    """Replace the stored findings of `scan_id` (a re-check overwrites, never duplicates)."""
    with store.engine.begin() as conn:
        conn.execute(delete(FindingRow).where(FindingRow.scan_id == scan_id))
        if findings:
            conn.execute(insert(FindingRow), [dict(f.as_row(), scan_id=scan_id) for f in findings])
