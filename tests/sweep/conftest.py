"""A real dask.distributed cluster of 2 worker processes, shared by the sweep tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "data" / "kab_mini"

# Teams work Mondays only: few team-days, so writing each plan's folder stays quick.
BASE = """
name = "mini"
[[teams]]
name = "Tim 1"
officers = 3
weekdays = ["Mon"]
"""

# The base venue does not exist in the data: this case must fail alone.
BAD_BASE = """
name = "salah"
[[teams]]
name = "Tim 1"
base = "V-TIDAK-ADA"
"""


@pytest.fixture(scope="session")
def scheduler_address() -> Iterator[str]:
    """Address of a LocalCluster (2 processes, 1 thread each), as `--scheduler` would get."""
    from distributed import LocalCluster

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


def write_sweep(folder: Path, extra: str = "", time_limit: float = 2) -> Path:
    """A sweep over the mini kabupaten: teams 1–2 × officers 2–3, plus a failing case."""
    (folder / "base.toml").write_text(BASE, encoding="utf-8")
    (folder / "bad.toml").write_text(BAD_BASE, encoding="utf-8")
    f = folder / "sweep.toml"
    f.write_text(
        f'name = "uji"\nbase = "base.toml"\ntime_limit_s = {time_limit}\n'
        f'[vary]\nteams = [1, 2]\nofficers = [2, 3]\nmonths = ["2027-02"]\ndata = ["{MINI}"]\n'
        '[[scenarios]]\nname = "pangkalan salah"\nscenario = "bad.toml"\n' + extra,
        encoding="utf-8",
    )
    return f
