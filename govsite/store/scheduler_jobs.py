"""The scheduler's persistent jobs, kept in the scan store's own database (table scheduler_jobs),
so that a restarted scheduler finds its jobs again instead of adding them twice."""
from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

JOBS_TABLE = "scheduler_jobs"


def scheduler_job_store(url: str) -> SQLAlchemyJobStore:
    """APScheduler's job store on the database at `url` (an SQLAlchemy URL, see db.db_url)."""
    return SQLAlchemyJobStore(url=url, tablename=JOBS_TABLE)
