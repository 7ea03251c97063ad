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
prunes labels that cannot reach a positive reduced cost.

When the relaxation cannot finish inside its label or time budget, the group's bound term
falls back to a knapsack relaxation (the sum of the `max_stops` largest positive ω, every
route's venues being among them), still valid, only weaker. `Priced.exact` says which.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.candidates import PlanningProblem
from planner.solve.master import Duals, MasterData, Priced, RouteSet
from planner.solve.routes import DayContext, time_route

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NG = 8  # size of the ng-neighbourhoods
BEAM = 12  # partial routes kept per venue and stop count by the heuristic
MAX_LABELS = 200_000  # labels per level before the exact relaxation gives up
MAX_KEPT_PER_NODE = 400  # beyond this a node's labels are kept without dominance checks
WORK_PER_EXTENSION = 4e-8  # work units per label extension evaluated (≈ seconds)
EPS = 1e-6


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


@dataclass
class _Labels:
    """Partial routes of one level (same number of stops), as parallel arrays."""

    node: IntArray
    t: FloatArray
    v: FloatArray
    path: IntArray  # (L, k) local node indices
    mem: list[frozenset[int]]


class LabelPricer:
    """Heuristic then exact-relaxed labelling pricing over each group's day (module docstring)."""

    mode = "generate"

    def __init__(
        self,
        contexts: Sequence[DayContext],
        problem: PlanningProblem,
        *,
        deadline: float | None = None,
    ) -> None:
        self.problem = problem
        self.contexts = list(contexts)
        self.deadline = deadline
        self._days: dict[int, _Day] = {}
        self._ctx_of: dict[int, int] = {}
        cand = {c.venue_id: j for j, c in enumerate(problem.candidates)}
        self._cand = cand

    def _day(self, data: MasterData, gi: int) -> _Day:
        p = data.slot_profile[data.members[gi][0].index]
        day = self._days.get(p)
        if day is None:
            day = self._build_day(self.contexts[p])
            self._days[p] = day
        return day

    def _build_day(self, ctx: DayContext) -> _Day:
        tm = self.problem.travel
        nodes = np.array(sorted(ctx.windows), dtype=np.int64)
        minutes = tm.minutes
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
        )

    # ------------------------------------------------------------------------- pricing
    def price(
        self, data: MasterData, duals: Duals, gi: int, in_lp: frozenset[int], k: int
    ) -> Priced:
        """Improving routes for group `gi`: heuristic first, the exact relaxation if it finds
        none (to prove there is none, or to find what the heuristic missed)."""
        day = self._day(data, gi)
        if day.nodes.size == 0:
            return Priced((), 0.0, True, 0.0)
        omega = duals.omega(data, gi)[day.cand]
        const = duals.constant(data, gi)
        m = len(data.members[gi])
        rs = data.routes_of(gi)
        routes, best, _complete, work = self._search(day, omega, const, beam=BEAM)
        new = self._columns(day, routes, rs, in_lp, k)
        knap = self._knapsack(omega, const)
        if new:
            return Priced(new, m * knap, False, work)
        routes, best, complete, work2 = self._search(day, omega, const, beam=None)
        new = self._columns(day, routes, rs, in_lp, k)
        if complete and not new and best > const + EPS:
            # the best ng-route revisits a venue: tighten to elementary memory (the whole
            # path) to prove the bound, if that finishes inside the label budget
            routes, best_e, complete_e, work3 = self._search(
                day, omega, const, beam=None, elementary=True
            )
            work2 += work3
            if complete_e:
                new = self._columns(day, routes, rs, in_lp, k)
                best = min(best, best_e)
        if complete:
            return Priced(
                new, m * max(best - const, 0.0), not new and best <= const + EPS, work + work2
            )
        return Priced(new, m * knap, False, work + work2)

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
        elementary: bool = False,
    ) -> tuple[list[tuple[float, tuple[int, ...]]], float, bool, float]:
        """Labelling over the day; returns improving elementary routes (value, path), the best
        value of any label (an upper bound on every route's value when complete), whether it
        completed, and the work spent."""
        slot = day.ctx.slot
        breaks = slot.breaks
        pos = np.flatnonzero(omega > EPS)
        if pos.size == 0:
            return [], 0.0, True, 0.0
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
            mem=[frozenset((int(i),)) for i in idx],
        )
        complete = True
        level = 1
        while labels.node.size:
            if labels.v.size:
                best = max(best, float(labels.v.max()))
                for li in np.flatnonzero(labels.v > const + EPS):
                    routes.append((float(labels.v[li]), tuple(int(x) for x in labels.path[li])))
            if level >= kmax:
                break
            if self.deadline is not None and time.monotonic() > self.deadline:
                complete = False
                break
            # completion bound: cannot beat the constant → prune
            keep = labels.v + extra[min(kmax - level, top.size)] > const + EPS
            labels = _subset(labels, np.flatnonzero(keep))
            if not labels.node.size:
                break
            labels, w = self._extend(day, omega, pos, labels, beam, elementary)
            work += w
            level += 1
            if labels.node.size > MAX_LABELS:
                complete = False
                break
        return routes, best, complete, work

    def _extend(
        self,
        day: _Day,
        omega: FloatArray,
        pos: IntArray,
        labels: _Labels,
        beam: int | None,
        elementary: bool = False,
    ) -> tuple[_Labels, float]:
        """All feasible one-stop extensions of `labels` to positive venues, then dominance."""
        slot = day.ctx.slot
        breaks = slot.breaks
        chunks: list[_Labels] = []
        work = 0.0
        step = max(1, 400_000 // max(pos.size, 1))
        for c0 in range(0, labels.node.size, step):
            sl = slice(c0, c0 + step)
            node, t, v, path = labels.node[sl], labels.t[sl], labels.v[sl], labels.path[sl]
            mem = labels.mem[sl]
            drive = day.drive[np.ix_(node, pos)]
            tt = np.broadcast_to(t[:, None], drive.shape)
            arrive = advance_vec(tt, drive, breaks)
            start = skip_break_vec(np.maximum(arrive, day.open[pos][None, :]), breaks)
            end = advance_vec(
                start, np.broadcast_to(day.service[pos][None, :], drive.shape), breaks
            )
            home = advance_vec(end, np.broadcast_to(day.back[pos][None, :], drive.shape), breaks)
            ok = (end <= day.close[pos][None, :] + 1e-9) & (home <= slot.end + 1e-9)
            work += drive.size * WORK_PER_EXTENSION
            col = np.full(day.nodes.size, -1, dtype=np.int64)
            col[pos] = np.arange(pos.size)
            if beam is not None:
                # elementary: never revisit a venue of the path
                rows = np.repeat(np.arange(path.shape[0]), path.shape[1])
                cols = col[path.ravel()]
                good = cols >= 0
                ok[rows[good], cols[good]] = False
            else:
                for row, ms in enumerate(mem):
                    cs = col[list(ms)]
                    ok[row, cs[cs >= 0]] = False
            li, pj = np.nonzero(ok)
            if not li.size:
                continue
            nn = pos[pj]
            chunks.append(
                _Labels(
                    node=nn,
                    t=end[li, pj],
                    v=v[li] + omega[nn],
                    path=np.concatenate((path[li], nn[:, None]), axis=1),
                    mem=[
                        _memory(day, mem[a], int(b), elementary) if beam is None else frozenset()
                        for a, b in zip(li.tolist(), nn.tolist(), strict=True)
                    ],
                )
            )
        if not chunks:
            k = labels.path.shape[1] + 1
            return _Labels(
                np.zeros(0, dtype=np.int64),
                np.zeros(0),
                np.zeros(0),
                np.zeros((0, k), dtype=np.int64),
                [],
            ), work
        new = _concat(chunks)
        return (_beam(new, beam) if beam is not None else _dominance(new)), work


def _memory(day: _Day, mem: frozenset[int], b: int, elementary: bool) -> frozenset[int]:
    """ng-memory after moving to `b`: what it remembered that lies in b's neighbourhood, plus b
    (with `elementary`, the whole path: exact elementary pricing)."""
    if elementary:
        return mem | {b}
    hood = set(day.near[b].tolist())
    return frozenset({b} | {x for x in mem if x in hood})


def _subset(labels: _Labels, idx: IntArray) -> _Labels:
    return _Labels(
        labels.node[idx],
        labels.t[idx],
        labels.v[idx],
        labels.path[idx],
        [labels.mem[i] for i in idx],
    )


def _concat(chunks: list[_Labels]) -> _Labels:
    return _Labels(
        np.concatenate([c.node for c in chunks]),
        np.concatenate([c.t for c in chunks]),
        np.concatenate([c.v for c in chunks]),
        np.concatenate([c.path for c in chunks]),
        [m for c in chunks for m in c.mem],
    )


def _beam(labels: _Labels, beam: int) -> _Labels:
    """Keep the `beam` most valuable labels per node (ties: earlier finish, then path)."""
    order = np.lexsort((labels.t, -labels.v, labels.node))
    node = labels.node[order]
    first = np.searchsorted(node, node, side="left")
    rank = np.arange(node.size) - first
    return _subset(labels, order[rank < beam])


def _dominance(labels: _Labels) -> _Labels:
    """Drop labels dominated at the same node: finish ≤, value ≥, ng-memory ⊆ (module doc)."""
    order = np.lexsort((-labels.v, labels.t, labels.node))
    keep: list[int] = []
    kept: list[tuple[float, frozenset[int]]] = []
    current = -1
    for i in order.tolist():
        n = int(labels.node[i])
        if n != current:
            current = n
            kept = []
        v = float(labels.v[i])
        ms = labels.mem[i]
        if len(kept) < MAX_KEPT_PER_NODE and any(kv >= v - 1e-12 and km <= ms for kv, km in kept):
            continue
        kept.append((v, ms))
        keep.append(i)
    return _subset(labels, np.array(sorted(keep), dtype=np.int64))
