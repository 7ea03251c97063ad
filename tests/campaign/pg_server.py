"""A throwaway PostgreSQL server for the tests: initdb into a temp folder, start, stop.

Used by the `pg_url` session fixture. It runs the Debian binaries (`initdb`, `pg_ctl`) found on
PATH or under /usr/lib/postgresql/<version>/bin; as root it runs them as the `postgres` user
(PostgreSQL refuses to run as root). The server listens on a free loopback port and trusts local
connections; it is stopped and its folder removed when the session ends.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUPERUSER = "ikd"


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_user() -> str:
    """The account the server runs as when we are root: `postgres` (Debian's), else `nobody`."""
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "nobody"
    return "postgres"


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", server_user(), "--", *cmd]


@contextmanager
def running_server(bin_dir: Path) -> Iterator[str]:
    """Start a server, yield its URL (`postgresql+psycopg://ikd@127.0.0.1:PORT/postgres`), stop."""
    root = Path(tempfile.mkdtemp(prefix="ikd-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, user=server_user())
    root.chmod(0o700)
    port = free_port()
    try:
        subprocess.run(
            _as_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    SUPERUSER,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        opts = f"-h 127.0.0.1 -p {port} -k {root} -F -c max_connections=50"
        subprocess.run(
            _as_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    opts,
                    "-l",
                    str(root / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        try:
            yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                check=False,
                capture_output=True,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
