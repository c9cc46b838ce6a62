"""Bringing a store made by an older govsite up to the current tables, when it is opened.

`create_all` makes missing tables and `db._add_missing_indexes` their indexes; this adds the
columns added to existing tables since (nullable ones only, so every old row stays valid and no
data is rewritten), e.g. `pages.content_id`: pages stored before contents existed keep their
parse and HTML in their own row and are read as they are (store/contents.py).
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
