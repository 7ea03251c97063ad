"""The web app's handles on the campaign database: the ledger's engine for writes, and a
reader for the pages.

The ledger's SQLite engine begins every transaction with `BEGIN IMMEDIATE` (one writer at a
time, so two imports never interleave). That is right for writes, but a page that only reads
must not queue behind a team leader's import. So on SQLite the app also keeps a reader engine
whose transactions begin DEFERRED, and switches the database to WAL journaling, in which
readers and the one writer do not block each other. On PostgreSQL the writer engine serves
both (MVCC; writers lock the campaign row).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from planner.campaign.db import make_engine, normalise_url, open_database, resolve_url, transaction

__all__ = ["make_engine", "open_engine", "open_reader", "resolve_url", "transaction"]


def open_engine(url: str) -> Engine:
    """The writer: the ledger's engine with the schema (ledger and web tables) at head."""
    engine = open_database(url)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA journal_mode=WAL")
        finally:
            raw.close()
    return engine


def open_reader(url: str, writer: Engine) -> Engine:
    """The engine pages read through (SQLite: deferred transactions; else the writer)."""
    if make_url(normalise_url(url)).get_backend_name() != "sqlite":
        return writer
    return make_engine(url, immediate=False)


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A read-only unit of work on the reader (rolled back at the end: nothing to commit)."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.expunge_all()  # keep what was read; the rollback would expire it
            session.rollback()
