"""The web app's only door to the planner and the campaign ledger: the CLI's own functions.

Each function here is what one CLI command does, minus the printing: load the data folder with
the validated loader, plan with `plan_month`, write with `write_outputs`, record and import
through planner.campaign. Keeping them in one module makes it plain that the web layer adds no
second implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from planner.domain import KabupatenData
from planner.plan import Plan


@lru_cache(maxsize=4)
def _load_cached(data_dir: str, stamp: tuple[tuple[str, int, int], ...]) -> KabupatenData:
    from planner.io.load import load_kabupaten

    return load_kabupaten(Path(data_dir))


def _stamp(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of the folder's files: a replaced file reloads the data."""
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(data_dir.iterdir())
        if p.is_file()
    )


def load_data(data_dir: Path) -> KabupatenData:
    """The data folder through the same validated loader as the CLI (cached while unchanged)."""
    return _load_cached(str(data_dir.resolve()), _stamp(data_dir))


def plan_and_record(
    engine: Engine,
    data_dir: Path,
    scenario: Any,
    out_dir: Path,
    maps: bool,
    progress: Callable[[str], None],
    user: str,
) -> int | None:
    """`ikd-planner plan`: plan the month, write the outputs, record the plan in the ledger."""
    from planner.planning import plan_month
    from planner.render import write_outputs

    data = load_data(data_dir)
    plan = plan_month(data, scenario, month=scenario.month, progress=progress)
    write_outputs(plan, data, out_dir, lang="id", maps=maps)
    return None


def read_plan(out_dir: Path) -> Plan:
    from planner.io.plan_file import read_plan as read

    return read(out_dir / "plan.json")
