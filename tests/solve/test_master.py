"""Master problem: the LP pricing is exact, so its bound is a true upper bound."""

from __future__ import annotations

import time

import numpy as np

from planner.pipeline import build_planning_problem
from planner.scenario import FixedEvent, Scenario
from planner.solve.master import MonthMaster
from planner.solve.routes import routes_by_slot
from tests.factories import tiny_kabupaten


def _master() -> MonthMaster:
    sc = Scenario(fixed_events=(FixedEvent(venue="CFD"),), staff={"officers_per_day": 5})
    problem, _ = build_planning_problem(tiny_kabupaten(n_desa=4), sc, "2026-12")
    return MonthMaster(problem, routes_by_slot(problem))


def test_vectorised_reduced_costs_match_the_lp_solver() -> None:
    """Our reduced cost of every column in the LP equals GLOP's own reduced cost."""
    m = _master()
    m.column_generation(time.monotonic() + 30, {})
    y = m._duals()
    ours = {k: m._reduced_costs(k[0], y)[k[1]] for k in m.cols}
    glop = {k: var.reduced_cost() for k, var in m.cols.items()}
    assert np.allclose([ours[k] for k in m.cols], [glop[k] for k in m.cols], atol=1e-6)


def test_converged_lp_has_no_improving_route() -> None:
    """After column generation no route outside the LP has a positive reduced cost."""
    m = _master()
    _value, bound, converged, _ = m.column_generation(time.monotonic() + 30, {})
    assert converged
    y = m._duals()
    outside = [
        float(rc)
        for si in range(len(m.slots))
        for r, rc in enumerate(m._reduced_costs(si, y))
        if (si, r) not in m.cols
    ]
    assert max(outside) <= 1e-6
    chosen, _obj, _status = m.solve_integer(5, {}, seed=0, workers=1)
    assert chosen
    assert bound > 0
