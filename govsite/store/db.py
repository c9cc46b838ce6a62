"""Opening the store and the life cycle of a scan row.

SQLite by default (a file in the user's data directory, or `--db PATH`), PostgreSQL or any
SQLAlchemy URL when `--db` contains "://".  PostgreSQL goes through psycopg 3
(`pip install 'govsite[postgres]'`): a plain `postgresql://` URL is read as
`postgresql+psycopg://`, since SQLAlchemy 2.0 would otherwise look for psycopg2.
"""
from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import create_engine, event, func, select, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, defer, sessionmaker

from govsite.errors import BadInput, CannotRun, GovsiteError
from govsite.store.migrate import add_missing_columns, drop_redundant_indexes
from govsite.store.schema import Base, PageRow, ScanRow
from govsite.store.site_rows import site_id_for, upgrade_scans


class StoreError(GovsiteError):
    """The store cannot be opened or written; the message is meant for the user."""


class StoreNotOpened(StoreError, BadInput):
    """`--db` names a place where no store can be (a path under a file, a directory, a URL no
    database answers): the user's to fix, exit 2."""


class StoreDriverMissing(StoreError, CannotRun):
    """The database named by `--db` needs a driver this installation lacks: exit 1."""


class StoreNotWritable(StoreError, CannotRun):
    """The store stopped taking writes while in use (disk full, file size limit, I/O error, a
    lock held too long): exit 1."""


# SQLite's words for a store that cannot take more data, whatever the cause (ENOSPC gives the
# first, EFBIG from a file size limit the second).
_NO_ROOM = ("database or disk is full", "disk i/o error")


def default_db_path() -> Path:
    return Path(user_data_dir("govsite", appauthor=False)) / "govsite.sqlite"


# The driver PostgreSQL gets when the URL names none, and how a user installs it.
_PSYCOPG = "postgresql+psycopg"
_PSYCOPG_HINT = "pip install 'govsite[postgres]' (psycopg 3)"
# Seconds a PostgreSQL server is given to answer before the store is called unreachable (libpq
# waits for ever by default: a mistyped host must not hang a scheduled scan).
CONNECT_TIMEOUT = 15


def db_url(db: str | os.PathLike | None) -> str:
    """The SQLAlchemy URL of the store `--db` names: a path becomes a SQLite file URL (its folder
    created), `postgresql://` and `postgres://` select psycopg 3, other URLs pass unchanged."""
    if db is None:
        path = default_db_path()
    elif "://" in str(db):
        return _with_driver(str(db))
    else:
        path = Path(db)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:          # a parent that is a file, no permission, read-only file system
        raise StoreNotOpened(f"cannot create the store at {path}: {path.parent} cannot be a folder "
                             f"({exc.strerror or exc.__class__.__name__})") from None
    return f"sqlite:///{path}"


def _with_driver(url: str) -> str:
    scheme, rest = url.split("://", 1)
    if scheme.lower() in ("postgresql", "postgres"):
        return f"{_PSYCOPG}://{rest}"
    return url


def shown_url(url: str) -> str:
    """`url` as it may appear in a message or a listing: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # First: switching to WAL takes a lock that another process opening a new store may hold.
    cursor.execute("PRAGMA busy_timeout=30000")
    # WAL: readers (reports) never block the crawl's writer, and a killed writer cannot
    # corrupt committed scans.
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor, attempts: int = 50) -> None:
    """PRAGMA journal_mode=WAL, waiting for other processes opening the same new store: SQLite
    answers "database is locked" at once there, without its busy handler."""
    for attempt in range(attempts):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))        # ~25 s in all, like busy_timeout


@dataclass
class Store:
    engine: Engine
    url: str

    def session(self) -> Session:
        return sessionmaker(self.engine, expire_on_commit=False)()


def make_engine(url: str) -> Engine:
    """An engine on the store at `url`, SQLite connections set up as every writer needs them
    (the crawl's, the page workers', the checks')."""
    url = _with_driver(url) if "://" in url else url
    parsed = make_url(url)
    connect_args = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT
    engine = create_engine(url, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def driver_mark(engine_or_conn) -> str:
    """The DB driver's positional placeholder, for SQL sent with exec_driver_sql ("?" for
    sqlite3, "%s" for psycopg)."""
    return "?" if engine_or_conn.dialect.paramstyle == "qmark" else "%s"


def open_store(db: str | os.PathLike | None = None) -> Store:
    """Open (and create if needed) the store, then mark scans whose process died as incomplete."""
    url = db_url(db)
    try:
        engine = make_engine(url)
        _create_tables(engine)
    except ImportError as exc:      # SQLAlchemy found the dialect but not its driver
        raise StoreDriverMissing(_driver_missing(url, exc)) from None
    except SQLAlchemyError as exc:
        where = shown_url(url)
        if isinstance(exc, NoSuchModuleError):      # an unknown database or driver name
            raise StoreNotOpened(f"cannot open the store at {where}: unknown database or driver "
                                 f"'{make_url(url).drivername}'") from None
        why = f"{exc.__class__.__name__}: {_first_line(exc)}"
        if _no_room(exc):
            raise StoreNotWritable(f"cannot open the store at {where}: {why}") from None
        raise StoreNotOpened(f"cannot open the store at {where}: {why}") from None
    store = Store(engine, url)
    try:
        recover_interrupted(store)
    except OperationalError:
        # A full disk must not lock the user out of their scans: the listing still reads, and
        # the next open that can write marks the dead scans.
        pass
    return store


def _driver_missing(url: str, exc: ImportError) -> str:
    missing = exc.name or str(exc)
    if missing.split(".")[0] == "psycopg":
        hint = _PSYCOPG_HINT
    elif make_url(url).get_backend_name() == "postgresql":
        hint = f"install {missing}, or write the URL as postgresql://… and {_PSYCOPG_HINT}"
    else:
        hint = f"install {missing}"
    return (f"cannot open the store at {shown_url(url)}: its driver is not installed "
            f"({missing}); {hint}")


def insert_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert `rows` (tuples in `columns` order) into `table` within `conn`'s transaction.

    PostgreSQL takes them by COPY: an INSERT a row, even pipelined by psycopg, is a statement
    the server parses and runs each time (20 000 rows of a re-scan's page copies took 0.45 s
    that way).  SQLite runs the prepared INSERT in process, which is as fast as it gets there."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)    # quoted: "column" and "key" are reserved words
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({', '.join([driver_mark(conn)] * len(columns))})",
                         rows)


def refresh_statistics(conn_or_engine: Connection | Engine, *tables: str, sample: int | None = None) -> None:
    """Have the database count the rows just loaded into `tables` (PostgreSQL: ANALYZE).

    A query planned right after a bulk load must not see the statistics from before it: on
    PostgreSQL, a re-scan's links query planned before autovacuum had analysed the copied rows
    took a nested loop for an estimated 1 row (219-337 s on a 5 000-page portal instead of 19.5 s).
    SQLite plans from its indexes alone and needs nothing here.

    `sample` lowers the statistics target for this ANALYZE (PostgreSQL reads 300 rows a unit of
    it: 100 by default), for tables read only by equality on indexed keys, where the rows' count
    and each key's share are what the plans need, and 20 000 rows of big parses and HTML cost
    ~0.6 s to sample at the default."""
    if conn_or_engine.dialect.name != "postgresql" or not tables:
        return
    def analyze(conn: Connection) -> None:
        if sample:
            conn.exec_driver_sql(f"SET LOCAL default_statistics_target = {int(sample)}")
        conn.exec_driver_sql("ANALYZE " + ", ".join(f'"{table}"' for table in tables))
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.begin() as conn:
            analyze(conn)
    else:
        analyze(conn_or_engine)


def reclaim_dead_rows(engine: Engine, *tables: str) -> None:
    """Make the space of the rows just updated or deleted in `tables` reusable at once
    (PostgreSQL: VACUUM, not FULL: no exclusive lock, the files are not rewritten).

    An UPDATE on PostgreSQL writes a new version of each row; the old one keeps its bytes until
    autovacuum comes by, which a nightly scan does not wait for: each re-scan that moved the reuse
    caches (store/reuse.py) grew those tables by a copy of what it moved.  Once vacuumed, the next
    re-scan's versions go into that space.  VACUUM cannot run inside a transaction, hence the
    autocommit connection.  SQLite updates rows in place and needs nothing here."""
    if engine.dialect.name != "postgresql" or not tables:
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM " + ", ".join(f'"{table}"' for table in tables))


def _create_tables(engine: Engine, attempts: int = 20) -> None:
    """Create missing tables and indexes, safely when several processes open a new store at once.

    On SQLite the whole creation runs in one write transaction (BEGIN IMMEDIATE): a second
    process waits for it (busy_timeout), then finds every table there.  Other databases have no
    such lock: a creator that loses the race ("already exists") looks again and goes on."""
    for attempt in range(attempts):
        try:
            with engine.connect() as conn:
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                Base.metadata.create_all(conn, checkfirst=True)
                upgrade_scans(conn)         # first: a new scans.site_id is filled from start URLs
                add_missing_columns(conn)
                _add_missing_indexes(conn)
                drop_redundant_indexes(conn)
                conn.commit()
            return
        except SQLAlchemyError as exc:
            if "already exists" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _add_missing_indexes(conn: Connection) -> None:
    """create_all makes indexes only with new tables: a store made by an older govsite gets the
    indexes added since (CREATE INDEX IF NOT EXISTS)."""
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def _first_line(exc: BaseException) -> str:
    """The driver's own message (SQLAlchemy appends the statement and a web link below it)."""
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else exc.__class__.__name__


def _no_room(exc: BaseException) -> bool:
    return any(words in _first_line(exc).lower() for words in _NO_ROOM)


def store_failure(exc: BaseException) -> StoreError | None:
    """The user-facing error for an exception the database raised while the store was in use
    (disk full, I/O error, lock timeout), looking through the exceptions it was raised with;
    None when it is not the store's trouble (a bug stays a bug)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, StoreError):
            return exc
        if isinstance(exc, (OperationalError, sqlite3.OperationalError)):
            if _no_room(exc):
                return StoreNotWritable(f"cannot write the store: the disk is full, the file reached "
                                        f"its size limit or the disk failed ({_first_line(exc)})")
            return StoreNotWritable(f"the store failed: {_first_line(exc)}")
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


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


# A running scan's lease: the scanning process renews it every LEASE_RENEW_SECONDS; once it has run
# out the scan is dead wherever it ran (another machine of the fleet, a process SIGKILLed).
LEASE_SECONDS = 180
LEASE_RENEW_SECONDS = 30


def utc_now() -> datetime:
    """Now in UTC, naive (lease times are compared across machines, whatever their time zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def recover_interrupted(store: Store) -> list[int]:
    """Scans left "running" whose lease ran out, or whose process on this machine is gone,
    become "incomplete".  A scan of a store made before leases has none: only the second test
    applies to it (and a scan of another machine without a lease is left alone)."""
    here, now = socket.gethostname(), utc_now()
    marked = []
    with store.session() as s:
        for scan in s.scalars(select(ScanRow).where(ScanRow.status == "running")):
            expired = scan.lease_until is not None and scan.lease_until < now
            gone_here = scan.host == here and not _pid_alive(scan.pid)
            if expired or gone_here:
                scan.status = "incomplete"
                why = "its lease ran out" if expired and not gone_here else "process ended"
                scan.note = (scan.note + " " if scan.note else "") + f"{why} before the scan finished"
                marked.append(scan.id)
        s.commit()
    return marked


def create_scan(store: Store, start_url: str, as_of: date, profile_source: str, profile: dict,
                options: dict, lease: bool = False) -> int:
    """A new scan row, `running`, linked to its site (registered now if new).  With `lease` (a
    scan process: pipeline.scan_site) on a store shared by machines (PostgreSQL), the row gets a
    lease this process renews on a daemon thread until the scan is no longer running.  Otherwise
    it has none and the host-and-PID test of recover_interrupted applies: a SQLite file lives on
    one machine, and a renewal there would be one more writer for SQLite's single write lock
    (whose writes fail with the scan's own on a full disk); a thread left in a process that
    forks later (a test runner) could hold a lock across the fork."""
    lease = lease and store.engine.dialect.name != "sqlite"
    site_id = site_of(store, start_url)
    with store.session() as s:
        scan = ScanRow(start_url=start_url, site_id=site_id, as_of=as_of, started_at=datetime.now(),
                       status="running", pid=os.getpid(), host=socket.gethostname(),
                       lease_until=utc_now() + timedelta(seconds=LEASE_SECONDS) if lease else None,
                       profile_source=profile_source, profile=profile, options=options)
        s.add(scan)
        s.commit()
        scan_id = scan.id
    if not lease:
        return scan_id
    threading.Thread(target=_renew_lease, args=(store.engine, scan_id), daemon=True,
                     name=f"lease-scan-{scan_id}").start()
    return scan_id


def site_of(store: Store, start_url: str) -> int:
    """The id of the site of `start_url`, registered now if new (by whichever of several
    processes scanning it at once gets there first)."""
    for attempt in range(3):
        try:
            with store.engine.begin() as conn:
                return site_id_for(conn, start_url)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _renew_lease(engine: Engine, scan_id: int) -> None:
    """Push the scan's lease forward while it is running (a daemon thread: it dies with the
    process, and the lease with it)."""
    while True:
        time.sleep(LEASE_RENEW_SECONDS)
        try:
            with engine.begin() as conn:
                renewed = conn.execute(
                    update(ScanRow).where(ScanRow.id == scan_id, ScanRow.status == "running")
                    .values(lease_until=utc_now() + timedelta(seconds=LEASE_SECONDS))).rowcount
        except SQLAlchemyError:
            continue        # a busy or full store: try again; the lease has minutes of margin
        if not renewed:
            return


def finish_scan(store: Store, scan_id: int, status: str, note: str = "", stats: dict | None = None) -> None:
    values = {"status": status, "finished_at": datetime.now(), "note": note}
    if stats is not None:
        values["stats"] = stats
        values["pages"] = int(stats.get("pages", 0))
    with store.session() as s:
        s.execute(update(ScanRow).where(ScanRow.id == scan_id).values(**values))
        s.commit()


def mark_own_scans_incomplete(store: Store, note: str) -> list[int]:
    """Scans this process started and left "running" become "incomplete" with `note`: a command
    that fails mid-scan records it there and then (and if the store cannot take even that, the
    next open marks them, this process being gone)."""
    here, pid = socket.gethostname(), os.getpid()
    with store.session() as s:
        ids = list(s.scalars(select(ScanRow.id).where(ScanRow.status == "running", ScanRow.pid == pid,
                                                      ScanRow.host == here)))
        if ids:
            s.execute(update(ScanRow).where(ScanRow.id.in_(ids))
                      .values(status="incomplete", finished_at=datetime.now(), note=note))
            s.commit()
    return ids


def get_scan(store: Store, scan_id: int) -> ScanRow | None:
    with store.session() as s:
        return s.get(ScanRow, scan_id)


def list_scans(store: Store) -> list[ScanRow]:
    """Every scan row, oldest first, without its profile, options and score (JSON of ~23 KB a
    scan, read by get_scan when one scan is needed)."""
    with store.session() as s:
        return list(s.scalars(select(ScanRow).options(defer(ScanRow.profile), defer(ScanRow.options),
                                                      defer(ScanRow.score))
                              .order_by(ScanRow.id)))


@dataclass(frozen=True)
class ScanListing:
    """One line of `govsite scans`."""

    id: int
    start_url: str
    as_of: date
    started_at: datetime
    status: str
    pages: int          # page rows stored, also for a scan killed before it could count them
    note: str
    phase: str = ""     # the phase it reached: crawl, browser, checks, outputs, done (store/scan_state.py)


def scan_listing(store: Store) -> list[ScanListing]:
    """The stored scans, oldest first, each with the number of its pages in the store."""
    counted = (select(PageRow.scan_id, func.count().label("n"))
               .group_by(PageRow.scan_id).subquery())
    query = (select(ScanRow.id, ScanRow.start_url, ScanRow.as_of, ScanRow.started_at, ScanRow.status,
                    func.coalesce(counted.c.n, 0), ScanRow.note, ScanRow.stats)
             .outerjoin(counted, counted.c.scan_id == ScanRow.id).order_by(ScanRow.id))
    with store.session() as s:
        return [ScanListing(*row[:6], row[6] or "", (row[7] or {}).get("phase", ""))
                for row in s.execute(query)]


def save_score(store: Store, scan_id: int, score: dict) -> None:
    with store.session() as s:
        s.execute(update(ScanRow).where(ScanRow.id == scan_id).values(score=score))
        s.commit()
