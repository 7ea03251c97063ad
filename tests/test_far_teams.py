"""Teams far from the office: a second base, trips (dinas luar) with a night budget, and the
equity floor per kecamatan (planner.scenario_extra, candidates, solve, coverage)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from planner.domain import KabupatenData
from planner.io.load import load_kabupaten
from planner.io.scenario_file import load_scenario
from planner.pipeline import build_planning_problem, plan_month
from planner.plan import Plan
from planner.scenario import Scenario, Team
from planner.settings import DEFAULT_DATA_DIR, DEFAULT_SCENARIO
from tests.factories import tiny_kabupaten

DATA = Path(__file__).parent / "data"
FAST = {"time_limit_s": 8.0, "workers": 1}
FAR = ("Kenanga", "Cempaka")  # kab_sintetis: the two kecamatan beyond a day trip


@pytest.fixture(scope="module")
def far() -> KabupatenData:
    return load_kabupaten(DATA / "kab_sintetis")


def _by_kecamatan(plan: Plan) -> Counter[str]:
    venues = {v.id: v for v in plan.venues}
    return Counter(venues[s.venue_id].kecamatan for td in plan.team_days for s in td.stops)


def _plan(data: KabupatenData, **fields: object) -> Plan:
    base = {"teams": [{"name": "Tim 1"}, {"name": "Tim 2"}], "solver": FAST}
    return plan_month(data, Scenario.model_validate(base | fields), month="2027-01")


def test_a_second_base_by_weekday_moves_the_team() -> None:
    """`bases = [{venue, weekdays = "Tue"}]`: on Tuesdays the team leaves from that venue,
    on other days from its base."""
    data = tiny_kabupaten(n_desa=4)
    kd = "KD-99.01.01.2004"
    team = Team(name="A", bases=({"venue": kd, "weekdays": "Tue"},))
    plan = plan_month(data, Scenario(teams=(team,), solver=FAST), month="2027-01")
    for td in plan.team_days:
        assert td.base_venue == (kd if td.date.weekday() == 1 else "BASE"), td.date
        assert not td.away


@pytest.mark.slow
def test_without_trips_the_far_kecamatan_are_left_out(far: KabupatenData) -> None:
    """Day trips from the office cannot reach the two northern kecamatan of kab_sintetis."""
    plan = _plan(far)
    assert not set(_by_kecamatan(plan)) & set(FAR)
    assert plan.summary.nights_away == 0 and plan.summary.night_cost == 0


@pytest.mark.slow
def test_trips_reach_the_far_kecamatan_within_budget(far: KabupatenData) -> None:
    """With trips allowed (Rp 300.000 per officer-night, Rp 9 juta a month) the plan sleeps
    at a kantor camat up north, visits the far kecamatan, stays within the budget, reports the
    cost and what the trip days bought per Rp 1 juta, and no team drives two routes on one
    day. Every stay opens with a drive to the lodging and ends with the drive home, and the
    plan's km count them."""
    budget = 9_000_000
    plan = _plan(
        far,
        trips={"allowed": True, "cost_per_officer_night": 300_000, "budget_per_month": budget},
    )
    s = plan.summary
    away = [td for td in plan.team_days if td.away]
    assert away and set(_by_kecamatan(plan)) & set(FAR)
    assert s.night_cost == sum(td.night_cost for td in away) <= budget
    assert s.nights_away == sum(td.officers for td in away)
    bought = sum(td.expected_activations for td in away)
    assert s.trip_activations == pytest.approx(bought, abs=0.1) and bought < s.expected_activations
    assert s.activations_per_million_rp == pytest.approx(bought / s.night_cost * 1e6, rel=1e-3)
    days = {(td.team, td.date): td for td in plan.team_days}
    for td in away:
        eve, morrow = td.date - timedelta(days=1), td.date + timedelta(days=1)
        stays = (prev := days.get((td.team, eve))) is not None and prev.base_venue == td.base_venue
        assert (td.transfer_before is None) == stays, td.date
        goes_on = (nxt := days.get((td.team, morrow))) is not None and nxt.away
        assert (td.transfer_after is None) == goes_on, td.date
    moves = [x for td in plan.team_days for x in td.transfers]
    assert moves and s.transfer_km == pytest.approx(sum(x.km for x in moves), abs=0.5)
    assert s.travel_km > s.transfer_km > 0
    per_day = Counter((td.team, td.date) for td in plan.team_days)
    assert max(per_day.values()) == 1
    assert s.expected_activations <= s.upper_bound + 0.5


@pytest.mark.slow
def test_a_zero_budget_allows_no_trip(far: KabupatenData) -> None:
    """`budget_per_month = 0`: trips are allowed but none can be paid for."""
    plan = _plan(far, trips={"allowed": True, "budget_per_month": 0})
    assert plan.summary.nights_away == 0


@pytest.mark.slow
def test_equity_floor_lifts_the_least_covered_kecamatan(far: KabupatenData) -> None:
    """A 2 % floor per kecamatan (with trips, so every kecamatan can be reached): every
    kecamatan reaches it, and the summary says what it costs in activations, within the
    range the two solves' bounds prove."""
    trips = {"allowed": True, "cost_per_officer_night": 300_000}
    floored = _plan(far, trips=trips, equity={"min_share_per_kecamatan": 0.02})
    assert floored.summary.floor_met is True
    assert all(c.share >= 0.02 - 1e-3 for c in floored.coverage if c.ready > 0)
    s = floored.summary
    assert s.floor_cost is not None and s.floor_cost_low is not None
    assert s.floor_cost_high is not None
    assert 0 <= s.floor_cost_low <= s.floor_cost <= s.floor_cost_high


def test_coverage_adds_up_to_the_plan() -> None:
    """Coverage per kecamatan: the activations reached add up to the plan's, and each share is
    reached / ready people of the kecamatan."""
    data = tiny_kabupaten(n_desa=3)
    plan = plan_month(data, Scenario(solver=FAST), month="2027-01")
    assert sum(c.reached for c in plan.coverage) == pytest.approx(
        plan.summary.expected_activations, abs=0.5
    )
    for c in plan.coverage:
        assert c.share == pytest.approx(c.reached / c.ready, abs=1e-4)
        assert c.reached_to_date == c.reached  # no history given


@pytest.mark.slow
@pytest.mark.parametrize("how", ["trip", "second_base"])
def test_ppu_visits_sepaku_when_a_trip_or_a_second_base_is_allowed(how: str) -> None:
    """PPU: Sepaku (beyond a day trip from Penajam) gets visits once a team may sleep there or
    is stationed at its kantor camat three days a week (trips: lodging at the kantor camat
    of Sepaku, Rp 10 juta a month)."""
    data = load_kabupaten(DEFAULT_DATA_DIR)
    sc = load_scenario(DEFAULT_SCENARIO).override(time_limit_s=20)
    if how == "trip":
        trips = {"allowed": True, "lodging": ("KC-64.09.04",), "budget_per_month": 10_000_000}
        sc = sc.model_copy(update={"trips": sc.trips.model_copy(update=trips)})
    else:
        teams = list(sc.teams)
        teams[1] = teams[1].model_validate(
            teams[1].model_dump() | {"bases": [{"venue": "KC-64.09.04", "weekdays": "Tue-Thu"}]}
        )
        sc = sc.model_copy(update={"teams": tuple(teams)})
    plan = plan_month(data, sc, month="2027-01")
    assert _by_kecamatan(plan)["Sepaku"] >= 5
    if how == "trip":
        assert plan.summary.nights_away > 0


def test_a_lodging_is_offered_only_if_reached_the_evening_before() -> None:
    """A trip's drive to the lodging leaves at the end of the team's hours (planner.trips): a
    team that works until 23:45 may sleep only where it arrives before midnight (the kantor
    desa 5 and 12 minutes away, not those 19 and 25 minutes away); each trip day records
    the base it replaces, where the team goes home to."""
    data = tiny_kabupaten(n_desa=4)
    kd = [f"KD-99.01.01.{2001 + i}" for i in range(4)]
    sc = Scenario(
        teams=(Team(name="A", start="15:00", end="23:45"),),
        trips={"allowed": True, "lodging": kd},
        solver=FAST,
    )
    problem, _ = build_planning_problem(data, sc, "2027-01")
    trips = [s for s in problem.slots if s.trip]
    assert {s.base for s in trips} == set(kd[:2])
    assert {s.home for s in trips} == {"BASE"}
