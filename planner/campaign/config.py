"""The campaign ledger's tunables in one place: where the database lives, import limits."""

from __future__ import annotations

from pathlib import Path

#: Environment variable holding the database URL when `--db` is not given.
DB_ENV = "IKD_PLANNER_DB"
#: The embedded database's file name, created in the working directory.
DEFAULT_DB_FILE = "ikd-campaign.sqlite"
#: How long a SQLite writer waits for another one to finish, seconds.
SQLITE_BUSY_SECONDS = 60.0
#: How long a PostgreSQL writer waits for the campaign's lock, seconds.
LOCK_WAIT_SECONDS = 60.0
#: A reported count above this multiple of the visit's capacity (officers × hours × rate) is
#: refused as an outlier unless `--accept-outliers` is given.
OUTLIER_FACTOR = 2.0
#: `progress`'s default folder: beside `plan`'s `out/`, never inside another command's output
#: (as `compare` writes to `out-compare/`).
DEFAULT_PROGRESS_DIR = Path("out-progress")
