"""Open the campaign database: resolve its URL, make an engine, bring the schema to head.

The URL comes from `--db`, else the `IKD_PLANNER_DB` environment variable, else an embedded
SQLite file `ikd-campaign.sqlite` in the working directory. PostgreSQL works through the same
URL (`postgresql://user@host/db` uses the psycopg 3 driver). Writes are serialised per
database: SQLite transactions start with `BEGIN IMMEDIATE` (one writer at a time, the others
wait up to `SQLITE_BUSY_SECONDS`); on PostgreSQL writers lock the campaign row (see
`planner.campaign.store.lock_campaign`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from planner.campaign.config import DB_ENV, DEFAULT_DB_FILE, SQLITE_BUSY_SECONDS
from planner.i18n import LocalisedError, Message


class DatabaseMissingError(LocalisedError):
    """A command that reads an existing campaign was pointed at a SQLite file that does not
    exist (a mistyped --db or IKD_PLANNER_DB): nothing is created, the user is told to check."""


def resolve_url(url: str | None = None, cwd: Path | None = None) -> str:
    """The database URL: `url`, else $IKD_PLANNER_DB, else ./ikd-campaign.sqlite (absolute)."""
    chosen = url or os.environ.get(DB_ENV)
    if chosen:
        return normalise_url(chosen)
    path = (cwd or Path.cwd()) / DEFAULT_DB_FILE
    return f"sqlite:///{path.resolve()}"


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` use psycopg 3; a bare file path means SQLite."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def describe_url(url: str) -> str:
    """The URL for messages: the SQLite file path, or the URL without its password."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return str(u.database)
    return u.render_as_string(hide_password=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine for `url`; SQLite gets a busy timeout, foreign keys and immediate writes.

    `immediate=False` gives plain deferred transactions: for a reader that must not queue
    behind writers (the web pages read through one).
    """
    u = make_url(normalise_url(url))
    if u.get_backend_name() != "sqlite":
        return create_engine(u, pool_pre_ping=True)
    if u.database and u.database != ":memory:":
        Path(u.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(u, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock up front, so two imports never read, then both write.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for a server or an in-memory database)."""
    u = make_url(normalise_url(url))
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def open_database(url: str | None = None, *, create: bool = True) -> Engine:
    """The engine for the resolved URL, with the schema migrated to head.

    `create=False` is for commands that read an existing campaign (progress, replan, actuals
    import): a SQLite file that does not exist raises DatabaseMissingError instead of being
    created with its folders, so a mistyped path is reported, not silently made empty.
    """
    from planner.campaign.migrate import upgrade_to_head

    resolved = resolve_url(url)
    path = sqlite_file(resolved)
    if not create and path is not None and not path.is_file():
        raise DatabaseMissingError(Message.of("campaign.db_missing", db=str(path)))
    engine = make_engine(resolved)
    upgrade_to_head(engine)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed whole at the end, or rolled back whole on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
