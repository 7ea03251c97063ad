"""The web app's handle on the campaign database: the ledger's engine and transactions.

The web tables live in the same database as the ledger and come from the same Alembic chain,
so `open_database` (make engine, migrate to head) is all the web app needs.
"""

from __future__ import annotations

from sqlalchemy import Engine

from planner.campaign.db import make_engine, open_database, resolve_url, transaction

__all__ = ["make_engine", "open_engine", "resolve_url", "transaction"]


def open_engine(url: str) -> Engine:
    """The engine for `url` with the schema (ledger and web tables) migrated to head."""
    return open_database(url)
