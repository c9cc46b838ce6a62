"""The `govsite` command line. Every user error ends in one line on stderr and a non-zero exit."""
from __future__ import annotations

import json
import sys
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Crawl a Chinese government portal and check it against the county standard "
                       "and the national inspection indicators.")
err = Console(stderr=True)
out = Console()

EXIT_USAGE = 2
EXIT_FAILED = 1


class UserError(Exception):
    """Bad input: printed as one line, exit code 2."""


def shanghai_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def parse_as_of(value: Optional[str]) -> date:
    if not value:
        return shanghai_today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--as-of '{value}' is not a date of the form YYYY-MM-DD") from None
    if not 2000 <= day.year <= 2100:
        raise UserError(f"--as-of {value} is out of range (2000-01-01 .. 2100-12-31)")
    return day


def _fail(message: str, code: int) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def guarded(func):
    """Turn known failures into one clear line; anything else into one line plus a hint."""
    from functools import wraps

    @wraps(func)
    def wrapper(*args, **kwargs):
        from govsite.pipeline import ScanFailed
        from govsite.profile import ProfileError
        from govsite.store.db import StoreError
        from govsite.urls import BadURL
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except (UserError, BadURL, ProfileError, StoreError) as exc:
            _fail(str(exc), EXIT_USAGE)
        except ScanFailed as exc:
            _fail(str(exc), EXIT_FAILED)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
            if kwargs.get("verbose"):
                traceback.print_exc()
            _fail(f"internal error: {exc.__class__.__name__}: {exc} (rerun with --verbose for details)",
                  EXIT_FAILED)
    return wrapper


AllowHost = typer.Option(None, "--allow-host", help="Only contact hosts matching this glob "
                         "(repeatable); links to other hosts are recorded as not checked.")
DbOption = typer.Option(None, "--db", help="SQLite file or SQLAlchemy URL (default: the user's data dir).")
ProfileOption = typer.Option(None, "--profile", help="Site profile YAML overriding the defaults "
                             "(repeatable: later files override earlier ones).")


@app.command()
@guarded
def scan(url: str = typer.Argument(..., help="Start URL (the portal's home page)."),
         as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge the site as of this day (YYYY-MM-DD, default today in Asia/Shanghai)."),
         out_dir: Path = typer.Option(Path("govsite-out"), "--out", help="Folder for findings.csv, columns.csv, articles.csv, score.json."),
         allow_host: Optional[list[str]] = AllowHost,
         profile: Optional[list[Path]] = ProfileOption,
         db: Optional[str] = DbOption,
         quiet: bool = typer.Option(False, "--quiet", help="No progress display."),
         verbose: bool = typer.Option(False, "--verbose", help="Scrapy's log and tracebacks.")):
    """Crawl a site, store everything, run every check and write the outputs."""
    from govsite.pipeline import scan_site
    from govsite.profile import load_profile
    from govsite.store.db import open_store
    from govsite.urls import validate_start_url

    start = validate_start_url(url)
    day = parse_as_of(as_of)
    prof = load_profile(profile)
    store = open_store(db)
    _stop_on_sigterm()
    outcome = scan_site(store, start, day, out_dir, prof, list(allow_host or []),
                        progress=not quiet, verbose=verbose)
    _print_outcome(outcome)


def _stop_on_sigterm() -> None:
    """SIGTERM (a scheduler or systemd stopping us) ends the scan like Ctrl-C: the scan is marked
    incomplete.  During the crawl Scrapy's own handler takes over and stops it gracefully."""
    import signal

    def terminated(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)


def _print_outcome(outcome) -> None:
    from collections import Counter
    counts = Counter(f.rule_id for f in outcome.findings)
    table = Table(title=f"scan {outcome.scan_id} ({outcome.status})", show_header=True)
    table.add_column("rule")
    table.add_column("findings", justify="right")
    for rule_id, n in sorted(counts.items()):
        table.add_row(rule_id, str(n))
    out.print(table)
    out.print(f"outputs in {outcome.out_dir}/: " + ", ".join(p.name for p in outcome.files))
    s = outcome.stats
    if s:
        # One machine-readable line for scripts and the benchmark.
        print(f"pages={s.get('pages', 0)} links={s.get('links_checked', 0)} "
              f"findings={len(outcome.findings)} elapsed={s.get('elapsed', 0)}", file=sys.stderr)


@app.command()
@guarded
def check(scan_id: int = typer.Argument(..., help="A stored scan's id (see `govsite scans`)."),
          out_dir: Path = typer.Option(Path("govsite-out"), "--out"),
          profile: Optional[list[Path]] = ProfileOption,
          db: Optional[str] = DbOption,
          verbose: bool = typer.Option(False, "--verbose")):
    """Rerun the checks on a stored scan, without crawling."""
    from govsite.pipeline import check_scan
    from govsite.profile import Profile, load_profile
    from govsite.store.db import get_scan, open_store

    store = open_store(db)
    stored = get_scan(store, scan_id)
    if stored is None:
        raise UserError(f"no scan {scan_id} in {store.url}")
    prof = load_profile(profile) if profile else Profile(stored.profile, stored.profile_source)
    outcome = check_scan(store, scan_id, prof, out_dir)
    _print_outcome(outcome)


@app.command()
@guarded
def scans(db: Optional[str] = DbOption):
    """List the stored scans."""
    from govsite.store.db import list_scans, open_store
    table = Table(show_header=True)
    for col in ("id", "site", "as of", "started", "status", "pages", "note"):
        table.add_column(col)
    for s in list_scans(open_store(db)):
        table.add_row(str(s.id), s.start_url, s.as_of.isoformat(), s.started_at.strftime("%Y-%m-%d %H:%M"),
                      s.status, str(s.pages), s.note[:60])
    out.print(table)


@app.command()
@guarded
def page(target: str = typer.Argument(..., help="A URL or a saved HTML file."),
         as_of: Optional[str] = typer.Option(None, "--as-of"),
         as_json: bool = typer.Option(False, "--json", help="Print the parse as JSON."),
         verbose: bool = typer.Option(False, "--verbose")):
    """Parse one page the way a scan does and show what was read from it."""
    from govsite.crawler.fetch_one import fetch_for_cli
    from govsite.parsing.decode import decode_html
    from govsite.parsing.page import parse_page

    day = parse_as_of(as_of)
    url, body, content_type, status, headers = fetch_for_cli(target)
    text, encoding = decode_html(body, content_type)
    parsed = parse_page(url, text, day, status=status, headers=headers)
    parsed.encoding = encoding
    if as_json:
        print(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
        return
    data = parsed.to_json()
    out.print(f"[bold]{data['kind']}[/] {data['url']}")
    for key in ("title", "published", "source", "column"):
        out.print(f"  {key}: {data[key]}")
    out.print(f"  footer: {data['footer']}")
    out.print(f"  items: {len(data['items'])}, links: {len(parsed.links)}, pagination: {len(parsed.pagination)}")


@app.command()
def rules(as_json: bool = typer.Option(False, "--json", help="Print the registry as JSON.")):
    """Every rule id with its clause, severity, standard and the thresholds it reads."""
    from govsite.checks.catalog import load_all
    from govsite.profile import load_profile
    prof = load_profile()

    def shown(key: str) -> str:
        value = prof.get(key)
        if isinstance(value, (dict, list)):
            return f"{key} ({len(value)} entries)"
        return f"{key}={value}"

    registry = sorted(load_all().values(), key=lambda r: r.rule_id)
    if as_json:
        print(json.dumps([{"rule_id": r.rule_id, "title": r.title, "severity": r.severity,
                           "standard": r.standard, "clause": r.clause,
                           "thresholds": {k: prof.get(k) for k in r.reads}} for r in registry],
                         ensure_ascii=False, indent=2))
        return
    table = Table(show_header=True, show_lines=False)
    for col in ("rule id", "severity", "standard", "clause", "what", "thresholds"):
        table.add_column(col, overflow="fold")
    for r in registry:
        table.add_row(r.rule_id, r.severity, r.standard, r.clause, r.title,
                      "; ".join(shown(k) for k in r.reads))
    Console(width=max(out.width, 200)).print(table)


@app.command()
@guarded
def demo(out_dir: Path = typer.Option(Path("govsite-demo"), "--out"),
         as_of: Optional[str] = typer.Option(None, "--as-of"),
         db: Optional[str] = typer.Option(None, "--db", help="Default: <out>/govsite.sqlite"),
         port: int = typer.Option(0, "--port", help="Port for the sample portal (0: any free port)."),
         delay_scale: float = typer.Option(1.0, "--delay-scale", help="Multiply the sample portal's planted delays (tests use 0.1)."),
         profile: Optional[list[Path]] = ProfileOption,
         quiet: bool = typer.Option(False, "--quiet"),
         verbose: bool = typer.Option(False, "--verbose")):
    """Serve the bundled sample portal on 127.0.0.1, scan it and write everything into --out."""
    from govsite.pipeline import scan_site
    from govsite.profile import load_profile
    from govsite.sample.child import sample_portal
    from govsite.store.db import open_store

    day = parse_as_of(as_of)
    out_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(db or out_dir / "govsite.sqlite")
    prof = load_profile([sample_profile_path(), *(profile or [])])
    try:
        portal = sample_portal(day, port=port, delay_scale=delay_scale)
        base_url, ext_base_url = portal.__enter__()
    except (RuntimeError, OSError) as exc:
        raise UserError(str(exc)) from None
    try:
        err.print(f"sample portal at {base_url}/ (second host {ext_base_url}/)")
        outcome = scan_site(store, base_url + "/", day, out_dir, prof,
                            ["127.0.0.1", "127.0.0.2"], progress=not quiet, verbose=verbose)
    finally:
        portal.__exit__(None, None, None)
    _print_outcome(outcome)
    # The demo writes the scorecards too: the week of the scan, and the inspector's report.
    from govsite.reports.inspection import write_inspection_report
    from govsite.reports.weekly import write_weekly_report
    year, week, _ = day.isocalendar()
    files = write_weekly_report(store, base_url + "/", f"{year}-W{week:02d}", out_dir, profile=prof)
    files += write_inspection_report(store, base_url + "/", out_dir, scan_id=outcome.scan_id)
    out.print("scorecards: " + ", ".join(p.name for p in files))


@app.command()
@guarded
def schedule(url: str = typer.Argument(..., help="The site's start URL."),
             db: Optional[str] = DbOption,
             profile: Optional[list[Path]] = ProfileOption,
             verbose: bool = typer.Option(False, "--verbose")):
    """Run the nightly scan, the weekly scorecards and the availability probes until stopped."""
    import logging
    from govsite.profile import load_profile
    from govsite.scheduler import run_scheduler
    from govsite.urls import validate_start_url

    start = validate_start_url(url)
    load_profile(profile)                  # a broken profile fails now, not at 01:30
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.INFO if verbose else logging.WARNING)
    run_scheduler(start, db, [str(p) for p in (profile or [])])


@app.command()
@guarded
def ack(rule_id: str = typer.Argument(..., help="Rule id of the finding, e.g. column.stale."),
        url: str = typer.Argument(..., help="The finding's URL (as in findings.csv)."),
        reason: str = typer.Option(..., "--reason", help="Why it is accepted, e.g. 本年度无人事变动."),
        site: str = typer.Option(..., "--site", help="The site's start URL."),
        column: str = typer.Option("", "--column", help="The finding's column (as in findings.csv)."),
        until: Optional[str] = typer.Option(None, "--until", help="Last day the reason holds (YYYY-MM-DD)."),
        db: Optional[str] = DbOption):
    """Accept a finding with a reason: it stays out of the score while the reason lasts."""
    from govsite.checks.catalog import load_all
    from govsite.rectification import add_ack
    from govsite.store.db import open_store
    from govsite.urls import validate_start_url

    if rule_id not in load_all():
        raise UserError(f"unknown rule id '{rule_id}' (see `govsite rules`)")
    until_day = parse_as_of(until) if until else None
    key = add_ack(open_store(db), validate_start_url(site), rule_id, url, column, reason, until_day)
    out.print(f"accepted {rule_id} {url} ({key}): {reason}" + (f" until {until_day}" if until_day else ""))


@app.command()
@guarded
def report(week: Optional[str] = typer.Option(None, "--week", help="ISO week, e.g. 2026-W47 (default: last week)."),
           unit: Optional[str] = typer.Option(None, "--unit", help="Only this unit's columns and findings."),
           out_dir: Path = typer.Option(Path("govsite-report"), "--out"),
           site: Optional[str] = typer.Option(None, "--site", help="Site start URL (default: the last scanned site)."),
           inspection: bool = typer.Option(False, "--inspection", help="The pre-inspection report, in the order of the national indicators."),
           scan_id: Optional[int] = typer.Option(None, "--scan", help="With --inspection: this scan (default: the latest complete one)."),
           db: Optional[str] = DbOption):
    """Weekly scorecards (HTML, Excel, CSV) from stored scans, or the inspector's report."""
    from govsite.reports.inspection import write_inspection_report
    from govsite.reports.weekly import ReportError, write_weekly_report
    from govsite.store.db import list_scans, open_store

    store = open_store(db)
    scans = list_scans(store)
    if not scans:
        raise UserError(f"no scan in {store.url}: run `govsite scan` first")
    site = site or scans[-1].start_url
    try:
        if inspection:
            files = write_inspection_report(store, site, out_dir, scan_id=scan_id)
        else:
            if week is None:
                year, wk, _ = (shanghai_today() - timedelta(days=7)).isocalendar()
                week = f"{year}-W{wk:02d}"
            files = write_weekly_report(store, site, week, out_dir, unit=unit)
    except ReportError as exc:
        raise UserError(str(exc)) from None
    for f in files:
        out.print(f"wrote {f}")


def sample_profile_path() -> Path:
    return Path(__file__).parent / "profiles" / "sample.yaml"


def _mount_sample() -> None:
    try:
        from govsite.sample.cli import sample_app
    except ImportError:  # the sample portal package is optional for a stripped install
        return
    app.add_typer(sample_app, name="sample", help="The bundled sample portal.")


_mount_sample()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
