"""Polish the integer plan one team-day at a time with the TOP ruin-and-recreate search.

The integer solver chooses among the day routes the LP generated (price-and-branch). Routes it
never saw are out of its reach, and so is a plan that needs a route no LP round priced well.
This stage looks past the column pool: for each team-day of the plan in turn, with the rest
of the plan fixed, it asks `planner.solve.pricing_top.improve_paths` (the same
`planner.solve.top_search.TopSearch` moves as the TOP benchmark: insertion, 2-opt, or-opt,
replace, ruin-and-recreate, with the product's exact day timing as its feasibility check) for
a better route, where a venue's prize is what one more visit on that date adds to the
venue's expected activations given its other visits in the plan (`planner.demand`'s
sequential rule, the same one `planner.solve.evaluate` scores plans with). A venue that may
not be visited that day (spacing and visit-limit windows of the master, a fixed event of
another date) has no prize and is never inserted.

A new route is kept only if the whole plan, scored by `planner.solve.evaluate.objective`
(what the optimiser maximises), gets better and every rule of the master still holds
(spacing windows, visits per venue, the fixed events the day held, side constraints), so
polishing never makes a plan worse or infeasible. Team-days, staff and vehicles per day do
not change (only the route of a team-day that already goes out is replaced).

Deterministic: a fixed number of search iterations per team-day and passes over the plan,
seeded from the solve's seed; `work` counts the search's timing checks and every plan
scored. A wall-clock deadline stops it early on a slow machine (the caller reports that the
run may not replay).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from planner.demand import sequential_values
from planner.side_constraints import unmet_rows
from planner.solve.evaluate import evaluate, objective
from planner.solve.master import MasterData
from planner.solve.pricing_top import improve_paths
from planner.solve.routes import DayContext, DayRoute, time_route

FloatArray = NDArray[np.float64]

PASSES = 8  # most sweeps over the plan (it stops after a sweep that changes nothing)
ITERATIONS = 40  # ruin-and-recreate iterations per team-day and pass
TRIES = 4  # best routes of the search scored as whole plans per team-day
WORK_PER_SCORE = 2e-3  # work units per whole plan scored (≈ seconds on the 500-venue month)
EPS = 1e-6


@dataclass(frozen=True)
class Polished:
    """The polished plan, how many team-days got a better route, the work spent, and whether
    the wall clock (not the deterministic budget) cut it short."""

    chosen: dict[int, DayRoute]
    improved: int
    work: float
    by_clock: bool


def polish(
    data: MasterData,
    contexts: Sequence[DayContext],
    chosen: Mapping[int, DayRoute],
    *,
    seed: int,
    work_budget: float,
    deadline: float,
    passes: int = PASSES,
    iterations: int = ITERATIONS,
) -> Polished:
    """Better routes for the team-days of `chosen` (slot index → route), one at a time.

    `contexts[data.slot_profile[slot]]` is a slot's day; `deadline` a `time.monotonic()`
    reading. Returns `chosen` itself (as a new dict) when nothing improves.
    """
    problem = data.problem
    plan = dict(chosen)
    if not plan:
        return Polished(plan, 0, 0.0, False)
    rules = _Rules(data)
    if not rules.allowed(plan):
        return Polished(plan, 0, 0.0, False)  # a plan that breaks a rule is left as it is
    slots = {s.index: s for s in problem.slots}
    tm = problem.travel
    current = objective(problem, plan)
    work = WORK_PER_SCORE
    improved: set[int] = set()
    for pass_no in range(passes):
        changed = False
        for si in sorted(plan, key=lambda k: (slots[k].date, k)):
            if work > work_budget:
                return Polished(plan, len(improved), work, False)
            if time.monotonic() > deadline:
                return Polished(plan, len(improved), work, True)
            ctx = contexts[data.slot_profile[si]]
            nodes = np.array(sorted(ctx.windows), dtype=np.int64)
            route = plan[si]
            rest = {k: r for k, r in plan.items() if k != si}
            keep = {v for v in route.venue_ids if (v, slots[si].date) in data.fixed_keys}
            omega = _prizes(data, rules, rest, si, nodes, tm.ids, keep)
            local = {int(n): p for p, n in enumerate(nodes)}
            start = [local[tm.index(v)] for v in route.venue_ids]
            found, w = improve_paths(
                ctx,
                nodes,
                omega,
                [start],
                tm.minutes,
                tm.ids,
                problem.max_stops,
                seed=(seed * 1_000_003 + pass_no) * 1_000_003 + si,
                iterations=iterations,
            )
            work += w
            for _value, path in found[:TRIES]:
                order = [int(nodes[p]) for p in path]
                if not keep <= {tm.ids[i] for i in order}:
                    continue
                new = time_route(order, ctx, tm.minutes, tm.ids)
                if new is None:  # pragma: no cover - the search checks the same timing
                    continue
                cand = {**rest, si: new}
                work += WORK_PER_SCORE
                value = objective(problem, cand)
                if value > current + EPS and rules.allowed(cand):
                    plan, current, changed = cand, value, True
                    improved.add(si)
                    break
        if not changed:
            break
    return Polished(plan, len(improved), work, False)


class _Rules:
    """The master problem's rules on visits, checked on a whole plan (planner.solve.master)."""

    def __init__(self, data: MasterData) -> None:
        self.data = data
        p = data.problem
        self.slots = {s.index: s for s in p.slots}
        self.dates = {s.index: s.date for s in p.slots}
        self.windows: dict[str, list[tuple[frozenset[date], int]]] = {}
        for j, ds, most in data.windows:
            self.windows.setdefault(p.candidates[j].venue_id, []).append((ds, most))

    def visits(self, plan: Mapping[int, DayRoute]) -> dict[str, list[date]]:
        out: dict[str, list[date]] = {}
        for si, route in plan.items():
            for vid in route.venue_ids:
                out.setdefault(vid, []).append(self.dates[si])
        return out

    def may_add(self, visits: Mapping[str, list[date]], vid: str, d: date) -> bool:
        """Whether one more visit of `vid` on `d` keeps its windows and visit limit."""
        data = self.data
        if vid in data.fixed_venues:
            return (vid, d) in data.fixed_keys and d not in visits.get(vid, [])
        had = visits.get(vid, [])
        if len(had) + 1 > data.problem.max_visits_of(vid):
            return False
        for ds, most in self.windows.get(vid, ()):
            if d in ds and sum(1 for x in had if x in ds) + 1 > most:
                return False
        return True

    def allowed(self, plan: Mapping[int, DayRoute]) -> bool:
        """Every rule: windows, visit limits, every fixed event once, side constraints."""
        data = self.data
        p = data.problem
        visits = self.visits(plan)
        for vid, ds in visits.items():
            if vid in data.fixed_venues:
                if any((vid, d) not in data.fixed_keys for d in ds) or len(set(ds)) < len(ds):
                    return False
                continue
            if len(ds) > p.max_visits_of(vid):
                return False
            for wds, most in self.windows.get(vid, ()):
                if sum(1 for x in ds if x in wds) > most:
                    return False
        if any(d not in visits.get(v, []) for v, d in data.fixed_keys):
            return False
        if p.side:
            ev = evaluate(p, dict(plan))
            acts: dict[str, float] = {}
            for v in ev.visits:
                acts[v.venue_id] = acts.get(v.venue_id, 0.0) + v.expected
            if unmet_rows(p.side, {si: r.venue_ids for si, r in plan.items()}, acts):
                return False
        return True


def _prizes(
    data: MasterData,
    rules: _Rules,
    rest: Mapping[int, DayRoute],
    si: int,
    nodes: NDArray[np.int64],
    ids: Sequence[str],
    keep: set[str],
) -> FloatArray:
    """Per day venue (aligned with `nodes`): what one visit by slot `si` adds to the venue's
    expected activations given its visits in `rest`, 0 where the visit is not allowed.
    A fixed event the day must keep gets a prize above every other venue's total."""
    p = data.problem
    slot = rules.slots[si]
    visits = rules.visits(rest)
    caps: dict[str, list[tuple[date, float]]] = {}
    for k, route in rest.items():
        s_k = rules.slots[k]
        for vid in route.venue_ids:
            caps.setdefault(vid, []).append((s_k.date, p.capacity(s_k.officers, vid, s_k.date)))
    omega = np.zeros(nodes.size)
    for pos, node in enumerate(nodes):
        vid = ids[int(node)]
        if vid in keep or not rules.may_add(visits, vid, slot.date):
            continue
        d = p.candidate(vid).demand
        had = sorted(caps.get(vid, []))
        before = sum(sequential_values(d.pool, d.p, [c for _d, c in had]))
        after_list = sorted([*had, (slot.date, p.capacity(slot.officers, vid, slot.date))])
        omega[pos] = sum(sequential_values(d.pool, d.p, [c for _d, c in after_list])) - before
    if keep:
        big = float(omega.sum()) + 1.0
        for pos, node in enumerate(nodes):
            if ids[int(node)] in keep:
                omega[pos] = big
    return omega
