"""`govsite schedule` refuses to start while another scheduler holds the store's lease (two
APScheduler processes on one job store would fire every job twice), in one line, exit 1."""
from __future__ import annotations

from conftest import run_cli

from govsite.scheduler import SCHEDULER_LEASE
from govsite.store.db import open_store
from govsite.store.leases import lease_holder, take_lease


def test_a_second_scheduler_is_refused(tmp_path):
    db = tmp_path / "s.sqlite"
    store = open_store(db)
    assert take_lease(store, SCHEDULER_LEASE, "other-machine:4242", 60) is None
    done = run_cli("schedule", "http://127.0.0.1:9/", "--db", db, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "another scheduler (other-machine:4242) holds this store" in lines[0]
    assert lease_holder(store, SCHEDULER_LEASE).holder == "other-machine:4242"      # untouched
