"""Indexes an older store has that nothing needs any more are dropped when it is opened."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select

from govsite.store.db import create_scan, open_store
from govsite.store.schema import LinkCheckRow, PageRow


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "old.sqlite")
    return request.getfixturevalue("postgres_url")


def _indexes(store, table):
    return {index["name"]: index["column_names"] for index in inspect(store.engine).get_indexes(table)}


def test_the_scan_id_indexes_covered_by_the_scan_url_ones_are_dropped_and_no_row_is_lost(db):
    store = open_store(db)
    scan = create_scan(store, "http://127.0.0.1/", date(2026, 11, 27), "", {}, {})
    with store.engine.begin() as conn:
        conn.execute(PageRow.__table__.insert(), [
            {"scan_id": scan, "url": f"http://127.0.0.1/{i}.html", "final_url": "", "status": 200,
             "kind": "article", "parsed": b""} for i in range(3)])
        conn.execute(LinkCheckRow.__table__.insert(), [{"scan_id": scan, "url": "http://x/", "checked": False}])
        # what an older govsite made
        conn.exec_driver_sql("CREATE INDEX ix_pages_scan_id ON pages (scan_id)")
        conn.exec_driver_sql("CREATE INDEX ix_link_checks_scan_id ON link_checks (scan_id)")
    store.engine.dispose()
    store = open_store(db)
    pages, checks = _indexes(store, "pages"), _indexes(store, "link_checks")
    assert "ix_pages_scan_id" not in pages and "ix_link_checks_scan_id" not in checks
    assert pages["ix_pages_scan_url"] == ["scan_id", "url"]
    assert checks["ix_checks_scan_url"] == ["scan_id", "url"]
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(PageRow)) == 3
        assert s.scalar(select(func.count()).select_from(LinkCheckRow)) == 1
    store.engine.dispose()
