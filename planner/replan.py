"""Re-plan the rest of a month: keep the past as it happened, re-optimise the remaining days.

Pure (no I/O): the previous plan, the campaign history and the data in; a new `Plan` and a
`ChangeList` out. The CLI (planner.cli_replan) reads them from the campaign ledger.

Rules, each tested:

1. Every team-day before `from_date` is kept as it happened: its stops stay; a stop whose
   actuals came in carries them (`Stop.actual`, shown in the sheets' actuals column; the
   forecast stays in the expected column, and the month's totals count the actual), an
   unreported one stays as planned. Nothing before `from_date` is re-optimised.
2. The remaining days are planned with the learned model (planner.calibrate) from every visit
   reported before `from_date`, pools depleted by the past (unreported past visits of this
   month counted as planned: they most likely happened), and spacing and visit limits counting
   the past days.
3. An absent team (`Absence`) gets no visit on its absent days; `vehicles_per_day` replaces the
   scenario's daily vehicle limit (a lost car) from `from_date` on.
4. The change list compares the new plan with the previous one from `from_date` on: team-days
   whose stops changed, visits added and dropped, and the month's expected total before and
   after.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planner.candidates import PlanningProblem, SlotLimit, with_field_rules
from planner.domain import KabupatenData
from planner.history import CampaignHistory, RecordedVisit
from planner.i18n import LocalisedError, Message
from planner.pipeline import (
    assemble_plan,
    build_planning_problem,
    month_carryover,
    team_day_ends,
)
from planner.plan import Plan, Stop, TeamDay
from planner.scenario import Scenario
from planner.side_constraints import SideConstraint
from planner.solve.month import solve_month
from planner.solve.params import SolveParams
from planner.travel import travel_matrix
from planner.trips import per_million_rp, transfers, with_transfers

Progress = Callable[[str], None]
_ABSENCE = re.compile(
    r"^\s*(?P<team>[^:]+?)\s*:\s*(?P<a>\d{4}-\d{2}-\d{2})\s*(?:\.\.\s*(?P<b>\d{4}-\d{2}-\d{2}))?\s*$"
)


class ReplanError(LocalisedError, ValueError):
    """The re-plan request cannot be met (date outside the plan's month, unknown team, …);
    the sentence in the reader's language (`text(lang)`; `str()` is English)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(Message.of(key, **params))

    def __reduce__(self) -> tuple[Callable[..., ReplanError], tuple[str, dict[str, object]]]:
        # rebuilt from its key (the web app's job runner passes errors between processes)
        return (_replan_error, (self.key, self.params))


def _replan_error(key: str, params: dict[str, object]) -> ReplanError:
    return ReplanError(key, **params)


@dataclass(frozen=True)
class Absence:
    """A team that cannot go out from `start` to `end` (inclusive)."""

    team: str
    start: date
    end: date

    @classmethod
    def parse(cls, text: str) -> Absence:
        """`"Tim 2:2027-01-18..2027-01-22"` or `"Tim 2:2027-01-18"` (one day)."""
        m = _ABSENCE.match(text)
        if not m:
            raise ReplanError("replan.absence_format", value=repr(text))
        try:
            a = date.fromisoformat(m["a"])
            b = date.fromisoformat(m["b"]) if m["b"] else a
        except ValueError as exc:
            raise ReplanError("replan.absence_date", value=repr(text), detail=str(exc)) from None
        if b < a:
            raise ReplanError("replan.absence_reversed", value=repr(text))
        return cls(m["team"].strip(), a, b)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class ChangeList:
    """What the re-plan changed from `from_date` on (rule 4)."""

    from_date: date
    changed_team_days: tuple[tuple[date, str], ...]
    added: tuple[tuple[date, str, str], ...]
    dropped: tuple[tuple[date, str, str], ...]
    expected_before: float
    expected_after: float

    def lines(self, lang: str = "id", names: Mapping[str, str] | None = None) -> list[str]:
        """A short text for the terminal and `perubahan.txt`. With `names` (venue id → name)
        a venue reads `+Kantor Desa Sotek (KD-…)`: the manager who forwards the change to a
        team knows places by name, not by code."""
        en = lang == "en"
        out = [
            (
                f"Re-plan from {self.from_date}: {len(self.changed_team_days)} team-days changed, "
                f"{len(self.added)} visits added, {len(self.dropped)} dropped"
                if en
                else f"Rencana ulang mulai {self.from_date}: {len(self.changed_team_days)} "
                f"hari-tim berubah, {len(self.added)} kunjungan ditambah, "
                f"{len(self.dropped)} dibatalkan"
            ),
            (
                f"Expected activations for the month: {self.expected_before:,.0f} → "
                f"{self.expected_after:,.0f}"
                if en
                else f"Perkiraan aktivasi bulan ini: {self.expected_before:,.0f} → "
                f"{self.expected_after:,.0f}".replace(",", ".")
            ),
        ]
        for d, team in self.changed_team_days:
            plus = [v for dd, t, v in self.added if (dd, t) == (d, team)]
            minus = [v for dd, t, v in self.dropped if (dd, t) == (d, team)]
            shown = names or {}
            parts = [f"+{_named(v, shown)}" for v in plus] + [f"-{_named(v, shown)}" for v in minus]
            same = "(order/times)" if en else "(urutan/jam)"
            out.append(f"  {d} {team}: {', '.join(parts) if parts else same}")
        return out


def _named(venue_id: str, names: Mapping[str, str]) -> str:
    name = names.get(venue_id)
    return f"{name} ({venue_id})" if name else venue_id


def _restrict(
    problem: PlanningProblem,
    from_date: date,
    cost_per_officer_night: float,
    night_cost_spent: float,
) -> PlanningProblem:
    """The problem with only the days from `from_date` on (slots renumbered from 0).

    Side constraints name slots by index, so they are renumbered too (rows over past slots
    lose those terms), and the field rules are written again over the days left: one route per
    team and day, and the night budget less `night_cost_spent` (rupiah the kept days' trips
    already cost).
    """
    future = [s for s in problem.slots if s.date >= from_date]
    renum = {s.index: i for i, s in enumerate(future)}
    slots = tuple(replace(s, index=renum[s.index]) for s in future)
    limits = tuple(
        SlotLimit(frozenset(renum[i] for i in lim.slots if i in renum), lim.limit)
        for lim in problem.slot_limits
    )
    budget = problem.night_budget
    if budget is not None:
        budget = max(budget - night_cost_spent, 0.0)
    restricted = replace(
        problem,
        days=tuple(d for d in problem.days if d.date >= from_date),
        slots=slots,
        windows={k: w for k, w in problem.windows.items() if k[1] >= from_date},
        fixed=tuple(f for f in problem.fixed if f.date >= from_date),
        # "at most b visits on these dates" still holds on the dates left (the past ones can
        # get no visit now); a window with none left is dropped.
        limit_windows=tuple(
            (vid, kept, bound)
            for vid, ds, bound in problem.limit_windows
            if (kept := frozenset(d for d in ds if d >= from_date))
        ),
        side=tuple(_renumbered(row, renum) for row in problem.side),
    )
    return with_field_rules(
        restricted,
        tuple(lim for lim in limits if len(lim.slots) > lim.limit),
        budget,
        cost_per_officer_night,
        problem.floors,
    )


def _renumbered(row: SideConstraint, renum: Mapping[int, int]) -> SideConstraint:
    """`row` over the renumbered slots; terms of slots that are gone are dropped."""
    visit_slots = row.visit_slots
    if visit_slots is not None:
        visit_slots = frozenset(renum[i] for i in visit_slots if i in renum)
    return replace(
        row,
        slot_coef={renum[i]: c for i, c in row.slot_coef.items() if i in renum},
        visit_slots=visit_slots,
    )


def _with_changes(
    scenario: Scenario,
    month: str,
    absences: Sequence[Absence],
    vehicles_per_day: int | None,
) -> Scenario:
    names = {t.name for t in scenario.teams}
    for a in absences:
        if a.team not in names:
            raise ReplanError(
                "replan.unknown_team", team=repr(a.team), teams=", ".join(sorted(names))
            )
    data = scenario.model_dump()
    data["month"] = month
    for t in data["teams"]:
        off = set(t.get("days_off") or ())
        for a in absences:
            if a.team == t["name"]:
                off.update(a.days())
        t["days_off"] = sorted(off)
    if vehicles_per_day is not None:
        data["staff"] = {**data["staff"], "vehicles_per_day": vehicles_per_day}
    return Scenario.model_validate(data)


def _past_history(
    history: CampaignHistory | None, previous: Plan, month_start: date, from_date: date
) -> CampaignHistory:
    """The history before `from_date`, with the previous plan's past stops added where the
    ledger does not have them (a plan not recorded, or a library caller)."""
    types = {v.id: v.type for v in previous.venues}
    base = history.before(from_date) if history else None
    visits = list(base.visits) if base else []
    have = {(v.date, v.team, v.venue_id) for v in visits}
    for td in previous.team_days:
        if not month_start <= td.date < from_date:
            continue
        for s in td.stops:
            if (td.date, td.team, s.venue_id) in have:
                continue
            visits.append(
                RecordedVisit(
                    td.date,
                    td.team,
                    s.venue_id,
                    types.get(s.venue_id, ""),
                    True,
                    None,
                    s.expected_activations,
                    s.p10,
                    s.p90,
                    officers=td.officers,
                )
            )
    visits.sort(key=lambda v: (v.date, v.team, v.venue_id))
    kab = base.kabupaten_code if base else previous.kabupaten_code
    baseline = base.baseline_ikd_active if base else previous.summary.ikd_active_before
    as_of = base.baseline_as_of if base else (previous.summary.ikd_baseline_as_of or "")
    return CampaignHistory(kab, baseline, as_of, tuple(visits))


def _past_team_days(
    previous: Plan, history: CampaignHistory, from_date: date
) -> tuple[TeamDay, ...]:
    """Rule 1: the previous plan's days before `from_date`, with actuals where reported."""
    actual = {(v.date, v.team, v.venue_id): v.activations for v in history.reported}
    out = []
    for td in previous.team_days:
        if td.date >= from_date:
            continue
        stops = []
        for s in td.stops:
            a = actual.get((td.date, td.team, s.venue_id))
            if a is not None:
                s = s.model_copy(update={"actual": a})
            stops.append(s)
        out.append(td.model_copy(update={"stops": tuple(stops)}))
    return tuple(out)


def _key(td: TeamDay) -> tuple[date, str]:
    return (td.date, td.team)


def _venues_of(td: TeamDay | None) -> list[str]:
    return [s.venue_id for s in td.stops] if td else []


def change_list(previous: Plan, new: Plan, from_date: date) -> ChangeList:
    """Rule 4: what changed from `from_date` on."""
    old = {_key(td): td for td in previous.team_days if td.date >= from_date}
    now = {_key(td): td for td in new.team_days if td.date >= from_date}
    changed, added, dropped = [], [], []
    for k in sorted(set(old) | set(now)):
        a, b = old.get(k), now.get(k)
        va, vb = _venues_of(a), _venues_of(b)
        times_a = [(s.venue_id, s.start) for s in a.stops] if a else []
        times_b = [(s.venue_id, s.start) for s in b.stops] if b else []
        if times_a != times_b:
            changed.append(k)
        added += [(k[0], k[1], v) for v in vb if v not in va]
        dropped += [(k[0], k[1], v) for v in va if v not in vb]
    return ChangeList(
        from_date=from_date,
        changed_team_days=tuple(changed),
        added=tuple(added),
        dropped=tuple(dropped),
        expected_before=previous.summary.expected_activations,
        expected_after=new.summary.expected_activations,
    )


def replan_month(
    data: KabupatenData,
    scenario: Scenario,
    history: CampaignHistory | None,
    previous: Plan,
    from_date: date,
    unavailable: Sequence[Absence] = (),
    vehicles_per_day: int | None = None,
    progress: Progress | None = None,
) -> tuple[Plan, ChangeList]:
    """The month of `previous` re-planned from `from_date` (see module docstring)."""
    month = previous.month
    month_start = date.fromisoformat(f"{month}-01")
    if not (from_date.year, from_date.month) == (month_start.year, month_start.month):
        raise ReplanError("replan.from_outside", date=from_date.isoformat(), month=month)
    sc = _with_changes(scenario, month, unavailable, vehicles_per_day)
    past = _past_history(history, previous, month_start, from_date)
    carry = month_carryover(
        data, sc, month, past, start=from_date, planned_as_done_from=month_start
    )
    learned = carry.scenario(sc) if carry else sc
    problem, demands = build_planning_problem(data, learned, month, carry)
    kept = _past_team_days(previous, past, from_date)
    spent = sum(td.night_cost for td in kept if td.away)
    problem = _restrict(problem, from_date, learned.trips.cost_per_officer_night, spent)
    if not problem.slots:
        raise ReplanError("replan.no_team_out", date=from_date.isoformat(), month=month)
    solution = solve_month(problem, SolveParams.from_scenario(learned), progress)
    future = assemble_plan(data, sc, problem, demands, solution, carry)
    future = future.model_copy(update={"team_days": _stable_teams(future.team_days, previous, sc)})
    reported = sum(v.activations or 0 for v in past.reported if month_start <= v.date < from_date)
    km = sum(_route_km(data, sc, td) for td in kept)
    plan = _with_month_trips(_merge(future, kept, float(reported), km), data, sc)
    return plan, change_list(previous, plan, from_date)


def _with_month_trips(plan: Plan, data: KabupatenData, scenario: Scenario) -> Plan:
    """The trips' drives laid out again over the whole month (a stay may run across
    `from_date`: kept days and re-planned days are one trip), with the summary's trip figures
    (nights, cost, trip-day activations, transfer km) over the month; reported visits count
    with their actuals, like the month's expected total."""
    vs = data.venues
    tm = travel_matrix(
        [v.venue_id for v in vs], [v.lat for v in vs], [v.lon for v in vs], scenario.travel
    )

    def drive(a: str, b: str) -> tuple[float, float]:
        i, j = tm.index(a), tm.index(b)
        return float(tm.minutes[i, j]), float(tm.km[i, j])

    days = with_transfers(plan.team_days, drive, team_day_ends(scenario))
    moves = transfers(days)
    s = plan.summary
    away = [td for td in days if td.away]
    bought = sum(_known(x.actual, x.expected_activations) for td in away for x in td.stops)
    cost = sum(td.night_cost for td in away)
    transfer_km = sum(x.km for x in moves)
    summary = s.model_copy(
        update={
            "travel_km": round(s.travel_km - s.transfer_km + transfer_km, 1),
            "transfer_km": round(transfer_km, 1),
            "transfer_min": round(sum(x.travel_min for x in moves), 1),
            "nights_away": sum(td.officers for td in away),
            "night_cost": round(cost, 0),
            "trip_activations": round(bought, 1),
            "activations_per_million_rp": per_million_rp(bought, cost),
        }
    )
    return plan.model_copy(update={"team_days": days, "summary": summary})


def _stable_teams(
    days: tuple[TeamDay, ...], previous: Plan, scenario: Scenario
) -> tuple[TeamDay, ...]:
    """Give each re-planned route to the team that had most of its stops before, among teams
    that are interchangeable that day (same officers, base and hours): the solver treats such
    teams alike, and a route moving from Tim 1 to Tim 2 for no reason is churn for the teams."""
    hours = {t.name: (t.start, t.end, t.lunch) for t in scenario.teams}
    before = {(td.date, td.team): {s.venue_id for s in td.stops} for td in previous.team_days}
    groups: dict[tuple[object, ...], list[TeamDay]] = {}
    for td in days:
        fixed = any(s.fixed for s in td.stops)
        # a day with a fixed event keeps its team (an event may name its team)
        key = (td.date, td.officers, td.base_venue, hours.get(td.team), td.team if fixed else "")
        groups.setdefault(key, []).append(td)
    out: list[TeamDay] = []
    for group in groups.values():
        teams = sorted(td.team for td in group)
        routes = sorted(group, key=lambda td: [s.venue_id for s in td.stops])
        free = list(teams)
        for td in sorted(
            routes,
            key=lambda r: (
                -max(
                    len(before.get((r.date, t), set()) & {s.venue_id for s in r.stops})
                    for t in teams
                )
            ),
        ):
            stops = {s.venue_id for s in td.stops}
            best = max(
                free, key=lambda t: (len(before.get((td.date, t), set()) & stops), -teams.index(t))
            )
            free.remove(best)
            out.append(td.model_copy(update={"team": best}))
    return tuple(sorted(out, key=lambda td: (td.date, td.team)))


def _route_km(data: KabupatenData, scenario: Scenario, td: TeamDay) -> float:
    """Road km of a kept team-day: base → stops → base (planner.travel's estimate)."""
    ids = [td.base_venue, *(s.venue_id for s in td.stops)]
    known = {v.venue_id: v for v in data.venues}
    if not all(i in known for i in ids):
        return 0.0
    vs = [known[i] for i in dict.fromkeys(ids)]
    tm = travel_matrix(
        [v.venue_id for v in vs], [v.lat for v in vs], [v.lon for v in vs], scenario.travel
    )
    path = [*ids, td.base_venue]
    return float(sum(tm.km[tm.index(a), tm.index(b)] for a, b in itertools.pairwise(path)))


def _known(actual: int | None, forecast: float) -> float:
    return float(actual) if actual is not None else forecast


def _merge(future: Plan, kept: tuple[TeamDay, ...], past_reported: float, past_km: float) -> Plan:
    """The kept past days and the re-planned rest as one Plan with the month's totals."""
    days = tuple(sorted((*kept, *future.team_days), key=lambda td: (td.date, td.team)))
    past_stops: list[Stop] = [s for td in kept for s in td.stops]
    s = future.summary
    # A reported visit counts with its actual (certain: P10 = P90 = actual), the others with
    # their forecast; the stops themselves keep the forecast, so sheets show both.
    past_e = sum(_known(x.actual, x.expected_activations) for x in past_stops)
    past_lo = sum(_known(x.actual, x.p10) for x in past_stops)
    past_hi = sum(_known(x.actual, x.p90) for x in past_stops)
    expected = s.expected_activations + past_e
    bound = s.upper_bound + past_e
    wktp = s.wktp
    gap_to_target = s.target_rate * wktp - s.ikd_active_before
    # the IKD count already holds the past days' reported actuals; add what is still expected
    after = s.ikd_active_before + expected - past_reported
    months = None
    if gap_to_target <= 0:
        months = 0.0
    elif expected > 0:
        months = round(gap_to_target / expected, 1)
    summary = s.model_copy(
        update={
            "expected_activations": round(expected, 1),
            "expected_p10": round(s.expected_p10 + past_lo, 1),
            "expected_p90": round(s.expected_p90 + past_hi, 1),
            "upper_bound": round(bound, 1),
            "gap": round((bound - expected) / bound, 4) if bound > 0 else 0.0,
            "baseline_activations": round(s.baseline_activations + past_e, 1),
            "ikd_rate_after": round(after / wktp, 5) if wktp else 0.0,
            "months_to_target": months,
            "visits": sum(len(td.stops) for td in days),
            "team_days": len(days),
            "staff_days": sum(td.officers for td in days),
            "travel_km": round(s.travel_km + past_km, 1),
        }
    )
    visited = {st.venue_id for td in days for st in td.stops}
    return future.model_copy(
        update={
            "summary": summary,
            "team_days": days,
            "unscheduled": tuple(u for u in future.unscheduled if u.venue_id not in visited),
        }
    )
