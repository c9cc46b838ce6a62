"""A re-scan of the sample portal's third snapshot (`govsite sample serve --snapshot 3`): the unit
that owns 表格下载 repaired one finding (残疾人证申请表, an image only, now also offered as an
editable docx).  Scanned into the same store on the same as-of day as snapshot 1 (a unit reports
the fix and the centre re-checks that day: a later day would also move every date-bound finding),
the second scan has exactly the first one's findings less the repaired one; the new attachment
link is no tampering.

The scans ask for every page again (tests/fixtures/revalidate.yaml, crawl.revalidate_days: 0):
with the default 7 days a re-scan takes every page behind an unchanged home page from the last
scan without a request, and a repair like this one (its article and 表格下载's list published
again, the home page unchanged) is not seen until a week after the page was last fetched."""
from __future__ import annotations

from datetime import date

from conftest import REPO, scan_sample

from govsite.sample.answers import answers_for
from govsite.sample.server import SampleServer
from govsite.sample.services import REPAIRED_FORM
from govsite.sample.site import build_site

AS_OF = date(2026, 11, 27)
REVALIDATE = REPO / "tests" / "fixtures" / "revalidate.yaml"




def test_rescan_of_the_repaired_snapshot_loses_exactly_the_repaired_finding(tmp_path):
    db = tmp_path / "s.sqlite"
    with SampleServer(AS_OF, delay_scale=0.2) as server:
        base = server.base_url
        first = scan_sample(base, AS_OF, db, tmp_path / "o1", REVALIDATE)
        server.set_snapshot(3)
        second = scan_sample(base, AS_OF, db, tmp_path / "o2", REVALIDATE)
        expected = answers_for(build_site(AS_OF, snapshot=3, ext_base_url=server.ext_base_url),
                               base, server.ext_base_url)
    (repaired,) = expected["repaired"]
    assert repaired["rule_id"] == "attachment.not_editable"
    (gone,) = [f for f in first if (f["rule_id"], f["url"]) == (repaired["rule_id"], repaired["url"])]
    assert REPAIRED_FORM in gone["message"] and gone["unit"] == "县政务服务中心"
    first_keys, second_keys = {f["key"] for f in first}, {f["key"] for f in second}
    assert len(first_keys) == len(first) and len(second_keys) == len(second)
    assert [(f["rule_id"], f["url"], f["evidence"][:200]) for f in second if f["key"] not in first_keys] == []
    assert [(f["rule_id"], f["url"]) for f in first if f["key"] not in second_keys] == [(gone["rule_id"], gone["url"])]
    assert second_keys == first_keys - {gone["key"]}
    # the other image/PDF-only forms are still reported, the repaired page is a trap now
    assert (repaired["rule_id"], repaired["url"]) in {(t["rule_id"], t["url"]) for t in expected["traps"]}
    still = {f["url"] for f in second if f["rule_id"] == "attachment.not_editable"}
    planted = {a["url"] for a in expected["findings"] if a["rule_id"] == "attachment.not_editable"}
    assert still == planted and repaired["url"] not in still
