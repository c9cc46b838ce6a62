"""The rectification loop (整改): findings followed from scan to scan, and accepted exceptions.

A finding's identity is its key (rule + URL within the site + column, see models.finding_key).
Over the complete scans of a site, in order, a key is:
- first seen in the first scan that has it, last seen in the last one;
- fixed when a later complete scan no longer has it (fixed on that scan's as-of day);
- re-opened when it comes back after having been fixed.
Incomplete scans are ignored: a crawl that died half-way proves nothing fixed.

A finding can be accepted with a reason (e.g. 本年度无人事变动), in the profile's `acks:` list or
with `govsite ack`; while the reason lasts it stays out of the score and reports show it as such.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from govsite.models import finding_key
from govsite.profile import Profile
from govsite.store.acks import acks_in_force, save_ack
from govsite.store.db import Store
from govsite.store.history import complete_scan_days, scan_findings


@dataclass
class FindingState:
    key: str
    rule_id: str
    url: str
    column: str
    unit: str
    severity: str
    message: str
    first_seen: date
    last_seen: date
    fixed_on: date | None
    reopened_on: date | None
    status: str            # open, fixed, reopened


def add_ack(store: Store, site: str, rule_id: str, url: str, column: str, reason: str,
            until: date | None) -> str:
    """Record an accepted finding; returns its key."""
    key = finding_key(rule_id, url, column, site)
    save_ack(store, site, key, rule_id, url, column, reason, until)
    return key


def active_acks(store: Store, profile: Profile, site: str, as_of: date) -> dict[str, str]:
    """key -> reason of every acknowledgement in force on `as_of` (store and profile)."""
    acks: dict[str, str] = {}
    for entry in profile.get("acks") or []:
        until = entry.get("until")
        if until and date.fromisoformat(str(until)) < as_of:
            continue
        key = finding_key(entry["rule_id"], entry.get("url", site), entry.get("column", ""), site)
        acks[key] = str(entry.get("reason", ""))
    acks.update(acks_in_force(store, site, as_of))
    return acks


def lifecycle(store: Store, site: str, until_scan: int | None = None) -> list[FindingState]:
    """Every finding key ever seen on the complete scans of `site` (up to `until_scan`)."""
    states: dict[str, FindingState] = {}
    for scan_id, as_of in complete_scan_days(store, site, until_scan):
        present = set()
        for r in scan_findings(store, [scan_id]):
            present.add(r.key)
            st = states.get(r.key)
            if st is None:
                states[r.key] = FindingState(r.key, r.rule_id, r.url, r.column, r.unit, r.severity,
                                             r.message, as_of, as_of, None, None, "open")
                continue
            if st.status == "fixed":
                st.status, st.reopened_on, st.fixed_on = "reopened", as_of, None
            st.last_seen, st.message, st.url = as_of, r.message, r.url
        for key, st in states.items():
            if key not in present and st.status in ("open", "reopened"):
                st.status, st.fixed_on = "fixed", as_of
    return list(states.values())
