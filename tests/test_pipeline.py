"""Engine rules, one per test, on tiny hand-made kabupaten (tests/factories.py)."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.candidates import NoWorkingDayError
from planner.domain import Venue
from planner.pipeline import plan_month, rounded_to_total
from planner.plan import Plan
from planner.scenario import FixedEvent, Scenario, Team
from planner.workdays import national_holidays
from tests.factories import tiny_kabupaten

FAST = {"time_limit_s": 4.0, "workers": 1}


def _minutes(hhmm: str) -> int:
    t = datetime.strptime(hhmm, "%H:%M").time()
    return t.hour * 60 + t.minute


def _stops(plan: Plan) -> list[tuple[date, str, str, str, str]]:
    return [
        (td.date, td.team, s.venue_id, s.start, s.end) for td in plan.team_days for s in td.stops
    ]


@pytest.fixture(scope="module")
def default_plan() -> Plan:
    data = tiny_kabupaten(n_desa=5)
    sc = Scenario(fixed_events=(FixedEvent(venue="CFD"),), solver=FAST)
    return plan_month(data, sc, month="2026-12")


def test_school_never_visited_on_sunday_or_holiday() -> None:
    """Even with schools 'open' every day and a 7-day team, no school visit on Sunday/holiday."""
    data = tiny_kabupaten(n_desa=3, schools_per_desa=3)
    data = dataclasses.replace(
        data,
        venues=tuple(
            dataclasses.replace(v, open_days=(0, 1, 2, 3, 4, 5, 6)) if v.kind.is_school else v
            for v in data.venues
        ),
    )
    teams = (Team(name="A", weekdays=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),)
    sc = Scenario(teams=teams, calendar={"school_days": "Mon-Sun"}, solver=FAST)
    plan = plan_month(data, sc, month="2026-12")
    holidays = set(national_holidays(2026))
    school_ids = {v.venue_id for v in data.venues if v.kind.is_school}
    school_days = {d for d, _t, vid, *_ in _stops(plan) if vid in school_ids}
    assert any(d.weekday() == 5 for d in school_days), "Saturday school visits are allowed here"
    assert all(d.weekday() != 6 for d in school_days), "a school was visited on a Sunday"
    assert not {d for d, *_ in _stops(plan)} & holidays, "field visit on a national holiday"


def test_second_visit_worth_less_than_first() -> None:
    """Where the pool, not the team, is the limit, each repeat visit is worth less than the last."""
    p_low = {
        "school": 0.3,
        "school_smp": 0.3,
        "kantor_desa": 0.03,
        "kantor_camat": 0.03,
        "public_event": 0.01,
        "market": 0.01,
    }
    sc = Scenario(demand={"p_type": p_low}, solver=FAST)
    plan = plan_month(tiny_kabupaten(n_desa=2), sc, month="2026-12")
    by_venue: dict[str, list[tuple[date, float]]] = {}
    for td in plan.team_days:
        for s in td.stops:
            by_venue.setdefault(s.venue_id, []).append((td.date, s.expected_activations))
    repeats = [sorted(v) for v in by_venue.values() if len(v) > 1]
    assert repeats, "the tiny month should revisit some venue"
    for visits in repeats:
        values = [e for _, e in visits]
        assert all(b < a for a, b in itertools.pairwise(values)), visits


def test_no_team_works_past_its_end_time() -> None:
    """With a short day (08:00–13:00) every route is back at the base by 13:00."""
    teams = (Team(name="A", end="13:00", lunch=None), Team(name="B", start="09:00", end="15:00"))
    plan = plan_month(tiny_kabupaten(n_desa=4), Scenario(teams=teams, solver=FAST), "2026-11")
    assert plan.team_days
    ends = {"A": _minutes("13:00"), "B": _minutes("15:00")}
    starts = {"A": _minutes("08:00"), "B": _minutes("09:00")}
    for td in plan.team_days:
        assert _minutes(td.return_) <= ends[td.team]
        assert _minutes(td.depart) >= starts[td.team]


def test_breaks_are_kept() -> None:
    """No visit starts inside lunch or Friday prayer, and breaks never count as visit time."""
    sc = Scenario(solver=FAST)
    plan = plan_month(tiny_kabupaten(n_desa=4), sc, month="2026-11")
    service = {"school_sma": 180, "kantor_desa": 150}
    types = {v.id: v.type for v in plan.venues}
    for td in plan.team_days:
        breaks = [(_minutes("12:00"), _minutes("13:00"))]
        if td.date.weekday() == 4:
            breaks = [(_minutes("11:30"), _minutes("13:00"))]
        for s in td.stops:
            a, b = _minutes(s.start), _minutes(s.end)
            assert not any(bs <= a < be for bs, be in breaks), (td.date, s)
            overlap = sum(max(0, min(b, be) - max(a, bs)) for bs, be in breaks)
            assert b - a - overlap == service[types[s.venue_id]], (td.date, s)


def test_fixed_events_appear_every_time(default_plan: Plan) -> None:
    """The Saturday Car Free Day stand is in the plan on every Saturday, 06:00–09:00."""
    saturdays = {date(2026, 12, d) for d in (5, 12, 19, 26)}
    cfd = [(td.date, s) for td in default_plan.team_days for s in td.stops if s.venue_id == "CFD"]
    assert {d for d, _ in cfd} == saturdays
    assert all(s.fixed and s.start == "06:00" and s.end == "09:00" for _, s in cfd)


def test_staff_and_vehicle_limits_hold() -> None:
    """Three teams but 7 officers and 2 cars a day: never more than 2 teams, 7 officers out."""
    teams = tuple(Team(name=f"T{i}", officers=3) for i in range(3))
    sc = Scenario(teams=teams, staff={"officers_per_day": 7, "vehicles_per_day": 2}, solver=FAST)
    plan = plan_month(tiny_kabupaten(n_desa=6, schools_per_desa=2), sc, month="2026-11")
    per_day: dict[date, list[int]] = {}
    for td in plan.team_days:
        per_day.setdefault(td.date, []).append(td.officers)
    assert per_day
    assert max(len(v) for v in per_day.values()) == 2
    assert all(len(v) <= 2 and sum(v) <= 7 for v in per_day.values())


def test_unscheduled_venues_have_reasons() -> None:
    """Every venue not visited is listed with a reason; a far venue is 'beyond_day_trip'."""
    data = tiny_kabupaten(n_desa=3)
    far = Venue(
        "FAR",
        "kantor_desa",
        "Kantor Desa Jauh",
        "99.01.01",
        "99.01.01.2001",
        -3.5,
        119.0,
        True,
        (0, 1, 2, 3, 4),
        time(8),
        time(15),
        staff=5,
    )
    data = dataclasses.replace(data, venues=(*data.venues, far))
    plan = plan_month(data, Scenario(solver=FAST), month="2026-11")
    visited = {s.venue_id for td in plan.team_days for s in td.stops}
    reasons = {u.venue_id: u.reason for u in plan.unscheduled}
    for v in plan.venues:
        assert (v.id in visited) != (v.id in reasons), v.id
    assert reasons["FAR"] == "beyond_day_trip"
    assert reasons["BASE"] == "base"
    assert all(u.reason and u.detail for u in plan.unscheduled)


def test_schools_closed_all_month_are_never_eligible() -> None:
    """During a month-long school holiday schools are unscheduled as 'never_eligible'."""
    sc = Scenario(
        calendar={"school_holidays": [{"start": "2026-11-01", "end": "2026-11-30"}]},
        solver=FAST,
    )
    plan = plan_month(tiny_kabupaten(n_desa=2), sc, month="2026-11")
    reasons = {u.venue_id: u.reason for u in plan.unscheduled}
    assert reasons["S00"] == reasons["S10"] == "never_eligible"


@pytest.mark.slow
def test_same_seed_same_plan() -> None:
    """Solving the same data and scenario twice gives the identical schedule."""
    sc = Scenario(
        fixed_events=(FixedEvent(venue="CFD"),), seed=7, solver={"time_limit_s": 20, "workers": 2}
    )
    data = tiny_kabupaten(n_desa=6, schools_per_desa=2)
    a = plan_month(data, sc, month="2026-12")
    b = plan_month(data, sc, month="2026-12")
    assert a.team_days == b.team_days
    assert a.summary.expected_activations == b.summary.expected_activations


def test_no_working_day_is_a_clear_error() -> None:
    """A scenario whose only team works on Sundays of a month with no field work says so."""
    teams = (Team(name="A", weekdays=["Sun"], days_off=[date(2026, 11, d) for d in range(1, 31)]),)
    with pytest.raises(NoWorkingDayError, match="no working day in 2026-11"):
        plan_month(tiny_kabupaten(n_desa=2), Scenario(teams=teams, solver=FAST), "2026-11")


def test_plan_beats_or_matches_greedy_and_stays_under_its_bound(default_plan: Plan) -> None:
    """The optimised plan is at least the greedy baseline and never above the proven bound."""
    s = default_plan.summary
    assert s.expected_activations >= s.baseline_activations - 1e-6
    assert s.expected_activations <= s.upper_bound + 0.1
    assert 0 <= s.gap <= 1


def test_arrival_never_precedes_departure(default_plan: Plan) -> None:
    """Every team-day leaves before its first arrival, and the Saturday event's stop arrives at
    the event's opening, not at midnight (the team leaves just in time)."""
    for td in default_plan.team_days:
        first = td.stops[0]
        gap = _minutes(first.arrive) - _minutes(td.depart) - first.travel_min
        assert abs(gap) <= 1, (td.date, td.team)  # minutes are rounded for display
        assert _minutes(first.arrive) <= _minutes(first.start)
    cfd = [td for td in default_plan.team_days if td.stops[0].venue_id == "CFD"]
    assert cfd and all(td.stops[0].arrive == td.stops[0].start == "06:00" for td in cfd)


def test_a_team_working_saturday_staffs_the_saturday_event() -> None:
    """Teams that work Monday–Saturday from 08:00 still staff a 06:00 Saturday event: they
    leave early for it and end their day as much earlier (the month is feasible)."""
    data = tiny_kabupaten(n_desa=3)
    teams = tuple(Team(name=n, weekdays="Mon-Sat") for n in ("A", "B"))
    sc = Scenario(teams=teams, fixed_events=(FixedEvent(venue="CFD"),), solver=FAST)
    plan = plan_month(data, sc, month="2027-01")
    saturdays = [d for d in (date(2027, 1, k) for k in range(1, 32)) if d.weekday() == 5]
    at_cfd = [td for td in plan.team_days if any(s.venue_id == "CFD" for s in td.stops)]
    assert sorted(td.date for td in at_cfd) == saturdays
    for td in at_cfd:
        hours = _minutes(td.return_) - _minutes(td.depart)
        assert hours <= 8 * 60, "leaving early for the event does not lengthen the day"


def test_a_fixed_event_given_to_a_team_is_staffed_by_that_team() -> None:
    """`team = "B"` on a fixed event: every occurrence is B's, never A's."""
    data = tiny_kabupaten(n_desa=3)
    teams = tuple(Team(name=n, weekdays="Mon-Sat") for n in ("A", "B"))
    sc = Scenario(teams=teams, fixed_events=(FixedEvent(venue="CFD", team="B"),), solver=FAST)
    plan = plan_month(data, sc, month="2027-01")
    staff = {td.team for td in plan.team_days if any(s.venue_id == "CFD" for s in td.stops)}
    assert staff == {"B"}


def test_the_stops_add_up_to_the_headline(default_plan: Plan) -> None:
    """The stops' expected activations, as shown in every table, add up to the summary's."""
    stops = sum(s.expected_activations for td in default_plan.team_days for s in td.stops)
    assert round(stops, 1) == default_plan.summary.expected_activations


@given(st.lists(st.floats(min_value=0, max_value=500, allow_nan=False), max_size=60))
def test_rounding_keeps_the_total(values: list[float]) -> None:
    """Rounded to tenths, the values add up to their rounded total and move by < 0.1 each."""
    shown = rounded_to_total(dict(enumerate(values)))
    assert round(sum(shown.values()), 1) == round(round(sum(values) * 10) / 10, 1)
    assert all(abs(shown[i] - v) < 0.1 + 1e-9 for i, v in enumerate(values))
