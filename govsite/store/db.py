"""Opening the store and the life cycle of a scan row.

SQLite by default (a file in the user's data directory, or `--db PATH`), PostgreSQL or any
SQLAlchemy URL when `--db` contains "://".
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import create_engine, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from govsite.store.schema import Base, ScanRow


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message is meant for the user."""


def default_db_path() -> Path:
    return Path(user_data_dir("govsite", appauthor=False)) / "govsite.sqlite"


def db_url(db: str | os.PathLike | None) -> str:
    if db is None:
        path = default_db_path()
    elif "://" in str(db):
        return str(db)
    else:
        path = Path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers (reports) never block the crawl's writer, and a killed writer cannot
    # corrupt committed scans.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@dataclass
class Store:
    engine: Engine
    url: str

    def session(self) -> Session:
        return sessionmaker(self.engine, expire_on_commit=False)()


def make_engine(url: str) -> Engine:
    """An engine on the store at `url`, SQLite connections set up as every writer needs them
    (the crawl's, the page workers', the checks')."""
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def driver_mark(engine_or_conn) -> str:
    """The DB driver's positional placeholder, for SQL sent with exec_driver_sql ("?" for
    sqlite3, "%s" for psycopg2)."""
    return "?" if engine_or_conn.dialect.paramstyle == "qmark" else "%s"


def open_store(db: str | os.PathLike | None = None) -> Store:
    """Open (and create if needed) the store, then mark scans whose process died as incomplete."""
    url = db_url(db)
    try:
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        _add_missing_indexes(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the store at {url}: {exc.__class__.__name__}: "
                         f"{str(exc).splitlines()[0]}") from None
    store = Store(engine, url)
    recover_interrupted(store)
    return store


def _add_missing_indexes(engine: Engine) -> None:
    """create_all makes indexes only with new tables: a store made by an older govsite gets the
    indexes added since (CREATE INDEX IF NOT EXISTS)."""
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            index.create(engine, checkfirst=True)


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); read its state where /proc exists.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        return state != "Z"
    except (OSError, IndexError):
        return True


def recover_interrupted(store: Store) -> list[int]:
    """Scans left "running" by a process that no longer exists become "incomplete"."""
    here = socket.gethostname()
    marked = []
    with store.session() as s:
        for scan in s.scalars(select(ScanRow).where(ScanRow.status == "running")):
            # A scan started on another machine (shared PostgreSQL) may still be running there.
            if scan.host == here and not _pid_alive(scan.pid):
                scan.status = "incomplete"
                scan.note = (scan.note + " " if scan.note else "") + "process ended before the scan finished"
                marked.append(scan.id)
        s.commit()
    return marked


def create_scan(store: Store, start_url: str, as_of: date, profile_source: str, profile: dict,
                options: dict) -> int:
    with store.session() as s:
        scan = ScanRow(start_url=start_url, as_of=as_of, started_at=datetime.now(),
                       status="running", pid=os.getpid(), host=socket.gethostname(),
                       profile_source=profile_source, profile=profile, options=options)
        s.add(scan)
        s.commit()
        return scan.id


def finish_scan(store: Store, scan_id: int, status: str, note: str = "", stats: dict | None = None) -> None:
    values = {"status": status, "finished_at": datetime.now(), "note": note}
    if stats is not None:
        values["stats"] = stats
        values["pages"] = int(stats.get("pages", 0))
    with store.session() as s:
        s.execute(update(ScanRow).where(ScanRow.id == scan_id).values(**values))
        s.commit()


def get_scan(store: Store, scan_id: int) -> ScanRow | None:
    with store.session() as s:
        return s.get(ScanRow, scan_id)


def list_scans(store: Store) -> list[ScanRow]:
    with store.session() as s:
        return list(s.scalars(select(ScanRow).order_by(ScanRow.id)))


def save_score(store: Store, scan_id: int, score: dict) -> None:
    with store.session() as s:
        s.execute(update(ScanRow).where(ScanRow.id == scan_id).values(score=score))
        s.commit()
