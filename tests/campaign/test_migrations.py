"""The schema is made by the migrations, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from planner.campaign.db import make_engine, open_database
from planner.campaign.migrate import current_revision, head_revision
from planner.campaign.models import Base

LEDGER_TABLES = {
    "campaigns",
    "campaign_areas",
    "plans",
    "planned_visits",
    "actual_visits",
    "imports",
}


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
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
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
