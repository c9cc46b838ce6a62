"""The rectification states over hand-made stored scans: a claim is verified only by a later
complete scan, an incomplete one verifies nothing, an approved explanation is an acknowledgement."""
from __future__ import annotations

from datetime import date

import pytest
from console_store import GOV, SITE, TOWN, A, B, C, add_scan, cheap_hashes, finding  # noqa: F401 - autouse

from govsite import claims
from govsite.store import audit
from govsite.store.acks import acks_in_force
from govsite.store.claims import get_claim
from govsite.store.console_reads import findings_of_claims, scan_findings
from govsite.store.db import create_scan, open_store, site_of

DAY = date(2026, 11, 27)


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "c.sqlite")


def _stored(store, scan_id, key):
    return next(f for f in scan_findings(store, scan_id) if f.key == key)


def test_claim_then_a_complete_scan_verifies_fixed_and_not_fixed(store):
    first = add_scan(store, DAY, [A, B, C])
    site_id = site_of(store, SITE)
    a, b = _stored(store, first, A.identity(SITE)), _stored(store, first, B.identity(SITE))
    claims.mark_fixed(store, site_id, a, claims.OPEN, "unit1", "10.0.0.1", "已修复链接")
    claims.mark_fixed(store, site_id, b, claims.OVERDUE, "unit2", "10.0.0.2", "已更新")
    assert get_claim(store, site_id, a.key).state == claims.CLAIMED
    assert get_claim(store, site_id, a.key).claimed_scan_id == first

    # an incomplete scan without either finding proves nothing
    broken = add_scan(store, DAY, [], status="incomplete")
    assert claims.verify_claims(store, broken) == {}
    assert get_claim(store, site_id, a.key).state == claims.CLAIMED

    # the next complete scan: A is gone (fixed), B still there (not fixed)
    second = add_scan(store, date(2026, 12, 4), [B, C])
    assert claims.verify_claims(store, second) == {a.key: claims.VERIFIED, b.key: claims.FAILED}
    b_claim = get_claim(store, site_id, b.key)
    assert b_claim.state == claims.FAILED and b_claim.failed_times == 1 and b_claim.verified_scan_id == second
    history = audit.entries_for(store, site_id, a.key)
    assert [(h.action, h.account) for h in history] == [(claims.VERIFIED, f"扫描#{second}"),
                                                        (claims.CLAIMED, "unit1")]
    # 复核通过 findings stay readable from the scan they were claimed from, filtered by unit
    assert [f.key for f in findings_of_claims(store, site_id, claims.VERIFIED)] == [a.key]
    assert findings_of_claims(store, site_id, claims.VERIFIED, [TOWN]) == []
    # running it again changes nothing: the claims are no longer waiting
    assert claims.verify_claims(store, second) == {}


def test_a_claim_made_while_a_scan_runs_waits_for_a_later_one(store):
    first = add_scan(store, DAY, [A])
    site_id = site_of(store, SITE)
    running = create_scan(store, SITE, DAY, "test", {}, {})        # started, not finished
    claims.mark_fixed(store, site_id, _stored(store, first, A.identity(SITE)), claims.OPEN, "u", "", "修好了")
    assert get_claim(store, site_id, A.identity(SITE)).claimed_scan_id == running
    from govsite.store.db import finish_scan
    finish_scan(store, running, "complete")       # it crawled before the fix: it cannot judge it
    assert claims.verify_claims(store, running) == {}
    later = add_scan(store, DAY, [])
    assert claims.verify_claims(store, later) == {A.identity(SITE): claims.VERIFIED}


def test_explanation_approved_becomes_an_acknowledgement_until_the_day(store):
    first = add_scan(store, DAY, [A, B])
    site_id = site_of(store, SITE)
    a, b = _stored(store, first, A.identity(SITE)), _stored(store, first, B.identity(SITE))
    claims.request_explanation(store, site_id, a, claims.OPEN, "unit1", "", "链接指向的系统已停用")
    claims.request_explanation(store, site_id, b, claims.OPEN, "unit2", "", "本栏目本年度无新信息")
    with pytest.raises(claims.NotAllowed):          # no fix claim while the centre decides
        claims.mark_fixed(store, site_id, a, claims.EXPLAINING, "unit1", "", "")
    claims.decide(store, site_id, SITE, a, claims.EXPLAINING, "admin", "", True, date(2026, 12, 31), "同意")
    claims.decide(store, site_id, SITE, b, claims.EXPLAINING, "admin", "", False, None, "应按期更新")
    assert get_claim(store, site_id, a.key).state == claims.APPROVED
    assert get_claim(store, site_id, b.key).state == claims.REJECTED
    assert dict(acks_in_force(store, SITE, date(2026, 12, 1))) == {a.key: "链接指向的系统已停用"}
    assert acks_in_force(store, SITE, date(2027, 1, 1)) == []
    # a rejected one may be fixed or explained again
    claims.mark_fixed(store, site_id, b, claims.REJECTED, "unit2", "", "已更新")
    with pytest.raises(claims.NotAllowed):
        claims.decide(store, site_id, SITE, b, claims.CLAIMED, "admin", "", True, None, "")


def test_status_of_a_finding_on_a_day():
    due = date(2026, 12, 1)
    assert claims.status_of(None, due, date(2026, 12, 1)) == claims.OPEN
    assert claims.status_of(None, due, date(2026, 12, 2)) == claims.OVERDUE
    assert claims.status_of(None, None, date(2030, 1, 1)) == claims.OPEN
    from dataclasses import replace

    from govsite.store.claims import Claim
    base = Claim(1, "k", "u", claims.FAILED, "", "", 1, 1, 2, 1, None, DAY, "扫描#2")
    assert claims.status_of(base, due, date(2026, 12, 2)) == claims.OVERDUE
    assert claims.status_of(replace(base, state=claims.CLAIMED), due, date(2026, 12, 2)) == claims.CLAIMED
    approved = replace(base, state=claims.APPROVED, until=date(2026, 12, 10))
    assert claims.status_of(approved, due, date(2026, 12, 10)) == claims.APPROVED
    assert claims.status_of(approved, due, date(2026, 12, 11)) == claims.OVERDUE     # acceptance ran out


def test_a_store_only_scanned_gets_no_console_tables_and_the_first_use_makes_them(tmp_path):
    from sqlalchemy import inspect

    from govsite.store.console_schema import ensure_console_tables
    store = open_store(tmp_path / "plain.sqlite")
    scan_id = add_scan(store, DAY, [A])
    assert claims.verify_claims(store, scan_id) == {}           # the pipeline's hook on a plain store
    names = set(inspect(store.engine).get_table_names())
    assert not any(n.startswith("console_") for n in names)
    again = open_store(tmp_path / "plain.sqlite")               # another process, say `govsite serve`
    ensure_console_tables(again)
    ensure_console_tables(again)                                # once is enough, twice is harmless
    assert {"console_accounts", "console_claims", "console_audit", "console_uploads",
            "console_login_attempts"} <= set(inspect(again.engine).get_table_names())


def test_the_loop_and_the_unit_filter_on_postgresql(postgres_url):
    """The same tables and queries on a PostgreSQL store ("key" is a reserved word there)."""
    from govsite.console.auth import create_account, sign_in
    store = open_store(postgres_url)
    first = add_scan(store, DAY, [A, B])
    site_id = site_of(store, SITE)
    create_account(store, "gov", "unit", ["县政府办"], "gov-password")
    assert sign_in(store, "gov", "gov-password", "10.0.0.1").account.units == ["县政府办"]
    a = _stored(store, first, A.identity(SITE))
    claims.mark_fixed(store, site_id, a, claims.OPEN, "gov", "10.0.0.1", "已修复")
    second = add_scan(store, date(2026, 12, 4), [B])
    assert claims.verify_claims(store, second) == {a.key: claims.VERIFIED}
    assert [f.key for f in findings_of_claims(store, site_id, claims.VERIFIED, ["县政府办"])] == [a.key]
    assert findings_of_claims(store, site_id, claims.VERIFIED, [TOWN]) == []
    assert [f.unit for f in scan_findings(store, second, [TOWN])] == [TOWN]


def test_the_next_scan_fetches_again_the_pages_of_claims_awaiting_review(store):
    from govsite.crawler.previous import PreviousScan

    broken_link = finding("link.broken", "files/gone.pdf", GOV, message="链接打不开或错误")
    broken_link.pages = [SITE + "xwzx/gzdt/b.html", SITE + "xwzx/gzdt/c.html"]
    first = add_scan(store, DAY, [A, B, broken_link])
    site_id = site_of(store, SITE)
    second = create_scan(store, SITE, DAY, "test", {}, {})
    assert claims.pages_to_recheck(store, second) == set()       # nothing claimed yet
    for f in (A, broken_link):
        claims.mark_fixed(store, site_id, _stored(store, first, f.identity(SITE)), claims.OPEN, "u", "", "已改")
    claims.request_explanation(store, site_id, _stored(store, first, B.identity(SITE)), claims.OPEN, "u", "",
                               "本栏目已撤销")
    urls = claims.pages_to_recheck(store, second)
    # the finding's URL and the pages it was found on; a request for acceptance needs no fetch
    assert urls == {A.url, broken_link.url, *broken_link.pages}
    previous = PreviousScan(store, first, checks={A.url: object(), B.url: object()})
    previous.recheck(urls)
    assert set(previous.checks) == {B.url}
