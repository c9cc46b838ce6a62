"""The detectors' reuse caches (store/reuse.py): what a scan hands on to the next, and what a
re-scan of an unchanged site adds to them (nothing: the unchanged entries move)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from govsite.store.db import create_scan
from govsite.store.reuse import load_reusable, save_reusable
from govsite.store.schema import MarkupReadingRow, TextHitsRow

A = "http://127.0.0.1/"
B = "http://127.0.0.2/"


@pytest.fixture
def store(store_on_both):
    return store_on_both


def _scan(store, site=A):
    return create_scan(store, site, date(2026, 11, 27), "", {}, {})


def _rows(store, table):
    with store.session() as s:
        return sorted(s.execute(select(table.scan_id, table.digest, table.id)).all())


def _entries(n, changed=()):
    return {f"d{i}": (b"new%d" if i in changed else b"v%d") % i for i in range(n)}


def test_a_rescan_that_uses_every_entry_unchanged_moves_the_rows_and_writes_none(store):
    one = _scan(store)
    source, known = load_reusable(store, one, "text_hits")
    assert (source, known) == (None, {})
    save_reusable(store, one, "text_hits", _entries(5), None)
    first = _rows(store, TextHitsRow)
    two = _scan(store)
    source, known = load_reusable(store, two, "text_hits")
    assert source == one and known == _entries(5)
    save_reusable(store, two, "text_hits", _entries(5), source)
    second = _rows(store, TextHitsRow)
    # the same rows (ids), now the second scan's: no row written, none left behind
    assert [(d, i) for _s, d, i in second] == [(d, i) for _s, d, i in first]
    assert {s for s, _d, _i in second} == {two}
    assert load_reusable(store, _scan(store), "text_hits") == (two, _entries(5))


def test_changed_and_new_entries_are_written_and_the_unused_stay_one_generation(store):
    one = _scan(store)
    save_reusable(store, one, "markup", _entries(4), None)
    two = _scan(store)
    # d1 changed, d3 not used any more, d4 new
    used = {**{k: v for k, v in _entries(4, changed={1}).items() if k != "d3"}, "d4": b"v4"}
    save_reusable(store, two, "markup", used, one)
    assert load_reusable(store, two, "markup") == (two, used)
    # the first scan keeps what the second did not take as it was: re-checking it still works
    assert load_reusable(store, one, "markup") == (one, {"d1": b"v1", "d3": b"v3"})
    three = _scan(store)
    save_reusable(store, three, "markup", used, two)
    # from the third scan on, the generation before the source is dropped
    with store.session() as s:
        per_scan = dict(s.execute(select(MarkupReadingRow.scan_id, func.count())
                                  .group_by(MarkupReadingRow.scan_id)).all())
    assert per_scan == {three: len(used)}


def test_rechecking_a_scan_replaces_its_entries_and_other_sites_are_left_alone(store):
    a1, b1 = _scan(store, A), _scan(store, B)
    save_reusable(store, a1, "text_hits", _entries(3), None)
    save_reusable(store, b1, "text_hits", _entries(2), None)
    a2 = _scan(store, A)
    save_reusable(store, a2, "text_hits", _entries(3), a1)
    # `govsite check` of the newest scan: its source is itself
    save_reusable(store, a2, "text_hits", _entries(3, changed={0}), a2)
    assert load_reusable(store, a2, "text_hits") == (a2, _entries(3, changed={0}))
    assert load_reusable(store, b1, "text_hits") == (b1, _entries(2))


def _table_bytes(store, table: str) -> int:
    """The table's bytes on PostgreSQL, its TOAST data and indexes included."""
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT pg_total_relation_size('{table}')").scalar_one()


def test_on_postgres_rescans_after_the_first_reuse_the_space_of_the_moved_rows(postgres_url):
    """Moving a cache row writes a new version of it on PostgreSQL; the old one is vacuumed
    right after (db.reclaim_dead_rows), so of three re-scans in a row that move every entry only
    the first grows the table: the later ones write into the space the earlier ones freed (a few
    index pages aside).  Without the VACUUM each added another copy of the cache (~0.56 MB here,
    as much as the first) until autovacuum came by."""
    from govsite.store.db import open_store
    store = open_store(postgres_url)
    entries = {f"d{i:05d}": b"hits of an unchanged text %05d " % i * 4 for i in range(3000)}
    previous = _scan(store)
    save_reusable(store, previous, "text_hits", entries, None)
    sizes = [_table_bytes(store, "text_hits")]
    for _ in range(3):
        scan = _scan(store)
        source, known = load_reusable(store, scan, "text_hits")
        assert source == previous and known == entries
        save_reusable(store, scan, "text_hits", known, source)
        sizes.append(_table_bytes(store, "text_hits"))
        previous = scan
    first_rescan = sizes[1] - sizes[0]
    assert first_rescan > 0
    assert sizes[3] - sizes[1] < first_rescan / 4, sizes
    store.engine.dispose()
