"""A plan from the LP: round the column-generation optimum down to a feasible integer plan.

On generated columns the LP optimum is nearly integral (most team-days take one route at
z ≈ 1), so taking columns in decreasing z while every rule of the master still holds gives a
good plan at once — usually far better than the greedy floor. It becomes the integer
solver's hint (and the floor the solve returns at worst), so the integer solver starts from
it instead of from the greedy plan and needs less of the time limit to improve on it.
Team-days left empty are then filled from every known route, best reduced cost first
(`fill_order`).

Rules checked (planner.solve.master): at most m_g routes per group; spacing and carry-over
windows (their bound of visits); visits per venue; staff and vehicles per day; each fixed
event visited once, on its date only. Months with side constraints are not rounded (their
rows may need several columns to be met together); then nothing is returned.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from planner.solve.master import Column, LPResult, MasterData
from planner.solve.routes import DayRoute


def round_lp(
    data: MasterData, primal: Mapping[Column, float], extra: tuple[Column, ...] = ()
) -> dict[int, DayRoute] | None:
    """Slot index → route: the LP's columns by decreasing value (ties: column order), then
    `extra` columns in the order given, each kept while every rule holds; None when the
    month has side constraints or a fixed event stays unvisited."""
    p = data.problem
    if p.side:
        return None
    count = [0] * len(data.members)
    in_window = [0] * len(data.windows)
    windows_of: dict[int, list[int]] = {}
    for w, (j, _ds, _b) in enumerate(data.windows):
        windows_of.setdefault(j, []).append(w)
    visits = [0] * data.nv
    staff: dict[object, int] = {}
    vehicles: dict[object, int] = {}
    fixed_done: set[tuple[str, object]] = set()
    picked: dict[int, list[DayRoute]] = {}
    order = sorted(primal, key=lambda k: (-primal[k], k))
    for gi, r in [*order, *(k for k in extra if k not in primal)]:
        if count[gi] >= len(data.members[gi]):
            continue
        s = data.members[gi][0]
        route = data.routes_of(gi).routes[r]
        if p.officers_per_day is not None and (
            staff.get(s.date, 0) + s.officers > p.officers_per_day
        ):
            continue
        if p.vehicles_per_day is not None and vehicles.get(s.date, 0) + 1 > p.vehicles_per_day:
            continue
        ok = True
        hits: list[int] = []
        for vid in route.venue_ids:
            j = data.vindex[vid]
            if vid in data.fixed_venues:
                ok = (vid, s.date) in data.fixed_keys and (vid, s.date) not in fixed_done
            else:
                ok = visits[j] < p.max_visits_of(vid)
                for w in windows_of.get(j, ()):
                    _j, ds, bound = data.windows[w]
                    if s.date in ds:
                        ok = ok and in_window[w] < bound
                        hits.append(w)
            if not ok:
                break
        if not ok:
            continue
        count[gi] += 1
        staff[s.date] = staff.get(s.date, 0) + s.officers
        vehicles[s.date] = vehicles.get(s.date, 0) + 1
        for w in hits:
            in_window[w] += 1
        for vid in route.venue_ids:
            visits[data.vindex[vid]] += 1
            if vid in data.fixed_venues:
                fixed_done.add((vid, s.date))
        picked.setdefault(gi, []).append(route)
    if fixed_done != set(data.fixed_keys):
        return None
    chosen: dict[int, DayRoute] = {}
    for gi, routes in picked.items():
        routes.sort(key=lambda route: (route.depart, route.venue_ids))
        for member, route in zip(data.members[gi], routes, strict=False):
            chosen[member.index] = route
    return chosen


def fill_order(data: MasterData, lp: LPResult) -> tuple[Column, ...]:
    """Every known route of every group by decreasing reduced cost at the LP's final duals
    (ties: column order): what `round_lp` tries after the LP's own columns, to fill the
    team-days that rounding left empty."""
    keyed: list[tuple[float, int, int]] = []
    for gi in range(len(data.members)):
        rc = lp.duals.reduced_costs(data, gi)
        keyed.extend((-float(rc[r]), gi, int(r)) for r in np.flatnonzero(rc > -np.inf))
    keyed.sort()
    return tuple((gi, r) for _v, gi, r in keyed)
