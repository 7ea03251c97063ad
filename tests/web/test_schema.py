"""The web tables come from the migration chain; every state-changing route checks CSRF."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.routing import APIRoute
from sqlalchemy import MetaData, inspect

from planner.campaign.db import open_database, transaction
from planner.campaign.models import Base
from planner.web.auth import UserError, add_user, authenticate
from planner.web.models import WebBase
from tests.campaign.conftest import db_url, pg_server_url, pg_url, sqlite_url  # noqa: F401
from tests.web.conftest import Site

WEB_TABLES = {"web_users", "web_sessions", "web_audit", "web_jobs"}


def all_tables() -> MetaData:
    """The ledger's and the web app's tables: one database, one migration chain."""
    both = MetaData()
    for table in (*Base.metadata.tables.values(), *WebBase.metadata.tables.values()):
        table.to_metadata(both)
    return both


def test_web_tables_are_made_by_the_migrations(db_url: str) -> None:  # noqa: F811
    """On SQLite and PostgreSQL an empty database upgraded to head has the web tables, exactly
    as the models declare them (nothing left to migrate)."""
    engine = open_database(db_url)
    try:
        assert set(inspect(engine).get_table_names()) >= WEB_TABLES
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), all_tables())
        assert diff == []
    finally:
        engine.dispose()


def test_users_have_roles_teams_and_real_passwords(sqlite_url: str) -> None:  # noqa: F811
    """A team leader needs a team; unknown roles, short passwords and taken names are refused;
    the right password authenticates and a wrong one does not."""
    engine = open_database(sqlite_url)
    with transaction(engine) as s:
        add_user(s, "ani", "team_leader", "panjang-sekali", "Tim 1")
        for args in (
            ("budi", "team_leader", "panjang-sekali", None),
            ("budi", "admin", "panjang-sekali", None),
            ("budi", "viewer", "pendek", None),
            ("ani", "viewer", "panjang-sekali", None),
        ):
            with pytest.raises(UserError):
                add_user(s, *args)
    with transaction(engine) as s:
        assert authenticate(s, "ani", "panjang-sekali") is not None
        assert authenticate(s, "ani", "salah-sandi") is None
        assert authenticate(s, "nobody", "panjang-sekali") is None
    engine.dispose()


def test_every_state_changing_route_checks_the_csrf_token(site: Site) -> None:
    """Each POST route depends on the CSRF check (login has its own double-submit check)."""
    from planner.web.app import create_app
    from planner.web.deps import checked_form

    def deps(dependant: object) -> set[object]:
        out: set[object] = set()
        for d in dependant.dependencies:  # type: ignore[attr-defined]
            out.add(d.call)
            out |= deps(d)
        return out

    from planner.web import pages

    app = create_app(site.cfg)
    routes = [*app.routes, *pages.router.routes]
    posts = [r for r in routes if isinstance(r, APIRoute) and "POST" in (r.methods or set())]
    assert len(posts) >= 8
    for route in posts:
        if route.path == "/login":
            continue
        assert checked_form in deps(route.dependant), route.path
