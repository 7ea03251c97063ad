"""Ruin-and-recreate local search for the Team Orienteering Problem, vectorised with numpy.

Works on a float travel matrix (service times already folded into it), so every length here is
exact up to float rounding; a route is only kept if its length, summed with `math.fsum`, is at
most the budget. The search is deterministic for a given seed and number of iterations.

A caller may also pass `feasible(route) -> bool`, a check every route must pass besides the
budget (pricing passes the month planner's exact day timing: time windows, breaks, end of day,
most stops). The budget then only has to be a necessary condition (a relaxation of the check);
moves are generated from the matrix as before, and a move whose route fails the check is not
made. Without `feasible` nothing changes: the TOP benchmark runs the same code path.

Moves: cheapest-ratio insertion of unvisited customers, 2-opt and or-opt inside a route (both
valid for asymmetric matrices), replacing a visited customer by a better unvisited one, and
relocating a customer to another route to free budget. Diversification ruins part of the
solution (random customers, spatially related ones, a route segment, a whole route, or a whole
route sent to a random new customer) and recreates it with a randomised insertion ratio.
Python overhead, not arithmetic, dominates at this size (≤ 100 nodes), so the moves evaluate
all routes at once on padded arrays instead of looping over routes and positions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_EPS = 1e-9

#: Default odds of each ruin kind: random, related, segment, whole route, route re-seeded.
RUIN_WEIGHTS = (0.35, 0.40, 0.18, 0.035, 0.035)


@dataclass
class SearchState:
    """A solution being worked on: routes of customer nodes, their lengths and visited flags.

    `visited`, `ins_cost` and `ins_pos` are indexed by customer column (position in
    `TopSearch.cust`): `ins_cost[k, j]` is the least added length of putting customer j into
    route k, at route position `ins_pos[k, j]`.
    """

    routes: list[list[int]]
    lengths: list[float]
    visited: BoolArray
    score: int
    ins_cost: FloatArray
    ins_pos: IntArray

    def copy(self) -> SearchState:
        return SearchState(
            [list(r) for r in self.routes],
            list(self.lengths),
            self.visited.copy(),
            self.score,
            self.ins_cost.copy(),
            self.ins_pos.copy(),
        )

    @property
    def total_length(self) -> float:
        return math.fsum(self.lengths)


class TopSearch:
    """Local search and ruin-and-recreate moves over one TOP instance.

    `travel` is the (n, n) float matrix of travel time including the service time of the head
    node; `budget` is per vehicle in the same unit. Only `customers` (reachable, positive score)
    are ever inserted. `feasible`, if given, must also accept every route kept (module
    docstring); dropping customers from a route it accepts should keep it accepted, else the
    route's tail is dropped too.
    """

    def __init__(
        self,
        travel: FloatArray,
        prizes: IntArray,
        n_vehicles: int,
        budget: float,
        start: int,
        end: int,
        customers: IntArray,
        rng: np.random.Generator,
        feasible: Callable[[list[int]], bool] | None = None,
    ) -> None:
        self.feasible = feasible
        self.d = np.ascontiguousarray(travel, dtype=np.float64)
        self.dt = np.ascontiguousarray(self.d.T)
        self.n = self.d.shape[0]
        self.prize = np.asarray(prizes, dtype=np.int64)
        self.m = n_vehicles
        self.budget = float(budget)
        self.start = start
        self.end = end
        self.cust = np.asarray(customers, dtype=np.int64)
        self.u = len(self.cust)
        self.col = np.full(self.n, -1, dtype=np.int64)
        self.col[self.cust] = np.arange(self.u)
        self.cprize = self.prize[self.cust].astype(np.float64)
        self.rng = rng
        pos = self.d[self.d > 0]
        self.delta = float(np.median(pos)) * 1e-3 if pos.size else 1e-6
        sym = self.d[np.ix_(self.cust, self.cust)] + self.dt[np.ix_(self.cust, self.cust)]
        self.near = np.argsort(sym, axis=1, kind="stable")
        self.to_cust = np.ascontiguousarray(self.d[:, self.cust])  # (n, U): node → customer
        self.from_cust = np.ascontiguousarray(self.dt[:, self.cust])  # (n, U): customer → node
        self.cols = np.arange(self.u)
        self._segment_cache: dict[int, tuple[IntArray, IntArray]] = {}
        self.ruin_weights = np.array(RUIN_WEIGHTS)

    # -- state helpers -----------------------------------------------------------------------

    def _fails(self, route: list[int]) -> bool:
        """True if the caller's check rejects a non-empty `route` (never without a check)."""
        return self.feasible is not None and bool(route) and not self.feasible(route)

    def route_length(self, route: list[int]) -> float:
        """Exact length of start → route → end (fsum of float arcs)."""
        seq = [self.start, *route, self.end]
        return math.fsum(self.d[seq[:-1], seq[1:]].tolist())

    def empty_state(self) -> SearchState:
        st = SearchState(
            [[] for _ in range(self.m)],
            [0.0] * self.m,
            np.zeros(self.u, dtype=np.bool_),
            0,
            np.zeros((self.m, self.u)),
            np.zeros((self.m, self.u), dtype=np.int64),
        )
        for k in range(self.m):
            st.lengths[k] = self.route_length([])
            self._refresh(st, k)
        return st

    def state_from_routes(self, routes: Iterable[Iterable[int]]) -> SearchState:
        """A state holding `routes` (customer nodes); infeasible tails are dropped."""
        st = self.empty_state()
        for k, route in enumerate(routes):
            if k >= self.m:
                break
            r = [int(v) for v in route if self.col[int(v)] >= 0 and not st.visited[self.col[v]]]
            while r and (self.route_length(r) > self.budget or self._fails(r)):
                r.pop()
            st.routes[k] = r
            st.lengths[k] = self.route_length(r)
            for v in r:
                st.visited[self.col[v]] = True
            self._refresh(st, k)
        st.score = int(self.cprize[st.visited].sum())
        return st

    def _refresh(self, st: SearchState, k: int) -> None:
        """Recompute route k's cheapest insertion cost and position for every customer."""
        seq = np.array([self.start, *st.routes[k], self.end], dtype=np.int64)
        a, b = seq[:-1], seq[1:]
        c = self.to_cust[a] + self.from_cust[b]
        c -= self.d[a, b][:, None]
        p = c.argmin(axis=0)
        st.ins_pos[k] = p
        st.ins_cost[k] = c[p, self.cols]

    def _set_route(self, st: SearchState, k: int, route: list[int]) -> bool:
        """Replace route k if it fits the budget; visited flags are the caller's business."""
        length = self.route_length(route)
        if length > self.budget or self._fails(route):
            return False
        st.routes[k] = route
        st.lengths[k] = length
        self._refresh(st, k)
        return True

    # -- insertion ---------------------------------------------------------------------------

    def fill(
        self,
        st: SearchState,
        alpha: float = 1.0,
        noise: float = 0.0,
        forbid: BoolArray | None = None,
    ) -> set[int]:
        """Insert unvisited customers greedily by prize**alpha / added length; routes changed."""
        changed: set[int] = set()
        weight = self.cprize**alpha
        if noise > 0:
            weight = weight[None, :] * self.rng.uniform(1.0 - noise, 1.0 + noise, (self.m, self.u))
        else:
            weight = np.broadcast_to(weight, (self.m, self.u))
        free = ~st.visited if forbid is None else ~(st.visited | forbid)
        ratio = weight / (np.maximum(st.ins_cost, 0.0) + self.delta)
        slack = self.budget - np.asarray(st.lengths)
        ratio[(st.ins_cost > slack[:, None] + _EPS) | ~free[None, :]] = -np.inf
        while True:
            flat = int(ratio.argmax())
            k, j = divmod(flat, self.u)
            if ratio[k, j] == -np.inf:
                return changed
            route = list(st.routes[k])
            route.insert(int(st.ins_pos[k, j]), int(self.cust[j]))
            if not self._set_route(st, k, route):
                ratio[k, j] = -np.inf
                continue
            st.visited[j] = True
            free[j] = False
            st.score += int(self.prize[self.cust[j]])
            changed.add(k)
            row = weight[k] / (np.maximum(st.ins_cost[k], 0.0) + self.delta)
            row[(st.ins_cost[k] > self.budget - st.lengths[k] + _EPS) | ~free] = -np.inf
            ratio[k] = row
            ratio[:, j] = -np.inf

    # -- intra-route length reduction --------------------------------------------------------

    def _segments(self, big: int) -> tuple[IntArray, IntArray]:
        """First sequence index and length of every segment of 1–3 customers in `big` slots."""
        cached = self._segment_cache.get(big)
        if cached is None:
            lens = [s for s in range(1, 4) if s <= big]
            first = np.concatenate([np.arange(1, big - s + 2) for s in lens])
            size = np.concatenate([np.full(big - s + 1, s) for s in lens])
            cached = (first.astype(np.int64), size.astype(np.int64))
            self._segment_cache[big] = cached
        return cached

    def improve_routes(self, routes: list[list[int]]) -> list[list[int]]:
        """Shorten each route with 2-opt and or-opt moves until neither helps.

        All routes are evaluated together on padded arrays; each pass applies, per route, the
        best move of either kind: reversing a segment (2-opt) or moving a segment of 1–3
        customers elsewhere, maybe reversed (or-opt). Valid for asymmetric matrices.
        """
        out = [list(r) for r in routes]
        active = [k for k, r in enumerate(out) if len(r) >= 2]
        d = self.d
        inf = np.inf
        while active:
            sizes = np.array([len(out[k]) for k in active], dtype=np.int64)
            big = int(sizes.max())
            seq = np.full((len(active), big + 2), self.end, dtype=np.int64)
            seq[:, 0] = self.start
            for row, k in enumerate(active):
                seq[row, 1 : sizes[row] + 1] = out[k]
            sub = d[seq[:, :, None], seq[:, None, :]]  # (R, W, W) arcs among route nodes
            fwd = np.diagonal(sub, offset=1, axis1=1, axis2=2)
            rev = np.diagonal(sub, offset=-1, axis1=1, axis2=2)
            zero = np.zeros((len(active), 1))
            cf = np.concatenate((zero, np.cumsum(fwd, axis=1)), axis=1)
            cr = np.concatenate((zero, np.cumsum(rev, axis=1)), axis=1)
            # 2-opt: reverse seq[i..j], 1 <= i < j <= size (array axes: i - 1, j - 1)
            two = (
                sub[:, :big, 1 : big + 1]
                + sub[:, 1 : big + 1, 2:]
                - fwd[:, :big, None]
                - fwd[:, None, 1:]
                + (cr[:, None, 1 : big + 1] - cr[:, 1 : big + 1, None])
                - (cf[:, None, 1 : big + 1] - cf[:, 1 : big + 1, None])
            )
            idx = np.arange(1, big + 1)
            i3, j3 = idx[None, :, None], idx[None, None, :]
            two[np.broadcast_to((j3 <= i3) | (j3 > sizes[:, None, None]), two.shape)] = inf
            # or-opt: move segment seq[f..l] into edge p (p < f - 1 or p > l, p <= size)
            first, seg = self._segments(big)
            last = first + seg - 1
            gain = fwd[:, first - 1] + fwd[:, last] - sub[:, first - 1, last + 1]
            turn = (cr[:, last] - cr[:, first]) - (cf[:, last] - cf[:, first])
            base = -fwd[:, None, :] - gain[:, :, None]
            p = np.arange(big + 1)[None, None, :]
            bad = ((p >= (first - 1)[None, :, None]) & (p <= last[None, :, None])) | (
                p > sizes[:, None, None]
            )
            bad = bad | (last[None, :, None] > sizes[:, None, None])
            into_first = sub[:, : big + 1, first].transpose(0, 2, 1)  # d[seq[p], seq[f]]
            into_last = sub[:, : big + 1, last].transpose(0, 2, 1)  # d[seq[p], seq[l]]
            move = np.empty((2, *base.shape))
            move[0] = into_first + sub[:, last, 1:] + base
            move[1] = into_last + sub[:, first, 1:] + base + turn[:, :, None]
            move[:, np.broadcast_to(bad, base.shape)] = inf
            best_two = two.reshape(len(active), -1).argmin(axis=1)
            best_move = move.transpose(1, 0, 2, 3).reshape(len(active), -1).argmin(axis=1)
            still = []
            for row, k in enumerate(active):
                route = out[k]
                bt = int(best_two[row])
                dt = float(two[row].flat[bt])
                rflag, a, edge = np.unravel_index(int(best_move[row]), move[:, row].shape)
                dm = float(move[rflag, row, a, edge])
                if min(dt, dm) >= -_EPS:
                    continue
                if dt <= dm:
                    x, y = divmod(bt, big)  # route positions of the reversed segment's ends
                    new = route[:x] + route[x : y + 1][::-1] + route[y + 1 :]
                else:
                    f, ln_ = int(first[a]), int(seg[a])
                    segment = route[f - 1 : f - 1 + ln_]
                    if rflag:
                        segment = segment[::-1]
                    rest = route[: f - 1] + route[f - 1 + ln_ :]
                    pos = int(edge) if edge < f - 1 else int(edge) - ln_
                    new = rest[:pos] + segment + rest[pos:]
                out[k] = new
                still.append(k)
            active = still
        return out

    def optimise_routes(self, st: SearchState, ks: Iterable[int]) -> bool:
        """Shorten routes `ks` in place; True if any got shorter."""
        ks = [k for k in ks if len(st.routes[k]) >= 2]
        if not ks:
            return False
        shorter = False
        for k, new in zip(ks, self.improve_routes([st.routes[k] for k in ks]), strict=True):
            if new != st.routes[k]:
                length = self.route_length(new)
                if length < st.lengths[k] and not self._fails(new):
                    st.routes[k] = new
                    st.lengths[k] = length
                    self._refresh(st, k)
                    shorter = True
        return shorter

    # -- exchange moves ----------------------------------------------------------------------

    def _padded(self, st: SearchState) -> tuple[IntArray, IntArray]:
        """Routes as an (m, Lmax + 2) node array padded with `end`, and each route's length."""
        sizes = np.array([len(r) for r in st.routes], dtype=np.int64)
        width = int(sizes.max()) + 2
        seq = np.full((self.m, width), self.end, dtype=np.int64)
        seq[:, 0] = self.start
        for k, route in enumerate(st.routes):
            seq[k, 1 : len(route) + 1] = route
        return seq, sizes

    def replace(self, st: SearchState) -> set[int]:
        """Swap visited customers for unvisited ones, the best swap per route.

        A swap takes customer v out of a route and puts a free customer u anywhere in the same
        route (in v's place or elsewhere); it improves if u's prize is higher, or equal with a
        shorter route. All routes are evaluated at once on padded arrays; the cheapest
        insertion avoiding v's two edges comes from prefix and suffix minima over the edges.
        Returns the routes changed.
        """
        free = np.flatnonzero(~st.visited)
        if free.size == 0 or not any(st.routes):
            return set()
        fnodes = self.cust[free]
        fprize = self.cprize[free]
        seq, sizes = self._padded(st)
        big = seq.shape[1] - 2
        inf = np.inf
        to_u, from_u = self.to_cust[:, free], self.from_cust[:, free]
        arc = self.d[seq[:, :-1], seq[:, 1:]]  # (m, big + 1)
        c = to_u[seq[:, :-1]] + from_u[seq[:, 1:]] - arc[:, :, None]  # (m, E, F)
        edge = np.arange(big + 1)
        c[edge[None, :] > sizes[:, None]] = inf
        pre = np.minimum.accumulate(c, axis=1)
        suf = np.minimum.accumulate(c[:, ::-1], axis=1)[:, ::-1]
        pad = np.full((self.m, 1, fnodes.size), inf)
        before = np.concatenate((pad, pre[:, :-1]), axis=1)[:, :big]  # edges < t - 1
        after = np.concatenate((suf, pad), axis=1)[:, 2:]  # edges > t
        t = np.arange(1, big + 1)
        prev, cur, nxt = seq[:, t - 1], seq[:, t], seq[:, t + 1]
        around = arc[:, t - 1] + arc[:, t]
        save = around - self.d[prev, nxt]
        inplace = to_u[prev] + from_u[nxt] - around[:, :, None]
        elsewhere = np.minimum(before, after) - save[:, :, None]
        dlen = np.minimum(inplace, elsewhere)
        vprize = self.prize[cur].astype(np.float64)
        vprize[t[None, :] > sizes[:, None]] = inf
        gain = fprize[None, None, :] - vprize[:, :, None]
        newlen = np.asarray(st.lengths)[:, None, None] + dlen
        ok = (newlen <= self.budget + _EPS) & ((gain > 0) | ((gain == 0) & (dlen < -1e-7)))
        if not ok.any():
            return set()
        key = np.where(ok, gain * 1e6 - dlen, -inf).reshape(self.m, -1)
        best = key.argmax(axis=1)
        order = np.argsort(-key[np.arange(self.m), best], kind="stable")
        changed: set[int] = set()
        taken: set[int] = set()
        for k in order.tolist():
            flat = int(best[k])
            if key[k, flat] == -inf:
                break
            ti, fi = divmod(flat, fnodes.size)
            node = int(fnodes[fi])
            if node in taken:
                continue
            route = st.routes[k]
            if inplace[k, ti, fi] <= elsewhere[k, ti, fi]:
                new = list(route)
                new[ti] = node
            else:
                cc = c[k, :, fi].copy()
                cc[ti] = cc[ti + 1] = inf
                e = int(cc.argmin())
                rest = route[:ti] + route[ti + 1 :]
                pos = e if e <= ti else e - 1
                new = [*rest[:pos], node, *rest[pos:]]
            old = route[ti]
            if not self._set_route(st, k, new):
                continue
            st.visited[self.col[old]] = False
            st.visited[int(free[fi])] = True
            taken.add(node)
            changed.add(k)
        st.score = int(self.cprize[st.visited].sum())
        return changed

    def relocate(self, st: SearchState) -> set[int]:
        """Move one customer to another route where it fits, if that cuts total length."""
        if self.m < 2:
            return set()
        best: tuple[float, int, int, int, int] | None = None
        slack = self.budget - np.asarray(st.lengths)
        for k, route in enumerate(st.routes):
            big = len(route)
            if big == 0:
                continue
            seq = np.array([self.start, *route, self.end], dtype=np.int64)
            t = np.arange(1, big + 1)
            save = (
                self.d[seq[t - 1], seq[t]]
                + self.d[seq[t], seq[t + 1]]
                - self.d[seq[t - 1], seq[t + 1]]
            )
            cols = self.col[seq[t]]
            cost = st.ins_cost[:, cols]  # (m, big)
            fits = cost <= slack[:, None] + _EPS
            fits[k] = False
            gain = np.where(fits, save[None, :] - cost, -np.inf)
            flat = int(gain.argmax())
            to, ti = divmod(flat, big)
            if gain[to, ti] > 1e-7 and (best is None or gain[to, ti] > best[0]):
                best = (float(gain[to, ti]), k, ti, to, int(st.ins_pos[to, cols[ti]]))
        if best is None:
            return set()
        _, k, ti, to, pos = best
        node = st.routes[k][ti]
        src = st.routes[k][:ti] + st.routes[k][ti + 1 :]
        dst = list(st.routes[to])
        dst.insert(pos, node)
        if self.route_length(dst) > self.budget or self.route_length(src) > st.lengths[k]:
            return set()
        if self._fails(dst) or self._fails(src):
            return set()
        self._set_route(st, to, dst)
        self._set_route(st, k, src)
        return {k, to}

    # -- local search and perturbation --------------------------------------------------------

    def local_search(self, st: SearchState, dirty: Iterable[int] | None = None) -> None:
        """Shorten, fill, replace and relocate until no move helps."""
        pending = set(range(self.m)) if dirty is None else set(dirty)
        while True:
            changed = self.fill(st)
            if not changed:
                changed = self.replace(st)
            if not changed:
                changed = self.relocate(st)
            if changed:
                pending |= changed
                continue
            if pending and self.optimise_routes(st, pending):
                pending = set()
                continue
            return

    def ruin(self, st: SearchState) -> tuple[BoolArray, int | None]:
        """Remove some visited customers; returns the removed (column) mask and, if a whole
        route was emptied to be sent elsewhere, that route's index.

        Kinds (weights in `ruin_weights`): random customers, customers near a random one,
        a segment of one route, a whole route, a whole route re-seeded elsewhere.
        """
        removed = np.zeros(self.u, dtype=np.bool_)
        vis = np.flatnonzero(st.visited)
        if vis.size == 0:
            return removed, None
        qmax = max(2, min(math.ceil(0.3 * vis.size), 25))
        q = int(self.rng.integers(1, qmax + 1))
        kind = int(self.rng.choice(len(self.ruin_weights), p=self.ruin_weights))
        reseed: int | None = None
        if kind == 0:
            pick = self.rng.choice(vis, size=min(q, vis.size), replace=False)
            removed[pick] = True
        elif kind == 1:
            seed_col = int(self.rng.choice(vis))
            near = self.near[seed_col]
            near = near[st.visited[near]]
            removed[near[:q]] = True
        else:
            ks = [k for k in range(self.m) if st.routes[k]]
            k = ks[int(self.rng.integers(len(ks)))]
            route = st.routes[k]
            if kind == 2:
                q = min(q, len(route))
                s = int(self.rng.integers(0, len(route) - q + 1))
                removed[self.col[route[s : s + q]]] = True
            else:
                removed[self.col[route]] = True
                reseed = k if kind == 4 else None
        for k in range(self.m):
            keep = [v for v in st.routes[k] if not removed[self.col[v]]]
            while self._fails(keep):
                removed[self.col[keep.pop()]] = True
            if len(keep) != len(st.routes[k]):
                st.routes[k] = keep
                st.lengths[k] = self.route_length(keep)
                self._refresh(st, k)
        st.visited &= ~removed
        st.score = int(self.cprize[st.visited].sum())
        return removed, reseed

    def construct(self) -> SearchState:
        """A fresh randomised solution: each route seeded with a random customer, then filled."""
        st = self.empty_state()
        seeds = self.rng.permutation(self.u)[: self.m]
        for k, j in enumerate(seeds):
            if self._set_route(st, k, [int(self.cust[j])]):
                st.visited[j] = True
        st.score = int(self.cprize[st.visited].sum())
        self.fill(st, float(self.rng.uniform(0.5, 2.5)), float(self.rng.uniform(0.0, 0.3)))
        self.local_search(st)
        return st

    def perturb(self, st: SearchState) -> None:
        """Ruin, shorten, recreate with a random ratio, then local search."""
        removed, reseed = self.ruin(st)
        self.optimise_routes(st, range(self.m))
        alpha = float(self.rng.uniform(0.5, 2.5))
        noise = float(self.rng.uniform(0.0, 0.3))
        if reseed is not None:
            slack = self.budget - st.lengths[reseed]
            fits = np.flatnonzero(~st.visited & ~removed & (st.ins_cost[reseed] <= slack))
            if fits.size:
                j = int(self.rng.choice(fits))
                if self._set_route(st, reseed, [int(self.cust[j])]):
                    st.visited[j] = True
                    st.score += int(self.prize[self.cust[j]])
        if reseed is not None or self.rng.random() < 0.5:
            self.fill(st, alpha, noise, forbid=removed)
        self.fill(st, alpha, noise)
        self.local_search(st)
