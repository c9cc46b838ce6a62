"""A re-scan of the sample portal's second snapshot (`govsite sample serve --snapshot 2`): the
tampered pages (an outside script, a title rewritten with gambling words, a page cloaked for
Baiduspider) and the backdated article are found, and nothing else of those rules: not the new
list items, the visit counter, the rotated banner or the script from the site's own folder."""
from __future__ import annotations

import json
from datetime import date, timedelta

from conftest import scan_sample

from govsite.sample.answers import answers_for
from govsite.sample.security import SNAPSHOT_DAYS
from govsite.sample.server import SampleServer
from govsite.sample.site import build_site

AS_OF = date(2026, 11, 27)
RULES = ("security.tampered", "article.backdated")




def test_rescan_of_the_second_snapshot_finds_exactly_the_planted_tampering(tmp_path):
    db = tmp_path / "s.sqlite"
    with SampleServer(AS_OF, delay_scale=0.2) as server:
        base = server.base_url
        first = scan_sample(base, AS_OF, db, tmp_path / "o1")
        server.set_snapshot(2)
        second = scan_sample(base, AS_OF + timedelta(days=SNAPSHOT_DAYS), db, tmp_path / "o2")
        expected = answers_for(build_site(AS_OF, snapshot=2, ext_base_url=server.ext_base_url),
                               base, server.ext_base_url)
    assert [f for f in first if f["rule_id"] in RULES] == []
    got = sorted((f["rule_id"], f["url"]) for f in second if f["rule_id"] in RULES)
    planted = sorted((a["rule_id"], a["url"]) for a in expected["findings"] if a["rule_id"] in RULES)
    assert got == planted and len(planted) == 4
    traps = {(t["rule_id"], t["url"]) for t in expected["traps"] if t["rule_id"] in RULES}
    assert traps and not traps & set(got)
    by_url = {f["url"]: f for f in second if f["rule_id"] == "security.tampered"}
    evidence = " ".join(f["evidence"] for f in by_url.values())
    assert "js.tj-cnzz-stat.top" in evidence and "百家乐" in evidence and "Baiduspider" in evidence
    stats = json.loads((tmp_path / "o2" / "scan.json").read_text("utf-8"))
    assert stats["status"] == "complete"
