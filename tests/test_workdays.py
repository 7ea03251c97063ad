"""Calendar: holidays, cuti bersama, school days, pauses and team leave."""

from __future__ import annotations

from datetime import date

from planner.scenario import CalendarConfig, Scenario, Team
from planner.workdays import idul_fitri, month_days, team_works, working_days


def _day(month: str, d: date, cfg: CalendarConfig | None = None):  # type: ignore[no-untyped-def]
    return next(x for x in month_days(month, cfg or CalendarConfig()) if x.date == d)


def test_christmas_and_cuti_bersama_are_not_field_days() -> None:
    """25 Dec (holiday) and 24 Dec 2026 (cuti bersama) allow no field work."""
    assert not _day("2026-12", date(2026, 12, 25)).field_work
    assert not _day("2026-12", date(2026, 12, 24)).field_work
    assert _day("2026-12", date(2026, 12, 23)).field_work


def test_schools_closed_on_sunday_and_school_holidays() -> None:
    """Sundays and configured school holidays close schools; Mondays open them."""
    cfg = CalendarConfig(school_holidays=[{"start": "2026-12-21", "end": "2027-01-02"}])
    assert not _day("2026-12", date(2026, 12, 6), cfg).schools_open  # Sunday
    assert not _day("2026-12", date(2026, 12, 22), cfg).schools_open  # school holiday
    assert _day("2026-12", date(2026, 12, 22), cfg).field_work  # offices still visitable
    assert _day("2026-12", date(2026, 12, 7), cfg).schools_open  # Monday


def test_lebaran_pause_blocks_days_around_idul_fitri() -> None:
    """With a 7-day Lebaran pause no day within a week of Idul Fitri 2027 is a field day."""
    fitri = idul_fitri(2027)
    assert fitri is not None and fitri.month == 3
    cfg = CalendarConfig(lebaran_pause_days=7)
    days = {d.date: d for d in month_days("2027-03", cfg)}
    assert not days[date(2027, 3, 4)].field_work
    assert days[date(2027, 3, 25)].field_work is False  # Good Friday joint holiday
    assert days[date(2027, 3, 23)].field_work


def test_team_leave_and_weekdays() -> None:
    """A team does not work on its days off or outside its weekdays."""
    t = Team(name="A", weekdays="Mon-Thu", days_off=[date(2026, 11, 2)])
    days = {d.date: d for d in month_days("2026-11", CalendarConfig())}
    assert not team_works(t, days[date(2026, 11, 2)])  # Monday, on leave
    assert team_works(t, days[date(2026, 11, 3)])
    assert not team_works(t, days[date(2026, 11, 6)])  # Friday


def test_working_days_include_fixed_event_days() -> None:
    """Saturdays become working days when a fixed event needs them."""
    sc = Scenario(fixed_events=[{"venue": "X", "weekdays": ["Sat"]}])
    assert any(d.weekday == 5 for d in working_days(sc, "2026-11"))
    assert not any(d.weekday == 5 for d in working_days(Scenario(), "2026-11"))
