"""Trips (dinas luar): the drives into and out of a stay at a lodging (planner.trips)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.plan import Stop, TeamDay, TimeWindow
from planner.trips import per_million_rp, transfers, trip_activations, with_transfers

#: (minutes, km) between the test's places; symmetric.
ROADS = {
    frozenset({"HOME", "LODGE"}): (80.0, 50.0),
    frozenset({"HOME", "LODGE2"}): (95.0, 60.0),
    frozenset({"LODGE", "LODGE2"}): (150.0, 100.0),
}
END = {"Tim 1": 16 * 60}


def drive(a: str, b: str) -> tuple[float, float]:
    return ROADS[frozenset({a, b})]


def _day(d: int, base: str = "HOME", *, ret: str = "15:00", expected: float = 40.0) -> TeamDay:
    """Tim 1's day on 2027-02-`d`, one stop; away when `base` is not HOME."""
    w = TimeWindow(start="08:00", end="15:00")
    stop = Stop(
        stop=1,
        venue_id="V",
        arrive="08:10",
        start="08:10",
        end="14:50",
        travel_min=10.0,
        expected_activations=expected,
        p10=expected / 2,
        p90=expected,
        window=w,
    )
    away = base != "HOME"
    return TeamDay(
        date=date(2027, 2, d),
        team="Tim 1",
        officers=3,
        base_venue=base,
        depart="08:00",
        return_=ret,
        return_travel_min=10.0,
        stops=(stop,),
        away=away,
        night_cost=1_050_000.0 if away else 0.0,
        home_venue="HOME" if away else None,
    )


def _laid_out(*days: TeamDay) -> dict[int, TeamDay]:
    return {td.date.day: td for td in with_transfers(days, drive, END)}


def test_a_stay_opens_with_the_drive_in_the_day_before_after_its_visits() -> None:
    """Mon at home (back 14:48), Tue–Wed at the lodging: Tue's drive in is dated Monday,
    leaves when Monday's visits are done and takes the road's minutes and km."""
    days = _laid_out(_day(1, ret="14:48"), _day(2, "LODGE"), _day(3, "LODGE"))
    tr = days[2].transfer_before
    assert tr is not None
    assert (tr.date, tr.origin, tr.destination) == (date(2027, 2, 1), "HOME", "LODGE")
    assert (tr.depart, tr.arrive, tr.travel_min, tr.km) == ("14:48", "16:08", 80.0, 50.0)


def test_staying_on_at_the_same_lodging_has_no_drive() -> None:
    """The second day of a stay neither drives in nor home after the first day."""
    days = _laid_out(_day(1), _day(2, "LODGE"), _day(3, "LODGE"))
    assert days[2].transfer_after is None
    assert days[3].transfer_before is None


def test_the_last_away_day_ends_with_the_drive_home_after_its_visits() -> None:
    """The stay's last day drives home when its visits are done (back at the lodging 14:30)."""
    days = _laid_out(_day(2, "LODGE"), _day(3, "LODGE", ret="14:30"), _day(4))
    tr = days[3].transfer_after
    assert tr is not None
    assert (tr.date, tr.origin, tr.destination) == (date(2027, 2, 3), "LODGE", "HOME")
    assert (tr.depart, tr.arrive) == ("14:30", "15:50")
    assert days[4].transfer_before is None and days[4].transfer_after is None


def test_a_stay_after_a_day_off_drives_in_at_the_end_of_the_teams_hours() -> None:
    """Monday away after a weekend: the drive in is on Sunday at the team's end of day, and
    a stay with no working day after it still drives home."""
    days = _laid_out(_day(8, "LODGE"))
    before, after = days[8].transfer_before, days[8].transfer_after
    assert before is not None and after is not None
    assert (before.date, before.depart, before.arrive) == (date(2027, 2, 7), "16:00", "17:20")
    assert (after.origin, after.destination) == ("LODGE", "HOME")


def test_moving_between_lodgings_drives_from_one_to_the_other() -> None:
    """Tue at LODGE, Wed at LODGE2: one evening drive LODGE → LODGE2 (recorded on Wed), and no
    drive home in between."""
    days = _laid_out(_day(2, "LODGE"), _day(3, "LODGE2"), _day(4))
    tr = days[3].transfer_before
    assert tr is not None and (tr.origin, tr.destination) == ("LODGE", "LODGE2")
    assert tr.date == date(2027, 2, 2) and tr.depart == "15:00"
    assert days[2].transfer_after is None
    assert [(x.origin, x.destination) for x in transfers(days.values())] == [
        ("HOME", "LODGE"),
        ("LODGE", "LODGE2"),
        ("LODGE2", "HOME"),
    ]


def test_days_at_home_get_no_drive() -> None:
    """A month without trips has no transfer at all."""
    days = _laid_out(_day(1), _day(2), _day(3))
    assert transfers(days.values()) == ()


def test_the_trip_ratio_counts_only_the_away_days() -> None:
    """Activations per Rp 1 juta of trips: the away days' expected activations (60 + 30), not
    the month's (100 more at home), over the nights' cost (Rp 2.100.000)."""
    days = (
        _day(1, expected=100.0),
        _day(2, "LODGE", expected=60.0),
        _day(3, "LODGE", expected=30.0),
    )
    bought = trip_activations(days)
    assert bought == 90.0
    cost = sum(td.night_cost for td in days)
    assert per_million_rp(bought, cost) == pytest.approx(90 / 2.1, abs=0.01)
    assert per_million_rp(0.0, 0.0) is None
