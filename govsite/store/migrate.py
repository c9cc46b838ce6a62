"""Bringing a store made by an older govsite up to the current tables, when it is opened.

`create_all` makes missing tables and `db._add_missing_indexes` their indexes; this adds the
columns added to existing tables since (nullable ones only, so every old row stays valid and no
data is rewritten), e.g. `pages.content_id`: pages stored before contents existed keep their
parse and HTML in their own row and are read as they are (store/contents.py).

Indexes nothing needs any more are dropped (`drop_redundant_indexes`): an index on `scan_id`
alone next to one on (`scan_id`, `url`) of the same table, which serves every read by scan.
"""
from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from govsite.store.schema import Base


def add_missing_columns(conn: Connection) -> list[str]:
    """ALTER TABLE … ADD COLUMN for every nullable model column an existing table lacks; the
    "table.column" names added."""
    inspector = inspect(conn)
    added = []
    existing_tables = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in existing_tables:
            continue
        have = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in have or not column.nullable:
                continue
            kind = column.type.compile(dialect=conn.dialect)
            if_missing = "IF NOT EXISTS " if conn.dialect.name == "postgresql" else ""
            conn.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN {if_missing}"{column.name}" {kind}')
            added.append(f"{table.name}.{column.name}")
    return added


# Indexes older stores have that the current tables do not (each is covered by another index of
# its table that begins with the same column).
REDUNDANT_INDEXES = ("ix_pages_scan_id", "ix_link_checks_scan_id")


def drop_redundant_indexes(conn: Connection) -> list[str]:
    """DROP INDEX for each of REDUNDANT_INDEXES the store still has; the names dropped."""
    inspector = inspect(conn)
    have = {index["name"] for table in ("pages", "link_checks")
            if inspector.has_table(table) for index in inspector.get_indexes(table)}
    dropped = [name for name in REDUNDANT_INDEXES if name in have]
    for name in dropped:
        conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{name}"')
    return dropped
