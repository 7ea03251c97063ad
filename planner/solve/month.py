"""Solve a month: enumerate day routes, run the greedy baseline, column generation and CP-SAT.

The solver never reads files: it takes a `PlanningProblem` and returns a `MonthSolution`.
Time budget (`problem.time_limit_s`): route enumeration and greedy first, then up to 40 % of
what is left for the LP bound, the rest for CP-SAT. The reported value is always the
demand model's sequential value of the chosen plan (planner.evaluate), never the model's own
relaxed objective, and the bound is proven (see planner.solve.master).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from planner.candidates import PlanningProblem
from planner.evaluate import Evaluation, evaluate, objective
from planner.solve.greedy import greedy_plan
from planner.solve.master import MonthMaster
from planner.solve.routes import DayRoute, routes_by_slot

Progress = Callable[[str], None]


@dataclass(frozen=True)
class MonthSolution:
    """The chosen routes with their evaluation, the bound and how the solve went."""

    chosen: dict[int, DayRoute]
    evaluation: Evaluation
    upper_bound: float
    gap: float
    baseline: Evaluation
    status: str
    seconds: float
    lp_converged: bool
    columns: int
    routes_enumerated: int
    feasible_venues: frozenset[str]


def solve_month(problem: PlanningProblem, progress: Progress | None = None) -> MonthSolution:
    """Best plan found within the time limit, with its proven upper bound and gap."""
    t0 = time.monotonic()
    deadline = t0 + problem.time_limit_s
    say = progress or (lambda _msg: None)
    routes = routes_by_slot(problem)
    n_routes = sum(len(r) for r in {id(v): v for v in routes.values()}.values())
    feasible = frozenset(vid for rs in routes.values() for r in rs for vid in r.venue_ids)
    say(f"{n_routes:,} feasible day routes for {len(problem.slots)} team-days")
    greedy = greedy_plan(problem, "best_value")
    greedy_eval = evaluate(problem, greedy)
    say(f"greedy baseline: {greedy_eval.expected:,.0f} expected activations")
    start = greedy_plan(problem, "value_per_minute")
    if objective(problem, start) < objective(problem, greedy):
        start = greedy

    master = MonthMaster(problem, routes)
    hint: dict[int, int] = {}
    for si, route in start.items():
        r = master.route_index(si, route.venue_ids)
        if r is not None:
            hint[si] = r
    remaining = max(deadline - time.monotonic(), 1.0)
    _lp, bound, converged, _it = master.column_generation(
        time.monotonic() + 0.4 * remaining, hint, progress=say
    )
    remaining = max(deadline - time.monotonic(), 1.0)
    say(f"CP-SAT on the best of {len(master.cols):,} columns for up to {remaining:.0f} s")
    chosen, _model_value, status = master.solve_integer(
        remaining, hint, problem.seed, problem.workers
    )
    if objective(problem, chosen) < objective(problem, start):
        chosen, status = start, f"{status} (greedy kept)"
    ev = evaluate(problem, chosen)
    bound_activations = bound
    if 0 < ev.expected - bound <= 1e-6 * max(bound, 1.0):
        bound_activations = ev.expected  # LP round-off: the plan is optimal
    gap = (bound_activations - ev.expected) / bound_activations if bound_activations > 0 else 0.0
    return MonthSolution(
        chosen=chosen,
        evaluation=ev,
        upper_bound=bound_activations,
        gap=gap,
        baseline=greedy_eval,
        status=status,
        seconds=time.monotonic() - t0,
        lp_converged=converged,
        columns=len(master.cols),
        routes_enumerated=n_routes,
        feasible_venues=feasible,
    )
