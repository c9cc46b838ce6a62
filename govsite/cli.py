"""The `govsite` command line. Every user error ends in one line on stderr and a non-zero exit."""
from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from govsite import progress as run_progress
from govsite.cli_common import (  # noqa: F401 - the command groups' shared parts, used below and by tests
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    AllowHost,
    DbOption,
    ProfileOption,
    _fail,
    _say,
    err,
    guarded,
    out,
    parse_as_of,
    scan_or_mark_incomplete,
    shanghai_today,
    user_facing,
    writable_out,
)
from govsite.errors import BadInput, GovsiteError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Crawl a Chinese government portal and check it against the county standard "
                       "and the national inspection indicators.")


@app.callback()
def _options(lang: str = typer.Option("zh", "--lang", envvar="GOVSITE_LANG",
                                      help="Language of findings, statuses and reports: zh (default) or en.")):
    """Options every command shares."""
    from govsite.lang import LANGS, set_lang
    if lang not in LANGS:
        _fail(f"--lang {lang}: one of {', '.join(LANGS)}", BadInput.exit_code)
    set_lang(lang)




@app.command()
@guarded
def scan(url: str = typer.Argument(..., help="Start URL (the portal's home page), or a registered site's name."),
         as_of: str | None = typer.Option(None, "--as-of", help="Judge the site as of this day (YYYY-MM-DD, default today in Asia/Shanghai)."),
         out_dir: Path = typer.Option(Path("govsite-out"), "--out", help="Folder for findings.csv, columns.csv, articles.csv, score.json."),
         allow_host: list[str] | None = AllowHost,
         profile: list[Path] | None = ProfileOption,
         db: str | None = DbOption,
         quiet: bool = typer.Option(False, "--quiet", help="No progress display."),
         verbose: bool = typer.Option(False, "--verbose", help="Scrapy's log and tracebacks.")):
    """Crawl a site, store everything, run every check and write the outputs."""
    from govsite.gc_settings import exit_without_collecting
    from govsite.pipeline import scan_site
    from govsite.profile import load_profile
    from govsite.store.db import open_store
    from govsite.urls import validate_start_url

    if "://" in url or "." in url:
        validate_start_url(url)             # a malformed URL is told before anything is opened
    day = parse_as_of(as_of)
    if profile:
        load_profile(profile)
    writable_out(out_dir)
    store = open_store(db)
    start, allow_host, profile = site_settings(store, url, allow_host, profile)
    prof = load_profile(profile)
    _stop_on_sigterm()
    run_progress.begin(not quiet)
    try:
        outcome = scan_or_mark_incomplete(store, lambda: scan_site(
            store, start, day, out_dir, prof, list(allow_host or []), progress=not quiet, verbose=verbose))
    finally:
        total = run_progress.end()
    failed = store_failed_during(store, outcome)
    _print_outcome(outcome, summary_line=failed is None, total=total)
    if failed is not None:
        raise failed
    store.engine.dispose()
    exit_without_collecting()


def site_settings(store, site: str, allow_host: list[str] | None, profile: list[Path] | None):
    """(start URL, allow hosts, profiles) of a scan of `site`, a start URL or a registered site's
    name: what the command line gives, else what the site was registered with."""
    from govsite.store.sites import UnknownSite, find_site
    from govsite.urls import validate_start_url
    try:
        registered = find_site(store, site)
    except UnknownSite:
        if "://" not in site and "." not in site:
            raise
        return validate_start_url(site), allow_host, profile
    return (registered.start_url, allow_host or registered.allow_hosts,
            profile or [Path(p) for p in registered.profiles])


def resolve_site_url(store, site: str) -> str:
    """The start URL of `site` (a registered name or a URL; an unregistered URL as it is)."""
    from govsite.store.sites import UnknownSite, find_site
    from govsite.urls import validate_start_url
    try:
        return find_site(store, site).start_url
    except UnknownSite:
        if "://" not in site:
            raise
        return validate_start_url(site)


def _stop_on_sigterm() -> None:
    """SIGTERM (a scheduler or systemd stopping us) ends the scan like Ctrl-C: the scan is marked
    incomplete.  During the crawl Scrapy's own handler takes over and stops it gracefully."""
    import signal

    def terminated(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)


def store_failed_during(store, outcome) -> GovsiteError | None:
    """The error to end with when the crawl's rows could not all be stored (a full disk): the
    outputs are written from what was, the scan is incomplete, and the command must not exit 0."""
    from govsite.store.db import StoreNotWritable
    if outcome.status != "incomplete" or not outcome.store_error:
        return None
    return StoreNotWritable(f"scan {outcome.scan_id} is incomplete: the store could not take every "
                            f"page ({outcome.store_error}); outputs written from what was stored")


def _print_outcome(outcome, summary_line: bool = True, total: float | None = None) -> None:
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
    if s and summary_line:
        # One machine-readable line for scripts and the benchmark: elapsed= is the whole run
        # (crawl, browser, checks, outputs and, for the demo, the reports), crawl= the crawl alone.
        elapsed = round(total, 2) if total is not None else s.get("elapsed", 0)
        print(f"pages={s.get('pages', 0)} links={s.get('links_checked', 0)} "
              f"findings={len(outcome.findings)} elapsed={elapsed} crawl={s.get('crawl_elapsed', 0)}",
              file=sys.stderr)


def _summary_line(outcome, total: float) -> None:
    s = outcome.stats or {}
    print(f"pages={s.get('pages', 0)} links={s.get('links_checked', 0)} findings={len(outcome.findings)} "
          f"elapsed={round(total, 2)} crawl={s.get('crawl_elapsed', 0)}", file=sys.stderr)


@app.command()
@guarded
def check(scan_id: int = typer.Argument(..., help="A stored scan's id (see `govsite scans`)."),
          out_dir: Path = typer.Option(Path("govsite-out"), "--out"),
          profile: list[Path] | None = ProfileOption,
          db: str | None = DbOption,
          verbose: bool = typer.Option(False, "--verbose")):
    """Rerun the checks on a stored scan, without crawling."""
    from govsite.pipeline import check_scan
    from govsite.profile import Profile, load_profile
    from govsite.store.db import get_scan, open_store

    writable_out(out_dir)
    store = open_store(db)
    stored = get_scan(store, scan_id)
    if stored is None:
        raise BadInput(f"no scan {scan_id} in {store.url}")
    prof = load_profile(profile) if profile else Profile(stored.profile, stored.profile_source)
    run_progress.begin(True)
    try:
        outcome = check_scan(store, scan_id, prof, out_dir)
    finally:
        run_progress.end()
    _print_outcome(outcome)


@app.command()
@guarded
def scans(db: str | None = DbOption,
          as_json: bool = typer.Option(False, "--json", help="Print the scans as JSON (for scripts).")):
    """List the stored scans: status, the phase each reached, the pages it stored, the bytes of
    page contents it added; and the store's size."""
    from govsite.store.db import open_store, scan_listing, shown_url
    from govsite.store.retention import new_content_bytes, pruned_scans, store_size
    store = open_store(db)
    listing = scan_listing(store)
    added = new_content_bytes(store)
    pruned = pruned_scans(store)
    size = store_size(store)
    if as_json:
        print(json.dumps([{"id": s.id, "site": s.start_url, "as_of": s.as_of.isoformat(),
                           "started": s.started_at.isoformat(timespec="seconds"), "status": s.status,
                           "phase": s.phase, "pages": s.pages, "note": s.note,
                           "content_bytes": added.get(s.id, 0), "pruned": s.id in pruned}
                          for s in listing],
                         ensure_ascii=False, indent=2))
        print(json.dumps({"store_bytes": size.total, "store_used_bytes": size.used}), file=sys.stderr)
        return
    table = Table(show_header=True)
    for col in ("id", "site", "as of", "started", "status", "phase", "pages", "new content", "note"):
        table.add_column(col)
    for s in listing:
        table.add_row(str(s.id), s.start_url, s.as_of.isoformat(), s.started_at.strftime("%Y-%m-%d %H:%M"),
                      s.status, s.phase, "pruned" if s.id in pruned else str(s.pages),
                      f"{added.get(s.id, 0) / 1e6:.1f} MB", s.note[:60])
    out.print(table)
    line = f"store: {size.total / 1e6:.1f} MB"
    if size.used != size.total:
        line += f" ({size.used / 1e6:.1f} MB in use; the rest is free space later scans reuse)"
    if size.tables:
        line += "; largest tables: " + ", ".join(f"{t} {n / 1e6:.1f} MB" for t, n in size.tables[:4])
    out.print(line)
    # Say which store was read: an empty table from another store than the one meant is the
    # usual surprise (a scan stored with --db FILE).
    err.print(f"{len(listing)} scan(s) in {shown_url(store.url)}" + ("" if listing else
              " (a scan made with --db FILE is listed with the same --db FILE)"), highlight=False)


@app.command()
@guarded
def prune(db: str | None = DbOption,
          profile: list[Path] | None = ProfileOption,
          keep_last: int | None = typer.Option(None, "--keep-last", help="Complete scans of each site whose pages are kept (default: the profile's retention.keep_last_scans, 8)."),
          dry_run: bool = typer.Option(False, "--dry-run", help="Only say what would be deleted.")):
    """Delete the page-level rows of old scans (findings, columns and scores stay) and the page
    contents no scan refers to any more; say what was freed."""
    from govsite.profile import load_profile
    from govsite.store.db import open_store
    from govsite.store.retention import prune as apply_retention

    keep = keep_last if keep_last is not None else int(load_profile(profile).get("retention.keep_last_scans"))
    if keep < 1:
        raise BadInput(f"--keep-last must be at least 1, not {keep}")
    out.print(apply_retention(open_store(db), keep, dry_run=dry_run).summary())


@app.command()
@guarded
def page(target: str = typer.Argument(..., help="A URL or a saved HTML file."),
         as_of: str | None = typer.Option(None, "--as-of"),
         as_json: bool = typer.Option(False, "--json", help="Print the parse as JSON."),
         verbose: bool = typer.Option(False, "--verbose"),
         why: bool = typer.Option(False, "--why", help="Also say which signals decided the kind.")):
    """Parse one page the way a scan does and show what was read from it."""
    from govsite.crawler.fetch_one import fetch_for_cli
    from govsite.parsing.decode import decode_html
    from govsite.parsing.page import parse_page

    day = parse_as_of(as_of)
    reasons: list[str] = []
    # stdout carries the page only (with --json, JSON only): anything the fetch or the parser
    # might print or log goes to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        url, body, content_type, status, headers = fetch_for_cli(target)
        text, encoding = decode_html(body, content_type)
        parsed = parse_page(url, text, day, status=status, headers=headers, why=reasons)
    parsed.encoding = encoding
    if as_json:
        data = parsed.to_json()
        if why:
            data["why"] = reasons
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    data = parsed.to_json()
    from rich.text import Text
    out.print(Text.assemble((data["kind"], "bold"), " ", data["url"]))    # the URL is the site's: no markup
    if why:
        for reason in reasons:
            out.print(f"  why: {reason}", markup=False, highlight=False)
    for key in ("title", "published", "source", "column"):
        out.print(f"  {key}: {data[key] if data[key] is not None else '—'}", markup=False, highlight=False)
    out.print("  footer:", markup=False)
    for key, label in FOOTER_LABELS:
        value = data["footer"][key]
        shown = ("有" if value else "无") if isinstance(value, bool) else (value or "—")
        out.print(f"    {label} ({key}): {shown}", markup=False, highlight=False)
    out.print(f"  items: {len(data['items'])}, links: {len(parsed.links)}, pagination: {len(parsed.pagination)}",
              markup=False, highlight=False)


# The footer fields of `govsite page`, in the order a footer shows them, with their Chinese names.
FOOTER_LABELS = (("sponsor", "主办单位"), ("identifier_code", "网站标识码"), ("icp", "ICP备案号"),
                 ("police", "公安机关备案号"), ("jiucuo", "我为政府网站找错"),
                 ("jiucuo_site_code", "找错入口的网站标识码"), ("conac", "党政机关标识"))


@app.command()
@guarded
def rules(rule_id: str | None = typer.Argument(None, help="One rule: print its documentation."),
          as_json: bool = typer.Option(False, "--json", help="Print the registry as JSON.")):
    """Every rule id with its clause, severity, standard and the thresholds it reads; with a rule
    id, that rule's documentation (what it checks, why, how a unit fixes it)."""
    from govsite.checks.catalog import load_all
    from govsite.profile import load_profile
    prof = load_profile()
    if rule_id is not None:
        registered = load_all()
        if rule_id not in registered:
            raise BadInput(f"no rule '{rule_id}' (govsite rules lists them)")
        _print_rule(registered[rule_id], prof, as_json)
        return

    def shown(key: str) -> str:
        value = prof.get(key)
        if isinstance(value, (dict, list)):
            return f"{key} ({len(value)} entries)"
        return f"{key}={value}"

    registry = sorted(load_all().values(), key=lambda r: r.rule_id)
    if as_json:
        print(json.dumps([{"rule_id": r.rule_id, "title": r.title, "title_en": r.title_en, "severity": r.severity,
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


def _print_rule(r, prof, as_json: bool) -> None:
    """One rule's declaration and documentation, as `ruff rule X` prints a rule."""
    fields = {"rule_id": r.rule_id, "title": r.title, "title_en": r.title_en, "severity": r.severity,
              "standard": r.standard, "clause": r.clause, "family": r.family,
              "thresholds": {k: prof.get(k) for k in r.reads}, "doc": r.doc}
    if as_json:
        print(json.dumps(fields, ensure_ascii=False, indent=2, default=str))
        return
    print(f"{r.rule_id}  {r.title}  ({r.title_en})")
    print(f"严重程度 severity: {r.severity}    标准 standard: {r.standard}    规则族 family: {r.family}")
    print(f"条款 clause: {r.clause}")
    for key in r.reads:
        print(f"阈值 reads: {key} = {json.dumps(prof.get(key), ensure_ascii=False, default=str)}")
    print()
    print(r.doc)


@app.command()
@guarded
def demo(out_dir: Path = typer.Option(Path("govsite-demo"), "--out"),
         as_of: str | None = typer.Option(None, "--as-of"),
         db: str | None = typer.Option(None, "--db", help="Default: the default store (the user's data dir), where "
                                       "`govsite scans` and `govsite report` look."),
         port: int = typer.Option(0, "--port", help="Port for the sample portal (0: any free port)."),
         delay_scale: float = typer.Option(1.0, "--delay-scale", help="Multiply the sample portal's planted delays (tests use 0.1)."),
         profile: list[Path] | None = ProfileOption,
         quiet: bool = typer.Option(False, "--quiet"),
         verbose: bool = typer.Option(False, "--verbose")):
    """Serve the bundled sample portal on 127.0.0.1, scan it and write everything into --out."""
    from govsite.pipeline import scan_site
    from govsite.profile import load_profile
    from govsite.sample.child import sample_portal
    from govsite.store.db import open_store, shown_url

    day = parse_as_of(as_of)
    writable_out(out_dir)
    store = open_store(db)
    prof = load_profile([sample_profile_path(), *(profile or [])])
    try:
        portal = sample_portal(day, port=port, delay_scale=delay_scale)
        base_url, ext_base_url = portal.__enter__()
    except (RuntimeError, OSError) as exc:
        raise BadInput(str(exc)) from None
    run = run_progress.begin(not quiet)
    try:
        try:
            err.print(f"sample portal at {base_url}/ (second host {ext_base_url}/)", highlight=False)
            outcome = scan_or_mark_incomplete(store, lambda: scan_site(
                store, base_url + "/", day, out_dir, prof, ["127.0.0.1", "127.0.0.2"],
                progress=not quiet, verbose=verbose))
        finally:
            portal.__exit__(None, None, None)
        # The demo writes the scorecards too: the week of the scan, and the inspector's report.
        from govsite.lang import tr
        from govsite.reports.inspection import write_inspection_report
        from govsite.reports.weekly import write_weekly_report
        year, week, _ = day.isocalendar()
        run_progress.show("reports", tr(f"{year}年第{week}周周报", f"weekly scorecards {year}-W{week:02d}"))
        files = write_weekly_report(store, base_url + "/", f"{year}-W{week:02d}", out_dir, profile=prof)
        run_progress.show("reports", tr("检查前自评报告", "the inspection report"))
        files += write_inspection_report(store, base_url + "/", out_dir, scan_id=outcome.scan_id)
        from govsite.reports.notices import write_notices
        run_progress.show("reports", tr("整改通知单", "the rectification notices"))
        notices = write_notices(store, base_url + "/", f"{year}-W{week:02d}", out_dir / "notices", profile=prof)
    finally:
        total = run.elapsed
        run_progress.end()
    _print_outcome(outcome, summary_line=False)
    out.print("scorecards: " + ", ".join(p.name for p in files))
    out.print(f"整改通知单: {len(notices)} in {out_dir / 'notices'}", highlight=False)
    out.print(f"scan {outcome.scan_id} stored in {shown_url(store.url)}: `govsite scans`"
              + ("" if db is None else f" --db {db}") + " lists it, `govsite report` reads it", highlight=False)
    _summary_line(outcome, total)


@app.command()
@guarded
def schedule(url: str = typer.Argument(..., help="The site's start URL or registered name."),
             db: str | None = DbOption,
             profile: list[Path] | None = ProfileOption,
             verbose: bool = typer.Option(False, "--verbose")):
    """Run the nightly scan, the weekly scorecards and the availability probes until stopped."""
    import logging

    from govsite.profile import load_profile
    from govsite.scheduler import run_scheduler
    from govsite.store.db import open_store

    start = resolve_site_url(open_store(db), url)
    load_profile(profile)                  # a broken profile fails now, not at 01:30
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.INFO if verbose else logging.WARNING)
    run_scheduler(start, db, [str(p) for p in (profile or [])])


@app.command()
@guarded
def ack(rule_id: str = typer.Argument(..., help="Rule id of the finding, e.g. column.stale."),
        url: str = typer.Argument(..., help="The finding's URL (as in findings.csv)."),
        reason: str = typer.Option(..., "--reason", help="Why it is accepted, e.g. 本年度无人事变动."),
        site: str = typer.Option(..., "--site", help="The site's start URL or registered name."),
        column: str = typer.Option("", "--column", help="The finding's column (as in findings.csv)."),
        until: str | None = typer.Option(None, "--until", help="Last day the reason holds (YYYY-MM-DD)."),
        db: str | None = DbOption):
    """Accept a finding with a reason: it stays out of the score while the reason lasts."""
    from govsite.checks.catalog import load_all
    from govsite.rectification import add_ack
    from govsite.store.db import open_store

    if rule_id not in load_all():
        raise BadInput(f"unknown rule id '{rule_id}' (see `govsite rules`)")
    until_day = parse_as_of(until) if until else None
    store = open_store(db)
    key = add_ack(store, resolve_site_url(store, site), rule_id, url, column, reason, until_day)
    out.print(f"accepted {rule_id} {url} ({key}): {reason}" + (f" until {until_day}" if until_day else ""))


@app.command()
@guarded
def report(week: str | None = typer.Option(None, "--week", help="ISO week, e.g. 2026-W47 (default: the week of the newest complete scan)."),
           unit: str | None = typer.Option(None, "--unit", help="Only this unit's columns and findings."),
           out_dir: Path | None = typer.Option(None, "--out", help="Default: reports/ in the user's data dir, beside the default store."),
           site: str | None = typer.Option(None, "--site", help="Site start URL or registered name (default: the last scanned site)."),
           inspection: bool = typer.Option(False, "--inspection", help="The pre-inspection report, in the order of the national indicators."),
           overview: bool = typer.Option(False, "--overview", help="Every site of the store, worst first (the province's overview)."),
           scan_id: int | None = typer.Option(None, "--scan", help="With --inspection: this scan (default: the latest complete one)."),
           db: str | None = DbOption):
    """Weekly scorecards (HTML, Excel, CSV) from stored scans, or the inspector's report."""
    from govsite.reports.inspection import write_inspection_report
    from govsite.reports.weekly import ReportError, write_weekly_report
    from govsite.store.db import list_scans, open_store, shown_url
    from govsite.store.history import latest_complete_scan

    if overview and (inspection or unit or site):
        raise BadInput("--overview covers every site: it takes no --inspection, --unit or --site")
    if inspection and unit:
        raise BadInput("--unit is for the weekly scorecards: the inspection report covers the whole "
                       "site (leave out --unit, or use `govsite report --unit` or `govsite notices --unit`)")
    out_dir = writable_out(out_dir or default_report_dir())
    store = open_store(db)
    scans = list_scans(store)
    if not scans:
        raise BadInput(f"no scan in {shown_url(store.url)}: run `govsite scan` or `govsite demo` first "
                       "(or name the store with --db)")
    if overview:
        from govsite.reports.overview import write_overview
        if week is None:
            newest = max((s for s in scans if s.status == "complete"), key=lambda s: s.as_of, default=None)
            if newest is None:
                raise BadInput(f"no complete scan in {shown_url(store.url)}")
            year, wk, _ = newest.as_of.isocalendar()
            week = f"{year}-W{wk:02d}"
        for f in write_overview(store, week, out_dir):
            out.print(f"wrote {f}")
        return
    site = resolve_site_url(store, site) if site else scans[-1].start_url
    try:
        if inspection:
            files = write_inspection_report(store, site, out_dir, scan_id=scan_id)
        else:
            if week is None:
                newest = latest_complete_scan(store, site)
                if newest is None:
                    raise BadInput(f"no complete scan of {site} in {shown_url(store.url)}")
                year, wk, _ = newest.as_of.isocalendar()
                week = f"{year}-W{wk:02d}"
            files = write_weekly_report(store, site, week, out_dir, unit=unit)
    except ReportError as exc:    # until ReportError derives from errors.BadInput itself
        raise BadInput(str(exc)) from None
    for f in files:
        out.print(f"wrote {f}")


def default_report_dir() -> Path:
    """Where `govsite report` writes without --out: reports/ beside the default store, outside any
    checkout."""
    from govsite.store.db import default_db_path
    return default_db_path().parent / "reports"


@app.command()
@guarded
def notices(week: str = typer.Option(..., "--week", help="ISO week, e.g. 2026-W48."),
            out_dir: Path = typer.Option(..., "--out", help="Where the .docx files go."),
            unit: str | None = typer.Option(None, "--unit", help="Only this unit's notice."),
            site: str | None = typer.Option(None, "--site", help="Site start URL or registered name (default: the last scanned site)."),
            profile: list[Path] | None = ProfileOption,
            db: str | None = DbOption):
    """整改通知单: one Word document per unit with its open findings, page, fix and deadline."""
    from govsite.profile import load_profile
    from govsite.reports.notices import write_notices
    from govsite.reports.weeks import ReportError
    from govsite.store.db import list_scans, open_store

    writable_out(out_dir)
    store = open_store(db)
    scans = list_scans(store)
    if not scans:
        raise BadInput(f"no scan in {store.url}: run `govsite scan` first")
    prof = load_profile(profile) if profile else None
    site = resolve_site_url(store, site) if site else scans[-1].start_url
    try:
        files = write_notices(store, site, week, out_dir, profile=prof, unit=unit)
    except ReportError as exc:
        raise BadInput(str(exc)) from None
    if not files:
        out.print(f"no open finding in {week}: no notice written")
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


def _mount_fleet() -> None:
    if __name__ == "__main__":      # `python -m govsite.cli`: the module proper mounts them (below)
        return
    from govsite.cli_console import mount as mount_console
    from govsite.cli_fleet import mount
    mount(app)
    mount_console(app)


_mount_fleet()


def main() -> None:
    """Run the command line.  Typer's own usage errors (`check abc`, an unknown option) end in
    one line too, instead of a usage box."""
    try:
        code = app(prog_name="govsite", standalone_mode=False)
    except typer.Abort:
        _say("aborted")
        sys.exit(EXIT_INTERNAL)
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":     # `govsite` alone: the help is the answer
            exc.show()
            sys.exit(exc.exit_code)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        _say(exc.format_message() + hint)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    from govsite.cli import main as cli_main  # the module as imported, with the fleet's commands
    cli_main()
