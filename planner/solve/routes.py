"""Day routes: timing a team's stops, and enumerating every feasible day route.

A day route leaves the base, visits up to `max_stops` venues and returns before the team's end
of day. Breaks (lunch, Friday prayer) are kept: no minute of a break is counted as work, so a
drive or a visit that runs into a break is paused and resumes after it. A visit must start
within the venue's window and end by its closing time. All times are minutes after midnight.

Enumerating every feasible route is exact and quick on small days; where the routes would be
too many, planner.solve.pricing generates them instead (planner.solve.month chooses).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from planner.candidates import PlanningProblem, Slot, Window
from planner.travel import Table


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


def latest_departure(arrive_by: float, drive: float, breaks: Sequence[tuple[int, int]]) -> float:
    """The latest clock time to leave so that `drive` minutes (paused by breaks) arrive by
    `arrive_by`: a team never waits at its first stop when it could have left later."""
    t = arrive_by - drive
    for _ in range(len(breaks) + 1):
        late = advance(t, drive, breaks) - arrive_by
        if late <= 1e-9:
            break
        t -= late
    return t


def _skip_break(t: float, breaks: Sequence[tuple[int, int]]) -> float:
    for bs, be in breaks:
        if bs <= t < be:
            return float(be)
    return t


@dataclass(frozen=True)
class DayContext:
    """What timing needs for one slot: base index, windows and service minutes per venue index.

    `events` are the fixed events of the day this slot's team may staff (matrix indices): a
    route that opens with one may leave before the team's usual start to be there when it
    opens, and then ends its day as much earlier (the team keeps its hours).
    """

    slot: Slot
    base: int
    windows: dict[int, Window]
    service: dict[int, int]
    events: frozenset[int] = frozenset()

    def day_start(self, first: int, drive: float) -> tuple[float, float]:
        """(departure at the earliest, end of day) of a route whose first stop is `first`."""
        slot = self.slot
        start, end = float(slot.start), float(slot.end)
        if first in self.events:
            lead = latest_departure(float(self.windows[first].open), drive, slot.breaks)
            if lead < start:
                if not slot.fixed_only:
                    end -= start - lead
                start = lead
        return start, end

    def earliest_start(self, minutes: Table) -> float:
        """The earliest any route of this slot may leave (for pruning)."""
        starts = [self.day_start(i, float(minutes[self.base, i]))[0] for i in self.events]
        return min([float(self.slot.start), *starts])


def day_context(problem: PlanningProblem, slot: Slot) -> DayContext:
    """Eligible venues (as travel-matrix indices) for a slot, with their windows and service."""
    tm = problem.travel
    windows: dict[int, Window] = {}
    service: dict[int, int] = {}
    fixed_today = {f.venue_id: f for f in problem.fixed if f.date == slot.date}
    events: set[int] = set()
    for c in problem.candidates:
        w = problem.windows.get((c.venue_id, slot.date))
        if w is None:
            continue
        fx = fixed_today.get(c.venue_id)
        if slot.fixed_only and fx is None:
            continue
        if fx is not None and fx.team not in (None, slot.team):
            continue  # a fixed event given to another team
        i = tm.index(c.venue_id)
        windows[i] = w
        service[i] = problem.service(c.venue_id, slot.date)
        if fx is not None:
            events.add(i)
    return DayContext(slot, tm.index(slot.base), windows, service, frozenset(events))


def time_route(
    order: Sequence[int], ctx: DayContext, minutes: Table, ids: Sequence[str]
) -> DayRoute | None:
    """Earliest timing of visiting `order` (matrix indices); None if it does not fit the day."""
    slot = ctx.slot
    if not order:
        return None
    t0, day_end = ctx.day_start(order[0], float(minutes[ctx.base, order[0]]))
    t = t0
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
    if ret > day_end + 1e-9:
        return None
    first = stops[0]
    depart = max(t0, latest_departure(first.start, first.travel_min, slot.breaks))
    stops[0] = RouteStop(
        first.venue_id,
        advance(depart, first.travel_min, slot.breaks),
        first.start,
        first.end,
        first.travel_min,
    )
    return DayRoute(tuple(stops), depart, ret, back)


@dataclass
class OrderBudget:
    """How many more route orders enumeration may time (shared across a month's days)."""

    total: int
    left: int = -1

    def __post_init__(self) -> None:
        if self.left < 0:
            self.left = self.total


class TooManyRoutesError(Exception):
    """Enumeration stopped: the day has more routes than the caller allowed (or time ran out)."""


def enumerate_routes(
    ctx: DayContext,
    minutes: Table,
    ids: Sequence[str],
    max_stops: int,
    *,
    budget: OrderBudget | None = None,
    deadline: float | None = None,
) -> list[DayRoute]:
    """Every feasible route of 1..max_stops stops, one (the earliest-return order) per venue set.

    Depth-first over orders; a cheap necessary test (drive + service + drive home fits before the
    end of day, breaks ignored) filters venues before the exact timing is run. Raises
    TooManyRoutesError once more than `limit` orders were timed or `deadline` (time.monotonic)
    passed, so a caller can switch to generating routes instead.
    """
    slot = ctx.slot
    elig = np.array(sorted(ctx.windows), dtype=int)
    if elig.size == 0:
        return []
    service = np.array([ctx.service[i] for i in elig], dtype=float)
    close = np.array([ctx.windows[i].close for i in elig], dtype=float)
    home = minutes[elig, ctx.base]
    best: dict[frozenset[int], DayRoute] = {}
    timed = 0

    def extend(order: list[int], here: int, t_end: float) -> None:
        nonlocal timed
        reach = t_end + minutes[here, elig]
        ok = (reach + service + home <= slot.end) & (reach + service <= close + 1e-9)
        for k in np.flatnonzero(ok):
            i = int(elig[k])
            if i in order:
                continue
            new = [*order, i]
            timed += 1
            if budget is not None:
                budget.left -= 1
                if budget.left < 0:
                    raise TooManyRoutesError(f"more than {budget.total:,} route orders")
            if deadline is not None and timed % 512 == 0 and time.monotonic() > deadline:
                raise TooManyRoutesError("enumeration ran out of time")
            route = time_route(new, ctx, minutes, ids)
            if route is None:
                continue
            key = frozenset(new)
            old = best.get(key)
            if old is None or (route.return_, route.travel_min) < (old.return_, old.travel_min):
                best[key] = route
            if len(new) < max_stops:
                extend(new, i, route.stops[-1].end)

    extend([], ctx.base, ctx.earliest_start(minutes))
    return sorted(best.values(), key=lambda r: (len(r.stops), r.venue_ids))


def single_stop_routes(ctx: DayContext, minutes: Table, ids: Sequence[str]) -> list[DayRoute]:
    """Every feasible one-stop route of a day (cheap: one timing per eligible venue)."""
    out = []
    for i in sorted(ctx.windows):
        route = time_route([i], ctx, minutes, ids)
        if route is not None:
            out.append(route)
    return sorted(out, key=lambda r: r.venue_ids)


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
        tuple(sorted(ctx.events)),
    )


def day_profiles(problem: PlanningProblem) -> tuple[dict[int, int], list[DayContext]]:
    """Slots grouped by day profile (equal profiles have exactly the same feasible routes).

    Returns slot index → profile index, and one context per profile (its first slot's).
    """
    keys: dict[tuple[object, ...], int] = {}
    contexts: list[DayContext] = []
    of_slot: dict[int, int] = {}
    for slot in problem.slots:
        ctx = day_context(problem, slot)
        key = profile_key(ctx)
        if key not in keys:
            keys[key] = len(contexts)
            contexts.append(ctx)
        of_slot[slot.index] = keys[key]
    return of_slot, contexts


def routes_by_slot(problem: PlanningProblem) -> dict[int, list[DayRoute]]:
    """All feasible routes of every slot, enumerated once per distinct day profile."""
    minutes = problem.travel.minutes
    ids = problem.travel.ids
    of_slot, contexts = day_profiles(problem)
    cache = [enumerate_routes(ctx, minutes, ids, problem.max_stops) for ctx in contexts]
    return {si: cache[p] for si, p in of_slot.items()}


def slot_dates(problem: PlanningProblem) -> list[date]:
    """Distinct dates that have at least one slot, in order."""
    return sorted({s.date for s in problem.slots})
