"""`govsite worker`: run site jobs (and the fleet's periodic tasks) until stopped; `govsite
jobs`: what is queued, running and failed.

Heartbeats: the worker records one every `stalled_after / 4` seconds (procrastinate's
procrastinate_workers table).  Every worker also looks, every `stalled_after / 4` seconds, for
jobs still `doing` on a worker whose last heartbeat is older than `stalled_after` (a worker
killed, its machine lost) and puts them back in the queue: another worker runs them.  The scan
the dead worker left `running` is marked `incomplete` by its lease (store/db.py)."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from govsite.fleet.queue import SCAN_QUEUE, SCHEDULE_QUEUE, FleetConfig, build_app, ensure_queue_schema

log = logging.getLogger("govsite.fleet")

DEFAULT_STALLED_AFTER = 60.0


async def _requeue_stalled(app, stalled_after: float, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
                log.warning("job %s (%s) lost its worker: queued again", job.id, job.task_kwargs)
                await app.job_manager.retry_job(job)
        except Exception as exc:  # noqa: BLE001 - a failed look is tried again next round
            log.error("could not look for stalled jobs: %s", exc)


async def run_worker(config: FleetConfig, concurrency: int = 1,
                     stalled_after: float = DEFAULT_STALLED_AFTER, schedule: bool = True) -> None:
    """Run site jobs with `concurrency` at once until SIGTERM/SIGINT (a scan running then is
    stopped and ends incomplete)."""
    app = build_app(config, schedule=schedule)
    async with app.open_async():
        await ensure_queue_schema(app, config.store)
        heartbeat = max(0.5, stalled_after / 4)
        reaper = asyncio.create_task(_requeue_stalled(app, stalled_after, heartbeat))
        try:
            await app.run_worker_async(
                queues=[SCAN_QUEUE, SCHEDULE_QUEUE] if schedule else [SCAN_QUEUE],
                concurrency=concurrency, update_heartbeat_interval=heartbeat,
                stalled_worker_timeout=stalled_after, shutdown_graceful_timeout=5,
                fetch_job_polling_interval=min(5.0, heartbeat))
        finally:
            reaper.cancel()


@dataclass(frozen=True)
class JobLine:
    """One line of `govsite jobs`."""

    id: int
    status: str
    task: str
    site: str
    as_of: str
    attempts: int
    scheduled_at: datetime | None


async def list_jobs(config: FleetConfig, statuses: tuple[str, ...]) -> list[JobLine]:
    app = build_app(config)
    async with app.open_async():
        await ensure_queue_schema(app, config.store)
        lines = []
        for status in statuses:
            for job in await app.job_manager.list_jobs_async(status=status):
                kwargs = job.task_kwargs or {}
                lines.append(JobLine(job.id or 0, status, job.task_name, str(kwargs.get("site", "")),
                                     str(kwargs.get("as_of", "")), job.attempts, job.scheduled_at))
    return sorted(lines, key=lambda j: j.id)


async def enqueue(config: FleetConfig, sites, day):
    from govsite.fleet.queue import enqueue_sites
    app = build_app(config)
    async with app.open_async():
        await ensure_queue_schema(app, config.store)
        return await enqueue_sites(app, config.store, sites, day)
