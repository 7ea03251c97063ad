"""Alembic environment: runs the migrations on the engine handed over in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, text

from planner.campaign.models import Base

#: Any constant: PostgreSQL sessions upgrading the same database wait for each other on it.
_PG_MIGRATION_LOCK = 0x494B44


def _run(engine: Engine) -> None:
    with engine.connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=Base.metadata,
            render_as_batch=conn.dialect.name == "sqlite",
            transaction_per_migration=False,
        )
        with context.begin_transaction():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            context.run_migrations()


engine = context.config.attributes.get("engine")
if engine is None:  # pragma: no cover - only the packaged helper runs migrations
    raise RuntimeError("run migrations through planner.campaign.migrate.upgrade_to_head")
_run(engine)
