"""Solve a month: day routes, the greedy floor, the LP bound by column generation, CP-SAT.

The solver never reads files: it takes a `PlanningProblem` and `SolveParams` and returns a
`MonthSolution`. Stages, all under one clock and the stop criteria of `SolveParams.stop()`:

1. Day routes. Every feasible route is enumerated when that is cheap (`route_mode = "auto"`
   enumerates while the routes stay under `enumerate_max_routes`); otherwise only the one-stop
   routes are listed and the others are *generated* by pricing (planner.solve.pricing). The mode
   used is reported (`MonthSolution.route_mode`, plan.json `summary.route_mode`).
2. The greedy plan: the floor. Whatever happens later, a plan at least this good is returned.
3. Column generation for the LP bound, up to `lp_time_share` of the time left (generated
   routes: up to LP_EXTENDED_SHARE while the bound is still loose). In generated mode the LP
   optimum is then rounded to a plan (planner.solve.rounding), the integer solver's hint.
4. CP-SAT (enumerated routes) or SCIP (generated) on the LP's best columns, with what is
   left of the time and work budgets (generated: less POLISH_SHARE of them).
5. While the plan is more than `stop_gap` below the bound, the TOP ruin-and-recreate search
   polishes it team-day by team-day (planner.solve.polish), reaching routes no LP round
   generated; it keeps a new route only when the whole plan gets better and every rule holds.

The reported value is always the demand model's sequential value of the chosen plan
(planner.solve.evaluate), never the model's own relaxed objective, and the bound is proven in
every mode and at every stop (see planner.solve.master). When time runs out the best plan so
far (at worst the greedy plan) is returned with its bound, gap and a status that says so.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

from planner.candidates import PlanningProblem
from planner.side_constraints import unmet_rows
from planner.solve.assign import one_route_per_team
from planner.solve.evaluate import Evaluation, evaluate, objective
from planner.solve.greedy import greedy_plan
from planner.solve.master import (
    EnumeratedPricer,
    IntegerResult,
    LPResult,
    MasterData,
    Pricer,
    RouteSet,
    restricted_columns,
    solve_integer,
    solve_integer_mip,
    solve_lp,
)
from planner.solve.params import SolveParams
from planner.solve.polish import polish
from planner.solve.pricing import LabelPricer
from planner.solve.rounding import fill_order, round_lp
from planner.solve.routes import (
    DayContext,
    DayRoute,
    OrderBudget,
    TooManyRoutesError,
    day_profiles,
    enumerate_routes,
    single_stop_routes,
)
from planner.solve.staffing import check_events_staffable
from planner.solve.stop import Budget, Clock

Progress = Callable[[str], None]
#: Work units per route order timed during enumeration (≈ 10 µs each).
WORK_PER_TIMED_ORDER = 1e-5
#: Share of the time limit that enumeration may take before generation takes over.
ENUMERATION_TIME_SHARE = 0.25
#: Generated mode: the LP may run to this share of the time left (beyond `lp_time_share`)
#: while its proven bound is more than LP_EXTEND_WHILE_GAP above its value.
LP_EXTENDED_SHARE = 0.55
LP_EXTEND_WHILE_GAP = 0.02
#: Share of the time after the LP's share that a started exact pricing round may still use.
PRICING_OVERRUN = 0.25
#: Generated mode: most routes per group (besides the LP's support and the hint) in the
#: integer model. The LP support already holds the routes that matter; on the 500-venue
#: synthetic month (8 teams a day) SCIP found 11,253 in 75 s with ~1,200 columns, 11,005 with
#: ~2,100 and none better than its hint in 30 s with ~4,300.
GENERATED_COLUMNS_PER_GROUP = 50
#: Generated mode: share of the time (and work) after the LP kept for polishing the integer
#: plan with the TOP search (planner.solve.polish).
POLISH_SHARE = 0.2
#: The value-per-minute greedy (the integer solver's hint) runs only while less than this
#: share of the time limit has passed.
HINT_GREEDY_BEFORE = 0.3
#: Seconds kept back at the end for evaluating the plan and assembling the result.
RESERVE_S = 0.5


#: Most candidate venues one month's solve accepts (a kabupaten has a few hundred to ~2,000);
#: beyond it per-day travel tables would outgrow memory, so the solve refuses at once.
MAX_CANDIDATES = 5000


class ProblemTooLargeError(ValueError):
    """The month has more venues than the engine plans in bounded memory."""


@dataclass(frozen=True)
class MonthSolution:
    """The chosen routes with their evaluation, the bound and how the solve went.

    `route_mode` is "enumerate" (every feasible route listed) or "generate" (routes found by
    pricing); `routes` the number of distinct day routes the solve knew at the end;
    `replayable` whether the same problem, parameters and seed give the same plan (False when
    the wall clock, not the deterministic work budget, ended a stage); `stopped_by` what ended
    the bound's column generation.
    """

    chosen: dict[int, DayRoute]
    evaluation: Evaluation
    upper_bound: float
    gap: float
    baseline: Evaluation
    status: str
    seconds: float
    lp_converged: bool
    columns: int
    routes: int
    route_mode: str
    feasible_venues: frozenset[str]
    replayable: bool
    stopped_by: str

    @property
    def routes_enumerated(self) -> int:
        """Kept for callers of the earlier API: the routes known at the end."""
        return self.routes


def _route_sets(
    problem: PlanningProblem, params: SolveParams, clock: Clock, say: Progress
) -> tuple[dict[int, int], list[RouteSet], str, list[DayContext], bool]:
    """Route sets per day profile, enumerated if cheap enough, else seeded for generation.

    Returns slot → profile, the route sets, the mode used, the profiles' contexts, and whether
    the wall clock (not the deterministic order budget) made the choice.
    """
    of_slot, contexts = day_profiles(problem)
    minutes = problem.travel.minutes
    ids = problem.travel.ids
    mode = params.route_mode
    if mode in ("auto", "enumerate"):
        budget = OrderBudget(params.enumerate_max_routes) if mode == "auto" else None
        # a share of the limit from the start of the solve (not of the caller's clock, which
        # may include loading): the mode chosen does not depend on how long loading took
        deadline = time.monotonic() + ENUMERATION_TIME_SHARE * params.time_limit_s
        sets: list[RouteSet] = []
        try:
            for ctx in contexts:
                routes = enumerate_routes(
                    ctx, minutes, ids, problem.max_stops, budget=budget, deadline=deadline
                )
                sets.append(RouteSet(routes))
                if budget is not None and sum(len(s) for s in sets) > params.enumerate_max_routes:
                    raise TooManyRoutesError(f"more than {params.enumerate_max_routes:,} routes")
            used = budget.total - budget.left if budget is not None else 0
            clock.add_work(WORK_PER_TIMED_ORDER * used)
            return of_slot, sets, "enumerate", list(contexts), False
        except TooManyRoutesError as why:
            say(f"day routes not enumerated ({why}): generating them instead")
            by_clock = "time" in str(why)
            used = budget.total - budget.left if budget is not None else 0
            clock.add_work(WORK_PER_TIMED_ORDER * used)
            sets = []
            for ctx in contexts:
                sets.append(RouteSet(single_stop_routes(ctx, minutes, ids)))
            return of_slot, sets, "generate", list(contexts), by_clock
    sets = []
    for ctx in contexts:
        sets.append(RouteSet(single_stop_routes(ctx, minutes, ids)))
        clock.add_work(WORK_PER_TIMED_ORDER * len(ctx.windows))
    return of_slot, sets, "generate", list(contexts), False


def solve_month(
    problem: PlanningProblem,
    params: SolveParams | None = None,
    progress: Progress | None = None,
    *,
    started: float | None = None,
) -> MonthSolution:
    """Best plan found within the time limit, with its proven upper bound and gap.

    `started` (a `time.monotonic()` reading) is when the caller's clock began: the time
    limit covers what the caller did before (loading data, building the problem), so a
    command ends within `--time-limit` end to end. None starts the clock now. The
    deterministic work budget does not depend on it (the same seed gives the same plan).
    """
    params = params or SolveParams()
    if len(problem.candidates) > MAX_CANDIDATES:
        raise ProblemTooLargeError(
            f"{len(problem.candidates):,} venues to plan is more than one month's plan can "
            f"handle ({MAX_CANDIDATES:,}); plan the kabupaten's kecamatan in parts "
            "(a data folder per part)"
        )
    clock = Clock() if started is None else Clock(started=started)
    stop = params.stop()
    say = progress or (lambda _msg: None)
    of_slot, sets, mode, contexts, by_clock = _route_sets(problem, params, clock, say)
    check_events_staffable(problem, of_slot, [rs.routes for rs in sets])
    feasible = frozenset(vid for rs in sets for r in rs.routes for vid in r.venue_ids)
    say(f"{sum(len(s) for s in sets):,} day routes ({mode}) for {len(problem.slots)} team-days")
    by_slot = {si: contexts[p] for si, p in of_slot.items()}
    greedy = greedy_plan(problem, "best_value", by_slot)
    greedy_eval = evaluate(problem, greedy)
    floor_s = clock.state().elapsed_s  # loading, routes and the floor: the least a plan takes
    say(f"greedy baseline: {greedy_eval.expected:,.0f} expected activations")
    start = greedy
    if clock.state().elapsed_s < HINT_GREEDY_BEFORE * params.time_limit_s:
        # the second greedy is only a better hint: skipped when loading and the floor have
        # already taken much of a short limit (a large kabupaten at a few seconds)
        per_minute = greedy_plan(problem, "value_per_minute", by_slot)
        if objective(problem, per_minute) >= objective(problem, greedy):
            start = per_minute

    hint: dict[int, int] = {}
    for si, route in start.items():
        rs = sets[of_slot[si]]
        r = rs.find(route.venue_ids)
        if r is None and mode == "generate":
            r = rs.add(route)
        if r is not None:
            hint[si] = r
    data = MasterData.build(problem, of_slot, sets)
    remaining = max(params.time_limit_s - clock.state().elapsed_s, 1.0)
    lp_deadline_s = clock.state().elapsed_s + params.lp_time_share * remaining
    # generated routes: the LP may go on while its bound is still loose (SCIP on the
    # generated columns needs less of the time than the bound does)
    extend_s = (
        clock.state().elapsed_s + max(LP_EXTENDED_SHARE, params.lp_time_share) * remaining
        if mode == "generate"
        else None
    )
    pricer: Pricer = (
        EnumeratedPricer()
        if mode == "enumerate"
        else LabelPricer(
            contexts,
            problem,
            improve=params.pricing_improve,
            seed=params.seed,
            # the last (exact) round may run past the LP's share, into a quarter of the rest
            deadline=clock.started
            + (extend_s or lp_deadline_s)
            + PRICING_OVERRUN * (params.time_limit_s - (extend_s or lp_deadline_s)),
        )
    )
    lp = solve_lp(
        data,
        pricer,
        hint,
        clock=clock,
        stop=stop,
        lp_deadline_s=lp_deadline_s,
        per_slot=params.columns_per_round,
        progress=say,
        extend=None if extend_s is None else (extend_s, LP_EXTEND_WHILE_GAP),
    )
    if mode == "generate":
        # the LP optimum rounded down to a plan: a better hint and floor than the greedy plan
        rounded = round_lp(data, lp.primal, fill_order(data, lp))
        if rounded is not None and objective(problem, rounded) > objective(problem, start):
            say(f"LP rounded to a plan of {evaluate(problem, rounded).expected:,.0f} expected")
            start = rounded
            hint = {}
            for si, route in start.items():
                r = sets[of_slot[si]].find(route.venue_ids)
                if r is not None:
                    hint[si] = r
    columns = restricted_columns(
        data,
        lp,
        hint,
        params.routes_per_slot,
        GENERATED_COLUMNS_PER_GROUP if mode == "generate" else None,
    )
    budget = stop.budget(clock.state(), Budget(gap=0.0))
    # generated routes: a share of what is left goes to polishing the integer plan with the
    # TOP search (planner.solve.polish), which reaches routes no LP round generated
    keep = POLISH_SHARE if mode == "generate" else 0.0
    budget = Budget(
        max((budget.wall_s - RESERVE_S) * (1 - keep), 0.5), budget.work * (1 - keep), budget.gap
    )
    use_scip = params.integer_solver == "scip" or (
        params.integer_solver == "auto" and mode == "generate"
    )
    name = "SCIP" if use_scip else "CP-SAT"
    say(f"{name} on the best of {len(columns):,} columns for up to {budget.wall_s:.0f} s")
    if use_scip:
        result = solve_integer_mip(data, columns, hint, budget=budget)
    else:
        result = solve_integer(
            data, columns, hint, seed=params.seed, workers=params.workers, budget=budget
        )
    clock.add_work(result.work)
    plan = dict(result.chosen) if result.found else start
    if _gap(problem, plan, lp.bound) > params.stop_gap:
        left = stop.budget(clock.state(), Budget(gap=0.0))
        t_polish = time.monotonic()
        polished = polish(
            data,
            contexts,
            plan,
            seed=params.seed,
            work_budget=left.work,
            deadline=clock.started + params.time_limit_s - RESERVE_S,
        )
        clock.add_work(polished.work)
        if polished.improved:
            say(
                f"TOP search improved {polished.improved} team-days: "
                f"{evaluate(problem, polished.chosen).expected:,.0f} expected "
                f"({time.monotonic() - t_polish:.1f} s)"
            )
            if result.found:
                result = dataclasses.replace(
                    result,
                    chosen=polished.chosen,
                    replayable=result.replayable and not polished.by_clock,
                )
            else:
                start = polished.chosen
    floor = Floor(start, greedy_eval, mode, feasible, by_clock, sum(len(x) for x in sets), floor_s)
    return _finish(problem, params, clock, lp, result, floor)


def _gap(problem: PlanningProblem, plan: dict[int, DayRoute], bound: float) -> float:
    """Relative gap of `plan`'s expected activations to `bound` (0 when the bound is 0)."""
    if bound <= 0:
        return 0.0
    return (bound - evaluate(problem, plan).expected) / bound


@dataclass(frozen=True)
class Floor:
    """What the solve knew before the integer plan: the greedy floor and the route mode.

    `start` is the better greedy plan (the floor and CP-SAT's hint), `baseline` the
    best-value greedy's evaluation (the reported baseline), `mode` / `routes` how day routes
    were found and how many, `feasible` the venues some feasible route visits, `by_clock`
    whether the wall clock chose the mode, `seconds` when the floor was ready (on the solve's
    clock: a limit shorter than that cannot be kept, and the status says so).
    """

    start: dict[int, DayRoute]
    baseline: Evaluation
    mode: str
    feasible: frozenset[str]
    by_clock: bool
    routes: int
    seconds: float = 0.0


def _unmet(problem: PlanningProblem, chosen: dict[int, DayRoute]) -> list[str]:
    """Side constraints (planner.side_constraints) that the plan `chosen` breaks (the greedy
    floor meets upper limits but not an equity floor's lower limit)."""
    if not problem.side:
        return []
    ev = evaluate(problem, chosen)
    acts: dict[str, float] = {}
    for v in ev.visits:
        acts[v.venue_id] = acts.get(v.venue_id, 0.0) + v.expected
    routes = {si: r.venue_ids for si, r in chosen.items()}
    return unmet_rows(problem.side, routes, acts)


def _finish(
    problem: PlanningProblem,
    params: SolveParams,
    clock: Clock,
    lp: LPResult,
    result: IntegerResult,
    floor: Floor,
) -> MonthSolution:
    """The better of CP-SAT's plan and the greedy floor, with bound, gap and an honest status.

    The status starts with OPTIMAL only when the plan is proven within `stop_gap` of the valid
    bound, FEASIBLE otherwise; what limited the solve follows in brackets.
    """
    chosen = dict(result.chosen)
    notes: list[str] = []
    start_breaks = _unmet(problem, floor.start)
    if not result.found:
        chosen = floor.start
        notes.append(f"integer solver {result.status}: no plan in time, greedy plan kept")
        if start_breaks:
            notes.append(f"it breaks: {', '.join(start_breaks)}")
    elif not start_breaks and objective(problem, chosen) < objective(problem, floor.start):
        chosen = floor.start
        notes.append("greedy plan kept")
    chosen = one_route_per_team(problem, chosen)
    if not lp.converged:
        notes.append(f"bound not converged: {lp.stopped_by}")
    if floor.seconds > params.time_limit_s:
        notes.append(f"floor over the time limit: ready at {floor.seconds:.1f} s")
    if clock.state().elapsed_s >= params.time_limit_s - RESERVE_S:
        notes.append("time limit reached")
    replayable = (result.replayable and lp.stopped_by not in ("time share", "time")) or (
        result.status == "OPTIMAL" and lp.converged
    )
    replayable = replayable and not floor.by_clock
    if not params.deterministic:
        replayable = replayable and result.status == "OPTIMAL" and lp.converged
    if not replayable:
        notes.append("wall-clock limit hit: a rerun may differ")
    ev = evaluate(problem, chosen)
    bound_activations = lp.bound
    if 0 < ev.expected - bound_activations <= 1e-6 * max(bound_activations, 1.0):
        bound_activations = ev.expected  # LP round-off: the plan is optimal
    gap = (bound_activations - ev.expected) / bound_activations if bound_activations > 0 else 0.0
    status = "OPTIMAL" if gap <= params.stop_gap + 1e-9 else "FEASIBLE"
    if notes:
        status += f" ({'; '.join(notes)})"
    return MonthSolution(
        chosen=chosen,
        evaluation=ev,
        upper_bound=bound_activations,
        gap=gap,
        baseline=floor.baseline,
        status=status,
        seconds=clock.state().elapsed_s,
        lp_converged=lp.converged,
        columns=len(lp.columns),
        routes=floor.routes,
        route_mode=floor.mode,
        feasible_venues=floor.feasible,
        replayable=replayable,
        stopped_by=lp.stopped_by,
    )
