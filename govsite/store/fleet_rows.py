"""What the fleet (govsite/fleet/) needs of the PostgreSQL store: the libpq address the task
queue connects to, whether the queue's tables are there, and the server-group locks.

Politeness across workers: a scan keeps at most `crawl.concurrent_requests_per_domain` requests
in flight to each host it crawls (Scrapy, the profile).  Several county sites often sit on one
集约化 platform (a server group), and several workers would each bring that many; so a site job
holds its group's lock for the whole scan: a PostgreSQL session-level advisory lock taken on a
connection of its own.  At most one scan per group runs at a time, however many workers and
machines run, so a group never sees more than the profile's figure.  The lock is a lease the
database keeps: when the worker dies (SIGKILL, a machine lost), its connection closes and
PostgreSQL releases the lock (TCP keepalives bound how long a vanished machine holds it).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from hashlib import sha1

from sqlalchemy.engine import Connection, make_url

from govsite.errors import BadInput
from govsite.store.db import Store, shown_url

# The first half of every group lock's key: keeps govsite's advisory locks apart from others'.
_LOCK_SPACE = 0x6F76


def require_postgresql(store: Store) -> None:
    """The fleet's queue lives in PostgreSQL: anything else is the user's to fix."""
    if store.engine.dialect.name != "postgresql":
        raise BadInput(f"the fleet (worker, enqueue, jobs) needs a PostgreSQL store "
                       f"(--db postgresql://user@host/db), not {shown_url(store.url)}")


def libpq_conninfo(store: Store) -> str:
    """The store's address as libpq (psycopg, procrastinate) takes it, password included."""
    return make_url(store.url).set(drivername="postgresql").render_as_string(hide_password=False)


def queue_tables_present(store: Store) -> bool:
    """Whether procrastinate's tables exist in the store's database."""
    with store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar() is not None


def group_key(group: str) -> int:
    """The advisory lock key of a server group (a signed 32-bit number, with _LOCK_SPACE)."""
    return int.from_bytes(sha1(group.encode("utf-8")).digest()[:4], "big", signed=True)


class GroupLock:
    """The lock of one server group, held on a connection of its own until release()."""

    def __init__(self, store: Store, group: str):
        self.group = group
        self._key = group_key(group)
        self._conn: Connection | None = None
        self._store = store

    def acquire(self, should_stop: Callable[[], bool] = lambda: False, poll: float = 1.0) -> bool:
        """Wait until the group is free, then hold it; False when `should_stop` said so first."""
        conn = self._store.engine.connect()
        conn.exec_driver_sql("COMMIT")       # session-level locks: no transaction left open
        while True:
            got = conn.exec_driver_sql("SELECT pg_try_advisory_lock(%s, %s)",
                                       (_LOCK_SPACE, self._key)).scalar()
            conn.exec_driver_sql("COMMIT")
            if got:
                self._conn = conn
                return True
            if should_stop():
                conn.close()
                return False
            time.sleep(poll)

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.exec_driver_sql("SELECT pg_advisory_unlock(%s, %s)", (_LOCK_SPACE, self._key))
            self._conn.exec_driver_sql("COMMIT")
        finally:
            self._conn.close()        # closing alone releases it too
            self._conn = None


def groups_held(store: Store) -> int:
    """How many server-group locks are held right now (for `govsite jobs`)."""
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND granted",
            (_LOCK_SPACE,)).scalar())
