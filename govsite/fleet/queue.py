"""Site jobs on procrastinate: one job = one scan of one site.

The queue lives in the store's own PostgreSQL database (procrastinate's tables beside
govsite's), so a fleet needs nothing but that database and `govsite worker` on each machine.

- A scan job carries the site's id and the as-of day.  Its procrastinate `lock` is the site:
  two jobs of one site never run at once, on any worker.  Its `queueing_lock` is site + day:
  enqueueing a site already waiting for that day is a no-op.
- The scan runs in a child process (`govsite scan …`: Scrapy's reactor runs once per process),
  killed with the worker (PR_SET_PDEATHSIG), so a dead worker leaves its scan `incomplete`.
- While it runs the job holds its server group's lock (store/fleet_rows.py: one scan per
  group, whatever the number of workers).
- A job whose worker stopped sending heartbeats is put back in the queue by any other worker
  (fleet/worker.py), and runs again there; a scan complete for that day is not run twice.
- Periodic tasks (procrastinate records each firing once in the database, so any number of
  workers may run them): the nightly scans spread over a night window, the weekly overview,
  availability probes, and pruning (`govsite prune` where this installation has it).
"""
from __future__ import annotations

import asyncio
import ctypes
import logging
import re
import signal
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import procrastinate

from govsite.errors import CannotRun
from govsite.store.db import Store
from govsite.store.fleet_rows import GroupLock, libpq_conninfo, queue_tables_present, require_postgresql
from govsite.store.history import latest_complete_scan
from govsite.store.sites import Site, list_sites

log = logging.getLogger("govsite.fleet")

SCAN_TASK = "govsite.scan_site"
SCAN_QUEUE = "scans"
SCHEDULE_QUEUE = "schedule"
# The nightly scans start at the profile's schedule.nightly_scan and are spread over this window.
NIGHT_WINDOW_HOURS = 4


class ScanJobFailed(CannotRun):
    """The scan child of a job ended with an error (the job is `failed`; `govsite jobs` shows it)."""


@dataclass
class FleetConfig:
    """What the tasks of a worker need: the store, where scans write their files, the schedule."""

    store: Store
    out_root: Path
    timezone: str = "Asia/Shanghai"
    nightly_at: str = "01:30"           # schedule.nightly_scan
    weekly_at: str = "mon 07:30"        # schedule.weekly_report
    keep_last_scans: int = 8            # retention.keep_last_scans


def site_key(site: Site) -> str:
    return f"govsite-site-{site.id}"


def _die_with_parent() -> None:
    """In the scan child: die when the worker dies (Linux), so no scan outlives its job."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name)[:60] or "site"


def scan_command(config: FleetConfig, site: Site, day: date, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "govsite.cli", "scan", site.start_url, "--as-of", day.isoformat(),
           "--out", str(out), "--db", config.store.url, "--quiet"]
    for host in site.allow_hosts:
        cmd += ["--allow-host", host]
    for profile in site.profiles:
        cmd += ["--profile", profile]
    return cmd


async def run_site_scan(config: FleetConfig, site_id: int, day: date) -> dict:
    """One site job: skip if the site already has a complete scan of `day`; else wait for its
    server group, scan it in a child process and hold the group until the child ends."""
    store = config.store
    site = await asyncio.to_thread(_site_by_id, store, site_id)
    done = await asyncio.to_thread(latest_complete_scan, store, site.start_url, day, day)
    if done is not None:
        log.info("%s already has complete scan %s of %s: nothing to do", site.name, done.id, day)
        return {"site": site.name, "scan": done.id, "skipped": True}
    lock = GroupLock(store, site.group)
    await asyncio.to_thread(lock.acquire)
    try:
        out = config.out_root / _safe(site.name) / f"{day.isoformat()}-{datetime.now():%H%M%S}"
        proc = await asyncio.create_subprocess_exec(
            *scan_command(config, site, day, out), stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE, preexec_fn=_die_with_parent)
        try:
            _, stderr = await proc.communicate()
        except asyncio.CancelledError:              # the worker is stopping: the scan ends incomplete
            proc.send_signal(signal.SIGTERM)
            await proc.wait()
            raise
    finally:
        await asyncio.to_thread(lock.release)
    if proc.returncode != 0:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScanJobFailed(f"scan of {site.name} failed (exit {proc.returncode}): "
                            f"{lines[-1] if lines else ''}")
    scan = await asyncio.to_thread(latest_complete_scan, store, site.start_url, day, day)
    return {"site": site.name, "scan": scan.id if scan else None, "out": str(out)}


def _site_by_id(store: Store, site_id: int) -> Site:
    for site in list_sites(store):
        if site.id == site_id:
            return site
    raise ScanJobFailed(f"site {site_id} is no longer registered")


def _local_cron(wall: str, tz: str, day_of_week: str = "*") -> str:
    """A cron line in this machine's local time for `wall` (HH:MM) in `tz` (procrastinate reads
    cron lines in local time; China has no daylight saving, so the offset holds all year)."""
    hour, minute = (int(x) for x in wall.split(":"))
    now = datetime.now(ZoneInfo(tz))
    local = now.replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone()
    dow = day_of_week
    if day_of_week != "*" and local.date() != now.date():
        days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        dow = days[(days.index(day_of_week[:3].lower()) + (local.date() - now.date()).days) % 7]
    return f"{local.minute} {local.hour} * * {dow}"


def build_app(config: FleetConfig, schedule: bool = True) -> procrastinate.App:
    """The procrastinate app of the store, with the site job and (with `schedule`) the fleet's
    periodic tasks."""
    require_postgresql(config.store)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=libpq_conninfo(config.store), min_size=1, max_size=8))

    @app.task(name=SCAN_TASK, queue=SCAN_QUEUE)
    async def scan_site_job(site_id: int, site: str, as_of: str) -> dict:
        return await run_site_scan(config, site_id, date.fromisoformat(as_of))

    if schedule:
        _add_periodic_tasks(app, config)
    return app


def _add_periodic_tasks(app: procrastinate.App, config: FleetConfig) -> None:
    @app.periodic(cron=_local_cron(config.nightly_at, config.timezone), periodic_id="nightly")
    @app.task(name="govsite.nightly_scans", queue=SCHEDULE_QUEUE)
    async def nightly_scans(timestamp: int) -> int:
        start = datetime.fromtimestamp(timestamp, UTC)
        day = start.astimezone(ZoneInfo(config.timezone)).date()
        return len(await enqueue_sites(app, config.store, None, day, start=start,
                                       window=timedelta(hours=NIGHT_WINDOW_HOURS)))

    day_of_week, at = config.weekly_at.split()

    @app.periodic(cron=_local_cron(at, config.timezone, day_of_week), periodic_id="weekly")
    @app.task(name="govsite.weekly_overview", queue=SCHEDULE_QUEUE)
    async def weekly_overview(timestamp: int) -> list[str]:
        return await asyncio.to_thread(write_last_week, config, timestamp)

    @app.periodic(cron="5 * * * *", periodic_id="probes")
    @app.task(name="govsite.probes", queue=SCHEDULE_QUEUE)
    async def probes(timestamp: int) -> int:
        return await asyncio.to_thread(probe_all, config)

    @app.periodic(cron=_local_cron("04:45", config.timezone, "sun"), periodic_id="prune")
    @app.task(name="govsite.prune", queue=SCHEDULE_QUEUE)
    async def prune(timestamp: int) -> str:
        return await asyncio.to_thread(prune_store, config)


async def ensure_queue_schema(app: procrastinate.App, store: Store) -> None:
    """Create procrastinate's tables in the store's database the first time."""
    if await asyncio.to_thread(queue_tables_present, store):
        return
    try:
        await app.schema_manager.apply_schema_async()
    except Exception:       # noqa: BLE001 - another worker created them at the same moment
        if not await asyncio.to_thread(queue_tables_present, store):
            raise


async def enqueue_sites(app: procrastinate.App, store: Store, sites: list[Site] | None, day: date,
                        start: datetime | None = None, window: timedelta | None = None) -> list[tuple[Site, int | None]]:
    """Queue a scan of each site for `day` (all sites when None); with a window, the jobs are
    spread evenly over it from `start`.  Returns (site, job id or None when already queued)."""
    from procrastinate.exceptions import AlreadyEnqueued
    sites = sites if sites is not None else await asyncio.to_thread(list_sites, store)
    queued: list[tuple[Site, int | None]] = []
    for i, site in enumerate(sites):
        options = {"lock": site_key(site), "queueing_lock": f"{site_key(site)}-{day.isoformat()}"}
        if start is not None and window is not None and sites:
            options["schedule_at"] = start + window * i / len(sites)
        try:
            job_id = await app.configure_task(SCAN_TASK, **options).defer_async(
                site_id=site.id, site=site.name, as_of=day.isoformat())
        except AlreadyEnqueued:
            job_id = None
        queued.append((site, job_id))
    return queued


def write_last_week(config: FleetConfig, timestamp: int) -> list[str]:
    from govsite.reports.overview import write_overview
    today = datetime.fromtimestamp(timestamp, ZoneInfo(config.timezone)).date()
    year, week, _ = (today - timedelta(days=7)).isocalendar()
    out = config.out_root / "overview" / f"{year}-W{week:02d}"
    return [str(p) for p in write_overview(config.store, f"{year}-W{week:02d}", out)]


def probe_all(config: FleetConfig) -> int:
    """One availability probe of every site's home page (feeds site.unreachable)."""
    from govsite.crawler.probe import record_probe
    from govsite.profile import load_profile
    probed = 0
    for site in list_sites(config.store):
        profile = load_profile([Path(p) for p in site.profiles])
        record_probe(config.store, site.start_url, float(profile.get("schedule.probe_timeout")),
                     site.allow_hosts)
        probed += 1
    return probed


def prune_store(config: FleetConfig) -> str:
    """The weekly retention of the fleet's store (store/retention.py, as `govsite prune`): the
    page-level rows of old scans go, their findings, registers and scores stay."""
    from govsite.store.retention import prune
    return prune(config.store, config.keep_last_scans).summary()
