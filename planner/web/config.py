"""What a running web app needs to know: database, data folder, where plans are written, limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Largest request body accepted (uploads included), bytes. A schedule.xlsx of a month is ~100 kB.
MAX_BODY_BYTES = 5_000_000
#: A login session lasts this long without a new login.
SESSION_HOURS = 12
#: Failed logins per (address, name) within the window before further tries are refused.
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 300.0


@dataclass(frozen=True)
class WebConfig:
    """Settings of one server.

    `work_dir` holds the output folder of every plan made from the browser
    (`plans/<job id>/`, written by `write_outputs` exactly as the CLI writes `out/`).
    `secure_cookies`: None (default) marks cookies Secure whenever the request came over HTTPS
    (directly, or through a local reverse proxy that says so in X-Forwarded-Proto); True marks
    them Secure always. `scheduler`: the Dask scheduler sweeps run on (as `compare
    --scheduler`); None: a LocalCluster of the Scenarios form's worker processes.
    """

    db_url: str
    data_dir: Path
    scenario: Path
    work_dir: Path
    secure_cookies: bool | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    scheduler: str | None = None

    @property
    def plans_dir(self) -> Path:
        return self.work_dir / "plans"

    @property
    def sweeps_dir(self) -> Path:
        """Where the Scenarios page's sweeps go (`sweeps/<job id>/`, as `compare --out`)."""
        return self.work_dir / "sweeps"
