"""`ikd-planner serve` and `ikd-planner users add`: run the web app, and give people logins.

Registered on the main CLI by `register(app)` (one line in planner/cli.py).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from planner.cli_campaign import DbOpt, fail, say
from planner.settings import DEFAULT_DATA_DIR, DEFAULT_SCENARIO

users_app = typer.Typer(
    help="Pengguna aplikasi web (manager, team_leader, viewer). / "
    "Web app users (manager, team leader, viewer).",
    no_args_is_help=True,
)


def serve(
    host: Annotated[str, typer.Option("--host", help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port")] = 8000,
    db: DbOpt = None,
    data: Annotated[
        Path, typer.Option("--data", help="kabupaten data folder (see geodata/README.md)")
    ] = DEFAULT_DATA_DIR,
    scenario: Annotated[
        Path, typer.Option("--scenario", help="scenario the Plan page starts from")
    ] = DEFAULT_SCENARIO,
    work: Annotated[
        Path, typer.Option("--work", help="folder for the plans made in the browser")
    ] = Path("ikd-web"),
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help="mark cookies Secure always (default: whenever the request came over HTTPS)",
        ),
    ] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="server processes")] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            envvar="IKD_DASK_SCHEDULER",
            help="Dask scheduler for the Scenarios page's sweeps, e.g. tcp://host:8786 "
            "(as `compare --scheduler`; default: local worker processes)",
        ),
    ] = None,
) -> None:
    """Jalankan aplikasi web kantor (Bahasa Indonesia; bahasa Inggris lewat tombol di setiap
    halaman). / Run the web app (Bahasa Indonesia first; English by a switch on every page)."""
    import os

    import uvicorn

    from planner.campaign.db import describe_url, resolve_url
    from planner.cli_campaign import open_ledger

    url = resolve_url(db)
    open_ledger(url).close()  # migrate once, before any worker starts
    os.environ["IKD_WEB_DB"] = url
    os.environ["IKD_WEB_DATA"] = str(data.resolve())
    os.environ["IKD_WEB_SCENARIO"] = str(scenario.resolve())
    os.environ["IKD_WEB_WORK"] = str(work.resolve())
    os.environ["IKD_WEB_SECURE"] = "1" if secure_cookies else "auto"
    os.environ["IKD_WEB_SCHEDULER"] = scheduler or ""
    say(f"IKD planner web: http://{host}:{port}/  (database {describe_url(url)}, data {data})")
    uvicorn.run(
        "planner.web.cli:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        server_header=False,
        log_level="warning",
    )


def app_from_env():  # type: ignore[no-untyped-def]
    """The app for the settings `serve` put in the environment (each server process calls it)."""
    import os

    from planner.web.app import create_app
    from planner.web.config import WebConfig

    return create_app(
        WebConfig(
            db_url=os.environ["IKD_WEB_DB"],
            data_dir=Path(os.environ["IKD_WEB_DATA"]),
            scenario=Path(os.environ["IKD_WEB_SCENARIO"]),
            work_dir=Path(os.environ["IKD_WEB_WORK"]),
            secure_cookies=True if os.environ.get("IKD_WEB_SECURE") == "1" else None,
            scheduler=os.environ.get("IKD_WEB_SCHEDULER") or None,
        )
    )


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="login name")],
    role: Annotated[str, typer.Option("--role", help="manager, team_leader or viewer")],
    team: Annotated[
        str | None, typer.Option("--team", help='a team leader\'s team, e.g. "Tim 1"')
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from stdin (scripts)")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Tambah pengguna; kata sandi ditanya dua kali (atau dibaca dari stdin), disimpan sebagai
    argon2id. / Add a user; the password is asked twice (or read from stdin), stored as argon2id."""
    from planner.campaign.db import transaction
    from planner.cli_campaign import open_ledger
    from planner.web import audit
    from planner.web.auth import UserError, add_user

    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            fail("the passwords differ")
    ledger = open_ledger(db)
    try:
        with transaction(ledger.engine) as s:
            user = add_user(s, name, role, password, team)
            audit.record(s, "cli", "user_added", name=user.name, role=user.role, team=user.team)
    except UserError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    say(f"user {name} ({role}{', ' + team if team else ''}) added to {ledger.where}")


def _read_password(password_stdin: bool) -> str:
    if password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != password:
        fail("the passwords differ")
    return password


def _change(db: str | None, action: str, change: Any, **detail: Any) -> None:
    """Run `change(session)` and its audit entry in one transaction; exit 1 on UserError."""
    from planner.campaign.db import transaction
    from planner.cli_campaign import open_ledger
    from planner.web import audit
    from planner.web.auth import UserError

    ledger = open_ledger(db)
    try:
        with transaction(ledger.engine) as s:
            change(s)
            audit.record(s, "cli", action, **detail)
    except UserError as exc:
        fail(str(exc))
    finally:
        ledger.close()


@users_app.command("password")
def users_password(
    name: Annotated[str, typer.Argument(help="login name")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from stdin (scripts)")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Ganti kata sandi pengguna; semua sesinya berakhir. / Set a user's new password; all of
    their sessions end."""
    from planner.web.auth import set_password

    password = _read_password(password_stdin)
    _change(db, "password_set", lambda s: set_password(s, name, password), name=name)
    say(f"password of {name} changed; their sessions have ended")


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="login name")], db: DbOpt = None
) -> None:
    """Nonaktifkan pengguna (langsung keluar dari semua sesi). / Disable a login (their
    sessions end at once); `users enable` gives it back."""
    from planner.web.auth import set_active

    _change(db, "user_disabled", lambda s: set_active(s, name, False), name=name)
    say(f"user {name} disabled")


@users_app.command("enable")
def users_enable(name: Annotated[str, typer.Argument(help="login name")], db: DbOpt = None) -> None:
    """Aktifkan lagi pengguna. / Enable a disabled login again."""
    from planner.web.auth import set_active

    _change(db, "user_enabled", lambda s: set_active(s, name, True), name=name)
    say(f"user {name} enabled")


@users_app.command("list")
def users_list(db: DbOpt = None) -> None:
    """Daftar pengguna. / List the users: name, role, team, active."""
    from planner.campaign.db import transaction
    from planner.cli_campaign import open_ledger
    from planner.web.auth import list_users

    ledger = open_ledger(db)
    try:
        with transaction(ledger.engine) as s:
            rows = [(u.name, u.role, u.team or "", u.active) for u in list_users(s)]
    finally:
        ledger.close()
    for name, role, team, active in rows:
        say(f"{name}\t{role}\t{team}\t{'active' if active else 'disabled'}")


def register(app: typer.Typer) -> None:
    """Add `serve` and `users` to the main CLI."""
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
