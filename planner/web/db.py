"""The web app's handle on the campaign database (engine and transactions come from the ledger)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker


def open_engine(url: str) -> Engine:
    """TEMPORARY until the ledger's planner.campaign.db is merged."""
    return create_engine(url)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session committed whole at the end, or rolled back whole on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
