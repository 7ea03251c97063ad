"""The greedy floor: its fast candidate ranking makes the choices of the plain rule."""

from __future__ import annotations

import functools
from datetime import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.candidates import Slot
from planner.domain import KabupatenData
from planner.io.load import load_kabupaten
from planner.pipeline import build_planning_problem
from planner.scenario import FixedEvent, Scenario, Team
from planner.solve import greedy as greedy_module
from planner.solve.greedy import Rule, greedy_plan
from planner.solve.routes import DayRoute, day_context, day_profiles, time_route
from tests.factories import tiny_kabupaten


def _plain_build(
    self: greedy_module._Greedy, s: Slot, pending: list[str], done_fixed: set[str]
) -> tuple[DayRoute | None, str | None]:
    """The rule as the baseline states it, with no shortcut: at every step time every
    candidate and take the feasible one of highest score (ties to the smaller venue id)."""
    tm, ids, d = self.tm, self.tm.ids, s.date
    ctx = day_context(self.problem, s)
    order: list[int] = []
    route: DayRoute | None = None
    staffed: str | None = None
    if pending:
        i = tm.index(pending[0])
        route = time_route([i], ctx, tm.minutes, ids)
        if route is not None and self.side_ok(s, route.venue_ids):
            order, staffed = [i], pending[0]
        else:
            route = None
    if s.fixed_only and not order:
        return None, None
    while not s.fixed_only and len(order) < self.problem.max_stops:
        here = order[-1] if order else ctx.base
        best: tuple[tuple[float, float], str, int, DayRoute] | None = None
        for i in ctx.windows:
            vid = ids[i]
            if i in order or not self.allowed(vid, d) or vid in done_fixed:
                continue
            if self.problem.side and not self.side_ok(s, (*(ids[o] for o in order), vid)):
                continue
            val = self.value(s, vid, d)
            if val <= 0:
                continue
            trial = time_route([*order, i], ctx, tm.minutes, ids)
            if trial is None:
                continue
            drive = float(tm.minutes[here, i])
            if self.rule == "value_per_minute":
                score = (val / (drive + ctx.service[i]), 0.0)
            else:
                score = (round(val, 6), -drive)
            if best is None or score > best[0] or (score == best[0] and vid < best[1]):
                best = (score, vid, i, trial)
        if best is None:
            break
        order.append(best[2])
        route = best[3]
    return (route, staffed) if route is not None and order else (None, None)


_FOLDER = Path(__file__).resolve().parents[1] / "data" / "kab_sintetis"


@functools.cache
def _far_kabupaten() -> KabupatenData:
    """A kabupaten whose far kecamatan are beyond a day trip: the day's hours bind."""
    return load_kabupaten(_FOLDER)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    far=st.booleans(),
    n_desa=st.integers(2, 7),
    teams=st.integers(1, 3),
    stops=st.integers(1, 6),
    service=st.sampled_from([30, 60, 120]),
    end=st.sampled_from([time(11), time(13), time(16)]),
    spacing=st.sampled_from([1, 7, 14]),
    rule=st.sampled_from(["best_value", "value_per_minute"]),
)
def test_fast_ranking_picks_what_timing_every_candidate_picks(
    far: bool,
    n_desa: int,
    teams: int,
    stops: int,
    service: int,
    end: time,
    spacing: int,
    rule: Rule,
) -> None:
    """The greedy scores a day's candidates once, drops those that cannot fit even without
    breaks and times the rest best first; its plan is the plan of the plain rule (time every
    candidate at every step), team-day by team-day, with or without the solve's day contexts
    — also when visits are long, days short and venues far, so the fit test cuts."""
    sc = Scenario(
        teams=tuple(Team(name=f"T{i}", end=end) for i in range(teams)),
        visits={
            "max_stops_per_day": stops,
            "spacing_days": spacing,
            "max_visits_per_venue": 2,
            "service_min": dict.fromkeys(("school", "kantor_desa", "kantor_camat"), service),
        },
        fixed_events=() if far else (FixedEvent(venue="CFD"),),
    )
    data = _far_kabupaten() if far else tiny_kabupaten(n_desa=n_desa, with_event=True)
    problem, _ = build_planning_problem(data, sc, "2026-12")
    of_slot, contexts = day_profiles(problem)
    fast = greedy_plan(problem, rule)
    shared = greedy_plan(problem, rule, {si: contexts[p] for si, p in of_slot.items()})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(greedy_module._Greedy, "build", _plain_build)
        plain = greedy_plan(problem, rule)
    as_ids = {si: r.venue_ids for si, r in plain.items()}
    assert {si: r.venue_ids for si, r in fast.items()} == as_ids
    assert {si: r.venue_ids for si, r in shared.items()} == as_ids
