"""Master problem: the LP pricing is exact, so its bound is a true upper bound."""

from __future__ import annotations

import numpy as np

from planner.candidates import PlanningProblem
from planner.pipeline import build_planning_problem
from planner.scenario import FixedEvent, Scenario
from planner.solve.master import (
    EnumeratedPricer,
    MasterData,
    RouteSet,
    _RestrictedLP,
    restricted_columns,
    solve_integer,
    solve_lp,
)
from planner.solve.params import SolveParams
from planner.solve.routes import day_profiles, enumerate_routes
from planner.solve.stop import Budget, Clock
from tests.factories import tiny_kabupaten


def _problem() -> PlanningProblem:
    sc = Scenario(fixed_events=(FixedEvent(venue="CFD"),), staff={"officers_per_day": 5})
    problem, _ = build_planning_problem(tiny_kabupaten(n_desa=4), sc, "2026-12")
    return problem


def _data(problem: PlanningProblem) -> MasterData:
    of_slot, contexts = day_profiles(problem)
    tm = problem.travel
    sets = [RouteSet(enumerate_routes(c, tm.minutes, tm.ids, problem.max_stops)) for c in contexts]
    return MasterData.build(problem, of_slot, sets)


def test_vectorised_reduced_costs_match_the_lp_solver() -> None:
    """Our reduced cost of every column in the LP equals GLOP's own reduced cost."""
    data = _data(_problem())
    lp = _RestrictedLP(data)
    for gi in range(len(data.members)):
        for r in range(len(data.routes_of(gi))):
            lp.add_column(gi, r)
    lp.lp.Solve()
    y = lp.duals()
    ours = [y.reduced_costs(data, g)[r] for g, r in lp.cols]
    glop = [var.reduced_cost() for var in lp.cols.values()]
    # columns at their upper bound z <= 1 carry the bound's dual in GLOP's figure
    at_ub = np.array([var.solution_value() > 1 - 1e-9 for var in lp.cols.values()])
    assert np.allclose(np.array(ours)[~at_ub], np.array(glop)[~at_ub], atol=1e-6)


def test_converged_lp_has_no_improving_route() -> None:
    """After column generation no route outside the LP has a positive reduced cost."""
    data = _data(_problem())
    params = SolveParams(time_limit_s=30, workers=1)
    lp = solve_lp(data, EnumeratedPricer(), {}, clock=Clock(), stop=params.stop(), lp_deadline_s=30)
    assert lp.converged and lp.stopped_by == "converged"
    outside = [
        float(rc)
        for gi in range(len(data.members))
        for r, rc in enumerate(lp.duals.reduced_costs(data, gi))
        if (gi, r) not in set(lp.columns)
    ]
    assert max(outside) <= 1e-6
    cols = restricted_columns(data, lp, {}, per_slot=25)
    result = solve_integer(
        data, cols, {}, seed=0, workers=1, budget=Budget(wall_s=20, work=5, gap=0.01)
    )
    assert result.chosen and result.status in ("OPTIMAL", "FEASIBLE")
    assert lp.bound > 0
