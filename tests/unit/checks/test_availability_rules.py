"""site.unreachable (国办秘函〔2019〕19号: 监测 1 周, 每天 20 次以上, 失败 >= 5 % 单项否决) on hand-made
probe rows of the week before the scan.

Planted: 9 of 168 probes failed (5.4 %), and 7 of 140 at 20 a day (exactly 5 %).  Traps: 8 of 168
(4.8 %) is under the limit; a week probed 19 times a day is not judged even if every probe failed;
no probes at all is not judged."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from govsite.checks.availability import unreachable
from govsite.profile import load_profile
from govsite.scan.view import ScanView
from govsite.store.probes import Probe

SITE = "http://www.example.gov.cn/"
AS_OF = date(2026, 11, 27)
WEEK_START = datetime(2026, 11, 20, 0, 5)


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def week(per_day: int, failed: int) -> list[Probe]:
    """A week of probes spread evenly through each day; the first `failed` ones timed out."""
    step = timedelta(days=1) / per_day
    probes = []
    for n in range(7 * per_day):
        ok = n >= failed
        probes.append(Probe(site=SITE, at=WEEK_START + n * step, ok=ok, status=200 if ok else None,
                            elapsed=0.4 if ok else 15.0, error="" if ok else "timeout after 15 s"))
    return probes


def scan(probes: list[Probe]) -> ScanView:
    return ScanView(scan_id=1, start_url=SITE, as_of=AS_OF, status="complete", probes=probes)


def test_a_week_over_five_percent_is_a_veto(profile):
    (f,) = unreachable(scan(week(24, 9)), profile)
    assert (f.rule_id, f.url, f.severity, f.standard) == ("site.unreachable", SITE, "veto", "national")
    assert "9/168" in f.message and "5.4%" in f.message
    assert "2026-11-20 00:05 连接超时" in f.evidence


def test_exactly_five_percent_at_twenty_a_day_is_a_veto(profile):
    (f,) = unreachable(scan(week(20, 7)), profile)
    assert "7/140" in f.message


def test_under_five_percent_is_fine(profile):
    assert list(unreachable(scan(week(24, 8)), profile)) == []


def test_fewer_than_twenty_probes_a_day_are_not_judged(profile):
    assert list(unreachable(scan(week(19, 7 * 19)), profile)) == []
    assert list(unreachable(scan([]), profile)) == []
