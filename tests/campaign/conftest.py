"""Fixtures for the campaign ledger: databases (SQLite files and a real PostgreSQL), a ledger
with a recorded plan, and files to import."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner.campaign.ledger import Ledger
from tests.campaign.factories import make_plan
from tests.campaign.pg_server import find_bin_dir, running_server
from tests.factories import tiny_kabupaten


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A PostgreSQL server for this test session: $IKD_TEST_PG_URL, else a throwaway one.

    Skips when PostgreSQL is not installed, except in CI (CI=true), where that is a failure:
    `make test` installs it.
    """
    given = os.environ.get("IKD_TEST_PG_URL")
    if given:
        yield given
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL (initdb, pg_ctl) is not installed; `make test` installs it")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with running_server(bin_dir) as url:
        os.environ["IKD_TEST_PG_URL"] = url
        try:
            yield url
        finally:
            os.environ.pop("IKD_TEST_PG_URL", None)


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """An empty PostgreSQL database of its own for one test, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    """An empty SQLite database file of its own for one test."""
    return f"sqlite:///{tmp_path}/ledger.sqlite"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database, once on SQLite and once on a real PostgreSQL server."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def ledger(sqlite_url: str) -> Iterator[Ledger]:
    """A SQLite ledger holding the test plan (tests/campaign/factories.make_plan)."""
    opened = Ledger.open(sqlite_url)
    opened.record_plan(make_plan(), tiny_kabupaten())
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def any_ledger(db_url: str) -> Iterator[Ledger]:
    """The same ledger, once on SQLite and once on PostgreSQL."""
    opened = Ledger.open(db_url)
    opened.record_plan(make_plan(), tiny_kabupaten())
    try:
        yield opened
    finally:
        opened.close()
