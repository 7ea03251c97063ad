"""Greedy baselines: day by day, each team picks its next venue by a simple rule.

`rule="best_value"` is the baseline every plan is compared with ("nearest-best-value-first"):
go to the feasible venue with the highest expected activations, the nearest one on ties —
what a programme manager might do by hand. `rule="value_per_minute"` divides the value by the
minutes it costs (drive + visit), a stronger greedy used as the optimiser's starting hint. Both
respect every rule the optimiser does (windows, breaks, spacing, staff and vehicle limits,
fixed events) and the upper limits of side constraints (planner.side_constraints).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from planner.candidates import PlanningProblem, Slot
from planner.demand import visit_value
from planner.solve.routes import DayRoute, day_context, time_route

Rule = Literal["best_value", "value_per_minute"]


def greedy_plan(problem: PlanningProblem, rule: Rule = "best_value") -> dict[int, DayRoute]:
    """Slot index → route, built chronologically; deterministic (ties broken by venue id)."""
    tm = problem.travel
    ids = tm.ids
    remaining = {c.venue_id: c.demand.pool for c in problem.candidates}
    p = {c.venue_id: c.demand.p for c in problem.candidates}
    visits: dict[str, list[date]] = {c.venue_id: [] for c in problem.candidates}
    spacing = timedelta(days=problem.spacing_days)
    chosen: dict[int, DayRoute] = {}
    by_date: dict[date, list[Slot]] = {}
    for s in problem.slots:
        by_date.setdefault(s.date, []).append(s)

    fixed_venues = {f.venue_id for f in problem.fixed}
    limits = problem.limit_windows
    side_used = [0.0] * len(problem.side)

    def side_ok(slot: Slot, vids: tuple[str, ...]) -> bool:
        """Upper limits of the side rows still hold with this route for this slot."""
        return all(
            side_used[ci] + row.route_coef(slot.index, vids) <= row.hi + 1e-9
            for ci, row in enumerate(problem.side)
            if row.hi < float("inf")
        )

    def allowed(vid: str, d: date) -> bool:
        if vid in fixed_venues:
            return False  # visited only at its fixed times
        ds = visits[vid]
        if any(v == vid and d in w and sum(x in w for x in ds) >= b for v, w, b in limits):
            return False
        return len(ds) < problem.max_visits_of(vid) and all(abs(d - x) >= spacing for x in ds)

    for d in sorted(by_date):
        officers = 0
        vehicles = 0
        fixed_today = [f for f in problem.fixed if f.date == d]
        slots = sorted(by_date[d], key=lambda s: (not s.fixed_only, s.index))
        done_fixed: set[str] = set()
        for s in slots:
            if problem.vehicles_per_day is not None and vehicles >= problem.vehicles_per_day:
                break
            if problem.officers_per_day is not None and (
                officers + s.officers > problem.officers_per_day
            ):
                continue
            ctx = day_context(problem, s)
            order: list[int] = []
            route: DayRoute | None = None
            pending = [
                f for f in fixed_today if f.venue_id not in done_fixed and f.team in (None, s.team)
            ]
            if pending:
                i = tm.index(pending[0].venue_id)
                route = time_route([i], ctx, tm.minutes, ids)
                if route is not None and side_ok(s, route.venue_ids):
                    order = [i]
                    done_fixed.add(pending[0].venue_id)
            if s.fixed_only and not order:
                continue
            while not s.fixed_only and len(order) < problem.max_stops:
                here = order[-1] if order else ctx.base
                best: tuple[tuple[float, float], str, int, DayRoute] | None = None
                for i in ctx.windows:
                    vid = ids[i]
                    if i in order or not allowed(vid, d) or vid in done_fixed:
                        continue
                    if problem.side and not side_ok(s, (*(ids[o] for o in order), vid)):
                        continue
                    val = visit_value(problem.capacity(s.officers, vid, d), p[vid], remaining[vid])
                    if val <= 0:
                        continue
                    trial = time_route([*order, i], ctx, tm.minutes, ids)
                    if trial is None:
                        continue
                    drive = float(tm.minutes[here, i])
                    if rule == "value_per_minute":
                        score = (val / (drive + ctx.service[i]), 0.0)
                    else:
                        score = (round(val, 6), -drive)
                    if best is None or score > best[0] or (score == best[0] and vid < best[1]):
                        best = (score, vid, i, trial)
                if best is None:
                    break
                order.append(best[2])
                route = best[3]
            if route is None or not order:
                continue
            chosen[s.index] = route
            for ci, row in enumerate(problem.side):
                side_used[ci] += row.route_coef(s.index, route.venue_ids)
            officers += s.officers
            vehicles += 1
            for stop in route.stops:
                vid = stop.venue_id
                cap = problem.capacity(s.officers, vid, d)
                remaining[vid] -= visit_value(cap, p[vid], remaining[vid])
                visits[vid].append(d)
    return chosen
