"""Greedy baselines: day by day, each team picks its next venue by a simple rule.

`rule="best_value"` is the baseline every plan is compared with ("nearest-best-value-first"):
go to the feasible venue with the highest expected activations, the nearest one on ties —
what a programme manager might do by hand. `rule="value_per_minute"` divides the value by the
minutes it costs (drive + visit), a stronger greedy used as the optimiser's starting hint. Both
respect every rule the optimiser does (windows, breaks, spacing, staff and vehicle limits,
fixed events, one route per team and day, the night budget) and the upper limits of side
constraints (planner.side_constraints).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Literal

import numpy as np

from planner.candidates import PlanningProblem, Slot
from planner.demand import visit_value
from planner.solve.routes import DayContext, DayRoute, day_context, time_route

Rule = Literal["best_value", "value_per_minute"]


class _Greedy:
    """The state of one greedy pass: pools left, visits so far, nights left."""

    def __init__(
        self,
        problem: PlanningProblem,
        rule: Rule,
        contexts: Mapping[int, DayContext] | None = None,
    ) -> None:
        self.problem = problem
        self.rule = rule
        self.contexts = contexts or {}
        self.tm = problem.travel
        self.remaining = {c.venue_id: c.demand.pool for c in problem.candidates}
        self.p = {c.venue_id: c.demand.p for c in problem.candidates}
        self.visits: dict[str, list[date]] = {c.venue_id: [] for c in problem.candidates}
        self.spacing = timedelta(days=problem.spacing_days)
        self.fixed_venues = {f.venue_id for f in problem.fixed}
        self.side_used = [0.0] * len(problem.side)
        self.limits: dict[str, list[tuple[frozenset[date], int]]] = {}
        for v, w, b in problem.limit_windows:
            self.limits.setdefault(v, []).append((w, b))
        self.trips: dict[tuple[str, date], list[Slot]] = {}
        for s in problem.slots:
            if s.trip:
                self.trips.setdefault((s.team, s.date), []).append(s)
        self.nights_left = math.inf
        if problem.night_budget is not None:
            per_night = next((s.night_cost / s.officers for s in problem.slots if s.trip), 0.0)
            if per_night > 0:
                self.nights_left = problem.night_budget / per_night

    def allowed(self, vid: str, d: date) -> bool:
        if vid in self.fixed_venues:
            return False  # visited only at its fixed times
        ds = self.visits[vid]
        if any(d in w and sum(x in w for x in ds) >= b for w, b in self.limits.get(vid, ())):
            return False
        return len(ds) < self.problem.max_visits_of(vid) and all(
            abs(d - x) >= self.spacing for x in ds
        )

    def side_ok(self, slot: Slot, vids: tuple[str, ...]) -> bool:
        """Upper limits of the side rows still hold with this route for this slot."""
        return all(
            self.side_used[ci] + row.route_coef(slot.index, vids) <= row.hi + 1e-9
            for ci, row in enumerate(self.problem.side)
            if row.hi < float("inf")
        )

    def value(self, s: Slot, vid: str, d: date) -> float:
        cap = self.problem.capacity(s.officers, vid, d)
        return visit_value(cap, self.p[vid], self.remaining[vid])

    def build(
        self, s: Slot, pending: list[str], done_fixed: set[str]
    ) -> tuple[DayRoute | None, str | None]:
        """The slot's greedy route (None: none) and the fixed event it staffs; no state
        changes. `pending` are today's fixed events this team may still staff."""
        tm, ids, d = self.tm, self.tm.ids, s.date
        ctx = self.contexts.get(s.index) or day_context(self.problem, s)
        order: list[int] = []
        route: DayRoute | None = None
        staffed: str | None = None
        if pending:
            i = tm.index(pending[0])
            route = time_route([i], ctx, tm.minutes, ids)
            if route is not None and self.side_ok(s, route.venue_ids):
                order, staffed = [i], pending[0]
            else:
                route = None
        if s.fixed_only and not order:
            return None, None
        # a venue's value does not depend on the route, so the day's candidates are scored
        # once; each step then ranks them (one vectorised drive lookup), drops those that
        # cannot fit even without breaks (`_may_fit`'s test), and times them best first,
        # taking the first that fits: the same choice as timing every candidate (highest
        # score, ties to the smaller venue id) without timing thousands that rank below it
        cand: list[int] = []
        cval: list[float] = []
        if not s.fixed_only:
            for i in ctx.windows:
                vid = ids[i]
                if vid in done_fixed or not self.allowed(vid, d):
                    continue
                val = self.value(s, vid, d)
                if val > 0:
                    cand.append(i)
                    cval.append(val)
        if not cand:
            return (route, staffed) if route is not None and order else (None, None)
        nodes = np.array(cand, dtype=np.int64)
        values = np.array(cval)
        rounded = np.array([round(v, 6) for v in cval])
        name_rank = np.argsort(np.argsort(np.array([ids[i] for i in cand]), kind="stable"))
        opens = np.array([float(ctx.windows[i].open) for i in cand])
        closes = np.array([float(ctx.windows[i].close) for i in cand])
        service = np.array([float(ctx.service[i]) for i in cand])
        back = np.asarray(tm.minutes[nodes, ctx.base], dtype=float)
        event = np.array([i in ctx.events for i in cand])
        used = np.zeros(nodes.size, dtype=bool)
        while not s.fixed_only and len(order) < self.problem.max_stops:
            here = order[-1] if order else ctx.base
            t = route.stops[-1].end if route is not None and order else float(s.start)
            drive = np.asarray(tm.minutes[here, nodes], dtype=float)
            end = np.maximum(t + drive, opens) + service
            fit = (end <= closes + 1e-9) & (end + back <= float(s.end) + 1e-9)
            if not order:
                fit |= event  # a fixed event may move the day's start: timed exactly
            idx = np.flatnonzero(fit & ~used)
            key: tuple[np.ndarray, ...]
            if self.rule == "value_per_minute":
                key = (name_rank[idx], -values[idx] / (drive[idx] + service[idx]))
            else:
                key = (name_rank[idx], drive[idx], -rounded[idx])
            best: tuple[int, DayRoute] | None = None
            for k in idx[np.lexsort(key)]:
                i = int(nodes[k])
                if self.problem.side and not self.side_ok(s, (*(ids[o] for o in order), ids[i])):
                    continue
                trial = time_route([*order, i], ctx, tm.minutes, ids)
                if trial is not None:
                    best = (int(k), trial)
                    break
            if best is None:
                break
            used[best[0]] = True
            order.append(int(nodes[best[0]]))
            route = best[1]
        return (route, staffed) if route is not None and order else (None, None)

    def worth(self, s: Slot, route: DayRoute) -> float:
        """The route's value now, less the night preference on a trip day."""
        value = sum(self.value(s, st.venue_id, s.date) for st in route.stops)
        return value - (self.problem.night_weight * s.officers if s.trip else 0.0)

    def best_variant(self, s: Slot, route: DayRoute | None) -> tuple[Slot, DayRoute | None]:
        """The team's day from its base, or a trip variant that is worth more (within the
        nights left)."""
        pick = s
        for t in self.trips.get((s.team, s.date), []):
            if t.officers > self.nights_left:
                continue
            alt, staffed = self.build(t, [], set())
            better = alt is not None and (
                route is None or self.worth(t, alt) > self.worth(pick, route)
            )
            if better and staffed is None:
                pick, route = t, alt
        return pick, route

    def commit(self, s: Slot, route: DayRoute) -> None:
        if s.trip:
            self.nights_left -= s.officers
        for ci, row in enumerate(self.problem.side):
            self.side_used[ci] += row.route_coef(s.index, route.venue_ids)
        for stop in route.stops:
            vid = stop.venue_id
            self.remaining[vid] -= self.value(s, vid, s.date)
            self.visits[vid].append(s.date)


def greedy_plan(
    problem: PlanningProblem,
    rule: Rule = "best_value",
    contexts: Mapping[int, DayContext] | None = None,
) -> dict[int, DayRoute]:
    """Slot index → route, built chronologically; deterministic (ties broken by venue id).

    `contexts` (slot index → its day, e.g. from `planner.solve.routes.day_profiles`) saves
    building every slot's day again on a large kabupaten; without it they are built here.

    A team's day goes from its base, or from a lodging (a trip) when that is worth more than
    `night_weight` per officer-night and the night budget allows it.
    """
    g = _Greedy(problem, rule, contexts)
    chosen: dict[int, DayRoute] = {}
    by_date: dict[date, list[Slot]] = {}
    for s in problem.slots:
        by_date.setdefault(s.date, []).append(s)
    for d in sorted(by_date):
        officers = 0
        vehicles = 0
        fixed_today = [f for f in problem.fixed if f.date == d]
        slots = sorted(by_date[d], key=lambda s: (not s.fixed_only, s.index))
        done_fixed: set[str] = set()
        for s in slots:
            if s.trip:
                continue  # a trip variant competes with its team's day from the base
            if problem.vehicles_per_day is not None and vehicles >= problem.vehicles_per_day:
                break
            if problem.officers_per_day is not None and (
                officers + s.officers > problem.officers_per_day
            ):
                continue
            pending = [
                f.venue_id
                for f in fixed_today
                if f.venue_id not in done_fixed and f.team in (None, s.team)
            ]
            route, staffed = g.build(s, pending, done_fixed)
            pick = s
            if staffed is None and not s.fixed_only:
                pick, route = g.best_variant(s, route)
            if route is None:
                continue
            if staffed is not None:
                done_fixed.add(staffed)
            chosen[pick.index] = route
            officers += pick.officers
            vehicles += 1
            g.commit(pick, route)
    return chosen
