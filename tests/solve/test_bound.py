"""The month engine's bound is valid: plan <= brute-force optimum <= bound, in both route modes."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.candidates import PlanningProblem
from planner.pipeline import build_planning_problem
from planner.scenario import Scenario, Team
from planner.solve.evaluate import evaluate
from planner.solve.master import MasterData, RouteSet, solve_lp
from planner.solve.month import solve_month
from planner.solve.params import SolveParams
from planner.solve.pricing import LabelPricer
from planner.solve.routes import DayRoute, day_profiles, routes_by_slot, single_stop_routes
from planner.solve.stop import Clock
from tests.factories import tiny_kabupaten

DECEMBER_MONDAYS = [date(2026, 12, d) for d in (7, 14, 21, 28)]


def _tiny_month(n_desa: int, days: int, teams: int, stops: int, spacing: int) -> PlanningProblem:
    """A month of 1–2 Monday team-days per team over a 1–2 desa kabupaten."""
    off = DECEMBER_MONDAYS[days:]
    team_list = tuple(
        Team(name=f"T{i}", weekdays=["Mon"], days_off=off, lunch=None) for i in range(teams)
    )
    sc = Scenario(
        teams=team_list,
        visits={"max_stops_per_day": stops, "spacing_days": spacing, "max_visits_per_venue": 2},
    )
    data = tiny_kabupaten(n_desa=n_desa, with_event=False)
    problem, _ = build_planning_problem(data, sc, "2026-12")
    return problem


def _allowed(problem: PlanningProblem, plan: dict[int, DayRoute]) -> bool:
    """Every rule of the master problem (spacing, visits per venue), checked directly."""
    dates = {s.index: s.date for s in problem.slots}
    seen: dict[str, list[date]] = {}
    for si, route in plan.items():
        for vid in route.venue_ids:
            seen.setdefault(vid, []).append(dates[si])
    gap = timedelta(days=problem.spacing_days)
    for ds in seen.values():
        if len(ds) > problem.max_visits:
            return False
        if any(abs(a - b) < gap for a, b in itertools.combinations(ds, 2)):
            return False
    return True


def _brute_force(problem: PlanningProblem) -> float:
    """The best expected activations over every combination of one route (or none) per slot."""
    routes = routes_by_slot(problem)
    slots = [s.index for s in problem.slots]
    best = 0.0
    for combo in itertools.product(*[[None, *routes[si]] for si in slots]):
        plan = {si: r for si, r in zip(slots, combo, strict=True) if r is not None}
        if _allowed(problem, plan):
            best = max(best, evaluate(problem, plan).expected)
    return best


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_desa=st.integers(1, 2),
    days=st.integers(1, 2),
    teams=st.integers(1, 2),
    stops=st.integers(1, 3),
    spacing=st.sampled_from([1, 7, 14]),
    mode=st.sampled_from(["enumerate", "generate"]),
)
def test_plan_at_most_optimum_at_most_bound(
    n_desa: int, days: int, teams: int, stops: int, spacing: int, mode: str
) -> None:
    """On months small enough to enumerate every plan: plan <= true optimum <= proven bound."""
    problem = _tiny_month(n_desa, days, teams, stops, spacing)
    params = SolveParams(time_limit_s=20, workers=1, route_mode=mode)  # type: ignore[arg-type]
    sol = solve_month(problem, params)
    optimum = _brute_force(problem)
    assert sol.route_mode == mode
    assert sol.evaluation.expected <= optimum + 1e-6
    assert optimum <= sol.upper_bound + 1e-6


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_desa=st.integers(1, 2),
    days=st.integers(1, 2),
    teams=st.integers(1, 2),
    stops=st.integers(1, 3),
    spacing=st.sampled_from([1, 7, 14]),
)
def test_relaxed_pricing_bound_is_at_least_the_optimum(
    n_desa: int, days: int, teams: int, stops: int, spacing: int
) -> None:
    """Column generation whose exact labelling never finishes (every bound term from the
    always-completing relaxation) still proves a bound at least the true optimum."""
    problem = _tiny_month(n_desa, days, teams, stops, spacing)
    of_slot, contexts = day_profiles(problem)
    tm = problem.travel
    sets = [RouteSet(single_stop_routes(c, tm.minutes, tm.ids)) for c in contexts]
    data = MasterData.build(problem, of_slot, sets)
    params = SolveParams(time_limit_s=20, workers=1)
    pricer = LabelPricer(contexts, problem, max_labels=0)
    lp = solve_lp(data, pricer, {}, clock=Clock(), stop=params.stop(), lp_deadline_s=20)
    assert _brute_force(problem) <= lp.bound + 1e-6
