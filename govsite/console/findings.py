"""The findings a console page shows: those of the site's latest complete scan plus those whose
fix the next scan verified (复核通过), each with its status, deadline and claim; and the units
table built from them."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from govsite import claims
from govsite.deadlines import deadline, deadline_text
from govsite.profile import Profile
from govsite.reports.frames import scan_profile
from govsite.store import console_reads
from govsite.store.claims import Claim, claims_of_site
from govsite.store.console_reads import ScanLine, SiteLine
from govsite.store.db import Store
from govsite.store.findings import first_seen_days
from govsite.store.history import StoredFinding

OPEN_STATES = (claims.OPEN, claims.OVERDUE, claims.FAILED, claims.REJECTED, claims.CLAIMED, claims.EXPLAINING)


@dataclass(frozen=True)
class FindingView:
    finding: StoredFinding
    status: str
    first_seen: date
    due: date | None
    due_text: str
    claim: Claim | None


_PROFILES: dict[tuple[str, int], Profile] = {}


def profile_of(store: Store, scan_id: int) -> Profile:
    """The profile scan `scan_id` ran with (its deadlines), read once: a stored scan's profile
    never changes."""
    key = (store.url, scan_id)
    if key not in _PROFILES:
        if len(_PROFILES) > 64:
            _PROFILES.clear()
        _PROFILES[key] = scan_profile(store, scan_id)
    return _PROFILES[key]


def site_findings(store: Store, site: SiteLine, scan: ScanLine, units: list[str] | None, today: date, *,
                  rule: str = "", severity: str = "", unit: str = "", status: str = "") -> list[FindingView]:
    """The findings `units` may see (None: all), filtered, one per key, in stored order."""
    rows = console_reads.scan_findings(store, scan.id, units, rule=rule, severity=severity, unit=unit)
    present = {f.key for f in rows}
    verified = [f for f in console_reads.findings_of_claims(store, site.id, claims.VERIFIED, units, rule=rule,
                                                            severity=severity, unit=unit)
                if f.key not in present]
    acted = claims_of_site(store, site.id, units)
    first = first_seen_days(store, site.start_url, scan.id)
    profile = profile_of(store, scan.id)
    out, seen = [], set()
    dues: dict[tuple[date, str], tuple[date | None, str]] = {}     # working days counted once a day
    for f in rows + verified:
        if f.key in seen:
            continue
        seen.add(f.key)
        first_seen = first.get(f.key, scan.as_of)
        claim = acted.get(f.key)
        if (first_seen, f.severity) not in dues:
            dues[first_seen, f.severity] = (deadline(first_seen, f.severity, profile),
                                            deadline_text(first_seen, f.severity, profile))
        due, due_text = dues[first_seen, f.severity]
        shown = claims.status_of(claim, due, today)
        if claim is None and f.accepted:        # accepted by `govsite ack` or the profile
            shown = claims.APPROVED
        if claim is not None and claim.state == claims.CLAIMED and f.key not in present:
            shown = claims.CLAIMED
        if status and shown != status:
            continue
        out.append(FindingView(f, shown, first_seen, due, due_text, claim))
    return out


def finding_view(store: Store, site: SiteLine, scan: ScanLine, key: str, units: list[str] | None,
                 today: date) -> FindingView | None:
    """One finding by key, or None when `units` may not see it (or there is none)."""
    claim_rows = claims_of_site(store, site.id, units)
    claim = claim_rows.get(key)
    scan_ids = [scan.id] + ([claim.seen_scan_id] if claim is not None else [])
    f = console_reads.finding(store, scan_ids, key, units)
    if f is None:
        return None
    if f.scan_id != scan.id and (claim is None or claim.state not in (claims.VERIFIED, claims.CLAIMED)):
        return None
    first_seen = first_seen_days(store, site.start_url, scan.id).get(key, scan.as_of)
    profile = profile_of(store, scan.id)
    due = deadline(first_seen, f.severity, profile)
    shown = claims.status_of(claim, due, today)
    if claim is None and f.accepted:
        shown = claims.APPROVED
    return FindingView(f, shown, first_seen, due, deadline_text(first_seen, f.severity, profile), claim)


@dataclass(frozen=True)
class UnitLine:
    unit: str
    open: int
    vetoes: int
    overdue: int
    failed: int
    claimed: int
    verified: int


def units_table(views: list[FindingView]) -> list[UnitLine]:
    """One line a unit, worst first: open vetoes, overdue, 整改未通过 (times), open findings."""
    by_unit: dict[str, Counter] = {}
    for v in views:
        c = by_unit.setdefault(v.finding.unit or "（未指定单位）", Counter())
        is_open = v.status in OPEN_STATES
        c["open"] += is_open
        c["vetoes"] += is_open and v.finding.severity == "veto"
        c["overdue"] += v.status == claims.OVERDUE
        c["failed"] += v.claim.failed_times if v.claim else 0
        c["claimed"] += v.status == claims.CLAIMED
        c["verified"] += v.status == claims.VERIFIED
    lines = [UnitLine(u, c["open"], c["vetoes"], c["overdue"], c["failed"], c["claimed"], c["verified"])
             for u, c in by_unit.items()]
    return sorted(lines, key=lambda u: (-u.vetoes, -u.overdue, -u.failed, -u.open, u.unit))
