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
    assert re.search(r"^look\s+viewer\s+disabled$", _users(site, "list"), re.MULTILINE)
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
