"""Re-planning the rest of a month (planner/replan.py), one rule per test."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from planner.domain import KabupatenData
from planner.history import CampaignHistory, RecordedVisit
from planner.pipeline import plan_month
from planner.plan import Plan
from planner.replan import Absence, ChangeList, ReplanError, replan_month
from planner.scenario import FixedEvent, Scenario
from tests.factories import tiny_kabupaten

FAST = {"time_limit_s": 3.0, "workers": 1}
FROM = date(2026, 11, 16)
REPORTED_UNTIL = date(2026, 11, 11)


def _scenario() -> Scenario:
    return Scenario(fixed_events=(FixedEvent(venue="CFD"),), solver=FAST)


@pytest.fixture(scope="module")
def month() -> tuple[KabupatenData, Plan, CampaignHistory]:
    """November planned; visits up to 10 Nov reported at 70 % of the forecast, later ones not."""
    data = tiny_kabupaten(n_desa=5)
    plan = plan_month(data, _scenario(), month="2026-11")
    types = {v.venue_id: v.venue_type for v in data.venues}
    visits = tuple(
        RecordedVisit(
            td.date,
            td.team,
            s.venue_id,
            types[s.venue_id],
            True,
            round(0.7 * s.expected_activations) if td.date < REPORTED_UNTIL else None,
            s.expected_activations,
            s.p10,
            s.p90,
        )
        for td in plan.team_days
        for s in td.stops
    )
    history = CampaignHistory(data.meta.code, 2100, data.meta.ikd_as_of, visits)
    return data, plan, history


@pytest.fixture(scope="module")
def replanned(month: tuple[KabupatenData, Plan, CampaignHistory]) -> tuple[Plan, ChangeList]:
    data, plan, history = month
    absent = Absence.parse("Tim 2:2026-11-16..2026-11-20")
    return replan_month(data, _scenario(), history, plan, FROM, [absent])


def test_days_before_from_are_kept_as_they_happened(
    month: tuple[KabupatenData, Plan, CampaignHistory], replanned: tuple[Plan, ChangeList]
) -> None:
    """Every team-day before --from keeps its stops; reported ones carry the actuals beside
    the forecast (the sheet's expected column stays the forecast), and the month's total
    counts the actuals for them."""
    _data, plan, history = month
    new, _ = replanned
    old_past = [(td.date, td.team, [s.venue_id for s in td.stops]) for td in plan.team_days]
    new_past = [(td.date, td.team, [s.venue_id for s in td.stops]) for td in new.team_days]
    assert [x for x in new_past if x[0] < FROM] == [x for x in old_past if x[0] < FROM]
    actual = {(v.date, v.team, v.venue_id): v.activations for v in history.reported}
    forecast = {(td.date, td.team, s.venue_id): s for td in plan.team_days for s in td.stops}
    reported = 0
    for td in new.team_days:
        for s in td.stops:
            a = actual.get((td.date, td.team, s.venue_id))
            if td.date < FROM:
                before = forecast[(td.date, td.team, s.venue_id)]
                assert s.expected_activations == before.expected_activations
                assert s.actual == a
                reported += a is not None
    assert reported > 0
    month_total = sum(
        s.actual if s.actual is not None else s.expected_activations
        for td in new.team_days
        for s in td.stops
    )
    assert new.summary.expected_activations == pytest.approx(month_total, abs=0.5)


def test_absent_team_gets_no_visit_on_its_absent_days(
    replanned: tuple[Plan, ChangeList],
) -> None:
    """Tim 2 is away 16–20 November: none of its team-days fall on those days."""
    new, _ = replanned
    away = [
        td for td in new.team_days if td.team == "Tim 2" and FROM <= td.date <= date(2026, 11, 20)
    ]
    assert not away
    assert any(td.date >= FROM for td in new.team_days)


def test_spacing_counts_the_kept_days(replanned: tuple[Plan, ChangeList]) -> None:
    """No re-planned visit comes within spacing_days of a kept visit to the same venue."""
    new, _ = replanned
    spacing = _scenario().visits.spacing_days
    by_venue: dict[str, list[date]] = {}
    for td in new.team_days:
        for s in td.stops:
            if not s.fixed:
                by_venue.setdefault(s.venue_id, []).append(td.date)
    for dates in by_venue.values():
        dates.sort()
        assert all(b - a >= timedelta(days=spacing) for a, b in itertools.pairwise(dates))


def test_lost_vehicle_limits_teams_per_day(
    month: tuple[KabupatenData, Plan, CampaignHistory],
) -> None:
    """With one vehicle from --from on, at most one team goes out per day from then."""
    data, plan, history = month
    new, _ = replan_month(data, _scenario(), history, plan, FROM, vehicles_per_day=1)
    per_day: dict[date, int] = {}
    for td in new.team_days:
        per_day[td.date] = per_day.get(td.date, 0) + 1
    assert all(n <= 1 for d, n in per_day.items() if d >= FROM)
    assert any(n == 2 for d, n in per_day.items() if d < FROM), "the past had two teams a day"


def test_change_list_matches_the_two_plans(
    month: tuple[KabupatenData, Plan, CampaignHistory], replanned: tuple[Plan, ChangeList]
) -> None:
    """Added and dropped visits are exactly the difference of the plans from --from on, and
    the expected totals are the two plans' totals."""
    _data, plan, _h = month
    new, changes = replanned

    def visits(p: Plan) -> set[tuple[date, str, str]]:
        return {
            (td.date, td.team, s.venue_id)
            for td in p.team_days
            for s in td.stops
            if td.date >= FROM
        }

    assert set(changes.added) == visits(new) - visits(plan)
    assert set(changes.dropped) == visits(plan) - visits(new)
    assert changes.expected_before == plan.summary.expected_activations
    assert changes.expected_after == new.summary.expected_activations
    assert all(d >= FROM for d, _t in changes.changed_team_days)


def test_replan_learns_from_the_reported_days(
    month: tuple[KabupatenData, Plan, CampaignHistory], replanned: tuple[Plan, ChangeList]
) -> None:
    """Actuals at 70 % of the forecast lower the re-planned month's expected total, and the
    IKD count holds what was reported."""
    _data, plan, history = month
    new, _ = replanned
    assert new.learned and any(q.visits > 0 for q in new.learned)
    assert new.summary.expected_activations < plan.summary.expected_activations
    assert new.summary.ikd_active_before == 2100 + history.total_activations


def test_absence_text_is_checked() -> None:
    """A malformed or backwards --unavailable is refused with the expected form."""
    assert Absence.parse("Tim 2:2027-01-18") == Absence(
        "Tim 2", date(2027, 1, 18), date(2027, 1, 18)
    )
    with pytest.raises(ReplanError, match="TEAM:YYYY-MM-DD"):
        Absence.parse("Tim 2 18 Jan")
    with pytest.raises(ReplanError, match="before the start"):
        Absence.parse("Tim 2:2027-01-22..2027-01-18")


def test_from_outside_the_month_or_unknown_team_is_refused(
    month: tuple[KabupatenData, Plan, CampaignHistory],
) -> None:
    """--from must fall in the plan's month; an absence must name a team of the plan."""
    data, plan, history = month
    with pytest.raises(ReplanError, match="not in the plan's month"):
        replan_month(data, _scenario(), history, plan, date(2026, 12, 1))
    with pytest.raises(ReplanError, match="no team 'Tim 9'"):
        replan_month(data, _scenario(), history, plan, FROM, [Absence.parse("Tim 9:2026-11-16")])


def test_change_list_names_the_venues_it_adds_and_drops(
    month: tuple[KabupatenData, Plan, CampaignHistory], replanned: tuple[Plan, ChangeList]
) -> None:
    """`perubahan.txt` is read by a manager who knows places by name: every added or dropped
    venue is shown by its name with its code, and a day whose stops only moved says so in
    the report's language."""
    data, _plan, _h = month
    _new, changes = replanned
    names = {v.venue_id: v.name for v in data.venues}
    text = "\n".join(changes.lines("id", names))
    moved = [*changes.added, *changes.dropped]
    assert moved
    for _d, _t, vid in moved:
        assert f"{names[vid]} ({vid})" in text
    assert "(order/times)" not in text


def test_a_month_with_trips_replans_within_its_night_budget() -> None:
    """Trips allowed (two interchangeable teams, a Rp 2,1 juta budget = 6 officer-nights):
    the re-plan gives each team at most one route a day, and the month's nights (the kept
    days' and the new ones) stay within the budget; a stay's drives are laid out over the
    whole month."""
    data = tiny_kabupaten(n_desa=5)
    trips = {
        "allowed": True,
        "lodging": ("KD-99.01.01.2005",),
        "cost_per_officer_night": 350_000,
        "budget_per_month": 2_100_000,
        "min_activations_per_officer_night": 0.0,
    }
    sc = Scenario(fixed_events=(FixedEvent(venue="CFD"),), trips=trips, solver=FAST)
    plan = plan_month(data, sc, month="2026-11")
    history = CampaignHistory(data.meta.code, 2100, data.meta.ikd_as_of, ())
    new, _ = replan_month(data, sc, history, plan, FROM)
    per_day = [(td.date, td.team) for td in new.team_days]
    assert len(per_day) == len(set(per_day))
    away = [td for td in new.team_days if td.away]
    assert sum(td.night_cost for td in away) <= 2_100_000
    assert new.summary.night_cost == sum(td.night_cost for td in away)
    for td in away:
        assert td.home_venue == "BASE"
        assert td.transfer_before is not None or td.date - timedelta(days=1) in {
            x.date for x in away if x.team == td.team
        }
