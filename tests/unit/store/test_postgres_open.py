"""The store's URLs and opening on PostgreSQL: which driver a URL selects, what a message shows of
it, and a new PostgreSQL store created by several processes at once (the tests' own server,
conftest.postgres_server)."""
from __future__ import annotations

import multiprocessing
from datetime import date

import pytest

from govsite.store.db import create_scan, db_url, list_scans, make_engine, open_store, shown_url


@pytest.mark.parametrize("given", ["postgresql://u@127.0.0.1/govsite", "postgres://u@127.0.0.1/govsite",
                                   "POSTGRESQL://u@127.0.0.1/govsite"])
def test_a_plain_postgres_url_selects_psycopg_3(given):
    """SQLAlchemy 2.0 reads postgresql:// as psycopg2, which govsite does not install."""
    url = db_url(given)
    assert url == "postgresql+psycopg://u@127.0.0.1/govsite"
    engine = make_engine(given)
    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")


@pytest.mark.parametrize("given", ["postgresql+psycopg2://u@127.0.0.1/govsite", "sqlite:////tmp/x.sqlite",
                                   "mysql+pymysql://u@127.0.0.1/govsite"])
def test_a_url_naming_its_driver_is_kept(given):
    assert db_url(given) == given


def test_a_sqlite_path_stays_a_sqlite_file(tmp_path):
    assert db_url(tmp_path / "a" / "s.sqlite") == f"sqlite:///{tmp_path}/a/s.sqlite"


def test_messages_show_no_password():
    assert shown_url("postgresql+psycopg://govsite:s3cret@127.0.0.1:5432/govsite") == \
        "postgresql+psycopg://govsite:***@127.0.0.1:5432/govsite"


def _open_at_barrier(url: str, barrier, errors) -> None:
    barrier.wait()
    try:
        store = open_store(url)
        create_scan(store, "http://127.0.0.1/", date(2026, 11, 2), "test", {}, {})
        store.engine.dispose()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        errors.put(f"{exc.__class__.__name__}: {exc}")


def test_new_postgres_store_opened_by_several_processes_at_once(postgres_server):
    """Four first scans on an empty database at once: each makes (or finds) every table."""
    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    processes, rounds = 4, 5
    for round_no in range(rounds):
        url = postgres_server.new_database(f"race_{round_no}")
        barrier = ctx.Barrier(processes)
        procs = [ctx.Process(target=_open_at_barrier, args=(url, barrier, errors)) for _ in range(processes)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
        problems = []
        while not errors.empty():
            problems.append(errors.get())
        assert not problems, f"round {round_no}: {problems}"
        assert all(p.exitcode == 0 for p in procs)
        assert len(list_scans(open_store(url))) == processes


def test_statistics_refreshed_with_a_small_sample_count_the_new_rows_and_leave_the_setting_alone(postgres_url):
    from govsite.store.db import refresh_statistics
    store = open_store(postgres_url)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE sampled (scan_id INTEGER, url TEXT)")
        conn.exec_driver_sql("INSERT INTO sampled SELECT mod(n, 7), 'http://127.0.0.1/' || n FROM generate_series(1, 20000) n")
    refresh_statistics(store.engine, "sampled", sample=10)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE relname = 'sampled'").scalar() == 20000
        values = conn.exec_driver_sql("SELECT n_distinct FROM pg_stats WHERE tablename = 'sampled' "
                                      "AND attname = 'scan_id'").scalar()
        assert values == 7
        assert conn.exec_driver_sql("SHOW default_statistics_target").scalar() == "100"
    store.engine.dispose()
