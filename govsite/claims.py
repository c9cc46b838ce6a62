"""The console's rectification states (工单流转), one finding of one site at a time.

待整改 (in the latest complete scan, nobody acted) → 已整改待复核 (a unit says it is fixed, with a
note and maybe a screenshot; the newest scan of the site at that moment is remembered) → after the
next *complete* scan of the site with a greater id: 复核通过 when that scan no longer has the
finding, 整改未通过 when it does (reopened, counted against the unit).  申请说明中 (a unit asks the
centre to accept the finding) → 已同意说明 (recorded as `govsite ack` does, kept out of the score
until a day) or 说明被驳回.  逾期: 待整改 or 整改未通过 past its 整改期限 (deadlines.py).
Every change is written to the audit log; incomplete scans verify nothing.
"""
from __future__ import annotations

from datetime import date

from govsite.deadlines import overdue
from govsite.errors import BadInput
from govsite.rectification import add_ack
from govsite.store import audit
from govsite.store.claims import (
    Claim,
    claims_in_state,
    get_claim,
    keys_of_scan,
    newest_scan_id,
    pages_of_claims,
    save_claim,
    site_and_status_of_scan,
)
from govsite.store.history import StoredFinding

OPEN = "待整改"
CLAIMED = "已整改待复核"
VERIFIED = "复核通过"
FAILED = "整改未通过"
EXPLAINING = "申请说明中"
APPROVED = "已同意说明"
REJECTED = "说明被驳回"
OVERDUE = "逾期"
STATUSES = (OPEN, OVERDUE, FAILED, REJECTED, CLAIMED, EXPLAINING, APPROVED, VERIFIED)
# The states in which a unit may say it fixed a finding or ask to have it accepted.
ACTIONABLE = (OPEN, FAILED, OVERDUE, REJECTED)


class NotAllowed(BadInput):
    """The action does not apply to the finding's present state."""


def status_of(claim: Claim | None, due: date | None, today: date) -> str:
    """The status a finding shows on `today`: its claim's state, 逾期 when open past `due`; an
    acceptance whose day has passed is open again."""
    state = claim.state if claim is not None else OPEN
    if state == APPROVED and claim.until is not None and claim.until < today:
        state = OPEN
    if state in (OPEN, FAILED) and overdue(due, today):
        return OVERDUE
    return state


def _require(status: str, allowed: tuple[str, ...], what: str) -> None:
    if status not in allowed:
        raise NotAllowed(f"状态为{status}的问题不能{what}")


def mark_fixed(store, site_id: int, finding: StoredFinding, status: str, account: str, address: str,
               note: str, upload_id: str | None = None) -> Claim:
    """A unit says `finding` (shown with `status`) is fixed: 已整改待复核 until the next complete scan."""
    _require(status, ACTIONABLE, "提交整改")
    claim = save_claim(store, site_id, finding.key, unit=finding.unit, state=CLAIMED, note=note,
                       seen_scan_id=finding.scan_id, claimed_scan_id=newest_scan_id(store, site_id) or 0,
                       verified_scan_id=None, updated_by=account)
    detail = note + (f"（截图 {upload_id}）" if upload_id else "")
    audit.log(store, account, CLAIMED, address=address, site_id=site_id, target=finding.key, detail=detail)
    return claim


def request_explanation(store, site_id: int, finding: StoredFinding, status: str, account: str,
                        address: str, reason: str) -> Claim:
    """A unit asks the centre to accept `finding` for `reason`: 申请说明中."""
    _require(status, ACTIONABLE, "申请说明")
    if not reason.strip():
        raise NotAllowed("请填写说明理由")
    claim = save_claim(store, site_id, finding.key, unit=finding.unit, state=EXPLAINING, reason=reason,
                       seen_scan_id=finding.scan_id, updated_by=account)
    audit.log(store, account, EXPLAINING, address=address, site_id=site_id, target=finding.key, detail=reason)
    return claim


def decide(store, site_id: int, site_url: str, finding: StoredFinding, status: str, account: str,
           address: str, approve: bool, until: date | None, note: str) -> Claim:
    """The centre approves (已同意说明: an acknowledgement until `until`, as `govsite ack` records
    it) or rejects (说明被驳回) a request to accept `finding`."""
    _require(status, (EXPLAINING,), "审核说明")
    previous = get_claim(store, site_id, finding.key)
    reason = (previous.reason if previous else "") or note
    if approve:
        add_ack(store, site_url, finding.rule_id, finding.url, finding.column, reason, until)
        state = APPROVED
    else:
        state = REJECTED
    claim = save_claim(store, site_id, finding.key, state=state, until=until if approve else None,
                       updated_by=account)
    detail = "；".join(part for part in (f"至{until}" if approve and until else "", note) if part)
    audit.log(store, account, state, address=address, site_id=site_id, target=finding.key, detail=detail)
    return claim


def verify_claims(store, scan_id: int) -> dict[str, str]:
    """After scan `scan_id`: every 已整改待复核 claim of its site made before it becomes 复核通过
    (the scan no longer has the finding) or 整改未通过 (it has).  Only a complete scan verifies;
    returns key -> new state."""
    site_id, status = site_and_status_of_scan(store, scan_id)
    if site_id is None or status != "complete":
        return {}
    pending = [c for c in claims_in_state(store, site_id, CLAIMED) if (c.claimed_scan_id or 0) < scan_id]
    present = keys_of_scan(store, scan_id, [c.key for c in pending])
    done = {}
    for c in pending:
        if c.key in present:
            save_claim(store, site_id, c.key, state=FAILED, verified_scan_id=scan_id, seen_scan_id=scan_id,
                       failed_times=c.failed_times + 1, updated_by=f"扫描#{scan_id}")
            done[c.key] = FAILED
        else:
            save_claim(store, site_id, c.key, state=VERIFIED, verified_scan_id=scan_id,
                       updated_by=f"扫描#{scan_id}")
            done[c.key] = VERIFIED
        audit.log(store, f"扫描#{scan_id}", done[c.key], site_id=site_id, target=c.key,
                  detail=f"扫描#{scan_id}{'仍发现该问题' if done[c.key] == FAILED else '未再发现该问题'}")
    return done


def pages_to_recheck(store, scan_id: int) -> set[str]:
    """The URLs scan `scan_id` must fetch again whatever the last scan saw: the pages of the
    claims awaiting review (已整改待复核).  A re-scan takes a page fetched within
    crawl.revalidate_days from the last scan without a request, and would report a repaired
    finding still there."""
    site_id, _ = site_and_status_of_scan(store, scan_id)
    return pages_of_claims(store, site_id, CLAIMED) if site_id is not None else set()
