"""Ruin-and-recreate local search for the Team Orienteering Problem, vectorised with numpy.

Works on a float travel matrix (service times already folded into it), so every length here is
exact up to float rounding; a route is only kept if its length, summed with `math.fsum`, is at
most the budget. The search is deterministic for a given seed and number of iterations.

Moves: cheapest-ratio insertion of unvisited customers, 2-opt and or-opt inside a route (both
valid for asymmetric matrices), replacing a visited customer by a better unvisited one, and
relocating a customer to another route to free budget. Diversification ruins part of the
solution (random, spatially related, a route segment, or a whole route) and recreates it with a
randomised insertion ratio.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_EPS = 1e-9


@dataclass
class SearchState:
    """A solution being worked on: routes of customer nodes, their lengths and visited flags."""

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
    are ever inserted.
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
    ) -> None:
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

    # -- state helpers -----------------------------------------------------------------------

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
            while r and self.route_length(r) > self.budget:
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
        c = self.d[a][:, self.cust] + self.dt[b][:, self.cust] - self.d[a, b][:, None]
        p = c.argmin(axis=0)
        st.ins_pos[k] = p
        st.ins_cost[k] = c[p, np.arange(self.u)]

    def _set_route(self, st: SearchState, k: int, route: list[int]) -> bool:
        """Replace route k if it fits the budget; visited flags are the caller's business."""
        length = self.route_length(route)
        if length > self.budget:
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
        blocked = np.zeros((self.m, self.u), dtype=np.bool_)
        while True:
            free = ~st.visited if forbid is None else ~(st.visited | forbid)
            slack = self.budget - np.asarray(st.lengths)
            ok = (st.ins_cost <= slack[:, None] + _EPS) & free[None, :] & ~blocked
            if not ok.any():
                return changed
            ratio = weight[None, :] / (np.maximum(st.ins_cost, 0.0) + self.delta)
            if noise > 0:
                ratio = ratio * self.rng.uniform(1.0 - noise, 1.0 + noise, size=ratio.shape)
            ratio = np.where(ok, ratio, -np.inf)
            flat = int(ratio.argmax())
            k, j = divmod(flat, self.u)
            route = list(st.routes[k])
            route.insert(int(st.ins_pos[k, j]), int(self.cust[j]))
            if not self._set_route(st, k, route):
                blocked[k, j] = True
                continue
            st.visited[j] = True
            st.score += int(self.prize[self.cust[j]])
            changed.add(k)

    # -- intra-route length reduction --------------------------------------------------------

    def two_opt(self, route: list[int]) -> tuple[list[int], bool]:
        """Best-improvement 2-opt (segment reversal) until no move shortens the route."""
        improved = False
        d = self.d
        while len(route) >= 2:
            seq = np.array([self.start, *route, self.end], dtype=np.int64)
            fwd = d[seq[:-1], seq[1:]]
            rev = d[seq[1:], seq[:-1]]
            cf = np.concatenate(([0.0], np.cumsum(fwd)))
            cr = np.concatenate(([0.0], np.cumsum(rev)))
            idx = np.arange(1, len(seq) - 1)
            i = idx[:, None]
            j = idx[None, :]
            delta = (
                d[seq[i - 1], seq[j]]
                + d[seq[i], seq[j + 1]]
                - fwd[i - 1]
                - fwd[j]
                + (cr[j] - cr[i])
                - (cf[j] - cf[i])
            )
            delta = np.where(j > i, delta, np.inf)
            best = int(delta.argmin())
            bi, bj = divmod(best, len(idx))
            if delta[bi, bj] >= -_EPS:
                break
            a, b = bi, bj  # route positions (seq index - 1)
            route = route[:a] + route[a : b + 1][::-1] + route[b + 1 :]
            improved = True
        return route, improved

    def or_opt(self, route: list[int]) -> tuple[list[int], bool]:
        """Best-improvement move of a segment of 1–3 customers (maybe reversed) in the route."""
        d = self.d
        big = len(route)
        if big < 2:
            return route, False
        seq = np.array([self.start, *route, self.end], dtype=np.int64)
        fwd = d[seq[:-1], seq[1:]]
        rev = d[seq[1:], seq[:-1]]
        cf = np.concatenate(([0.0], np.cumsum(fwd)))
        cr = np.concatenate(([0.0], np.cumsum(rev)))
        segs = [np.full(big - s + 1, s) for s in range(1, min(3, big - 1) + 1)]
        seg = np.concatenate(segs)
        i = np.concatenate([np.arange(1, big - s + 2) for s in range(1, len(segs) + 1)])
        last = i + seg - 1
        first_n, last_n = seq[i][:, None], seq[last][:, None]
        gain = fwd[i - 1] + fwd[last] - d[seq[i - 1], seq[last + 1]]
        turn = (cr[last] - cr[i]) - (cf[last] - cf[i])
        p = np.arange(len(seq) - 1)[None, :]
        pa, pb = seq[p], seq[p + 1]
        base = -fwd[p] - gain[:, None]
        valid = (p < (i - 1)[:, None]) | (p > last[:, None])
        delta = np.empty((2, len(i), len(seq) - 1))
        delta[0] = d[pa, first_n] + d[last_n, pb] + base
        delta[1] = d[pa, last_n] + d[first_n, pb] + base + turn[:, None]
        delta[:, ~valid] = np.inf
        flat = int(delta.argmin())
        if delta.flat[flat] >= -_EPS:
            return route, False
        rev_flag, a, edge = np.unravel_index(flat, delta.shape)
        si, ln = int(i[a]), int(seg[a])
        segment = route[si - 1 : si - 1 + ln]
        if rev_flag:
            segment = segment[::-1]
        rest = route[: si - 1] + route[si - 1 + ln :]
        # edge e of the original sequence joins seq[e] and seq[e+1]; map to rest positions
        pos = int(edge) if edge < si - 1 else int(edge) - ln
        return rest[:pos] + segment + rest[pos:], True

    def optimise_route(self, route: list[int]) -> list[int]:
        """2-opt and or-opt until neither shortens the route."""
        while True:
            route, _ = self.two_opt(route)
            route, moved = self.or_opt(route)
            if not moved:
                return route

    def optimise_routes(self, st: SearchState, ks: Iterable[int]) -> None:
        for k in ks:
            new = self.optimise_route(st.routes[k])
            if new != st.routes[k]:
                length = self.route_length(new)
                if length < st.lengths[k]:
                    st.routes[k] = new
                    st.lengths[k] = length
                    self._refresh(st, k)

    # -- exchange moves ----------------------------------------------------------------------

    def replace(self, st: SearchState) -> int | None:
        """Apply the best swap of one visited customer for an unvisited one in the same route.

        Improving means more prize, or the same prize with a shorter route. Returns the route
        changed, or None.
        """
        free = ~st.visited
        if not free.any():
            return None
        fcols = np.flatnonzero(free)
        fnodes = self.cust[fcols]
        fprize = self.cprize[fcols]
        best: tuple[float, float, int, list[int]] | None = None
        for k, route in enumerate(st.routes):
            big = len(route)
            if big == 0:
                continue
            seq = np.array([self.start, *route, self.end], dtype=np.int64)
            a, b = seq[:-1], seq[1:]
            arc = self.d[a, b]
            c = self.d[a][:, fnodes] + self.dt[b][:, fnodes] - arc[:, None]  # (big+1, F)
            t = np.arange(1, big + 1)
            vprize = self.prize[seq[t]].astype(np.float64)
            gain_p = fprize[None, :] - vprize[:, None]  # (big, F)
            if gain_p.max() < 0:
                continue
            save = arc[t - 1] + arc[t] - self.d[seq[t - 1], seq[t + 1]]
            inplace = (
                self.d[seq[t - 1]][:, fnodes] + self.dt[seq[t + 1]][:, fnodes]
            ) - (arc[t - 1] + arc[t])[:, None]
            order = np.argsort(c, axis=0, kind="stable")[:3]  # (3, F) best edges per node
            cbest = np.take_along_axis(c, order, axis=0)
            e0 = order[0][None, :]
            adj0 = (e0 == (t - 1)[:, None]) | (e0 == t[:, None])
            elsewhere = np.where(adj0, np.inf, cbest[0][None, :] - save[:, None])
            if order.shape[0] > 1:
                e1 = order[1][None, :]
                adj1 = (e1 == (t - 1)[:, None]) | (e1 == t[:, None])
                alt = np.where(adj1, np.inf, cbest[1][None, :] - save[:, None])
                elsewhere = np.where(adj0, alt, elsewhere)
                if order.shape[0] > 2:
                    e2 = order[2][None, :]
                    alt2 = cbest[2][None, :] - save[:, None]
                    both = adj0 & adj1
                    elsewhere = np.where(both, alt2, elsewhere)
                    del e2
            dlen = np.minimum(inplace, elsewhere)
            newlen = st.lengths[k] + dlen
            ok = (newlen <= self.budget + _EPS) & (
                (gain_p > 0) | ((gain_p == 0) & (dlen < -1e-7))
            )
            if not ok.any():
                continue
            key = np.where(ok, gain_p * 1e6 - dlen, -np.inf)
            flat = int(key.argmax())
            ti, fi = divmod(flat, len(fnodes))
            g, dl = float(gain_p[ti, fi]), float(dlen[ti, fi])
            if best is None or (g, -dl) > (best[0], -best[1]):
                node = int(fnodes[fi])
                if inplace[ti, fi] <= elsewhere[ti, fi]:
                    new = list(route)
                    new[ti] = node
                else:
                    rest = route[:ti] + route[ti + 1 :]
                    cc = c[:, fi].copy()
                    cc[ti] = cc[ti + 1] = np.inf
                    e = int(cc.argmin())
                    pos = e if e <= ti else e - 1
                    new = rest[:pos] + [node] + rest[pos:]
                best = (g, dl, k, new)
        if best is None:
            return None
        _, _, k, new = best
        old = st.routes[k]
        if not self._set_route(st, k, new):
            return None
        for v in old:
            st.visited[self.col[v]] = False
        for v in new:
            st.visited[self.col[v]] = True
        st.score = int(self.cprize[st.visited].sum())
        return k

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
        self._set_route(st, to, dst)
        self._set_route(st, k, src)
        return {k, to}

    # -- local search and perturbation --------------------------------------------------------

    def local_search(self, st: SearchState, dirty: Iterable[int] | None = None) -> None:
        """Shorten, fill, replace and relocate until no move helps."""
        todo = set(range(self.m)) if dirty is None else set(dirty)
        while True:
            self.optimise_routes(st, todo)
            todo = self.fill(st)
            if todo:
                continue
            k = self.replace(st)
            if k is not None:
                todo = {k}
                continue
            todo = self.relocate(st)
            if todo:
                continue
            return

    def ruin(self, st: SearchState) -> BoolArray:
        """Remove a random share of the visited customers; returns the removed (column) mask."""
        removed = np.zeros(self.u, dtype=np.bool_)
        vis = np.flatnonzero(st.visited)
        if vis.size == 0:
            return removed
        qmax = max(2, min(int(math.ceil(0.3 * vis.size)), 25))
        q = int(self.rng.integers(1, qmax + 1))
        kind = self.rng.random()
        if kind < 0.35:
            pick = self.rng.choice(vis, size=min(q, vis.size), replace=False)
            removed[pick] = True
        elif kind < 0.75:
            seed_col = int(self.rng.choice(vis))
            near = self.near[seed_col]
            near = near[st.visited[near]]
            removed[near[:q]] = True
        elif kind < 0.93:
            ks = [k for k in range(self.m) if st.routes[k]]
            k = ks[int(self.rng.integers(len(ks)))]
            route = st.routes[k]
            q = min(q, len(route))
            s = int(self.rng.integers(0, len(route) - q + 1))
            removed[self.col[route[s : s + q]]] = True
        else:
            ks = [k for k in range(self.m) if st.routes[k]]
            k = ks[int(self.rng.integers(len(ks)))]
            removed[self.col[st.routes[k]]] = True
        for k in range(self.m):
            keep = [v for v in st.routes[k] if not removed[self.col[v]]]
            if len(keep) != len(st.routes[k]):
                st.routes[k] = keep
                st.lengths[k] = self.route_length(keep)
                self._refresh(st, k)
        st.visited &= ~removed
        st.score = int(self.cprize[st.visited].sum())
        return removed

    def perturb(self, st: SearchState) -> None:
        """Ruin, shorten, recreate with a random ratio, then local search."""
        removed = self.ruin(st)
        self.optimise_routes(st, range(self.m))
        alpha = float(self.rng.uniform(0.5, 2.5))
        noise = float(self.rng.uniform(0.0, 0.3))
        if self.rng.random() < 0.5:
            self.fill(st, alpha, noise, forbid=removed)
        self.fill(st, alpha, noise)
        self.local_search(st)
