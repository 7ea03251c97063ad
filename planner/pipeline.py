"""The pipeline as one call: data + scenario → demand → candidates → travel → solve → Plan.

`plan_month` is the public entry point used by the CLI, the notebooks and the scenario sweeps.
It reads no files (the caller loads data and scenario through planner.io) and writes none.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

from planner.calibrate import RATE
from planner.candidates import PlanningProblem, build_problem, with_field_rules
from planner.carryover import Carryover, carry_over
from planner.coverage import floors, kecamatan_coverage
from planner.demand import VenueDemand, venue_demands
from planner.domain import KabupatenData, Level, Venue
from planner.history import CampaignHistory
from planner.months import resolve_month
from planner.plan import (
    Coverage,
    DayBreak,
    LearnedParameter,
    Plan,
    PlanVenue,
    Stop,
    Summary,
    TeamDay,
    TimeWindow,
    Unscheduled,
)
from planner.projection import ProjectionStart, project, yearly_cohort
from planner.scenario import WEEKDAYS, Break, Scenario, minutes
from planner.scenario_check import check_scenario_fits
from planner.solve.master import InfeasiblePlanError
from planner.solve.month import MonthSolution, solve_month
from planner.solve.params import SolveParams
from planner.travel import travel_matrix
from planner.trips import Drive, per_million_rp, transfers, trip_activations, with_transfers
from planner.venue_kinds import Catchment

Progress = Callable[[str], None]
K = TypeVar("K", bound=Hashable)


def hhmm(minutes: float) -> str:
    """Minutes after midnight → `HH:MM` (rounded to the minute)."""
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


def desa_points(data: KabupatenData) -> dict[str, tuple[float, float]]:
    """A (lat, lon) per desa: its desa office (a kind whose catchment is its own desa) if the
    data has one, else a point inside it."""
    pts: dict[str, tuple[float, float]] = {}
    for v in data.venues:
        if v.kind.catchment == Catchment.OWN_DESA:
            pts.setdefault(v.desa_code, (v.lat, v.lon))
    for code, geom in zip(data.desa["code"], data.desa.geometry, strict=True):
        if code not in pts and geom is not None and not geom.is_empty:
            rp = geom.representative_point()
            pts[str(code)] = (float(rp.y), float(rp.x))
    return pts


def build_planning_problem(
    data: KabupatenData, scenario: Scenario, month: str, carry: Carryover | None = None
) -> tuple[PlanningProblem, dict[str, VenueDemand]]:
    """Demand, travel times and candidate visits for one month (no solving).

    `carry` (planner.carryover) brings in what earlier visits did: depleted pools, learned p,
    spacing and visit limits; `scenario` should then be `carry.scenario(...)` (learned rate).
    """
    demands = venue_demands(
        data.venues,
        data.areas,
        desa_points(data),
        scenario.demand,
        used=carry.used if carry else None,
        p_by_venue=carry.p_by_venue if carry else None,
    )
    tm = travel_matrix(
        [v.venue_id for v in data.venues],
        [v.lat for v in data.venues],
        [v.lon for v in data.venues],
        scenario.travel,
    )
    problem = build_problem(
        scenario,
        month,
        data.venues,
        demands,
        tm,
        data.meta.default_base_venue,
        earlier_visits=carry.earlier_visits if carry else None,
    )
    if carry is not None and carry.capacity_spread > 0:
        problem = dataclasses.replace(problem, capacity_spread=carry.capacity_spread)
    return problem, demands


def plan_month(
    data: KabupatenData,
    scenario: Scenario,
    month: str | None = None,
    progress: Progress | None = None,
    history: CampaignHistory | None = None,
    *,
    started: float | None = None,
) -> Plan:
    """Plan one month for `data` under `scenario`; the Plan is ready to render.

    The scenario's time limit covers the whole plan from `started` (a `time.monotonic()`
    reading: when the command began, so loading the data counts) or, if None, from this
    call: building the problem counts, the solver gets what is left.

    Raises ScenarioDataError when the scenario names a venue the data lacks.
    `history` is what the campaign ledger recorded before this month (planner.history): the
    demand model learns from it, pools deplete by it, spacing and visit limits count it, and the
    IKD-active count adds its activations (planner.carryover). None, or a history with no
    visits, plans from the data's baseline exactly as without a ledger.
    """
    started = time.monotonic() if started is None else started
    check_scenario_fits(scenario, data)
    month = resolve_month(scenario, month)
    carry = month_carryover(data, scenario, month, history)
    learned = carry.scenario(scenario) if carry else scenario
    problem, demands = build_planning_problem(data, learned, month, carry)
    params = SolveParams.from_scenario(learned)
    used = scenario.model_copy(update={"month": month})
    if scenario.equity.min_share_per_kecamatan <= 0:
        solution = solve_month(problem, params, progress, started=started)
        return assemble_plan(data, used, problem, demands, solution, carry, history)
    problem, solution, without = _solve_with_floor(
        data, scenario, problem, params, progress, started
    )
    return assemble_plan(data, used, problem, demands, solution, carry, history, without)


def _solve_with_floor(
    data: KabupatenData,
    scenario: Scenario,
    problem: PlanningProblem,
    params: SolveParams,
    progress: Progress | None,
    started: float,
) -> tuple[PlanningProblem, MonthSolution, MonthSolution]:
    """Solve without the equity floor (a third of the time limit: the reference that prices
    the floor), then with it (the rest). Floors go only to kecamatan the reference could
    reach at all. When no plan meets every floor, the reference plan is returned (the
    summary then says the floor is not met)."""
    share = scenario.equity.min_share_per_kecamatan
    reference = solve_month(
        problem,
        dataclasses.replace(params, time_limit_s=params.time_limit_s / 3),
        progress,
        started=started,
    )
    rows = floors(data, scenario.demand.readiness, share, reference.feasible_venues)
    floored = with_field_rules(
        problem,
        problem.slot_limits,
        problem.night_budget,
        scenario.trips.cost_per_officer_night,
        rows,
    )
    rest = max(params.time_limit_s - (time.monotonic() - started), 1.0)
    try:
        solution = solve_month(floored, dataclasses.replace(params, time_limit_s=rest), progress)
    except InfeasiblePlanError:
        note = "; the equity floor cannot be met: plan without it"
        solution = dataclasses.replace(reference, status=reference.status + note)
    return floored, solution, reference


def month_carryover(
    data: KabupatenData,
    scenario: Scenario,
    month: str,
    history: CampaignHistory | None,
    *,
    start: date | None = None,
    planned_as_done_from: date | None = None,
) -> Carryover | None:
    """The carry-over of `history` into a plan starting at `start` (default: the month's first
    day); None when there is no history to carry."""
    if history is None or not history.visits:
        return None
    first = start or date.fromisoformat(f"{month}-01")
    return carry_over(
        data, scenario, history, first, desa_points(data), planned_as_done_from=planned_as_done_from
    )


def _windows(v: Venue) -> dict[str, TimeWindow]:
    w = TimeWindow(start=v.open_time.strftime("%H:%M"), end=v.close_time.strftime("%H:%M"))
    return {WEEKDAYS[d]: w for d in v.open_days}


def _unscheduled_reason(
    vid: str, problem: PlanningProblem, solution: MonthSolution, demands: dict[str, VenueDemand]
) -> tuple[str, str]:
    if problem.excluded.get(vid) == "base":
        return "base", "team base: residents come here (walk-in service), teams leave from here"
    if vid not in problem.open_venues:
        return "never_eligible", "closed on every working day of the month (or school holiday)"
    if vid not in solution.feasible_venues:
        return "beyond_day_trip", "cannot be reached, visited and left within a working day"
    if demands[vid].pool < 1:
        return "pool_used_up", "no unactivated, ready people left to reach here"
    return "lower_value", "worth less than the visits scheduled instead"


def rounded_to_total(values: dict[K, float], decimals: int = 1) -> dict[K, float]:
    """`values` rounded to `decimals` so that they add up to their rounded total.

    Largest remainders get the spare units (ties in key order), so the stops of a plan add
    up to the headline figure in every table instead of drifting by a few tenths.
    """
    scale = 10**decimals
    units = {k: v * scale for k, v in values.items()}
    floors = {k: math.floor(u) for k, u in units.items()}
    spare = round(sum(units.values())) - sum(floors.values())
    by_remainder = sorted(units, key=lambda k: floors[k] - units[k])
    for k in by_remainder[: max(spare, 0)]:
        floors[k] += 1
    return {k: round(f / scale, decimals) for k, f in floors.items()}


def assemble_plan(
    data: KabupatenData,
    scenario: Scenario,
    problem: PlanningProblem,
    demands: dict[str, VenueDemand],
    solution: MonthSolution,
    carry: Carryover | None = None,
    history: CampaignHistory | None = None,
    without_floor: MonthSolution | None = None,
) -> Plan:
    """Turn the solver's routes into the Plan every renderer reads.

    `history` adds the ledger's activations to the coverage to date; `without_floor` is the
    same month solved without the equity floor: what the floor costs is estimated from the two
    upper bounds (the LP price of the floor), and bracketed by (expected without − bound with)
    and (bound without − expected with), which hold for the true optima whatever the solver
    reached.
    """
    slots = {s.index: s for s in problem.slots}
    ev = solution.evaluation
    fixed = {(f.venue_id, f.date) for f in problem.fixed}
    team_days: list[TeamDay] = []
    shown = rounded_to_total(
        {
            (si, st.venue_id): ev.value_of(si, st.venue_id).expected
            for si, route in solution.chosen.items()
            for st in route.stops
        }
    )
    for si, route in solution.chosen.items():
        s = slots[si]
        stops = []
        for n, st in enumerate(route.stops, start=1):
            val = ev.value_of(si, st.venue_id)
            w = problem.windows[(st.venue_id, s.date)]
            stops.append(
                Stop(
                    stop=n,
                    venue_id=st.venue_id,
                    arrive=hhmm(st.arrive),
                    start=hhmm(st.start),
                    end=hhmm(st.end),
                    travel_min=round(st.travel_min, 1),
                    expected_activations=shown[(si, st.venue_id)],
                    p10=round(val.p10, 1),
                    p90=round(val.p90, 1),
                    window=TimeWindow(start=hhmm(w.open), end=hhmm(w.close)),
                    fixed=(st.venue_id, s.date) in fixed,
                )
            )
        team_days.append(
            TeamDay(
                date=s.date,
                team=s.team,
                officers=s.officers,
                base_venue=s.base,
                depart=hhmm(route.depart),
                return_=hhmm(route.return_),
                return_travel_min=round(route.return_travel_min, 1),
                stops=tuple(stops),
                away=s.trip,
                night_cost=round(s.night_cost, 0),
                home_venue=s.home if s.trip else None,
                breaks=_day_breaks(scenario, s.team, s.date),
            )
        )
    team_order = {t.name: i for i, t in enumerate(scenario.teams)}
    team_days.sort(key=lambda td: (td.date, team_order.get(td.team, 99)))
    team_days = list(with_transfers(team_days, problem_drive(problem), team_day_ends(scenario)))
    moves = transfers(team_days)

    kec_names = {a.code: a.name for a in data.areas_at(Level.KECAMATAN)}
    desa_names = {a.code: a.name for a in data.areas_at(Level.DESA)}
    visited = {st.venue_id for td in team_days for st in td.stops}
    venues = tuple(
        PlanVenue(
            id=v.venue_id,
            name=v.name,
            type=v.venue_type,
            kecamatan=kec_names.get(v.kecamatan_code, v.kecamatan_code),
            desa=desa_names.get(v.desa_code, v.desa_code),
            lat=v.lat,
            lon=v.lon,
            pool=round(demands[v.venue_id].pool, 1),
            pool_estimated=demands[v.venue_id].estimated,
            coord_estimated=v.coord_estimated,
            windows=_windows(v),
        )
        for v in data.venues
    )
    unscheduled = tuple(
        Unscheduled(venue_id=v.venue_id, reason=r, detail=d)
        for v in data.venues
        if v.venue_id not in visited
        for r, d in [_unscheduled_reason(v.venue_id, problem, solution, demands)]
    )
    kab = next(iter(data.areas_at(Level.KABUPATEN)), None)
    wktp = kab.wktp if kab else sum(a.wktp for a in data.areas_at(Level.KECAMATAN))
    active = kab.ikd_active if kab else sum(a.ikd_active for a in data.areas_at(Level.KECAMATAN))
    if carry is not None:
        active = carry.ikd_active
    expected = round(ev.expected, 1)
    rate_before = active / wktp if wktp else 0.0
    rate_after = (active + expected) / wktp if wktp else 0.0
    cohort = yearly_cohort(wktp, data.meta.population)
    proj = project(
        ProjectionStart(
            start_month=scenario.month or problem.month,
            wktp=wktp,
            ikd_active=active,
            monthly_activations=ev.expected,
            readiness=scenario.demand.readiness,
            cohort_per_year=cohort,
        )
    )
    months = proj.months_to(data.meta.target_rate)
    national = proj.months_to(data.meta.national_target_rate)
    reached: dict[str, float] = {}
    for td in team_days:
        for stop in td.stops:
            reached[stop.venue_id] = reached.get(stop.venue_id, 0.0) + stop.expected_activations
    floor = scenario.equity.min_share_per_kecamatan or None
    cover = kecamatan_coverage(data, scenario.demand.readiness, reached, history)
    floored = {f.label for f in problem.floors}
    coverage = tuple(
        Coverage(
            kecamatan_code=c.code,
            kecamatan=c.name,
            ready=round(c.ready, 1),
            reached=round(c.reached, 1),
            share=round(c.share, 5),
            reached_to_date=round(c.reached_to_date, 1),
            share_to_date=round(c.share_to_date, 5),
            floor=floor if c.code in floored else None,
        )
        for c in cover
    )
    lowest = min((c for c in coverage if c.ready > 0), key=lambda c: c.share, default=None)
    staff_days = sum(td.officers for td in team_days)
    night_cost = sum(td.night_cost for td in team_days)
    bought = trip_activations(team_days)
    transfer_km = sum(x.km for x in moves)
    summary = Summary(
        activations_per_officer_day=round(ev.expected / staff_days, 2) if staff_days else None,
        nights_away=sum(td.officers for td in team_days if td.away),
        night_cost=round(night_cost, 0),
        trip_activations=round(bought, 1),
        transfer_km=round(transfer_km, 1),
        transfer_min=round(sum(x.travel_min for x in moves), 1),
        activations_per_million_rp=per_million_rp(bought, night_cost),
        lowest_kecamatan=lowest.kecamatan if lowest else None,
        lowest_share=lowest.share if lowest else None,
        equity_floor=floor,
        floor_met=(
            all(c.reached + 0.5 >= (c.floor or 0) * c.ready for c in coverage) if floor else None
        ),
        **_floor_cost(solution, without_floor if floor else None),
        expected_activations=expected,
        expected_p10=round(ev.p10, 1),
        expected_p90=round(ev.p90, 1),
        upper_bound=round(solution.upper_bound, 1),
        gap=round(solution.gap, 4),
        baseline_activations=round(solution.baseline.expected, 1),
        wktp=wktp,
        ikd_active_before=active,
        ikd_rate_before=round(rate_before, 5),
        ikd_rate_after=round(rate_after, 5),
        target_rate=data.meta.target_rate,
        months_to_target=months,
        month_target=proj.month_reaching(data.meta.target_rate),
        national_target_rate=data.meta.national_target_rate,
        months_to_national=national,
        cohort_per_year=round(cohort, 1),
        solve_seconds=round(solution.seconds, 2),
        visits=sum(len(td.stops) for td in team_days),
        team_days=len(team_days),
        staff_days=staff_days,
        travel_km=round(_travel_km(problem, solution) + transfer_km, 1),
        solver_status=solution.status,
        route_mode=solution.route_mode,
        routes=solution.routes,
        replayable=solution.replayable,
        recorded_activations=carry.recorded_activations if carry else 0,
        ikd_baseline_as_of=carry.ikd_baseline_as_of if carry else data.meta.ikd_as_of,
        unreported_visits=carry.unreported_visits if carry else 0,
    )
    return Plan(
        kabupaten_code=data.meta.code,
        kabupaten_name=data.meta.name,
        month=scenario.month or problem.month,
        data_dir=data.source_dir,
        scenario=scenario.model_dump(mode="json"),
        summary=summary,
        team_days=tuple(team_days),
        venues=venues,
        unscheduled=unscheduled,
        coverage=coverage,
        learned=learned_parameters(carry),
    )


def learned_parameters(carry: Carryover | None) -> tuple[LearnedParameter, ...]:
    """The calibration's posteriors, rounded for plan.json (empty when nothing was learned)."""
    if carry is None or carry.calibration is None:
        return ()
    return tuple(
        LearnedParameter(
            name=q.name if q.name == RATE else f"p_type.{q.name}",
            prior=q.prior,
            mean=round(q.mean, 5),
            lo=round(q.lo, 5),
            hi=round(q.hi, 5),
            visits=q.visits,
        )
        for q in carry.calibration.parameters
    )


def _floor_cost(floored: MonthSolution, free: MonthSolution | None) -> dict[str, float | None]:
    """The floor's cost in activations: the bound difference, and the range it surely lies in
    (see `assemble_plan`); empty without a floor."""
    if free is None:
        return {}
    low = max(free.evaluation.expected - floored.upper_bound, 0.0)
    high = max(free.upper_bound - floored.evaluation.expected, 0.0)
    point = min(max(free.upper_bound - floored.upper_bound, low), high)
    return {
        "floor_cost": round(point, 1),
        "floor_cost_low": round(low, 1),
        "floor_cost_high": round(high, 1),
    }


def _break(b: Break, kind: str) -> DayBreak:
    return DayBreak(start=b.start.strftime("%H:%M"), end=b.end.strftime("%H:%M"), kind=kind)


def _day_breaks(scenario: Scenario, team: str, d: date) -> tuple[DayBreak, ...]:
    """The team's lunch and, on Fridays, the Friday prayer, in clock order."""
    out: list[DayBreak] = []
    spec = next((t for t in scenario.teams if t.name == team), None)
    if spec is not None and spec.lunch is not None:
        out.append(_break(spec.lunch, "lunch"))
    prayer = scenario.calendar.friday_prayer
    if d.weekday() == 4 and prayer is not None:
        out.append(_break(prayer, "friday_prayer"))
    return tuple(sorted(out, key=lambda b: b.start))


def problem_drive(problem: PlanningProblem) -> Drive:
    """Driving (minutes, km) between two venues of the problem's travel matrix."""
    tm = problem.travel

    def drive(a: str, b: str) -> tuple[float, float]:
        i, j = tm.index(a), tm.index(b)
        return float(tm.minutes[i, j]), float(tm.km[i, j])

    return drive


def team_day_ends(scenario: Scenario) -> dict[str, int]:
    """Each team's usual end of day, minutes after midnight (a trip's drive in leaves then
    when the team does not work the day before)."""
    return {t.name: minutes(t.end) for t in scenario.teams}


def _travel_km(problem: PlanningProblem, solution: MonthSolution) -> float:
    tm = problem.travel
    slots = {s.index: s for s in problem.slots}
    km = 0.0
    for si, route in solution.chosen.items():
        here = tm.index(slots[si].base)
        for st in route.stops:
            i = tm.index(st.venue_id)
            km += float(tm.km[here, i])
            here = i
        km += float(tm.km[here, tm.index(slots[si].base)])
    return km
