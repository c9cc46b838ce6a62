"""What every command of the command line shares: the consoles, the one guard that turns a
failure into one line and an exit code, and the options several commands take.  Its own module so
that the command groups (cli.py, cli_fleet.py) import it, not each other."""
from __future__ import annotations

import contextlib
import errno
import sys
import tempfile
import traceback
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from govsite.errors import BadInput, CannotRun, GovsiteError

err = Console(stderr=True)
out = Console()


EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 1

# What the operating system says when a file cannot grow: nothing the user typed was wrong.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def shanghai_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def parse_as_of(value: str | None) -> date:
    if not value:
        return shanghai_today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"--as-of '{value}' is not a date of the form YYYY-MM-DD") from None
    if not 2000 <= day.year <= 2100:
        raise BadInput(f"--as-of {value} is out of range (2000-01-01 .. 2100-12-31)")
    return day


def _say(message: str) -> None:
    """One line on stderr, whatever the message holds (a driver's multi-line text, markup-like
    brackets such as [首页])."""
    line = " ".join(part.strip() for part in str(message).splitlines() if part.strip())
    print(f"govsite: {line}", file=sys.stderr, flush=True)


def _fail(message: str, code: int) -> None:
    _say(message)
    raise typer.Exit(code)


def user_facing(exc: BaseException) -> GovsiteError | None:
    """The sentence-and-exit-code error `exc` stands for, or None for a bug.

    Errors of govsite derive from GovsiteError; a database that fails under the store (disk full,
    I/O error) and a file that cannot grow are the machine's trouble, told as such (exit 1)."""
    if isinstance(exc, GovsiteError):
        return exc
    from govsite.store.db import store_failure
    found = store_failure(exc)
    if found is not None:
        return found
    if isinstance(exc, OSError) and exc.errno in _NO_ROOM:
        where = f" {exc.filename}" if exc.filename else ""
        return CannotRun(f"cannot write{where}: {exc.strerror} (free some space and run again)")
    return None


def guarded(func):
    """The single guard of every command: a known failure becomes one clear line and its exit
    code (2 bad input, 1 could not run); anything else one line that says "internal error"."""
    from functools import wraps

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            _fail("interrupted", EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
            known = user_facing(exc)
            if known is not None:
                _fail(str(known), known.exit_code)
            if kwargs.get("verbose"):
                traceback.print_exc()
            _fail(f"internal error: {exc.__class__.__name__}: {exc} (rerun with --verbose for the "
                  f"traceback)", EXIT_INTERNAL)
    return wrapper


def writable_out(out_dir: Path) -> Path:
    """`--out`, created if needed and proven writable now: a scan of hours must not end in a
    folder it cannot write (a file in its place, a read-only disk, no permission)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        raise BadInput(f"--out {out_dir}: cannot write there "
                       f"({exc.strerror or exc.__class__.__name__})") from None
    return out_dir


def scan_or_mark_incomplete(store, run):
    """`run()`, a scan into `store`; if it fails, the scan this process left running is marked
    incomplete with the reason before the error goes on to the guard."""
    from govsite.store.db import mark_own_scans_incomplete
    try:
        return run()
    except BaseException as exc:
        known = user_facing(exc) if isinstance(exc, Exception) else None
        reason = str(known) if known else f"{exc.__class__.__name__}: {exc}"
        # The store may be what failed: then the next open marks it, this process being gone.
        with contextlib.suppress(Exception):
            mark_own_scans_incomplete(store, f"stopped: {reason}")
        raise


AllowHost = typer.Option(None, "--allow-host", help="Only contact hosts matching this glob "
                         "(repeatable); links to other hosts are recorded as not checked.")
DbOption = typer.Option(None, "--db", help="SQLite file, postgresql://user@host/db, or another SQLAlchemy URL (default: the user's data dir).")
ProfileOption = typer.Option(None, "--profile", help="Site profile YAML overriding the defaults "
                             "(repeatable: later files override earlier ones).")
