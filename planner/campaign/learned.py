"""The learned demand parameters for `progress`, from ledger-learn's calibration.

`learned_parameters` runs `planner.carryover.carry_over` over the whole recorded history (the
calibration compares each visit's activations with the venue's pool, which only the data
folder gives) and returns every parameter's prior, posterior mean and 90 % credible interval
with the number of visits behind it. None when nothing was learned (no reported visit).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from planner.campaign.progress import Parameter
from planner.carryover import carry_over
from planner.domain import KabupatenData
from planner.history import CampaignHistory
from planner.pipeline import desa_points
from planner.scenario import Scenario


def learned_parameters(
    history: CampaignHistory, scenario: Scenario, data: KabupatenData
) -> tuple[Parameter, ...] | None:
    """Posterior mean and 90 % interval per parameter, or None when nothing was learned."""
    known = {v.venue_id for v in data.venues}
    history = dataclasses.replace(
        history, visits=tuple(v for v in history.visits if v.venue_id in known)
    )
    if not history.reported:
        return None
    after_last = max(v.date for v in history.visits) + timedelta(days=1)
    carry = carry_over(data, scenario, history, after_last, desa_points(data), learn=True)
    cal = carry.calibration
    if cal is None:
        return None
    return tuple(
        Parameter(name=p.name, prior=p.prior, mean=p.mean, lo=p.lo, hi=p.hi, visits=p.visits)
        for p in cal.parameters
    )
