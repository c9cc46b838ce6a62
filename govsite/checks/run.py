"""Running the registered checks over one stored scan (store/findings.py saves what they find)."""
from __future__ import annotations

from govsite import progress
from govsite.checks.catalog import load_all
from govsite.models import Finding
from govsite.profile import Profile
from govsite.scan.view import ScanView

_SEVERITY_ORDER = {"veto": 0, "deduct": 1, "warn": 2}


def run_checks(data: ScanView, profile: Profile, only: set[str] | None = None) -> list[Finding]:
    """Every registered rule (or those in `only`) over `data`, sorted veto first."""
    findings: list[Finding] = []
    chosen = [(rule_id, r) for rule_id, r in load_all().items() if not only or rule_id in only]
    for n, (rule_id, r) in enumerate(chosen, 1):
        progress.show("checks", f"{n}/{len(chosen)} {rule_id}")
        findings.extend(r.run(data, profile))
    findings.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), f.rule_id, f.column_url, f.url))
    return findings
