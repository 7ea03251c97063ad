"""The schema is made by the migrations, on SQLite and on PostgreSQL."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from planner.campaign.db import make_engine, open_database
from planner.campaign.migrate import current_revision, head_revision
from planner.campaign.models import Base
from planner.web.models import WebBase

LEDGER_TABLES = {
    "campaigns",
    "campaign_areas",
    "plans",
    "planned_visits",
    "actual_visits",
    "imports",
}


def all_tables() -> MetaData:
    """The ledger's and the web app's tables: one database, one migration chain."""
    both = MetaData()
    for table in (*Base.metadata.tables.values(), *WebBase.metadata.tables.values()):
        table.to_metadata(both)
    return both


def test_empty_database_upgrades_to_head(db_url: str) -> None:
    """An empty database opened by the planner ends at the newest revision with every table."""
    engine = open_database(db_url)
    try:
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) >= LEDGER_TABLES
    finally:
        engine.dispose()


def test_migrations_match_the_models(db_url: str) -> None:
    """The migrated schema is what the models declare (no change left to migrate)."""
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            # the web app's tables (planner.web.models) share the chain and the database
            diff = compare_metadata(MigrationContext.configure(conn), all_tables())
        assert diff == []
    finally:
        engine.dispose()


def test_opening_twice_keeps_the_data(db_url: str) -> None:
    """Opening a database at head again changes nothing (no second create)."""
    open_database(db_url).dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO campaigns (kabupaten_code, name, baseline_ikd_active, baseline_as_of,"
            " wktp, target_rate, national_target_rate, created_at)"
            " VALUES ('00.00', 'X', 1, '2025-01', 10, 0.2, 0.3, '2026-01-01 00:00:00+00')"
        )
    engine.dispose()
    engine = open_database(db_url)
    with engine.connect() as conn:
        n = conn.exec_driver_sql("SELECT count(*) FROM campaigns").scalar_one()
    engine.dispose()
    assert n == 1


@pytest.mark.postgres
def test_postgres_url_without_driver_uses_psycopg(pg_url: str) -> None:
    """A plain postgresql:// URL (as users write it) opens with the psycopg 3 driver."""
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    engine = open_database(plain)
    try:
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


def _open_in_child(url: str, start: Any, results: Any) -> None:
    from planner.campaign.db import open_database
    from planner.campaign.migrate import current_revision

    start.wait(timeout=30)
    engine = open_database(url)
    results.put(current_revision(engine))
    engine.dispose()


def test_two_processes_opening_a_new_database_at_once_both_succeed(db_url: str) -> None:
    """Two commands started together on an empty database both find it migrated, once."""
    ctx = mp.get_context("fork")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_open_in_child, args=(db_url, start, results)) for _ in range(2)]
    for p in procs:
        p.start()
    revisions = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert revisions == [head_revision(), head_revision()]
