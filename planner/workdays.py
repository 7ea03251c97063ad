"""Which days of a month are working days, and which venues can be visited on each.

Indonesian national holidays and cuti bersama come from the `holidays` package (country ID,
categories public + government); the scenario adds school holidays, a Lebaran or Ramadan pause,
extra closures and each team's leave.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from planner.scenario import CalendarConfig, Scenario, Team


@dataclass(frozen=True)
class Day:
    """One calendar day and what it allows.

    `field_work` is False on national holidays, cuti bersama and pauses: no team goes out.
    `schools_open` is False on Sundays (always), non-school weekdays, holidays and school
    holidays.
    """

    date: date
    weekday: int
    holiday: str | None
    field_work: bool
    schools_open: bool

    @property
    def is_friday(self) -> bool:
        return self.weekday == 4


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> dict[date, str]:
    h = holidays.country_holidays("ID", years=[year], categories=("public", "government"))
    return {d: str(n) for d, n in h.items()}


def national_holidays(year: int) -> dict[date, str]:
    """Holiday and cuti-bersama dates of a year with their names."""
    return dict(_national_holidays(year))


def idul_fitri(year: int) -> date | None:
    """First day of Idul Fitri in `year` per the holidays package (None if unknown)."""
    for d, name in sorted(_national_holidays(year).items()):
        if "Eid al-Fitr" in name and "Joint" not in name and "Second" not in name:
            return d
    return None


def _pause_reason(d: date, cfg: CalendarConfig) -> str | None:
    fitri = idul_fitri(d.year)
    if fitri is None:
        return None
    if cfg.lebaran_pause_days and abs((d - fitri).days) <= cfg.lebaran_pause_days:
        return "Lebaran pause"
    if cfg.ramadan_pause and fitri - timedelta(days=30) <= d < fitri:
        return "Ramadan pause"
    return None


def month_days(month: str, cfg: CalendarConfig) -> list[Day]:
    """Every day of `month` (YYYY-MM) with its status under `cfg`."""
    year, mon = (int(x) for x in month.split("-"))
    hol = national_holidays(year) if cfg.national_holidays else {}
    out: list[Day] = []
    for dom in range(1, _cal.monthrange(year, mon)[1] + 1):
        d = date(year, mon, dom)
        wd = d.weekday()
        reason = hol.get(d) or ("closure" if d in cfg.extra_holidays else None)
        reason = reason or _pause_reason(d, cfg)
        school_holiday = any(r.contains(d) for r in cfg.school_holidays)
        out.append(
            Day(
                date=d,
                weekday=wd,
                holiday=reason,
                field_work=reason is None,
                schools_open=(
                    reason is None and wd in cfg.school_days and wd != 6 and not school_holiday
                ),
            )
        )
    return out


def team_works(team: Team, day: Day) -> bool:
    """A team works on its weekdays, except on holidays, pauses and its own leave."""
    return day.field_work and day.weekday in team.weekdays and day.date not in team.days_off


def working_days(scenario: Scenario, month: str) -> list[Day]:
    """Days on which at least one team works (or a fixed event takes place)."""
    days = month_days(month, scenario.calendar)
    fixed = {wd for ev in scenario.fixed_events for wd in ev.weekdays}
    fixed_dates = {d for ev in scenario.fixed_events for d in ev.dates}
    return [
        d
        for d in days
        if d.field_work
        and (
            any(team_works(t, d) for t in scenario.teams)
            or d.weekday in fixed
            or d.date in fixed_dates
        )
    ]
