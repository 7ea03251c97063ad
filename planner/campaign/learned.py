"""Hook to the calibration (ledger-learn's `planner.carryover` / `planner.calibrate`).

`learned_parameters` returns the learned demand parameters next to their priors, or None when
the calibration is not installed in this build, in which case `progress` shows the priors and
says nothing was learned. It needs the data folder, because the calibration compares each
visit's activations with the venue's pool, which only the data gives.
"""

from __future__ import annotations

import dataclasses
import importlib
from datetime import date, timedelta
from typing import Any

from planner.campaign.progress import Parameter
from planner.domain import KabupatenData
from planner.history import CampaignHistory
from planner.scenario import Scenario


def learned_parameters(
    history: CampaignHistory, scenario: Scenario, data: KabupatenData
) -> tuple[Parameter, ...] | None:
    """Posterior mean and 90 % interval per parameter, or None without the calibration."""
    try:
        carryover: Any = importlib.import_module("planner.carryover")
        planning: Any = importlib.import_module("planner.pipeline")
    except ModuleNotFoundError:
        return None
    known = {v.venue_id for v in data.venues}
    history = dataclasses.replace(
        history, visits=tuple(v for v in history.visits if v.venue_id in known)
    )
    after_last = max((v.date for v in history.visits), default=date.today()) + timedelta(days=1)
    carry = carryover.carry_over(
        data, scenario, history, after_last, planning.desa_points(data), learn=True
    )
    cal = carry.calibration
    if cal is None:
        return None
    return tuple(
        Parameter(
            name=str(p.name),
            prior=float(p.prior),
            mean=float(p.mean),
            lo=float(p.lo),
            hi=float(p.hi),
            visits=int(p.visits),
        )
        for p in cal.parameters
    )
