"""`ikd-planner serve` and `ikd-planner users add`: run the web app, and give people logins.

Registered on the main CLI by `register(app)` (one line in planner/cli.py).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from planner.cli_campaign import DbOpt, check_lang_option, fail, say
from planner.i18n import Lang, Message, t
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


LangOpt = Annotated[
    str, typer.Option("--lang", help="id (Bahasa Indonesia, bawaan / default) atau / or en")
]


def _say(lang: Lang, key: str, **params: object) -> None:
    say(t(lang, f"users.{key}", **params))


def _read_password(password_stdin: bool, lang: Lang) -> str:
    """The password from stdin (scripts, or anything not a terminal), else asked twice."""
    if password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(t(lang, "users.prompt_password"))
    if getpass.getpass(t(lang, "users.prompt_again")) != password:
        fail(Message.of("users.passwords_differ"), lang=lang)
    return password


def _change(db: str | None, lang: Lang, action: str, change: Any, **detail: Any) -> str:
    """Run `change(session)` and its audit entry (`detail`, or the dict `change` returns) in one
    transaction; on UserError print its sentence in `lang` and exit 2 (nothing changed).
    Returns where the database is."""
    from planner.campaign.db import transaction
    from planner.cli_campaign import open_ledger
    from planner.web import audit
    from planner.web.auth import UserError

    ledger = open_ledger(db, lang)
    try:
        with transaction(ledger.engine) as s:
            done = change(s)
            audit.record(s, "cli", action, **(done if isinstance(done, dict) else detail))
    except UserError as exc:
        fail(exc, lang=lang)
    finally:
        ledger.close()
    return ledger.where


#: `--password-stdin`: scripts pass the password on stdin instead of the prompt
PasswordStdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="baca kata sandi dari stdin / read the password from stdin (scripts)",
    ),
]


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="nama login / login name")],
    role: Annotated[str, typer.Option("--role", help="manager, team_leader atau / or viewer")],
    team: Annotated[
        str | None,
        typer.Option("--team", help='tim ketua tim / a team leader\'s team, e.g. "Tim 1"'),
    ] = None,
    password_stdin: PasswordStdinOpt = False,
    db: DbOpt = None,
    lang: LangOpt = "id",
) -> None:
    """Tambah pengguna; kata sandi ditanya dua kali (atau dibaca dari stdin), disimpan sebagai
    argon2id. / Add a user; the password is asked twice (or read from stdin), stored as argon2id."""
    from planner.web.auth import add_user

    language = check_lang_option(lang)
    password = _read_password(password_stdin, language)

    def add(s: Any) -> dict[str, Any]:
        user = add_user(s, name, role, password, team)
        return {"name": user.name, "role": user.role, "team": user.team}

    where = _change(db, language, "user_added", add)
    _say(language, "added", name=name.strip(), role=role + (f", {team}" if team else ""), db=where)


@users_app.command("password")
def users_password(
    name: Annotated[str, typer.Argument(help="nama login / login name")],
    password_stdin: PasswordStdinOpt = False,
    db: DbOpt = None,
    lang: LangOpt = "id",
) -> None:
    """Ganti kata sandi pengguna; semua sesinya berakhir. / Set a user's new password; all of
    their sessions end."""
    from planner.web.auth import set_password

    language = check_lang_option(lang)
    password = _read_password(password_stdin, language)
    _change(db, language, "password_set", lambda s: set_password(s, name, password), name=name)
    _say(language, "password_set", name=name)


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="nama login / login name")],
    db: DbOpt = None,
    lang: LangOpt = "id",
) -> None:
    """Nonaktifkan pengguna (langsung keluar dari semua sesi). / Disable a login (their
    sessions end at once); `users enable` gives it back."""
    from planner.web.auth import set_active

    language = check_lang_option(lang)
    _change(db, language, "user_disabled", lambda s: set_active(s, name, False), name=name)
    _say(language, "disabled", name=name)


@users_app.command("enable")
def users_enable(
    name: Annotated[str, typer.Argument(help="nama login / login name")],
    db: DbOpt = None,
    lang: LangOpt = "id",
) -> None:
    """Aktifkan lagi pengguna. / Enable a disabled login again."""
    from planner.web.auth import set_active

    language = check_lang_option(lang)
    _change(db, language, "user_enabled", lambda s: set_active(s, name, True), name=name)
    _say(language, "enabled", name=name)


@users_app.command("list")
def users_list(db: DbOpt = None, lang: LangOpt = "id") -> None:
    """Daftar pengguna. / List the users: name, role, team, active."""
    from planner.campaign.db import transaction
    from planner.cli_campaign import open_ledger
    from planner.web.auth import list_users

    language = check_lang_option(lang)
    ledger = open_ledger(db, language)
    try:
        with transaction(ledger.engine) as s:
            rows = [(u.name, u.role, u.team or "", u.active) for u in list_users(s)]
    finally:
        ledger.close()
    for name, role, team, active in rows:
        state = t(language, "users.active" if active else "users.inactive")
        say(f"{name}\t{role}\t{team}\t{state}")


def register(app: typer.Typer) -> None:
    """Add `serve` and `users` to the main CLI."""
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
