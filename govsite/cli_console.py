"""The web console's commands: `govsite serve` and `govsite users …`.  Mounted on the main
command line by cli.py."""
from __future__ import annotations

import getpass
import socket
import sys
from pathlib import Path

import typer
from rich.table import Table

from govsite.cli_common import DbOption, guarded, out
from govsite.errors import BadInput, CannotRun

users_app = typer.Typer(help="Accounts of the web console: add, passwd, disable, list.",
                        no_args_is_help=True)


@users_app.callback()
def _users() -> None:
    """Accounts of the web console: add, passwd, disable, list."""


def _read_password(from_stdin: bool) -> str:
    """One line of stdin with --password-stdin, else asked twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 / password: ")
    if getpass.getpass("再次输入 / again: ") != first:
        raise BadInput("the two passwords differ")
    return first


@users_app.command("add")
@guarded
def users_add(name: str = typer.Argument(..., help="The account's name."),
              role: str = typer.Option(..., "--role", help="admin, unit or inspector."),
              unit: list[str] | None = typer.Option(None, "--unit", help="A unit whose findings a unit account sees (repeatable)."),
              password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
              db: str | None = DbOption):
    """Add an account (a unit account needs at least one --unit)."""
    from govsite.console.auth import check_new_account, create_account
    from govsite.store.db import open_store
    units = [u.strip() for u in unit or [] if u.strip()]
    check_new_account(name, role, units, "x" * 8)       # before asking for the password
    password = _read_password(password_stdin)
    account = create_account(open_store(db), name, role, units, password)
    out.print(f"added {account.role} account {account.name}"
              + (f" ({'、'.join(account.units)})" if account.units else ""))


@users_app.command("passwd")
@guarded
def users_passwd(name: str = typer.Argument(...),
                 password_stdin: bool = typer.Option(False, "--password-stdin"),
                 db: str | None = DbOption):
    """Set an account's password."""
    from govsite.console.auth import change_password
    from govsite.store.accounts import find_account
    from govsite.store.db import open_store
    store = open_store(db)
    if find_account(store, name) is None:
        raise BadInput(f"no account named {name}")
    change_password(store, name, _read_password(password_stdin))
    out.print(f"password of {name} changed")


@users_app.command("disable")
@guarded
def users_disable(name: str = typer.Argument(...), db: str | None = DbOption):
    """Disable an account: it can no longer sign in, and its sessions end."""
    from govsite.console.auth import disable_account
    from govsite.store.db import open_store
    disable_account(open_store(db), name)
    out.print(f"account {name} disabled")


@users_app.command("list")
@guarded
def users_list(db: str | None = DbOption):
    """The accounts."""
    from govsite.store.accounts import list_accounts
    from govsite.store.db import open_store
    table = Table(show_header=True)
    for col in ("name", "role", "units", "status"):
        table.add_column(col)
    for a in list_accounts(open_store(db)):
        table.add_row(a.name, a.role, "、".join(a.units), "disabled" if a.disabled else "active")
    out.print(table)


def default_data_dir(db: str | None) -> Path:
    """Where uploads go by default: `console-uploads` beside the SQLite file, or in the user's
    data folder for a database URL."""
    from platformdirs import user_data_dir

    from govsite.store.db import default_db_path
    if db is None:
        return default_db_path().parent / "console-uploads"
    if "://" in db:
        return Path(user_data_dir("govsite", appauthor=False)) / "console-uploads"
    return Path(db).expanduser().resolve().parent / "console-uploads"


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound now so that a port in use is one line, not a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BadInput(f"--host {host}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise CannotRun(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


@guarded
def serve(db: str | None = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (put nginx in front for TLS)."),
          port: int = typer.Option(8080, "--port"),
          profile: list[Path] | None = typer.Option(None, "--profile", help="Accepted for symmetry with scan; the console judges each scan by the profile it ran with."),
          data_dir: Path | None = typer.Option(None, "--data-dir", help="Folder for uploaded screenshots (default: console-uploads beside the SQLite file)."),
          secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Mark the session cookie Secure (behind TLS)."),
          verbose: bool = typer.Option(False, "--verbose")):
    """Run the web console (the e-gov centre's intranet site)."""
    import uvicorn

    from govsite.console.app import create_app
    from govsite.store.db import open_store
    if not 0 <= port <= 65535:
        raise BadInput(f"--port {port}: 0 to 65535")
    store = open_store(db)
    uploads = data_dir or default_data_dir(db)
    try:
        uploads.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--data-dir {uploads}: cannot create it ({exc.strerror})") from None
    sock = _listen(host, port)
    app = create_app(store, uploads, secure_cookies=secure_cookies)
    shown = sock.getsockname()
    out.print(f"govsite console on http://{host}:{shown[1]}/ (store {store.url.split('://')[0]}, uploads {uploads})")
    config = uvicorn.Config(app, log_level="info" if verbose else "warning", proxy_headers=True,
                            forwarded_allow_ips="127.0.0.1", server_header=False)
    uvicorn.Server(config).run(sockets=[sock])


def mount(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.command("serve")(serve)
