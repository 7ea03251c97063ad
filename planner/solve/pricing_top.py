"""Improve the heuristic pricing's day routes with the TOP ruin-and-recreate search.

The beam search of `planner.solve.pricing` keeps only a few partial routes per venue, so the
routes it proposes are often one swap or one insertion away from a better one. This module
hands each of its best routes to `planner.solve.top_search.TopSearch` (the same moves the TOP
benchmark measures: insertion, 2-opt, or-opt, replace, ruin-and-recreate), with

- prizes = the venues' dual values ω (scaled to integers, as the search counts whole points),
- feasibility = the month planner's exact timing of a day route (`planner.solve.routes.
  time_route`: time windows, breaks, home by the end of day) and at most `max_stops` stops,
- budget = the longest a route of this day could last (from the earliest departure to the end
  of the slot); drive + visit minutes can only exceed the real duration's lower bound, so the
  budget is a relaxation that only prunes moves the timing would refuse anyway.

It only *adds* routes: every route returned passes the exact timing and is worth at least as
much (Σω) as the route it started from; the caller keeps those of positive reduced cost as
columns. The exact pricing and the bound terms are untouched, so the bound stays valid.

Deterministic: the search's generator is seeded from `seed` and the start route, and its work
is a fixed number of ruin-and-recreate iterations (never the wall clock). The work units
returned count the timing checks made (`WORK_PER_CHECK` each, ≈ seconds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.solve.routes import DayContext, time_route
from planner.solve.top_search import TopSearch
from planner.travel import Table

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

IMPROVE_ITERATIONS = 25  # ruin-and-recreate iterations per start route
IMPROVE_NODES = 60  # venues of largest ω (besides the start route's) the search may insert
PRIZE_SCALE = 1000.0  # ω → integer prize
WORK_PER_CHECK = 2e-5  # work units per exact timing check (≈ seconds)
EPS = 1e-6


def improve_paths(
    ctx: DayContext,
    nodes: IntArray,
    omega: FloatArray,
    starts: Sequence[Sequence[int]],
    minutes: Table,
    ids: Sequence[str],
    max_stops: int,
    *,
    seed: int = 0,
    iterations: int = IMPROVE_ITERATIONS,
) -> tuple[list[tuple[float, tuple[int, ...]]], float]:
    """Routes (Σω, local path) found by improving each start path, and the work spent.

    `nodes` are the day's venues as travel-matrix indices and `omega` their duals; paths are
    positions in `nodes`. Only routes worth at least their start route are returned; a start
    route that fails the timing is skipped.
    """
    timing = _Timing(ctx, minutes, ids, max_stops)

    positive = np.flatnonzero(omega > EPS)
    order = np.lexsort((positive, -omega[positive]))
    base_pool = positive[order[:IMPROVE_NODES]]
    found: dict[tuple[int, ...], float] = {}
    for start in starts:
        path = tuple(int(p) for p in start)
        if not path or not timing.fits([int(nodes[p]) for p in path]):
            continue
        value0 = float(omega[list(path)].sum())
        pool = np.unique(np.concatenate((base_pool, np.array(path, dtype=np.int64))))
        routes = _search_from(timing, nodes, omega, pool, path, seed, iterations)
        for route in routes:
            value = float(omega[list(route)].sum())
            if value >= value0 - 1e-9 and route != path:
                found[route] = max(found.get(route, value), value)
    out = sorted(((v, r) for r, v in found.items()), key=lambda x: (-x[0], x[1]))
    return out, timing.checks * WORK_PER_CHECK


@dataclass
class _Timing:
    """The product's feasibility of a day route (matrix indices), counting the checks made."""

    ctx: DayContext
    minutes: Table
    ids: Sequence[str]
    max_stops: int
    checks: int = 0

    def fits(self, order: Sequence[int]) -> bool:
        self.checks += 1
        if len(order) > self.max_stops:
            return False
        return time_route(order, self.ctx, self.minutes, self.ids) is not None


def _search_from(
    timing: _Timing,
    nodes: IntArray,
    omega: FloatArray,
    pool: IntArray,
    path: tuple[int, ...],
    seed: int,
    iterations: int,
) -> list[tuple[int, ...]]:
    """Routes (local paths) visited by one ruin-and-recreate run from `path`.

    Search node 0 is the base; search node i + 1 is venue `pool[i]`.
    """
    ctx, minutes = timing.ctx, timing.minutes
    venues = nodes[pool]
    everyone = np.concatenate(([ctx.base], venues)).astype(np.int64)
    service = np.array([0.0, *(float(ctx.service[int(v)]) for v in venues)])
    travel = np.asarray(minutes[np.ix_(everyone, everyone)], dtype=np.float64) + service[:, None]
    prizes = np.zeros(everyone.size, dtype=np.int64)
    prizes[1:] = np.maximum(1, np.rint(omega[pool] * PRIZE_SCALE)).astype(np.int64)
    local = {int(p): i + 1 for i, p in enumerate(pool)}
    budget = float(ctx.slot.end) - ctx.earliest_start(minutes)

    def feasible(route: list[int]) -> bool:
        return timing.fits([int(everyone[i]) for i in route])

    rng = np.random.default_rng([seed % 2**63, *path])  # a seed sequence wants entries ≥ 0
    search = TopSearch(
        travel,
        prizes,
        1,
        budget,
        0,
        0,
        np.arange(1, everyone.size, dtype=np.int64),
        rng,
        feasible=feasible,
    )
    cur = search.state_from_routes([[local[p] for p in path]])
    search.local_search(cur)
    seen = [tuple(cur.routes[0])]
    for _ in range(iterations):
        cand = cur.copy()
        search.perturb(cand)
        seen.append(tuple(cand.routes[0]))
        if cand.score >= cur.score:
            cur = cand
    back = [tuple(int(pool[i - 1]) for i in route) for route in seen if route]
    return list(dict.fromkeys(back))
