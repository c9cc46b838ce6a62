"""The fleet's commands: `govsite sites …`, `govsite worker`, `govsite enqueue`, `govsite jobs`.
Mounted on the main command line by cli.py."""
from __future__ import annotations

import asyncio
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from govsite.cli_common import DbOption, guarded, out, parse_as_of
from govsite.errors import BadInput

sites_app = typer.Typer(help="The sites of the store: add, list, remove, import a CSV.",
                        no_args_is_help=True)


@sites_app.callback()
def _sites() -> None:
    """The sites of the store: add, list, remove, import a CSV."""


@sites_app.command("add")
@guarded
def sites_add(url: str = typer.Argument(..., help="The site's start URL (its home page)."),
              name: str = typer.Option(..., "--name", help="The site's name, e.g. 湄潭县人民政府网."),
              profile: list[Path] | None = typer.Option(None, "--profile", help="Profile YAML for its scans (repeatable)."),
              allow_host: list[str] | None = typer.Option(None, "--allow-host", help="Hosts its scans may contact (repeatable glob)."),
              group: str = typer.Option("", "--group", help="Server group (集约化 platform) it shares with other sites; default: its host."),
              owner: str = typer.Option("", "--owner", help="The unit that runs it (主办单位)."),
              db: str | None = DbOption):
    """Register a site."""
    from govsite.profile import load_profile
    from govsite.store.db import open_store
    from govsite.store.sites import Site, add_sites
    from govsite.urls import validate_start_url

    if not name.strip():
        raise BadInput("--name is empty")
    profiles = [str(p.resolve()) for p in profile or []]
    if profiles:
        load_profile(profiles)          # a broken profile fails now, not at 01:30
    site = Site(name.strip(), validate_start_url(url), list(allow_host or []), profiles, owner, group)
    (added,) = add_sites(open_store(db), [site])
    out.print(f"site {added.name}: {added.start_url} (group {added.group})")


@sites_app.command("list")
@guarded
def sites_list(db: str | None = DbOption):
    """The registered sites, with their scans."""
    from govsite.store.db import open_store
    from govsite.store.sites import list_sites, site_scan_counts

    store = open_store(db)
    counts = site_scan_counts(store)
    table = Table(show_header=True)
    for col in ("name", "start URL", "group", "owner", "allow hosts", "profiles", "scans", "last"):
        table.add_column(col, overflow="fold")
    for s in list_sites(store):
        n, last = counts.get(s.id, (0, None))
        table.add_row(s.name, s.start_url, s.group, s.owner_unit, " ".join(s.allow_hosts),
                      " ".join(s.profiles), str(n), last or "")
    Console(width=max(out.width, 160)).print(table)


@sites_app.command("remove")
@guarded
def sites_remove(site: str = typer.Argument(..., help="The site's name or start URL."),
                 db: str | None = DbOption):
    """Forget a site (its scans stay in the store, as history)."""
    from govsite.store.db import open_store
    from govsite.store.sites import remove_site

    removed, scans = remove_site(open_store(db), site)
    out.print(f"removed site {removed.name} ({removed.start_url}); its {scans} scan(s) are kept")


@sites_app.command("import")
@guarded
def sites_import(file: Path = typer.Argument(..., help="CSV: name,start_url[,allow_hosts,profiles,owner_unit,server_group]."),
                 db: str | None = DbOption):
    """Register every site of a CSV file, or none if a row is wrong."""
    from govsite.fleet.sites_csv import read_sites_csv
    from govsite.store.db import open_store
    from govsite.store.sites import add_sites

    sites = read_sites_csv(file)
    added = add_sites(open_store(db), sites)
    out.print(f"imported {len(added)} site(s) from {file}")


def _config(db: str | None, out_root: Path | None):
    from platformdirs import user_data_dir

    from govsite.fleet.queue import FleetConfig
    from govsite.profile import load_profile
    from govsite.store.db import open_store
    from govsite.store.fleet_rows import require_postgresql

    store = open_store(db)
    require_postgresql(store)
    profile = load_profile()
    root = out_root or Path(user_data_dir("govsite", appauthor=False)) / "scans"
    return FleetConfig(store, root, timezone=profile.get("schedule.timezone"),
                       nightly_at=str(profile.get("schedule.nightly_scan")),
                       weekly_at=str(profile.get("schedule.weekly_report")),
                       keep_last_scans=int(profile.get("retention.keep_last_scans")))


@guarded
def worker(db: str | None = DbOption,
           concurrency: int = typer.Option(1, "--concurrency", min=1, help="Site jobs run at once by this worker."),
           out_dir: Path | None = typer.Option(None, "--out", help="Folder for the scans' output files (default: the user's data dir)."),
           stalled_after: float = typer.Option(60.0, "--stalled-after", min=2.0, help="Seconds without a heartbeat after which a worker's jobs go to another worker."),
           no_schedule: bool = typer.Option(False, "--no-schedule", help="Run site jobs only: no nightly scans, weekly overview, probes, pruning."),
           verbose: bool = typer.Option(False, "--verbose")):
    """Run site jobs from the PostgreSQL queue (and the fleet's schedule) until stopped."""
    import logging

    from govsite.fleet.worker import run_worker
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("procrastinate").setLevel(logging.INFO if verbose else logging.WARNING)
    config = _config(db, out_dir)
    asyncio.run(run_worker(config, concurrency, stalled_after, schedule=not no_schedule))


@guarded
def enqueue(sites: list[str] | None = typer.Argument(None, help="Sites by name or start URL."),
            all_sites: bool = typer.Option(False, "--all", help="Every registered site."),
            as_of: str | None = typer.Option(None, "--as-of", help="The day the scans judge (default today in Asia/Shanghai)."),
            db: str | None = DbOption):
    """Queue one scan job per site for the workers."""
    from govsite.fleet.worker import enqueue as enqueue_jobs
    from govsite.store.sites import find_site, list_sites

    if bool(sites) == all_sites:
        raise BadInput("name the sites to scan, or give --all (not both)")
    day = parse_as_of(as_of)
    config = _config(db, None)
    chosen = list_sites(config.store) if all_sites else [find_site(config.store, s) for s in sites]
    if not chosen:
        raise BadInput("no site registered (govsite sites add URL --name NAME)")
    for site, job_id in asyncio.run(enqueue_jobs(config, chosen, day)):
        out.print(f"{site.name}: " + (f"job {job_id} queued for {day}" if job_id
                                      else f"already queued for {day}"))


@guarded
def jobs(db: str | None = DbOption,
         all_jobs: bool = typer.Option(False, "--all", help="Also the jobs that succeeded."),
         as_json: bool = typer.Option(False, "--json")):
    """The queue: queued, running and failed jobs."""
    import json

    from govsite.fleet.worker import list_jobs
    statuses = ("todo", "doing", "failed") + (("succeeded",) if all_jobs else ())
    lines = asyncio.run(list_jobs(_config(db, None), statuses))
    if as_json:
        print(json.dumps([{"id": j.id, "status": j.status, "task": j.task, "site": j.site,
                           "as_of": j.as_of, "attempts": j.attempts,
                           "scheduled_at": j.scheduled_at.isoformat() if j.scheduled_at else None}
                          for j in lines], ensure_ascii=False, indent=2))
        return
    shown = {"todo": "queued", "doing": "running"}
    table = Table(show_header=True)
    for col in ("job", "status", "task", "site", "as of", "attempts", "scheduled"):
        table.add_column(col)
    for j in lines:
        table.add_row(str(j.id), shown.get(j.status, j.status), j.task, j.site, j.as_of,
                      str(j.attempts), j.scheduled_at.strftime("%Y-%m-%d %H:%M") if j.scheduled_at else "")
    out.print(table)


def mount(app: typer.Typer) -> None:
    app.add_typer(sites_app, name="sites")
    app.command("worker")(worker)
    app.command("enqueue")(enqueue)
    app.command("jobs")(jobs)
