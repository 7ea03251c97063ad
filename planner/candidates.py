"""Candidate visits: which team works on which day, and which venue can be visited when.

This stage turns data + demand + calendar into a `PlanningProblem`: plain numbers the solver can
work on without knowing about files, GeoDataFrames or scenario syntax. Times are minutes after
midnight; durations minutes.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from planner.carryover import blocked_by_earlier, visit_limits
from planner.demand import VenueDemand, p_key, visit_capacity
from planner.domain import Venue
from planner.scenario import Scenario, minutes
from planner.side_constraints import SideConstraint
from planner.travel import TravelMatrix
from planner.venue_kinds import FALLBACK_SERVICE_MIN
from planner.workdays import Day, team_works, working_days


class NoWorkingDayError(ValueError):
    """The scenario leaves no day on which any team can go out in the month."""


@dataclass(frozen=True)
class Window:
    """When a visit may happen on one day (minutes after midnight)."""

    open: int
    close: int


@dataclass(frozen=True)
class Candidate:
    """A venue that could be visited, with its demand and the minutes a visit takes."""

    venue: Venue
    demand: VenueDemand
    service_min: int

    @property
    def venue_id(self) -> str:
        return self.venue.venue_id


@dataclass(frozen=True)
class Slot:
    """A team-day: a team that could go out on a date, with its hours and breaks.

    A trip slot (`trip`) is the same team-day worked from a lodging instead of the base, at
    `night_cost` rupiah (officers × cost per officer-night); `home` is the base it replaces
    (where the team drives back to after its stay). A team uses at most one of its slots of a
    date (`PlanningProblem.slot_limits`). The drives between `home` and the lodging are outside
    the day's route and hours (planner.trips lays them out once the days are chosen).

    `fixed_only` slots exist only to staff a fixed event on a day the team does not normally
    work (e.g. the Saturday Car Free Day stand): their routes hold the event alone, and their
    day stretches to the event (planner.solve.routes leaves early for a morning event; the
    end is late enough to come back from an evening one).
    """

    index: int
    team: str
    date: date
    officers: int
    base: str
    start: int
    end: int
    breaks: tuple[tuple[int, int], ...]
    fixed_only: bool = False
    trip: bool = False
    night_cost: float = 0.0
    home: str = ""


@dataclass(frozen=True)
class FixedVisit:
    """A fixed event occurrence that must be in the plan."""

    venue_id: str
    date: date
    window: Window
    team: str | None
    officers: int


@dataclass(frozen=True)
class SlotLimit:
    """At most `limit` of these slots are used: the trip variants of interchangeable teams on
    one date (one route per team and day)."""

    slots: frozenset[int]
    limit: int


@dataclass(frozen=True)
class CoverageFloor:
    """Expected activations at these venues (a kecamatan's) must reach `people`."""

    label: str
    venues: frozenset[str]
    people: float


@dataclass(frozen=True)
class PlanningProblem:
    """Everything the optimiser needs, with no file or GIS types in it.

    Immutable problem data only: how long and how hard to search (time limit, seed, threads)
    is `planner.solve.params.SolveParams`. `officers_per_day` / `vehicles_per_day` of None mean
    no limit beyond the teams; 0 means no officer / vehicle at all. `side` holds extra linear
    rows over the plan (planner.side_constraints).
    """

    month: str
    days: tuple[Day, ...]
    candidates: tuple[Candidate, ...]
    slots: tuple[Slot, ...]
    windows: dict[tuple[str, date], Window]
    fixed: tuple[FixedVisit, ...]
    travel: TravelMatrix
    spacing_days: int
    max_visits: int
    max_stops: int
    per_officer_hour: float
    travel_weight: float
    officers_per_day: int | None
    vehicles_per_day: int | None
    excluded: dict[str, str] = field(default_factory=dict)
    slot_limits: tuple[SlotLimit, ...] = ()
    night_budget: float | None = None
    floors: tuple[CoverageFloor, ...] = ()
    side: tuple[SideConstraint, ...] = ()
    night_weight: float = 0.0
    visit_limits: dict[str, int] = field(default_factory=dict)
    limit_windows: tuple[tuple[str, frozenset[date], int], ...] = ()
    capacity_spread: float = 0.0

    def max_visits_of(self, venue_id: str) -> int:
        """Visits a venue may still get this month: the scenario's limit less the month's
        earlier visits (planner.carryover.visit_limits); `limit_windows` add (venue, dates,
        at most) limits from visits just before the month."""
        return self.visit_limits.get(venue_id, self.max_visits)

    @cached_property
    def _by_id(self) -> dict[str, Candidate]:
        return {c.venue_id: c for c in self.candidates}

    @cached_property
    def open_venues(self) -> frozenset[str]:
        """Venues open on at least one working day of the month."""
        return frozenset(vid for vid, _d in self.windows)

    @cached_property
    def _fixed_by_key(self) -> dict[tuple[str, date], FixedVisit]:
        return {(f.venue_id, f.date): f for f in self.fixed}

    def candidate(self, venue_id: str) -> Candidate:
        return self._by_id[venue_id]

    def capacity(self, officers: int, venue_id: str, d: date) -> float:
        """People one visit of `officers` can activate at a venue on a date."""
        return visit_capacity(officers, self.service(venue_id, d), self.per_officer_hour)

    def service(self, venue_id: str, d: date) -> int:
        """Minutes on site: events fill their window, other venues their type's duration."""
        fixed = self._fixed_by_key.get((venue_id, d))
        if fixed is not None:
            return fixed.window.close - fixed.window.open
        return self.candidate(venue_id).service_min


def _merge(breaks: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(breaks):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def _service_minutes(v: Venue, scenario: Scenario) -> int:
    return int(scenario.visits.service_min.get(p_key(v), FALLBACK_SERVICE_MIN))


def _lodgings(scenario: Scenario, venues: tuple[Venue, ...], base: str) -> tuple[str, ...]:
    """Where a team based at `base` may sleep on a trip: the scenario's list, else every lodging
    kind of venue (kantor camat) outside the base's kecamatan (none when trips are not allowed)."""
    if not scenario.trips.allowed:
        return ()
    if scenario.trips.lodging is not None:
        return tuple(v for v in scenario.trips.lodging if v != base)
    home = next((v.kecamatan_code for v in venues if v.venue_id == base), None)
    return tuple(v.venue_id for v in venues if v.kind.lodging and v.kecamatan_code != home)


#: A transfer to a lodging must end by midnight of the evening it starts.
_MIDNIGHT = 24 * 60


def _trip_variants(
    slot: Slot, scenario: Scenario, venues: tuple[Venue, ...], travel: TravelMatrix
) -> list[Slot]:
    """The same team-day worked from each lodging (numbered after `slot`), at one night per
    officer. Only lodgings the team can drive to on one evening are offered: leaving at the
    end of its hours, it arrives by midnight (planner.trips shows that drive)."""
    home = travel.index(slot.base)
    reachable = [
        lodge
        for lodge in _lodgings(scenario, venues, slot.base)
        if slot.end + float(travel.minutes[home, travel.index(lodge)]) < _MIDNIGHT
    ]
    return [
        dataclasses.replace(
            slot,
            index=slot.index + 1 + k,
            base=lodge,
            night_cost=slot.officers * scenario.trips.cost_per_officer_night,
            trip=True,
            home=slot.base,
        )
        for k, lodge in enumerate(reachable)
    ]


def slot_limits(scenario: Scenario, slots: list[Slot]) -> tuple[SlotLimit, ...]:
    """One route per team and date: on each date, the slots of interchangeable teams (same
    settings, not named by a fixed event) may hold at most as many routes as there are teams."""
    named = {e.team for e in scenario.fixed_events if e.team is not None}
    klass = {
        t.name: (t.name if t.name in named else t.model_dump_json(exclude={"name"}))
        for t in scenario.teams
    }
    by_key: dict[tuple[date, str], list[Slot]] = {}
    for s in slots:
        by_key.setdefault((s.date, klass[s.team]), []).append(s)
    out: list[SlotLimit] = []
    for group in by_key.values():
        teams = {s.team for s in group}
        if len(group) > len(teams):
            out.append(SlotLimit(frozenset(s.index for s in group), len(teams)))
    return tuple(out)


def _drive(travel: TravelMatrix, f: FixedVisit, base: str) -> int:
    """Whole minutes to drive from a fixed event back to the base."""
    return math.ceil(float(travel.minutes[travel.index(f.venue_id), travel.index(base)]))


def _earlier_limits(
    candidates: Sequence[Candidate],
    earlier_visits: Mapping[str, Sequence[date]] | None,
    fixed_ids: set[str],
    scenario: Scenario,
    month: str,
    days: Sequence[date],
) -> tuple[dict[str, int], list[tuple[str, frozenset[date], int]], set[tuple[str, date]]]:
    """How earlier visits (planner.carryover) constrain this month: each venue's remaining
    monthly budget, (venue, dates, at most) limit windows, and the (venue, date) pairs closed by
    spacing or a used-up limit. Fixed events keep their own timetable."""
    earlier = earlier_visits or {}
    limits: dict[str, int] = {}
    windows: list[tuple[str, frozenset[date], int]] = []
    closed: set[tuple[str, date]] = set()
    first = date.fromisoformat(f"{month}-01")
    spacing = scenario.visits.spacing_days
    for c in candidates:
        vid = c.venue_id
        if vid in fixed_ids or vid not in earlier:
            continue
        budget, prefixes = visit_limits(
            earlier[vid], first, days, scenario.visits.max_visits_per_venue
        )
        limits[vid] = max(budget, 0)
        for ds, bound in prefixes:
            if bound <= 0:
                closed.update((vid, d) for d in ds)
            else:
                windows.append((vid, ds, bound))
        closed.update(
            (vid, d) for d in days if budget <= 0 or blocked_by_earlier(earlier, d, vid, spacing)
        )
    return limits, windows, closed


def build_problem(
    scenario: Scenario,
    month: str,
    venues: tuple[Venue, ...],
    demands: dict[str, VenueDemand],
    travel: TravelMatrix,
    default_base: str,
    earlier_visits: Mapping[str, Sequence[date]] | None = None,
) -> PlanningProblem:
    """Assemble slots, candidates and day windows for `month` under `scenario`.

    `earlier_visits` (venue_id → dates of visits before this plan, planner.carryover) keeps
    spacing across the month boundary and counts against the per-venue visit limit; fixed
    events keep their own timetable. Raises NoWorkingDayError when no team can work on any day
    of the month.
    """
    days = working_days(scenario, month)
    by_id = {v.venue_id: v for v in venues}
    for t in scenario.teams:
        base = t.base or default_base
        if base not in by_id:
            raise ValueError(f"team {t.name!r}: base venue {base!r} is not in the data")
    for ev in scenario.fixed_events:
        if ev.venue not in by_id:
            raise ValueError(f"fixed event venue {ev.venue!r} is not in the data")

    fixed: list[FixedVisit] = []
    for ev in scenario.fixed_events:
        for d in days:
            if d.weekday in ev.weekdays or d.date in ev.dates:
                fixed.append(
                    FixedVisit(
                        venue_id=ev.venue,
                        date=d.date,
                        window=Window(minutes(ev.start), minutes(ev.end)),
                        team=ev.team,
                        officers=ev.officers,
                    )
                )
    fixed_by_day: dict[date, list[FixedVisit]] = {}
    for f in fixed:
        fixed_by_day.setdefault(f.date, []).append(f)

    slots: list[Slot] = []
    for d in days:
        for t in scenario.teams:
            brk = [(minutes(t.lunch.start), minutes(t.lunch.end))] if t.lunch else []
            if d.is_friday and scenario.calendar.friday_prayer:
                fp = scenario.calendar.friday_prayer
                brk.append((minutes(fp.start), minutes(fp.end)))
            base = t.base_on(d.date, default_base)
            if team_works(t, d):
                slot = Slot(
                    len(slots),
                    t.name,
                    d.date,
                    t.officers,
                    base,
                    minutes(t.start),
                    minutes(t.end),
                    _merge(brk),
                )
                slots.append(slot)
                slots += _trip_variants(slot, scenario, venues, travel)
            elif d.date not in t.days_off:
                for f in fixed_by_day.get(d.date, []):
                    if f.team in (None, t.name):
                        slots.append(
                            Slot(
                                len(slots),
                                t.name,
                                d.date,
                                min(f.officers, t.officers),
                                base,
                                minutes(t.start),
                                max(minutes(t.end), f.window.close + _drive(travel, f, base)),
                                (),
                                fixed_only=True,
                            )
                        )
                        break
    if not any(not s.fixed_only for s in slots) and not fixed:
        raise NoWorkingDayError(
            f"no working day in {month}: every day is a holiday, a pause, outside the teams' "
            "weekdays or on leave; check the scenario's teams.weekdays, calendar and days_off"
        )

    excluded: dict[str, str] = {}
    candidates: list[Candidate] = []
    bases = {s.base for s in slots if not s.trip} | {default_base}
    fixed_ids = {f.venue_id for f in fixed}
    for v in venues:
        if v.kind.team_base and v.venue_id not in fixed_ids:
            excluded[v.venue_id] = "base"
            continue
        if v.venue_id in bases and v.venue_id not in fixed_ids:
            excluded[v.venue_id] = "base"
            continue
        candidates.append(Candidate(v, demands[v.venue_id], _service_minutes(v, scenario)))

    windows: dict[tuple[str, date], Window] = {}
    markets = scenario.calendar.market_days
    limits, limit_windows, closed = _earlier_limits(
        candidates, earlier_visits, fixed_ids, scenario, month, [d.date for d in days]
    )
    for c in candidates:
        v = c.venue
        open_days = markets.get(v.venue_id, v.open_days)
        for d in days:
            fx = next((f for f in fixed_by_day.get(d.date, []) if f.venue_id == v.venue_id), None)
            if fx is not None:
                windows[(v.venue_id, d.date)] = fx.window
                continue
            if v.kind.fixed_times_only and v.venue_id in fixed_ids:
                continue  # a fixed event's venue is used only at its fixed times
            if d.weekday not in open_days or (v.venue_id, d.date) in closed:
                continue  # closed that weekday, or too soon after / too many earlier visits
            if v.kind.school_calendar and not d.schools_open:
                continue
            w = Window(minutes(v.open_time), minutes(v.close_time))
            if w.close - w.open >= c.service_min:
                windows[(v.venue_id, d.date)] = w

    problem = PlanningProblem(
        month=month,
        days=tuple(days),
        candidates=tuple(candidates),
        slots=tuple(slots),
        windows=windows,
        fixed=tuple(fixed),
        travel=travel,
        spacing_days=scenario.visits.spacing_days,
        max_visits=scenario.visits.max_visits_per_venue,
        max_stops=scenario.visits.max_stops_per_day,
        per_officer_hour=scenario.demand.activations_per_officer_hour,
        travel_weight=scenario.solver.travel_weight,
        night_weight=scenario.trips.min_activations_per_officer_night,
        officers_per_day=scenario.staff.officers_per_day,
        vehicles_per_day=scenario.staff.vehicles_per_day,
        excluded=excluded,
        visit_limits=limits,
        limit_windows=tuple(limit_windows),
    )
    return with_field_rules(
        problem,
        slot_limits(scenario, slots),
        scenario.trips.budget_per_month if scenario.trips.allowed else None,
        scenario.trips.cost_per_officer_night,
        (),
    )


def with_field_rules(
    problem: PlanningProblem,
    limits: tuple[SlotLimit, ...],
    night_budget: float | None,
    cost_per_officer_night: float,
    floors: tuple[CoverageFloor, ...],
) -> PlanningProblem:
    """`problem` with the rules of teams far from the office and of equity as side
    constraints of the master problem (planner.side_constraints), replacing earlier ones:

    - one route per team and day: at most `limit` routes over each set of slot variants;
    - the night budget: officer-nights on trips ≤ budget / cost per officer-night (the same
      row as Σ night costs ≤ budget, in whole officer-nights so CP-SAT keeps small numbers);
    - equity floors: expected activations over a kecamatan's venues ≥ its floor.
    """
    rows: list[SideConstraint] = [c for c in problem.side if not c.name.startswith(_FIELD_RULE)]
    for k, lim in enumerate(limits):
        rows.append(
            SideConstraint(
                f"{_FIELD_RULE}one route per team and day #{k}",
                hi=float(lim.limit),
                slot_coef=dict.fromkeys(sorted(lim.slots), 1.0),
            )
        )
    trips = {s.index: float(s.officers) for s in problem.slots if s.trip}
    if night_budget is not None and trips:
        nights = night_budget / cost_per_officer_night if cost_per_officer_night > 0 else math.inf
        if math.isfinite(nights):
            rows.append(
                SideConstraint(
                    f"{_FIELD_RULE}night budget",
                    hi=float(math.floor(nights + 1e-9)),
                    slot_coef=trips,
                )
            )
    for f in floors:
        rows.append(
            SideConstraint(
                f"{_FIELD_RULE}equity floor {f.label}",
                lo=f.people,
                activation_coef=dict.fromkeys(sorted(f.venues), 1.0),
            )
        )
    return dataclasses.replace(
        problem,
        side=tuple(rows),
        slot_limits=limits,
        night_budget=night_budget,
        floors=floors,
    )


#: Name prefix of the side constraints written by `with_field_rules`.
_FIELD_RULE = "field: "
