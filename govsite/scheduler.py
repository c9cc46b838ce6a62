"""When things run: the nightly scan, the weekly scorecards, the availability probes and the
weekly prune of old scans' pages (store/retention.py).

APScheduler 3 with a persistent SQLAlchemy job store in the scan store itself, so a restart
neither loses nor duplicates jobs (fixed job ids, replace_existing).  Missed runs after downtime
are coalesced into one, not replayed in a burst.  A scan runs as a child process (Scrapy's
reactor runs once per process) under a per-site lock file, so two scans of one site never run at
once; SIGTERM stops the scheduler, and a scan it interrupts is marked incomplete by the scan itself.
"""
from __future__ import annotations

import fcntl
import logging
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from hashlib import sha1
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from platformdirs import user_data_dir

from govsite.errors import CannotRun
from govsite.profile import Profile, load_profile
from govsite.store.db import db_url, open_store
from govsite.store.history import latest_scan
from govsite.store.scheduler_jobs import scheduler_job_store

log = logging.getLogger("govsite.scheduler")
_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()


class ScanAlreadyRunning(CannotRun):
    pass


@contextmanager
def site_lock(site: str, lock_dir: Path):
    """An exclusive, non-blocking lock per site: a second scan of the same site is refused."""
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / f"scan-{sha1(site.encode()).hexdigest()[:12]}.lock"
    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ScanAlreadyRunning(f"a scan of {site} is already running") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _profile_args(profile_paths: list[str]) -> list[str]:
    return [arg for p in profile_paths for arg in ("--profile", p)]


def _today(profile: Profile):
    return datetime.now(ZoneInfo(profile.get("schedule.timezone"))).date()


def _out_root(profile: Profile, db: str) -> Path:
    configured = profile.get("schedule.out_dir")
    return Path(configured) if configured else Path(user_data_dir("govsite", appauthor=False)) / "scans"


def scan_job(site: str, db: str, profile_paths: list[str]) -> int | None:
    """Run one scan of `site` in a child process, then send the alerts. Returns the scan id."""
    profile = load_profile(profile_paths)
    as_of = _today(profile)
    out = _out_root(profile, db) / f"{as_of.isoformat()}-{datetime.now():%H%M%S}"
    allow = [arg for h in profile.get("schedule.allow_hosts") or [] for arg in ("--allow-host", h)]
    lock_dir = Path(user_data_dir("govsite", appauthor=False)) / "locks"
    try:
        with site_lock(site, lock_dir):
            cmd = [sys.executable, "-m", "govsite.cli", "scan", site, "--as-of", as_of.isoformat(),
                   "--out", str(out), "--db", db, "--quiet", *allow, *_profile_args(profile_paths)]
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            with _children_lock:
                _children.add(proc)
            try:
                _, stderr = proc.communicate()
            finally:
                with _children_lock:
                    _children.discard(proc)
            if proc.returncode != 0:
                log.error("scan of %s failed: %s", site, stderr.strip().splitlines()[-1:] or proc.returncode)
    except ScanAlreadyRunning as exc:
        log.warning("%s; this run is skipped", exc)
        return None
    store = open_store(db)
    scan = latest_scan(store, site)
    if scan is None:
        return None
    if scan.complete:
        _alert(store, scan.id, profile)
    else:
        # An interrupted scan misses findings: its "new" ones and its score are not news.
        log.warning("scan %s of %s is %s: no alert sent", scan.id, site, scan.status)
    return scan.id


def _alert(store, scan_id: int, profile: Profile) -> None:
    from govsite.alerts import build_alert, send_alert
    alert = build_alert(store, scan_id, profile)
    if alert is None:
        return
    try:
        channels = send_alert(alert, profile)
        log.info("alert for scan %s sent by %s", scan_id, ", ".join(channels) or "no channel")
    except OSError as exc:
        log.error("alert for scan %s could not be sent: %s", scan_id, exc)


def report_job(site: str, db: str, profile_paths: list[str]) -> list[str]:
    """The weekly scorecards of the last complete ISO week, the 整改通知单 of every unit, and each
    unit's own notice and scorecard mailed to it (notices.unit_emails)."""
    from govsite.reports.notices import write_notices
    from govsite.reports.weekly import write_weekly_report
    from govsite.unit_mail import mail_units
    profile = load_profile(profile_paths)
    last_week = _today(profile) - timedelta(days=7)
    year, week, _ = last_week.isocalendar()
    label = f"{year}-W{week:02d}"
    out = _out_root(profile, db) / "weekly" / label
    store = open_store(db)
    try:
        files = [str(p) for p in write_weekly_report(store, site, label, out, profile=profile)]
        files += [str(p) for p in write_notices(store, site, label, out / "notices", profile=profile)]
    except Exception as exc:  # noqa: BLE001 - a week without scans is logged, not fatal
        log.error("weekly report for %s failed: %s", label, exc)
        return []
    try:
        for mail in mail_units(store, site, label, out, profile):
            if mail.sent:
                log.info("notice and scorecard of %s mailed to %s", mail.unit, mail.address)
    except Exception as exc:  # noqa: BLE001 - the reports are written; a mail failure is logged
        log.error("mail to the units for %s failed: %s", label, exc)
    return files


def prune_job(site: str, db: str, profile_paths: list[str]) -> str:
    """Retention over the whole store (every site's old scans lose their pages, findings stay)."""
    from govsite.store.retention import prune
    profile = load_profile(profile_paths)
    try:
        summary = prune(open_store(db), int(profile.get("retention.keep_last_scans"))).summary()
    except Exception as exc:  # noqa: BLE001 - logged; the next week tries again
        log.error("prune failed: %s", exc)
        return f"prune failed: {exc}"
    log.info("%s", summary)
    return summary


def probe_job(site: str, db: str, profile_paths: list[str]) -> bool:
    from govsite.crawler.probe import record_probe
    profile = load_profile(profile_paths)
    row = record_probe(open_store(db), site, float(profile.get("schedule.probe_timeout")),
                       profile.get("schedule.allow_hosts") or [])
    return row.ok


def _trigger(profile: Profile, every_key: str, cron: CronTrigger):
    every = int(profile.get(every_key) or 0)
    return IntervalTrigger(seconds=every) if every > 0 else cron


def build_scheduler(site: str, db: str | None, profile_paths: list[str]) -> BlockingScheduler:
    """A scheduler with the four jobs of `site`, persisted in the store's own database."""
    profile = load_profile(profile_paths)
    tz = ZoneInfo(profile.get("schedule.timezone"))
    url = db_url(db)
    open_store(db)   # creates the tables and marks scans left running by a dead process
    scheduler = BlockingScheduler(
        jobstores={"default": scheduler_job_store(url)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": int(profile.get("schedule.misfire_grace_seconds"))},
        timezone=tz)
    hour, minute = (int(x) for x in str(profile.get("schedule.nightly_scan")).split(":"))
    day, at = str(profile.get("schedule.weekly_report")).split()
    w_hour, w_minute = (int(x) for x in at.split(":"))
    per_day = max(20, int(profile.get("schedule.probes_per_day")))
    args = [site, url, [str(p) for p in profile_paths]]
    key = sha1(site.encode()).hexdigest()[:10]
    scheduler.add_job(scan_job, _trigger(profile, "schedule.scan_every_seconds",
                                         CronTrigger(hour=hour, minute=minute, timezone=tz)),
                      args=args, id=f"scan-{key}", name=f"nightly scan of {site}", replace_existing=True)
    scheduler.add_job(report_job, _trigger(profile, "schedule.report_every_seconds",
                                           CronTrigger(day_of_week=day, hour=w_hour, minute=w_minute,
                                                       timezone=tz)),
                      args=args, id=f"report-{key}", name=f"weekly scorecards of {site}",
                      replace_existing=True)
    p_day, p_at = str(profile.get("retention.weekly_prune")).split()
    p_hour, p_minute = (int(x) for x in p_at.split(":"))
    scheduler.add_job(prune_job, _trigger(profile, "retention.prune_every_seconds",
                                          CronTrigger(day_of_week=p_day, hour=p_hour, minute=p_minute,
                                                      timezone=tz)),
                      args=args, id=f"prune-{key}", name="weekly prune of old scans' pages",
                      replace_existing=True)
    every = int(profile.get("schedule.probe_every_seconds") or 0) or int(86400 / per_day)
    scheduler.add_job(probe_job, IntervalTrigger(seconds=every, jitter=min(60, every // 10)),
                      args=args, id=f"probe-{key}", name=f"availability probe of {site}",
                      replace_existing=True)
    return scheduler


# The lease an embedded scheduler holds on its store (table leases): a second scheduler on the
# same store, on this machine or another, refuses to start while it is unexpired.  APScheduler's
# job store must not be shared by two schedulers (each would fire every job).
SCHEDULER_LEASE = "schedule"
SCHEDULER_LEASE_SECONDS = 90


class SchedulerAlreadyRunning(CannotRun):
    pass


def _dead_here(holder: str) -> bool:
    """Whether a lease holder ("host:pid") is a process of this machine that no longer runs."""
    import os
    import socket
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def hold_scheduler_lease(db: str | None) -> tuple[str, threading.Event]:
    """Take the store's scheduler lease and keep renewing it on a thread until the returned
    event is set; SchedulerAlreadyRunning when another scheduler holds it."""
    import os
    import socket

    from govsite.store.leases import release_lease, take_lease
    store = open_store(db)
    holder = f"{socket.gethostname()}:{os.getpid()}"
    other = take_lease(store, SCHEDULER_LEASE, holder, SCHEDULER_LEASE_SECONDS)
    if other is not None and _dead_here(other.holder):
        # A scheduler of this machine that died (SIGKILL) need not be waited for.
        release_lease(store, SCHEDULER_LEASE, other.holder)
        other = take_lease(store, SCHEDULER_LEASE, holder, SCHEDULER_LEASE_SECONDS)
    if other is not None:
        raise SchedulerAlreadyRunning(
            f"another scheduler ({other.holder}) holds this store until {other.expires_at:%Y-%m-%d %H:%M:%S} "
            f"UTC; stop it first (or wait for its lease to run out if it died)")
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(SCHEDULER_LEASE_SECONDS / 3):
            try:
                if take_lease(store, SCHEDULER_LEASE, holder, SCHEDULER_LEASE_SECONDS) is not None:
                    log.error("the scheduler lease was taken by another process")
            except Exception as exc:  # noqa: BLE001 - a busy store: renew next round
                log.warning("could not renew the scheduler lease: %s", exc)
    threading.Thread(target=renew, daemon=True, name="scheduler-lease").start()
    return holder, stop


def run_scheduler(site: str, db: str | None, profile_paths: list[str]) -> None:
    """Run until SIGTERM/SIGINT; a scan in progress is asked to stop and ends incomplete.
    Refused (one line, exit 1) while another scheduler holds the store's lease."""
    from govsite.store.leases import release_lease
    holder, lease_stop = hold_scheduler_lease(db)
    try:
        _run_scheduler(site, db, profile_paths)
    finally:
        lease_stop.set()
        release_lease(open_store(db), SCHEDULER_LEASE, holder)


def _run_scheduler(site: str, db: str | None, profile_paths: list[str]) -> None:
    scheduler = build_scheduler(site, db, profile_paths)

    def stop(signum, frame):
        log.info("signal %s: stopping", signum)
        with _children_lock:
            for child in list(_children):
                child.send_signal(signal.SIGTERM)     # Scrapy stops gracefully: scan incomplete
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()
