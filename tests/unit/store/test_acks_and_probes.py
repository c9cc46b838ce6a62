"""The store's accepted findings and availability probes, on a real SQLite store; a probe taken
of a real server on 127.0.0.1."""
from __future__ import annotations

from datetime import date, datetime

from govsite.crawler.probe import record_probe
from govsite.profile import Profile
from govsite.rectification import active_acks, add_ack
from govsite.store.acks import acks_in_force
from govsite.store.db import open_store
from govsite.store.probes import Probe, probes_between, save_probe

SITE = "http://fg.test/"


def test_acks_in_force_on_a_day(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    key = add_ack(store, SITE, "column.stale", SITE + "zwgk/rsxx/", "人事信息", "本年度无人事变动",
                  date(2026, 12, 31))
    add_ack(store, SITE, "footer.icp_missing", SITE, "", "上级统一办理", date(2026, 11, 1))
    add_ack(store, "http://other.test/", "column.stale", SITE + "zwgk/rsxx/", "人事信息", "别的网站", None)
    assert acks_in_force(store, SITE, date(2026, 11, 27)) == [(key, "本年度无人事变动")]
    assert acks_in_force(store, SITE, date(2027, 1, 1)) == []
    # A later acknowledgement of the same finding replaces the reason.
    add_ack(store, SITE, "column.stale", SITE + "zwgk/rsxx/", "人事信息", "已并入其他栏目", None)
    profile = Profile({"acks": [{"rule_id": "home.stale", "reason": "改版中", "until": "2026-12-01"}]}, "test")
    acks = active_acks(store, profile, SITE, date(2026, 11, 27))
    assert acks[key] == "已并入其他栏目" and "改版中" in acks.values() and len(acks) == 2


def test_probes_are_stored_and_read_back_by_time(tmp_path, serve_dir):
    store = open_store(tmp_path / "s.sqlite")
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("<html><body>首页</body></html>", "utf-8")
    base = serve_dir(tmp_path / "www") + "/"
    ok = record_probe(store, base, timeout=5, allow_hosts=["127.0.0.1"])
    assert ok.ok and ok.status == 200 and ok.elapsed is not None
    refused = record_probe(store, base, timeout=5, allow_hosts=["127.0.0.2"])
    assert not refused.ok and "not allowed" in refused.error
    save_probe(store, Probe(site=base, at=datetime(2020, 1, 1), ok=False, error="timed out"))
    recent = probes_between(store, base, datetime(2021, 1, 1), datetime.now())
    assert [p.ok for p in recent] == [True, False]
    assert recent[0] == ok
    assert len(probes_between(store, base, datetime(2019, 1, 1), datetime.now())) == 3
