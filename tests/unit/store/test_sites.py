"""Sites in the store: registered by hand or by a scan, found by name or URL, removed without
losing scans; a store made before the sites table gets one site per scanned start URL; leases."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from govsite.errors import BadInput
from govsite.store.db import create_scan, get_scan, list_scans, open_store, recover_interrupted, utc_now
from govsite.store.leases import lease_holder, release_lease, take_lease
from govsite.store.sites import Site, UnknownSite, add_sites, find_site, list_sites, remove_site

DAY = date(2026, 11, 27)


def test_a_scan_registers_its_site_once(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    first = create_scan(store, "http://127.0.0.11:8800/", DAY, "", {}, {})
    second = create_scan(store, "http://127.0.0.11:8800/", DAY, "", {}, {})
    (site,) = list_sites(store)
    assert site.name == "127.0.0.11:8800" and site.start_url == "http://127.0.0.11:8800/"
    assert get_scan(store, first).site_id == get_scan(store, second).site_id == site.id


def test_sites_found_by_name_or_url_and_removed_keeping_scans(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    add_sites(store, [Site("湄潭县人民政府网", "http://www.meitan.gov.cn/", ["*.meitan.gov.cn"],
                           [], "湄潭县政府办", "zunyi-jyh")])
    scan_id = create_scan(store, "http://www.meitan.gov.cn/", DAY, "", {}, {})
    by_name = find_site(store, "湄潭县人民政府网")
    assert find_site(store, "http://www.meitan.gov.cn") == by_name
    assert by_name.group == "zunyi-jyh" and by_name.allow_hosts == ["*.meitan.gov.cn"]
    assert get_scan(store, scan_id).site_id == by_name.id
    with pytest.raises(UnknownSite, match="no site '凤冈'"):
        find_site(store, "凤冈")
    with pytest.raises(BadInput, match="already registered"):
        add_sites(store, [Site("another", "http://www.meitan.gov.cn/")])
    removed, scans = remove_site(store, "湄潭县人民政府网")
    assert (removed.name, scans) == ("湄潭县人民政府网", 1)
    assert list_sites(store) == [] and get_scan(store, scan_id).site_id is None
    assert [s.id for s in list_scans(open_store(tmp_path / "s.sqlite"))] == [scan_id]


def test_add_sites_is_all_or_nothing(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    add_sites(store, [Site("a", "http://a.example/")])
    with pytest.raises(BadInput):
        add_sites(store, [Site("b", "http://b.example/"), Site("c", "http://a.example/")])
    assert [s.name for s in list_sites(store)] == ["a"]


def test_a_store_made_before_sites_gets_them_at_open(tmp_path):
    path = tmp_path / "old.sqlite"
    store = open_store(path)
    for url in ("http://a.example/", "http://b.example/", "http://a.example/"):
        create_scan(store, url, DAY, "", {}, {})
    store.engine.dispose()
    with sqlite3.connect(path) as conn:         # the store as govsite made it before issue 13
        conn.execute("DROP TABLE sites")
        conn.execute("DROP INDEX ix_scans_site_id")
        conn.execute("ALTER TABLE scans DROP COLUMN site_id")
        conn.execute("ALTER TABLE scans DROP COLUMN lease_until")
    store = open_store(path)
    sites = {s.start_url: s.id for s in list_sites(store)}
    assert set(sites) == {"http://a.example/", "http://b.example/"}
    assert [get_scan(store, s.id).site_id for s in list_scans(store)] == [
        sites["http://a.example/"], sites["http://b.example/"], sites["http://a.example/"]]
    with sqlite3.connect(path) as conn:
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(scans)")}
    assert "ix_scans_site_id" in indexes


def test_a_running_scan_whose_lease_ran_out_is_incomplete_wherever_it_ran(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    alive = create_scan(store, "http://a.example/", DAY, "", {}, {})
    elsewhere = create_scan(store, "http://b.example/", DAY, "", {}, {})
    with store.session() as s:      # a scan of another machine whose lease is over
        row = get_scan(store, elsewhere)
        row.host, row.pid, row.lease_until = "another-machine", 1, utc_now() - timedelta(seconds=1)
        s.merge(row)
        s.commit()
    assert recover_interrupted(store) == [elsewhere]
    assert get_scan(store, alive).status == "running"
    assert get_scan(store, elsewhere).status == "incomplete"
    assert "lease ran out" in get_scan(store, elsewhere).note


def test_a_lease_has_one_holder_until_it_expires(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    assert take_lease(store, "schedule", "host-a:1", 60) is None
    assert take_lease(store, "schedule", "host-a:1", 60) is None          # renewed
    held = take_lease(store, "schedule", "host-b:2", 60)
    assert held is not None and held.holder == "host-a:1"
    assert take_lease(store, "other", "host-b:2", 60) is None
    assert take_lease(store, "expiring", "host-a:1", -1) is None           # expired at once
    assert take_lease(store, "expiring", "host-b:2", 60) is None
    release_lease(store, "schedule", "host-b:2")                          # not its lease: no-op
    assert lease_holder(store, "schedule").holder == "host-a:1"
    release_lease(store, "schedule", "host-a:1")
    assert lease_holder(store, "schedule") is None


def test_a_scan_process_renews_its_lease_until_the_scan_ends(postgres_url, tmp_path, monkeypatch):
    """On a store shared by machines (PostgreSQL); a SQLite store (one machine) takes none."""
    import time

    from govsite.store import db as store_db
    from govsite.store.db import finish_scan
    monkeypatch.setattr(store_db, "LEASE_RENEW_SECONDS", 0.05)
    local = open_store(tmp_path / "s.sqlite")
    assert get_scan(local, create_scan(local, "http://a.example/", DAY, "", {}, {}, lease=True)).lease_until is None
    store = open_store(postgres_url)
    assert get_scan(store, create_scan(store, "http://a.example/", DAY, "", {}, {})).lease_until is None
    scan_id = create_scan(store, "http://a.example/", DAY, "", {}, {}, lease=True)
    first = get_scan(store, scan_id).lease_until
    assert first > utc_now() + timedelta(seconds=store_db.LEASE_SECONDS - 30)
    deadline = time.monotonic() + 20
    while get_scan(store, scan_id).lease_until == first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert get_scan(store, scan_id).lease_until > first
    finish_scan(store, scan_id, "complete")
    time.sleep(0.5)
    ended = get_scan(store, scan_id).lease_until
    time.sleep(0.3)
    assert get_scan(store, scan_id).lease_until == ended          # no longer renewed
