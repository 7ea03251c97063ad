"""Accounts: `ikd-planner users disable/enable/password/list`, and a user changing their own
password in the browser. Real app in-process, real SQLite campaign database."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from planner.cli import app as cli
from tests.web.conftest import PASSWORD, Site, csrf_of, login

pytestmark = pytest.mark.slow
NEW_PASSWORD = "baru-sekali-456"


def _users(site: Site, *args: str, stdin: str | None = None) -> str:
    res = CliRunner().invoke(cli, ["users", *args, "--db", site.cfg.db_url], input=stdin)
    assert res.exit_code == 0, res.output
    return res.output


def _login_status(client: TestClient, name: str, password: str) -> int:
    client.cookies.clear()
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"name": name, "password": password, "csrf": csrf_of(page.text), "next": "/"},
        follow_redirects=False,
    )
    return int(r.status_code)


def test_a_disabled_user_is_logged_out_and_cannot_log_in(
    site: Site, app_client: TestClient
) -> None:
    """`users disable` ends the open session at once; `users enable` gives the login back."""
    login(app_client, "look")
    assert app_client.get("/").status_code == 200
    _users(site, "disable", "look")
    assert app_client.get("/", follow_redirects=False).status_code == 303  # to the login
    assert _login_status(app_client, "look", PASSWORD) == 401
    assert re.search(r"^look\s+viewer\s+nonaktif$", _users(site, "list"), re.MULTILINE)
    listed = _users(site, "list", "--lang", "en")
    assert re.search(r"^look\s+viewer\s+disabled$", listed, re.MULTILINE)
    _users(site, "enable", "look")
    assert _login_status(app_client, "look", PASSWORD) == 303


def test_the_cli_sets_a_new_password_and_ends_sessions(site: Site, app_client: TestClient) -> None:
    """`users password NAME --password-stdin`: the old password and old sessions stop working."""
    login(app_client, "tl2")
    _users(site, "password", "tl2", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert app_client.get("/", follow_redirects=False).status_code == 303
    assert _login_status(app_client, "tl2", PASSWORD) == 401
    assert _login_status(app_client, "tl2", NEW_PASSWORD) == 303
    res = CliRunner().invoke(
        cli, ["users", "password", "nobody", "--db", site.cfg.db_url], input="x" * 10 + "\n"
    )
    assert res.exit_code != 0 and "nobody" in res.output


def test_a_user_changes_their_own_password(app_client: TestClient) -> None:
    """The current password is checked and the new one typed twice; then the old one no
    longer logs in, this session goes on, the user's other sessions end; audited."""
    other = TestClient(app_client.app)
    login(other, "tl1")
    csrf = login(app_client, "tl1")
    page = app_client.get("/account")
    assert page.status_code == 200 and 'id="password-form"' in page.text

    def change(current: str, new: str, again: str, token: str | None = csrf) -> int:
        data = {"current": current, "new": new, "again": again}
        if token:
            data["csrf"] = token
        r = app_client.post("/account/password", data=data, follow_redirects=False)
        return int(r.status_code)

    assert change("salah-sekali", NEW_PASSWORD, NEW_PASSWORD) == 400
    assert change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x") == 400
    assert change(PASSWORD, "pendek", "pendek") == 400
    assert change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD, token=None) == 403
    assert change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD) == 303
    assert app_client.get("/account?changed=1").status_code == 200  # this session goes on
    assert other.get("/", follow_redirects=False).status_code == 303  # the other one ended
    assert _login_status(other, "tl1", PASSWORD) == 401
    assert _login_status(other, "tl1", NEW_PASSWORD) == 303
    login(app_client, "boss")
    assert "password_changed" in app_client.get("/audit").text


def _refused(site: Site, *args: str, stdin: str = PASSWORD + "\n") -> str:
    res = CliRunner().invoke(cli, ["users", *args, "--db", site.cfg.db_url], input=stdin)
    assert res.exit_code == 2, res.output
    return res.output


@pytest.mark.parametrize(
    ("args", "bahasa", "english"),
    [
        (("password", "nobody"), "galat: tidak ada pengguna 'nobody'", "error: no user 'nobody'"),
        (("disable", "nobody"), "galat: tidak ada pengguna 'nobody'", "error: no user 'nobody'"),
        (
            ("add", "boss", "--role", "viewer"),
            "galat: pengguna 'boss' sudah ada",
            "error: user 'boss' exists already",
        ),
        (
            ("add", "new", "--role", "chief"),
            "galat: peran harus salah satu dari manager, team_leader, viewer",
            "error: the role must be one of manager, team_leader, viewer",
        ),
        (
            ("add", "new", "--role", "team_leader"),
            "galat: ketua tim perlu --team",
            "error: a team leader needs --team",
        ),
        (
            ("add", "two words", "--role", "viewer"),
            "galat: nama pengguna harus 1-64 karakter tanpa spasi",
            "error: the user name must be 1-64 characters without spaces",
        ),
    ],
)
def test_account_commands_name_the_problem_in_the_readers_language(
    site: Site, args: tuple[str, ...], bahasa: str, english: str
) -> None:
    """Every `users` refusal reads Bahasa Indonesia by default and English with --lang en,
    after the one `galat:`/`error:` prefix, and exits 2."""
    assert bahasa in _refused(site, *args)
    assert english in _refused(site, *args, "--lang", "en")


def test_a_short_password_is_refused_in_both_languages(site: Site) -> None:
    """`users add`/`users password` with a too short password name the minimum length."""
    short = "pendek\n"
    assert "galat: kata sandi minimal 8 karakter" in _refused(
        site, "add", "baru", "--role", "viewer", stdin=short
    )
    assert "error: the password must be at least 8 characters" in _refused(
        site, "password", "look", "--lang", "en", stdin=short
    )
    assert "baru" not in _users(site, "list")  # nothing was added


def test_a_refused_new_password_on_the_account_page_reads_bahasa(app_client: TestClient) -> None:
    """The account page shows the same sentence as the CLI, in the reader's language."""
    csrf = login(app_client, "look")
    data = {"current": PASSWORD, "new": "pendek", "again": "pendek", "csrf": csrf}
    page = app_client.post("/account/password", data=data)
    assert page.status_code == 400
    assert "kata sandi minimal 8 karakter" in page.text
    assert "the password must be" not in page.text
    app_client.cookies.set("ikd_lang", "en")
    page = app_client.post("/account/password", data=data)
    assert "the password must be at least 8 characters" in page.text
    app_client.cookies.delete("ikd_lang")
