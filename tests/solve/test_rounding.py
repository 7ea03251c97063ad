"""The LP rounded to a plan (the integer solver's hint and floor) keeps every rule of the month."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.pipeline import build_planning_problem
from planner.scenario import Scenario, Team
from planner.solve.evaluate import evaluate
from planner.solve.master import MasterData, RouteSet, solve_lp
from planner.solve.params import SolveParams
from planner.solve.pricing import LabelPricer
from planner.solve.rounding import fill_order, round_lp
from planner.solve.routes import day_profiles, single_stop_routes
from planner.solve.stop import Clock
from tests.factories import tiny_kabupaten


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    teams=st.integers(1, 3),
    stops=st.integers(1, 4),
    spacing=st.sampled_from([1, 7, 14]),
    officers_per_day=st.sampled_from([None, 3, 6]),
    with_event=st.booleans(),
)
def test_rounded_lp_plan_keeps_every_rule(
    teams: int, stops: int, spacing: int, officers_per_day: int | None, with_event: bool
) -> None:
    """Rounding the column-generation LP gives a plan with one route per team-day, venues
    spaced and within their visit limit, staff per day within the limit, fixed events visited
    on their date, and a value no higher than the proven bound."""
    sc = Scenario(
        teams=tuple(Team(name=f"T{i}") for i in range(teams)),
        visits={"max_stops_per_day": stops, "spacing_days": spacing, "max_visits_per_venue": 2},
        staff={"officers_per_day": officers_per_day},
    )
    problem, _ = build_planning_problem(
        tiny_kabupaten(n_desa=4, with_event=with_event), sc, "2026-11"
    )
    of_slot, contexts = day_profiles(problem)
    tm = problem.travel
    data = MasterData.build(
        problem, of_slot, [RouteSet(single_stop_routes(c, tm.minutes, tm.ids)) for c in contexts]
    )
    params = SolveParams(time_limit_s=10, workers=1)
    lp = solve_lp(
        data,
        LabelPricer(contexts, problem),
        {},
        clock=Clock(),
        stop=params.stop(),
        lp_deadline_s=10,
    )
    plan = round_lp(data, lp.primal, fill_order(data, lp))
    if plan is None:  # only when a fixed event could not be kept
        assert problem.fixed
        return
    slots = {s.index: s for s in problem.slots}
    seen: dict[str, list[date]] = {}
    staff: dict[date, int] = {}
    for si, route in plan.items():
        s = slots[si]
        staff[s.date] = staff.get(s.date, 0) + s.officers
        for vid in route.venue_ids:
            seen.setdefault(vid, []).append(s.date)
    fixed = {f.venue_id for f in problem.fixed}
    for vid, dates in seen.items():
        if vid in fixed:
            assert sorted(dates) == sorted(f.date for f in problem.fixed if f.venue_id == vid)
            continue
        assert len(dates) <= problem.max_visits_of(vid)
        for a, b in itertools.combinations(dates, 2):
            assert abs(a - b) >= timedelta(days=problem.spacing_days)
    if problem.officers_per_day is not None:
        assert all(n <= problem.officers_per_day for n in staff.values())
    assert evaluate(problem, plan).expected <= lp.bound + 1e-6
