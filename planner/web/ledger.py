"""The web app's only door to the planner and the campaign ledger: the CLI's own functions.

Each function here is what one CLI command does, minus the printing: load the data folder with
the validated loader, plan with `plan_month`, write with `write_outputs`, record and import
through planner.campaign. Keeping them in one module makes it plain that the web layer adds no
second implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from planner.campaign.ledger import Ledger
from planner.domain import KabupatenData
from planner.history import CampaignHistory
from planner.plan import Plan
from planner.render import write_outputs
from planner.web.dashboard import Board, board


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


def open_ledger(engine: Engine, url: str) -> Ledger:
    """The ledger over the app's engine (the schema is at head already)."""
    return Ledger(engine=engine, url=url)


def plan_and_record(
    ledger: Ledger,
    data_dir: Path,
    scenario: Any,
    out_dir: Path,
    maps: bool,
    progress: Callable[[str], None],
) -> int:
    """`ikd-planner plan`: plan the month from the ledger's history, write the outputs, record.

    The same steps as planner.cli.plan, in the same order: the outputs are written (all or
    nothing) before the plan is recorded, so a recorded plan always has its files.
    """
    from planner.cli_campaign import history_for_month
    from planner.planning import plan_month, resolve_month

    data = load_data(data_dir)
    month = resolve_month(scenario, scenario.month)
    history = history_for_month(ledger, data, month)
    plan = plan_month(data, scenario, month=month, progress=progress, history=history)
    write_outputs(plan, data, out_dir, lang="id", maps=maps)
    return ledger.record_plan(plan, data).plan_id


def read_plan(out_dir: Path) -> Plan:
    from planner.io.plan_file import read_plan as read

    return read(out_dir / "plan.json")


def history(engine: Engine, url: str, kabupaten_code: str) -> CampaignHistory | None:
    """Everything the ledger recorded for the kabupaten (None before its first plan)."""
    return open_ledger(engine, url).history(kabupaten_code)


def dashboard(engine: Engine, url: str, data_dir: Path, today: date) -> Board:
    data = load_data(data_dir)
    return board(data, history(engine, url, data.meta.code), today)


def reported_for_day(engine: Engine, url: str, plan: Plan, team: str, day: date) -> dict[str, int]:
    """Activations already reported for the team's day, by venue id."""
    h = history(engine, url, plan.kabupaten_code)
    if h is None:
        return {}
    return {
        v.venue_id: v.activations
        for v in h.visits
        if v.team == team and v.date == day and v.activations is not None
    }


@lru_cache(maxsize=4)
def _geojson(data_dir: str, stamp: tuple[tuple[str, int, int], ...]) -> str:
    data = _load_cached(data_dir, stamp)
    kec = data.kecamatan[["code", "name", "geometry"]].copy()
    kec["geometry"] = kec.geometry.simplify(0.0005, preserve_topology=True)
    return str(kec.to_json())


def kecamatan_geojson(data_dir: Path) -> str:
    """The kecamatan outlines (simplified for phones) as GeoJSON, for the dashboard map."""
    return _geojson(str(data_dir.resolve()), _stamp(data_dir))


def record_day(
    engine: Engine,
    cfg: Any,
    plan: Plan,
    team: str,
    day: date,
    counts: dict[str, int],
    user: str,
) -> str | None:
    """The team leader's form: the day's actuals into the ledger (None, or the refusal)."""
    raise NotImplementedError("waiting for the ledger's importer")
