"""Pricing by labelling: find day routes of positive reduced cost without enumerating them all.

A route of group g has reduced cost Σ_{v∈route} ω_v − c_g (planner.solve.master.Duals). Finding
the best one is an orienteering problem with time windows, breaks and at most `max_stops`
stops. Two labelling searches over the day answer it, both extending partial routes from the
base one stop at a time with the exact timing rules of planner.solve.routes (a drive or visit
that reaches a break pauses; a visit starts inside its window and ends by its close; the team
is home by its end of day):

- **heuristic** (`beam`): elementary paths, only the `beam` best partial routes per node and
  stop count kept. Fast; finds improving routes, proves nothing.
- **exact relaxation** (ng-routes, Baldacci, Mingozzi & Roberti 2011): a label remembers only
  the visited venues that lie in the ng-neighbourhood (the `NG` nearest venues) of where it
  now is, and may not revisit those. Every elementary route is an ng-route, so the best
  ng-route's reduced cost is an upper bound on the best feasible route's: a valid bound term.
  Dominance (same venue, same number of stops, earlier or equal finish, at least the value,
  memory a subset) only drops labels that cannot lead to anything better — timing is
  monotone (FIFO): arriving earlier never makes a later step infeasible.

Only venues with ω_v > 0 are ever visited: dropping a stop never makes a route infeasible
(travel times obey the triangle inequality and a team may wait), and a stop with ω_v ≤ 0
adds nothing. A completion bound (value so far + the largest ω of the stops still allowed)
prunes labels that cannot reach a positive reduced cost (in the exact search: nor beat the
best label already found, which keeps its maximum exact).

When the ng labelling cannot finish inside its label or time budget, the group's bound term
comes from `relaxed_best`, a coarser relaxation that always completes in bounded work (walks
with the clock rounded down to 5-minute buckets, a 4-venue ng-memory and a few critical venues,
coarsened further when its labels grow; see its docstring for why it is an upper bound), or
from the knapsack relaxation (the sum of the `max_stops` largest positive ω, every route's
venues being among them) when that is smaller. Both are valid, only weaker. `Priced.exact`
says which kind of term was returned.

If asked (`improve`, `SolveParams.pricing_improve`, off by default), the heuristic's best
routes are then improved by the TOP ruin-and-recreate search
(`planner.solve.pricing_top`, prizes = ω, feasibility = the exact day timing); improved routes
of positive reduced cost are added as columns. This only adds heuristic columns: the exact
search and the bound terms do not depend on it, so the bound stays valid.

Speed: a pair (label, next venue) is timed exactly (with breaks) only after a cheap necessary
test without breaks passes (`_time_pairs`); on the 500-venue synthetic month this made an
exact pricing round 2.6× faster with the same result.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.candidates import PlanningProblem
from planner.solve.master import Duals, MasterData, Priced, RouteSet
from planner.solve.pricing_top import improve_paths
from planner.solve.routes import DayContext, time_route

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NG = 8  # size of the ng-neighbourhoods
BEAM = 6  # partial routes kept per venue and stop count by the heuristic
MAX_COLUMNS = 200  # improving routes returned per group and round
HEURISTIC_NODES = 80  # the heuristic looks at this many venues of largest ω (ties: nearest)
MAX_LABELS = 200_000  # labels per level before the exact relaxation gives up
MAX_KEPT_PER_NODE = 400  # beyond this a node's labels are kept without dominance checks
WORK_PER_EXTENSION = 4e-8  # work units per label extension timed exactly (≈ seconds)
WORK_PER_FILTERED = 5e-9  # work units per extension only tested without breaks
EPS = 1e-6
DSSR_ROUNDS = 3  # times the critical set may grow within one pricing call
MAX_CRITICAL = 62  # critical venues per day (a bitmask in one int64)
KEEP_ROUTES = 200  # improving routes kept per level for the columns
RELAX_BUCKET = 5.0  # minutes: the relaxed bound's clock resolution (rounded down)
RELAX_NG = 4  # ng-neighbourhood of the relaxed bound (its memory bits)
RELAX_CRIT = 3  # critical venues of the relaxed bound (memory bits besides the ng ones)
RELAX_ROUNDS = 4  # DSSR runs of the relaxed bound per call
RELAX_MAX_LABELS = 4000  # labels per level above which the relaxed bound coarsens
RELAX_MAX_FRONT = 8_000_000  # cells of the relaxed bound's dominance array (64 MB)
MAX_DAY_CELLS = 24_000_000  # travel-table cells of the days kept between rounds (~200 MB)


def advance_vec(t: FloatArray, work: FloatArray, breaks: Sequence[tuple[int, int]]) -> FloatArray:
    """`planner.solve.routes.advance` on arrays: clock after `work` minutes, pausing at breaks."""
    t = t.astype(float, copy=True)
    work = np.broadcast_to(work, t.shape).astype(float, copy=True)
    done = np.zeros(t.shape, dtype=bool)
    for bs, be in breaks:
        active = ~done & (t < be)
        inside = active & (t >= bs)
        t = np.where(inside, float(be), t)
        before = active & ~inside
        fits = before & (t + work <= bs)
        out = np.where(fits, t + work, t)
        done |= fits
        spill = before & ~fits
        work = np.where(spill, work - (bs - t), work)
        t = np.where(spill, float(be), out)
        t = np.where(fits, out, t)
    return np.where(done, t, t + work)


def skip_break_vec(t: FloatArray, breaks: Sequence[tuple[int, int]]) -> FloatArray:
    """A start time inside a break moves to the break's end."""
    for bs, be in breaks:
        t = np.where((t >= bs) & (t < be), float(be), t)
    return t


@dataclass(frozen=True)
class _Day:
    """One day profile in local indices: eligible venues, their windows, service, travel."""

    ctx: DayContext
    nodes: IntArray  # travel-matrix indices of eligible venues
    cand: IntArray  # candidate (master) index of each node
    open: FloatArray
    close: FloatArray
    service: FloatArray
    drive: FloatArray  # (n, n) minutes among nodes
    out: FloatArray  # base → node
    back: FloatArray  # node → base
    near: IntArray  # (n, NG) nearest nodes by travel time
    back_min: float  # shortest drive home from any node
    step_min: float  # shortest drive between nodes plus shortest visit


@dataclass
class _Labels:
    """Partial routes of one level (same number of stops), as parallel arrays.

    `mem` is the ng-memory as a bitmask over the current node's neighbours (bit i ↔
    `near[node, i]`); the current node itself is always remembered.
    """

    node: IntArray
    t: FloatArray
    v: FloatArray
    path: IntArray  # (L, k) local node indices
    mem: IntArray
    crit: IntArray  # bitmask over the critical venues visited (never revisited)


def _step_min(drive: FloatArray, service: Sequence[int]) -> float:
    """Fewest minutes one more stop can take: the shortest drive plus the shortest visit."""
    if not service:
        return 0.0
    off = drive[~np.eye(drive.shape[0], dtype=bool)]
    return (float(off.min()) if off.size else 0.0) + float(min(service))


def _crit_bits(day: _Day, crit: IntArray) -> IntArray:
    """Per local node, its bit in the critical-venue mask (0 if not critical)."""
    out = np.zeros(day.nodes.size, dtype=np.int64)
    out[crit] = np.int64(1) << np.arange(crit.size, dtype=np.int64)
    return out


class LabelPricer:
    """Heuristic then exact-relaxed labelling pricing over each group's day (module docstring)."""

    mode = "generate"

    def __init__(
        self,
        contexts: Sequence[DayContext],
        problem: PlanningProblem,
        *,
        deadline: float | None = None,
        max_labels: int = MAX_LABELS,
        improve: bool = False,
        seed: int = 0,
    ) -> None:
        self.problem = problem
        self.improve = improve
        self.seed = seed
        self.max_labels = max_labels
        self._relax_crit: dict[int, list[int]] = {}
        self.contexts = list(contexts)
        self.deadline = deadline
        self._days: dict[int, _Day] = {}
        self._critical: dict[int, list[int]] = {}
        self._ctx_of: dict[int, int] = {}
        cand = {c.venue_id: j for j, c in enumerate(problem.candidates)}
        self._cand = cand

    def _day(self, data: MasterData, gi: int) -> _Day:
        p = data.slot_profile[data.members[gi][0].index]
        day = self._days.pop(p, None)
        if day is None:
            day = self._build_day(self.contexts[p])
        self._days[p] = day  # most recently used last
        # memory stays bounded on large kabupaten: the least recently used days' travel
        # tables go first (a day is rebuilt when it is priced again)
        while len(self._days) > 1 and sum(d.nodes.size**2 for d in self._days.values()) > (
            MAX_DAY_CELLS
        ):
            del self._days[next(iter(self._days))]
        return day

    def _build_day(self, ctx: DayContext) -> _Day:
        tm = self.problem.travel
        minutes = tm.minutes
        nodes = np.array(sorted(ctx.windows), dtype=np.int64)
        if nodes.size:
            # only venues some route of the day can visit: leaving at the earliest, driving
            # straight there (the triangle inequality: any detour arrives later) and home,
            # breaks ignored (they only delay); the others can never be in a column
            t0 = ctx.earliest_start(minutes)
            out = np.asarray(minutes[ctx.base, nodes], dtype=float).ravel()
            back = np.asarray(minutes[nodes, ctx.base], dtype=float).ravel()
            opens = np.array([float(ctx.windows[int(i)].open) for i in nodes])
            closes = np.array([float(ctx.windows[int(i)].close) for i in nodes])
            service = np.array([float(ctx.service[int(i)]) for i in nodes])
            end = np.maximum(t0 + out, opens) + service
            nodes = nodes[(end <= closes + 1e-9) & (end + back <= float(ctx.slot.end) + 1e-9)]
        if nodes.size:
            drive = np.asarray(minutes[np.ix_(nodes, nodes)], dtype=float)
            out = np.asarray(minutes[ctx.base, nodes], dtype=float).ravel()
            back = np.asarray(minutes[nodes, ctx.base], dtype=float).ravel()
        else:
            drive = np.zeros((0, 0))
            out = back = np.zeros(0)
        sym = drive + drive.T
        np.fill_diagonal(sym, np.inf)
        k = min(NG, max(nodes.size - 1, 0))
        near = (
            np.argsort(sym, axis=1, kind="stable")[:, :k]
            if k
            else np.zeros((nodes.size, 0), dtype=np.int64)
        )
        ids = tm.ids
        return _Day(
            ctx=ctx,
            nodes=nodes,
            cand=np.array([self._cand[ids[i]] for i in nodes], dtype=np.int64),
            open=np.array([ctx.windows[i].open for i in nodes], dtype=float),
            close=np.array([ctx.windows[i].close for i in nodes], dtype=float),
            service=np.array([ctx.service[i] for i in nodes], dtype=float),
            drive=drive,
            out=out,
            back=back,
            near=np.asarray(near, dtype=np.int64),
            back_min=float(back.min()) if back.size else 0.0,
            step_min=max(_step_min(drive, [ctx.service[i] for i in nodes]), 1.0),
        )

    # ------------------------------------------------------------------------- pricing
    def price(
        self,
        data: MasterData,
        duals: Duals,
        gi: int,
        in_lp: frozenset[int],
        k: int,
        exact: bool = False,
    ) -> Priced:
        """Improving routes for group `gi`: heuristic first, the exact relaxation if it finds
        none (to prove there is none, or to find what the heuristic missed) or if `exact`
        asks for a strong bound term this round."""
        day = self._day(data, gi)
        if day.nodes.size == 0:
            return Priced((), 0.0, True, 0.0)
        omega = duals.omega(data, gi)[day.cand]
        const = duals.constant(data, gi)
        m = len(data.members[gi])
        rs = data.routes_of(gi)
        # heuristic: a beam search, repeated up to m times with the venues of the best route
        # found taken out, so that a group of m teams gets m disjoint routes to combine
        first: list[tuple[float, tuple[int, ...]]] = []
        routes = []
        work = 0.0
        om = omega.copy()
        # an exact round skips the heuristic: the exact search finds the columns too
        for _rep in range(0 if exact else m):
            found, _best, _complete, w, _path = self._search(day, om, const, beam=BEAM)
            work += w
            if not found:
                break
            top_route = max(found, key=lambda x: (x[0], x[1]))
            first.append(top_route)
            routes.extend(found)
            om[list(top_route[1])] = 0.0
        if first and self.improve:
            # improve the best routes with the TOP ruin-and-recreate search (adds columns only)
            tm = self.problem.travel
            better, w = improve_paths(
                day.ctx,
                day.nodes,
                omega,
                [path for _val, path in first],
                tm.minutes,
                tm.ids,
                self.problem.max_stops,
                seed=self.seed * 1_000_003 + gi,
            )
            work += w
            routes.extend((v, path) for v, path in better if v > const + EPS)
        k = min(k * m, MAX_COLUMNS)
        new = self._columns(day, first, rs, in_lp, k)
        new += self._columns(day, routes, rs, in_lp | frozenset(new), k - len(new))
        knap = self._knapsack(omega, const)
        if new and not exact:
            return Priced(new, m * knap, False, work)
        if self.deadline is not None and time.monotonic() > self.deadline:
            # past the pricing deadline: the knapsack term, valid and immediate (the exact
            # and relaxed labellings of every group left would run on past the time limit)
            return Priced(new, m * knap, False, work)
        heuristic_new = new
        # exact relaxation with decremental state-space relaxation: venues that the best
        # relaxed route revisits become "critical" (never revisited) for this day from now on
        crit = self._critical.setdefault(data.slot_profile[data.members[gi][0].index], [])
        work2 = 0.0
        complete = False
        best = float("inf")
        for _round in range(DSSR_ROUNDS):
            routes, best, complete, w, best_path = self._search(
                day, omega, const, beam=None, crit=np.array(crit, dtype=np.int64)
            )
            work2 += w
            new = self._columns(day, routes, rs, in_lp | frozenset(heuristic_new), k)
            if new or not complete or best <= const + EPS:
                break
            again = sorted({x for x in best_path if best_path.count(x) > 1} - set(crit))
            if not again or len(crit) + len(again) > MAX_CRITICAL:
                break
            crit.extend(again)
        new = heuristic_new + new
        if complete:
            return Priced(
                new, m * max(best - const, 0.0), not new and best <= const + EPS, work + work2
            )
        # the ng labelling could not finish: the bounded relaxation always does
        profile = data.slot_profile[data.members[gi][0].index]
        relaxed, work3 = self._relaxed_term(day, omega, const, profile)
        return Priced(new, m * min(knap, relaxed), False, work + work2 + work3)

    def _relaxed_term(
        self, day: _Day, omega: FloatArray, const: float, profile: int
    ) -> tuple[float, float]:
        """max(0, best relaxed walk − constant) by `relaxed_best`, with its own decremental
        state-space relaxation (venues the best walk revisits become critical, kept per day
        profile); every run is a valid bound, the smallest is returned."""
        crit = self._relax_crit.setdefault(profile, [])
        term = math.inf
        work = 0.0
        for _round in range(RELAX_ROUNDS):
            best, path, w = relaxed_best(
                day, omega, self.problem.max_stops, crit=crit, floor=const, bucket=RELAX_BUCKET
            )
            work += w
            term = min(term, max(best - const, 0.0))
            again = sorted({x for x in path if path.count(x) > 1} - set(crit))
            if term <= EPS or not again or len(crit) + len(again) > RELAX_CRIT:
                break
            crit.extend(again)
        return term, work

    def _knapsack(self, omega: FloatArray, const: float) -> float:
        """Valid fallback: the `max_stops` largest positive ω minus the constant, or 0."""
        pos = np.sort(omega[omega > EPS])[::-1][: self.problem.max_stops]
        return max(float(pos.sum()) - const, 0.0)

    def _columns(
        self,
        day: _Day,
        routes: list[tuple[float, tuple[int, ...]]],
        rs: RouteSet,
        in_lp: frozenset[int],
        k: int,
    ) -> tuple[int, ...]:
        """Time the best elementary routes found and add them to the route set."""
        tm = self.problem.travel
        out: list[int] = []
        if k <= 0:
            return ()
        seen: set[frozenset[int]] = set()
        for _val, path in sorted(routes, key=lambda x: (-x[0], x[1])):
            key = frozenset(path)
            if key in seen or len(key) != len(path):
                continue
            seen.add(key)
            route = time_route([int(day.nodes[p]) for p in path], day.ctx, tm.minutes, tm.ids)
            if route is None:  # pragma: no cover - the labelling times routes the same way
                continue
            r = rs.add(route)
            if r not in in_lp and r not in out:
                out.append(r)
            if len(out) >= k:
                break
        return tuple(out)

    def _search(
        self,
        day: _Day,
        omega: FloatArray,
        const: float,
        *,
        beam: int | None,
        crit: IntArray | None = None,
    ) -> tuple[list[tuple[float, tuple[int, ...]]], float, bool, float, list[int]]:
        """Labelling over the day; returns improving routes (value, path), the best value of
        any label (an upper bound on every route's value when complete), whether it
        completed, the work spent and the best label's path."""
        slot = day.ctx.slot
        breaks = slot.breaks
        pos = np.flatnonzero(omega > EPS)
        if beam is not None and pos.size > HEURISTIC_NODES:
            # ties in ω (common: LP duals are degenerate) go to the venues a team reaches
            # and leaves soonest, not to the first ones in the candidate list
            near_first = np.lexsort((day.out[pos] + day.back[pos], -np.round(omega[pos], 6)))
            pos = np.sort(pos[near_first[:HEURISTIC_NODES]])
        if pos.size == 0:
            return [], 0.0, True, 0.0, []
        crit = np.zeros(0, dtype=np.int64) if crit is None else crit
        kmax = self.problem.max_stops
        top = np.sort(omega[pos])[::-1]
        # best extra value with j more stops
        extra = np.concatenate(([0.0], np.cumsum(top)))
        routes: list[tuple[float, tuple[int, ...]]] = []
        best = 0.0
        work = 0.0
        # level 1 from the base
        t0 = np.full(pos.size, float(slot.start))
        for k, p in enumerate(pos):
            node = int(day.nodes[p])
            if node in day.ctx.events:  # a fixed event: the team may leave early for it
                t0[k] = day.ctx.day_start(node, float(day.out[p]))[0]
        arrive = advance_vec(t0, day.out[pos], breaks)
        start = skip_break_vec(np.maximum(arrive, day.open[pos]), breaks)
        end = advance_vec(start, day.service[pos], breaks)
        home = advance_vec(end, day.back[pos], breaks)
        ok = (end <= day.close[pos] + 1e-9) & (home <= slot.end + 1e-9)
        work += pos.size * WORK_PER_EXTENSION
        idx = pos[ok]
        labels = _Labels(
            node=idx,
            t=end[ok],
            v=omega[idx],
            path=idx[:, None].astype(np.int64),
            mem=np.zeros(idx.size, dtype=np.int64),
            crit=_crit_bits(day, crit)[idx],
        )
        best_path: list[int] = []
        complete = True
        level = 1
        while labels.node.size:
            if labels.v.size:
                top_label = int(labels.v.argmax())
                if float(labels.v[top_label]) > best:
                    best = float(labels.v[top_label])
                    best_path = [int(x) for x in labels.path[top_label]]
                good = np.flatnonzero(labels.v > const + EPS)
                good = good[np.argsort(-labels.v[good], kind="stable")[:KEEP_ROUTES]]
                for li in good:
                    routes.append((float(labels.v[li]), tuple(int(x) for x in labels.path[li])))
            if level >= kmax:
                break
            if self.deadline is not None and time.monotonic() > self.deadline:
                complete = False
                break
            # completion bound: the stops still possible (by count, and by the time left
            # for a drive, a visit and the drive home, breaks ignored) each add at most the
            # next largest ω; a label that cannot beat the constant is pruned, and in the
            # exact search also one that cannot beat the best label already found (every
            # label is a walk home in time: the search's maximum stays exact, and the
            # improving routes of the levels done are already collected)
            floor = const if beam is not None else max(const, best)
            left = np.floor((slot.end - labels.t - day.back_min) / day.step_min)
            more = np.clip(left, 0, min(kmax - level, top.size)).astype(np.int64)
            keep = labels.v + extra[more] > floor + EPS
            labels = _subset(labels, np.flatnonzero(keep))
            if not labels.node.size:
                break
            labels, w = self._extend(
                day,
                omega,
                pos,
                labels,
                beam,
                crit,
                prune_below=None if beam is not None else floor,
                stops_left=kmax - level,
            )
            work += w
            level += 1
            if labels.node.size > self.max_labels:
                complete = False
                break
        return routes, best, complete, work, best_path

    def _extend(
        self,
        day: _Day,
        omega: FloatArray,
        pos: IntArray,
        labels: _Labels,
        beam: int | None,
        crit: IntArray,
        prune_below: float | None = None,
        stops_left: int = 0,
    ) -> tuple[_Labels, float]:
        """All feasible one-stop extensions of `labels` to positive venues, then dominance."""
        chunks: list[_Labels] = []
        work = 0.0
        col = np.full(day.nodes.size, -1, dtype=np.int64)
        col[pos] = np.arange(pos.size)
        bits = np.int64(1) << np.arange(day.near.shape[1], dtype=np.int64)
        cbit = _crit_bits(day, crit)
        cbits = np.int64(1) << np.arange(crit.size, dtype=np.int64)
        step = max(1, 400_000 // max(pos.size, 1))
        for c0 in range(0, labels.node.size, step):
            sl = slice(c0, c0 + step)
            node, t, v, path = labels.node[sl], labels.t[sl], labels.v[sl], labels.path[sl]
            mem, cmask = labels.mem[sl], labels.crit[sl]
            ok, end, w = _time_pairs(day, node, t, pos)
            work += w
            if prune_below is not None and stops_left > 0:
                # completion bound: every later stop is also reachable as the very next one
                # (triangle inequality, waiting allowed), so the `stops_left` largest ω among
                # the venues reachable next bound what the label can still add
                vals = np.where(ok, omega[pos][None, :], 0.0)
                r = min(stops_left, vals.shape[1])
                part = -np.partition(-vals, r - 1, axis=1)[:, :r] if r < vals.shape[1] else vals
                reach = part.sum(axis=1)
                ok[v + reach <= prune_below + EPS] = False
            # forbidden: the path (heuristic, elementary) or the ng-memory (exact relaxation)
            if beam is not None:
                forbid = path
            else:
                remembered = np.where((mem[:, None] & bits[None, :]) != 0, day.near[node], -1)
                critical = np.where((cmask[:, None] & cbits[None, :]) != 0, crit[None, :], -1)
                forbid = np.concatenate((remembered, critical, node[:, None]), axis=1)
            rows = np.repeat(np.arange(forbid.shape[0]), forbid.shape[1])
            cols = np.where(forbid.ravel() >= 0, col[np.maximum(forbid.ravel(), 0)], -1)
            good = cols >= 0
            ok[rows[good], cols[good]] = False
            li, pj = np.nonzero(ok)
            if not li.size:
                continue
            nn = pos[pj]
            if beam is None:
                # new memory: b's neighbours that the label remembered (or stood on)
                prev = np.where((mem[li][:, None] & bits[None, :]) != 0, day.near[node[li]], -1)
                prev = np.concatenate((prev, node[li][:, None]), axis=1)
                hit = (day.near[nn][:, :, None] == prev[:, None, :]).any(axis=2)
                new_mem = (hit * bits[None, :]).sum(axis=1).astype(np.int64)
            else:
                new_mem = np.zeros(li.size, dtype=np.int64)
            chunks.append(
                _Labels(
                    node=nn,
                    t=end[li, pj],
                    v=v[li] + omega[nn],
                    path=np.concatenate((path[li], nn[:, None]), axis=1),
                    mem=new_mem,
                    crit=cmask[li] | cbit[nn],
                )
            )
        if not chunks:
            k = labels.path.shape[1] + 1
            empty = np.zeros(0, dtype=np.int64)
            return (
                _Labels(empty, np.zeros(0), np.zeros(0), np.zeros((0, k), np.int64), empty, empty),
                work,
            )
        new = _concat(chunks)
        if beam is not None:
            return _beam(new, beam), work
        return _dominance(new), work


def _time_pairs(
    day: _Day, node: IntArray, t: FloatArray, pos: IntArray
) -> tuple[NDArray[np.bool_], FloatArray, float]:
    """Which labels (at `node`, free at `t`) can go on to which venue of `pos` and still be
    home in time, and when that visit ends; with the work spent.

    A cheap necessary test first (breaks ignored: a break only ever delays), then the exact
    timing with breaks only for the pairs that pass it.
    """
    slot = day.ctx.slot
    breaks = slot.breaks
    drive = day.drive[np.ix_(node, pos)]
    close = day.close[pos][None, :]
    end0 = np.maximum(t[:, None] + drive, day.open[pos][None, :]) + day.service[pos][None, :]
    cand = (end0 <= close + 1e-9) & (end0 + day.back[pos][None, :] <= slot.end + 1e-9)
    li, pj = np.nonzero(cand)
    arrive = advance_vec(t[li], drive[li, pj], breaks)
    start = skip_break_vec(np.maximum(arrive, day.open[pos][pj]), breaks)
    end1 = advance_vec(start, day.service[pos][pj], breaks)
    home = advance_vec(end1, day.back[pos][pj], breaks)
    good = (end1 <= day.close[pos][pj] + 1e-9) & (home <= slot.end + 1e-9)
    ok = np.zeros(drive.shape, dtype=bool)
    ok[li[good], pj[good]] = True
    end = np.full(drive.shape, np.inf)
    end[li, pj] = end1
    work = drive.size * WORK_PER_FILTERED + li.size * WORK_PER_EXTENSION
    return ok, end, work


def _subset(labels: _Labels, idx: IntArray) -> _Labels:
    return _Labels(
        labels.node[idx],
        labels.t[idx],
        labels.v[idx],
        labels.path[idx],
        labels.mem[idx],
        labels.crit[idx],
    )


def _concat(chunks: list[_Labels]) -> _Labels:
    return _Labels(
        np.concatenate([c.node for c in chunks]),
        np.concatenate([c.t for c in chunks]),
        np.concatenate([c.v for c in chunks]),
        np.concatenate([c.path for c in chunks]),
        np.concatenate([c.mem for c in chunks]),
        np.concatenate([c.crit for c in chunks]),
    )


def _beam(labels: _Labels, beam: int) -> _Labels:
    """Keep the `beam` most valuable labels per node (ties: earlier finish, then path)."""
    order = np.lexsort((labels.t, -labels.v, labels.node))
    node = labels.node[order]
    first = np.searchsorted(node, node, side="left")
    rank = np.arange(node.size) - first
    return _subset(labels, np.sort(order[rank < beam]))


def _dominance(labels: _Labels) -> _Labels:
    """Drop labels dominated at the same node with the same memory: finish ≤ and value ≥.

    The full rule allows any memory that is a subset; comparing equal memories (ng-mask and
    critical-venue mask) only keeps more labels, which is always safe (fewer are pruned, none
    wrongly). Vectorised: a segmented running maximum of the value over labels sorted by
    finish time.
    """
    n = labels.node.size
    if n == 0:
        return labels
    order = np.lexsort((-labels.v, labels.t, labels.crit, labels.mem, labels.node))
    node, mem, crit = labels.node[order], labels.mem[order], labels.crit[order]
    same = (node[1:] == node[:-1]) & (mem[1:] == mem[:-1]) & (crit[1:] == crit[:-1])
    _vals, rank = np.unique(labels.v[order], return_inverse=True)
    rank = rank.ravel().astype(np.int64)
    seg = np.cumsum(np.r_[True, ~same]) - 1
    run = np.maximum.accumulate(seg * (n + 1) + rank)  # running max within each segment
    prev = np.r_[-1, run[:-1]]
    dominated = np.r_[False, same] & (prev - seg * (n + 1) >= rank)
    return _subset(labels, np.sort(order[~dominated]))


def relaxed_best(
    day: _Day,
    omega: FloatArray,
    kmax: int,
    *,
    crit: Sequence[int] = (),
    floor: float = 0.0,
    bucket: float = 5.0,
    ng: int = RELAX_NG,
    max_labels: int = RELAX_MAX_LABELS,
) -> tuple[float, list[int], float]:
    """An upper bound on Σ_{v∈r} ω_v over every feasible route r of the day, and the path of
    the relaxed walk that attains it. Always completes: its size is bounded by
    (positive venues) × 2^(ng + |crit|) × (buckets of the day) labels per level.

    Why it is an upper bound. It is a dynamic programme over *walks* that start at the base,
    make at most `kmax` stops (to venues with ω > 0) and are home by the end of the day, in a
    relaxed state space that contains every feasible (elementary) route:

    - time is rounded *down* to a bucket of `bucket` minutes after each stop. The timing rules
      are monotone (FIFO: leaving no later never arrives, starts, ends or returns later; waiting
      is allowed; a break only pauses the clock), so a walk timed from rounded-down clocks is
      feasible whenever the true walk is, and ends no later;
    - a walk may revisit a venue, except a venue it remembers: its ng-memory (the `ng` nearest
      venues of where it stands that it visited since it last left their neighbourhood, as in
      the ng-route relaxation) and every critical venue (`crit`) it visited. An elementary
      route never revisits anything, so every feasible route is such a walk;
    - dominance drops a label only for another at the same venue, with a memory that is a
      subset, a rounded finish no later, and at least its value, at the same or an earlier
      stop count: every completion of the dropped label is then a completion of the other
      (fewer remembered venues, no later clock, no more stops used) worth at least as much;
    - a label is pruned only when its value plus the largest ω's of the stops it could still
      make (by count and by the time left) cannot exceed the best walk value already found.

    - above `max_labels` labels at a level the state space coarsens (the ng-memory, then the
      critical venues are forgotten, then the clock is rounded down to ever longer periods,
      at worst to the start of the day): each step only lets more walks through, and the
      labels per level end at most one per venue, so the work is bounded. Memory bits are
      fewer from the start when the dominance array (venues × memories × buckets) would pass
      RELAX_MAX_FRONT cells — again only a coarser relaxation.

    So the best walk value is at least the best feasible route's: a valid bound term, looser
    than the exact one only by the walks' revisits and the rounding. `floor` is a value the
    result may be clamped up to (e.g. the reduced-cost constant): labels that cannot beat it
    are pruned, since the caller only needs max(best − constant, 0). The decremental
    state-space relaxation (DSSR) of the caller adds the venues that the best walk revisits to
    `crit` and runs again; every run is a valid bound, each tighter than the last.
    """
    slot = day.ctx.slot
    breaks = slot.breaks
    pos = np.flatnonzero(omega > EPS)
    if pos.size == 0 or kmax <= 0:
        return max(floor, 0.0), [], 0.0
    top = np.sort(omega[pos])[::-1]
    extra = np.concatenate(([0.0], np.cumsum(top), np.full(max(kmax - top.size, 0), top.sum())))
    t0 = np.full(pos.size, float(slot.start))
    for k, p in enumerate(pos):
        if int(day.nodes[p]) in day.ctx.events:
            t0[k] = day.ctx.day_start(int(day.nodes[p]), float(day.out[p]))[0]
    origin = float(np.floor(t0.min() / bucket) * bucket)
    nb = int(np.ceil((slot.end - origin) / bucket)) + 2
    n = day.nodes.size
    ngk = min(ng, max(n - 1, 0))
    crit = list(crit)
    # fewer memory bits when the dominance array would be too large (only a coarser relaxation)
    while pos.size * (1 << (ngk + len(crit))) * nb > RELAX_MAX_FRONT and (ngk or crit):
        if ngk:
            ngk -= 1
        else:
            crit.pop()
    if ngk <= day.near.shape[1]:
        near = day.near[:, :ngk]  # the day's neighbours, nearest first
    else:
        sym = day.drive + day.drive.T
        np.fill_diagonal(sym, np.inf)
        near = np.argsort(sym, axis=1, kind="stable")[:, :ngk].astype(np.int64)
    bits = np.int64(1) << np.arange(ngk, dtype=np.int64)
    crit_arr = np.array(list(crit), dtype=np.int64)
    nc = crit_arr.size
    cbit = np.zeros(n, dtype=np.int64)
    cbit[crit_arr] = np.int64(1) << (ngk + np.arange(nc, dtype=np.int64))
    nm = 1 << (ngk + nc)
    col = np.full(n, -1, dtype=np.int64)
    col[pos] = np.arange(pos.size)
    front = np.full((pos.size, nm, nb), -np.inf)
    arrive = advance_vec(t0, day.out[pos], breaks)
    start = skip_break_vec(np.maximum(arrive, day.open[pos]), breaks)
    end = advance_vec(start, day.service[pos], breaks)
    home = advance_vec(end, day.back[pos], breaks)
    ok = (end <= day.close[pos] + 1e-9) & (home <= slot.end + 1e-9)
    work = pos.size * WORK_PER_EXTENSION
    node = pos[ok]
    t = end[ok]
    v = omega[node]
    mem = cbit[node]
    path = node[:, None]
    best = max(floor, 0.0)
    best_path: list[int] = []
    level = 1
    omp = omega[pos]
    ng_mask = (1 << ngk) - 1
    keep_mask = nm - 1  # memory bits still kept (coarsening clears them)
    factor = 1  # buckets per rounding period (coarsening doubles it)
    while node.size:
        if v.size and float(v.max()) > best:
            i = int(v.argmax())
            best, best_path = float(v[i]), [int(x) for x in path[i]]
        if level >= kmax:
            break
        # optimistic rounding: a label's finish moves down to its bucket's start; then one
        # label per (node, memory, bucket), the most valuable, and only labels that no
        # earlier (or equally early) label at the same node with a memory that is a subset,
        # of any level so far, matches. Too many labels left: coarsen — forget the ng-memory,
        # then the critical venues, then round to ever longer periods. Each step only
        # enlarges the relaxation (the bound stays valid) and bounds the work per level.
        while True:
            mem = mem & keep_mask
            b = np.floor((t - origin) / (bucket * factor)).astype(np.int64) * factor
            t = (origin + b * bucket).astype(np.float64)
            key = (node * nm + mem) * nb + b
            order = np.lexsort((-v, key))
            first = np.r_[True, key[order][1:] != key[order][:-1]]
            sel = order[first]
            node, t, v, b, mem, path = node[sel], t[sel], v[sel], b[sel], mem[sel], path[sel]
            c = col[node]
            keep = v > front[c, mem, b] + EPS
            node, t, v, b, mem, path, c = (
                node[keep],
                t[keep],
                v[keep],
                b[keep],
                mem[keep],
                path[keep],
                c[keep],
            )
            if node.size <= max_labels or (keep_mask == 0 and factor >= nb):
                break
            if keep_mask & ng_mask:
                keep_mask &= ~ng_mask
            elif keep_mask:
                keep_mask = 0
            else:
                factor *= 2
        np.maximum.at(front, (c, mem, b), v)
        front = np.maximum.accumulate(front, axis=2)
        for i in range(ngk + nc):
            has = (np.arange(nm) & (1 << i)) != 0
            front[:, has, :] = np.maximum(front[:, has, :], front[:, ~has, :])
        # completion bound against the best value known
        left = np.floor((slot.end - t - day.back_min) / day.step_min)
        more = np.clip(left, 0, kmax - level).astype(np.int64)
        keep = v + extra[more] > best + EPS
        node, t, v, mem, path = node[keep], t[keep], v[keep], mem[keep], path[keep]
        if not node.size:
            break
        ok, end, w = _time_pairs(day, node, t, pos)
        work += w
        ok &= node[:, None] != pos[None, :]
        # the ng-memory: remembered neighbours are not revisited
        remembered = np.where((mem[:, None] & bits[None, :]) != 0, near[node], -1)
        rows = np.repeat(np.arange(node.size), ngk)
        cols = np.where(remembered.ravel() >= 0, col[np.maximum(remembered.ravel(), 0)], -1)
        good = cols >= 0
        ok[rows[good], cols[good]] = False
        # critical venues visited are never revisited
        ok &= (mem[:, None] & cbit[pos][None, :]) == 0
        li, pj = np.nonzero(ok)
        nn = pos[pj]
        prev = np.where((mem[li][:, None] & bits[None, :]) != 0, near[node[li]], -1)
        prev = np.concatenate((prev, node[li][:, None]), axis=1)
        hit = (near[nn][:, :, None] == prev[:, None, :]).any(axis=2)
        cm = mem[li] & ~np.int64((1 << ngk) - 1)
        mem = (hit * bits[None, :]).sum(axis=1).astype(np.int64) | cm | cbit[nn]
        v = v[li] + omp[pj]
        path = np.concatenate((path[li], nn[:, None]), axis=1)
        node = nn
        t = end[li, pj]
        level += 1
    return best, best_path, work
