"""Day routes: timing a team's stops, and enumerating every feasible day route.

A day route leaves the base, visits up to `max_stops` venues and returns before the team's end
of day. Breaks (lunch, Friday prayer) are kept: no minute of a break is counted as work, so a
drive or a visit that runs into a break is paused and resumes after it. A visit must start
within the venue's window and end by its closing time. All times are minutes after midnight.

Enumerating every feasible route (rather than sampling some) is what lets the master problem's
LP relaxation be a true upper bound on the best plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from planner.candidates import PlanningProblem, Slot, Window


@dataclass(frozen=True)
class RouteStop:
    """A timed stop: arrival, start and end of the visit, minutes driven to get there."""

    venue_id: str
    arrive: float
    start: float
    end: float
    travel_min: float


@dataclass(frozen=True)
class DayRoute:
    """A timed route of one team-day."""

    stops: tuple[RouteStop, ...]
    depart: float
    return_: float
    return_travel_min: float

    @property
    def venue_ids(self) -> tuple[str, ...]:
        return tuple(s.venue_id for s in self.stops)

    @property
    def travel_min(self) -> float:
        return sum(s.travel_min for s in self.stops) + self.return_travel_min


def advance(t: float, work: float, breaks: Sequence[tuple[int, int]]) -> float:
    """The clock time after `work` minutes of work from `t`, pausing for every break."""
    for bs, be in breaks:
        if t >= be:
            continue
        if t >= bs:
            t = be
            continue
        if t + work <= bs:
            return t + work
        work -= bs - t
        t = be
    return t + work


def _skip_break(t: float, breaks: Sequence[tuple[int, int]]) -> float:
    for bs, be in breaks:
        if bs <= t < be:
            return float(be)
    return t


@dataclass(frozen=True)
class DayContext:
    """What timing needs for one slot: base index, windows and service minutes per venue index."""

    slot: Slot
    base: int
    windows: dict[int, Window]
    service: dict[int, int]


def day_context(problem: PlanningProblem, slot: Slot) -> DayContext:
    """Eligible venues (as travel-matrix indices) for a slot, with their windows and service."""
    tm = problem.travel
    windows: dict[int, Window] = {}
    service: dict[int, int] = {}
    fixed_today = {f.venue_id for f in problem.fixed if f.date == slot.date}
    for c in problem.candidates:
        w = problem.windows.get((c.venue_id, slot.date))
        if w is None:
            continue
        if slot.fixed_only and c.venue_id not in fixed_today:
            continue
        i = tm.index(c.venue_id)
        windows[i] = w
        service[i] = problem.service(c.venue_id, slot.date)
    return DayContext(slot, tm.index(slot.base), windows, service)


def time_route(
    order: Sequence[int], ctx: DayContext, minutes: np.ndarray, ids: Sequence[str]
) -> DayRoute | None:
    """Earliest timing of visiting `order` (matrix indices); None if it does not fit the day."""
    slot = ctx.slot
    t = float(slot.start)
    here = ctx.base
    stops: list[RouteStop] = []
    for i in order:
        w = ctx.windows.get(i)
        if w is None:
            return None
        drive = float(minutes[here, i])
        arrive = advance(t, drive, slot.breaks)
        start = _skip_break(max(arrive, float(w.open)), slot.breaks)
        end = advance(start, ctx.service[i], slot.breaks)
        if end > w.close + 1e-9:
            return None
        stops.append(RouteStop(ids[i], arrive, start, end, drive))
        t, here = end, i
    back = float(minutes[here, ctx.base])
    ret = advance(t, back, slot.breaks)
    if ret > slot.end + 1e-9:
        return None
    depart = float(slot.start)
    if stops:
        depart = max(float(slot.start), stops[0].start - stops[0].travel_min)
        # the team leaves as late as it can, so it arrives when it leaves plus the drive (not
        # at the start of the slot: a fixed-event slot starts at midnight)
        first = stops[0]
        arrive = min(advance(depart, first.travel_min, slot.breaks), first.start)
        stops[0] = replace(first, arrive=arrive)
    return DayRoute(tuple(stops), depart, ret, back)


def enumerate_routes(
    ctx: DayContext, minutes: np.ndarray, ids: Sequence[str], max_stops: int
) -> list[DayRoute]:
    """Every feasible route of 1..max_stops stops, one (the earliest-return order) per venue set.

    Depth-first over orders; a cheap necessary test (drive + service + drive home fits before the
    end of day, breaks ignored) filters venues before the exact timing is run.
    """
    slot = ctx.slot
    elig = np.array(sorted(ctx.windows), dtype=int)
    if elig.size == 0:
        return []
    service = np.array([ctx.service[i] for i in elig], dtype=float)
    close = np.array([ctx.windows[i].close for i in elig], dtype=float)
    home = minutes[elig, ctx.base]
    best: dict[frozenset[int], DayRoute] = {}

    def extend(order: list[int], here: int, t_end: float) -> None:
        reach = t_end + minutes[here, elig]
        ok = (reach + service + home <= slot.end) & (reach + service <= close + 1e-9)
        for k in np.flatnonzero(ok):
            i = int(elig[k])
            if i in order:
                continue
            new = [*order, i]
            route = time_route(new, ctx, minutes, ids)
            if route is None:
                continue
            key = frozenset(new)
            old = best.get(key)
            if old is None or (route.return_, route.travel_min) < (old.return_, old.travel_min):
                best[key] = route
            if len(new) < max_stops:
                extend(new, i, route.stops[-1].end)

    extend([], ctx.base, float(slot.start))
    return sorted(best.values(), key=lambda r: (len(r.stops), r.venue_ids))


def profile_key(ctx: DayContext) -> tuple[object, ...]:
    """Slots with equal keys have exactly the same feasible routes."""
    s = ctx.slot
    return (
        s.base,
        s.start,
        s.end,
        s.breaks,
        s.fixed_only,
        tuple(sorted((i, w.open, w.close, ctx.service[i]) for i, w in ctx.windows.items())),
    )


def routes_by_slot(problem: PlanningProblem) -> dict[int, list[DayRoute]]:
    """All feasible routes of every slot, enumerated once per distinct day profile."""
    minutes = problem.travel.minutes
    ids = problem.travel.ids
    cache: dict[tuple[object, ...], list[DayRoute]] = {}
    out: dict[int, list[DayRoute]] = {}
    for slot in problem.slots:
        ctx = day_context(problem, slot)
        key = profile_key(ctx)
        if key not in cache:
            cache[key] = enumerate_routes(ctx, minutes, ids, problem.max_stops)
        out[slot.index] = cache[key]
    return out


def slot_dates(problem: PlanningProblem) -> list[date]:
    """Distinct dates that have at least one slot, in order."""
    return sorted({s.date for s in problem.slots})
