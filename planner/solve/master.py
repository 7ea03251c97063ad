"""The month's master problem: choose one day route per team-day to maximise activations.

Formulation (a set-packing model over day routes, solved by column generation):

- z[g, r] ∈ {0, 1}: a team of group g drives route r. Identical team-days (same date, routes
  and officers) form one group g of size m_g, so Σ_r z[g, r] ≤ m_g; this removes the symmetric
  copies that interchangeable teams would otherwise give CP-SAT. Routes go to teams afterwards.
- Staff and vehicles per day: Σ officers·z ≤ officers_per_day, Σ z ≤ vehicles_per_day.
- Spacing: for every venue and every window of `spacing_days` consecutive days, at most one
  visit (this also gives one team per venue per day). At most `max_visits` visits a month.
- Fixed events: every occurrence is visited exactly once.
- Activations A[v] ≤ Σ capacity·z over its visits, and A[v] ≤ g_v(n_v), where g_v is the
  concave curve of cumulative expected activations after n visits (planner.demand). For any
  set of visits the true (sequential) value is at most both, so the model over-estimates
  nothing it should not: its LP optimum is an upper bound on every plan's expected activations.
- Objective: Σ A[v]; CP-SAT also subtracts travel_weight × driving minutes as a tie-breaker,
  while the LP (the bound) counts activations alone, so the bound is on activations.

The LP is solved with GLOP, pricing every enumerated route of every group exactly (vectorised
reduced costs), so when pricing finds nothing the LP value is the bound over *all* feasible
plans. If time runs out first, the Lagrangian bound LP + Σ_g (the group's top-m_g positive
reduced costs) is used, which is also valid. The integer plan comes from CP-SAT on a restricted
set of columns (price-and-branch) with the greedy plan as a hint, in deterministic
(interleaved) mode with a deterministic time budget, so the same seed gives the same plan.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model
from scipy import sparse

from planner.candidates import PlanningProblem, Slot
from planner.demand import concave_envelope
from planner.solve.routes import DayRoute

Progress = Callable[[str], None]
SCALE = 10  # CP-SAT works in tenths of an activation
DETERMINISTIC_SHARE = 0.5


@dataclass(frozen=True)
class MasterResult:
    """Chosen route per slot, the model's own objective, and the proven upper bound."""

    chosen: dict[int, DayRoute]
    model_value: float
    upper_bound: float
    lp_converged: bool
    lp_iterations: int
    columns: int
    status: str
    seconds: float


@dataclass
class _Profile:
    routes: list[DayRoute]
    incidence: sparse.csr_matrix  # routes × venues (candidate order)
    travel: np.ndarray


def _venue_curves(problem: PlanningProblem) -> tuple[list[list[tuple[float, float]]], np.ndarray]:
    """Concave cuts (intercept, slope) of g_v per candidate, and the pools."""
    max_off = max((s.officers for s in problem.slots), default=1)
    cuts: list[list[tuple[float, float]]] = []
    pools = np.zeros(len(problem.candidates))
    for j, c in enumerate(problem.candidates):
        services = [problem.service(c.venue_id, d) for d in {s.date for s in problem.slots}]
        cap = max_off * max(services, default=c.service_min) / 60.0 * problem.per_officer_hour
        n_max = max(
            problem.max_visits_of(c.venue_id), sum(f.venue_id == c.venue_id for f in problem.fixed)
        )
        g = concave_envelope(c.demand.pool, c.demand.p, cap, n_max)
        pools[j] = c.demand.pool
        segs = []
        for k in range(n_max):
            b = g[k + 1] - g[k]
            segs.append((g[k] - b * k, b))
        cuts.append(segs)
    return cuts, pools


class MonthMaster:
    """Column generation + CP-SAT for one PlanningProblem (see module docstring)."""

    def __init__(self, problem: PlanningProblem, routes: dict[int, list[DayRoute]]) -> None:
        self.p = problem
        self.vindex = {c.venue_id: j for j, c in enumerate(problem.candidates)}
        self.nv = len(problem.candidates)
        self.cuts, self.pools = _venue_curves(problem)
        self.profiles: list[_Profile] = []
        self.slot_profile: dict[int, int] = {}
        seen: dict[int, int] = {}
        for s in problem.slots:
            rs = routes[s.index]
            key = id(rs)
            if key not in seen:
                seen[key] = len(self.profiles)
                self.profiles.append(self._profile(rs))
            self.slot_profile[s.index] = seen[key]
        # Identical team-days (same date, routes, officers) are one group with a multiplicity:
        # interchangeable teams would otherwise make CP-SAT search symmetric copies.
        named = {f.team for f in problem.fixed if f.team is not None}
        groups: dict[tuple[object, ...], list[Slot]] = {}
        for s in problem.slots:
            gkey = (
                s.date,
                self.slot_profile[s.index],
                s.officers,
                s.fixed_only,
                s.team if s.team in named else "",
            )
            groups.setdefault(gkey, []).append(s)
        self.members: list[tuple[Slot, ...]] = [tuple(g) for g in groups.values()]
        self.slots: list[Slot] = [g[0] for g in self.members]
        self.group_of = {s.index: gi for gi, g in enumerate(self.members) for s in g}
        self.dates = sorted({s.date for s in self.slots})
        # capacity per slot and venue
        self.cap = np.zeros((len(self.slots), self.nv))
        for si, s in enumerate(self.slots):
            for c in problem.candidates:
                if (c.venue_id, s.date) in problem.windows:
                    self.cap[si, self.vindex[c.venue_id]] = problem.capacity(
                        s.officers, c.venue_id, s.date
                    )
        self.fixed_keys = {(f.venue_id, f.date) for f in problem.fixed}
        self.fixed_venues = {f.venue_id for f in problem.fixed}
        self.windows = self._spacing_windows()

    def _profile(self, routes: list[DayRoute]) -> _Profile:
        rows, cols = [], []
        for r, route in enumerate(routes):
            for vid in route.venue_ids:
                rows.append(r)
                cols.append(self.vindex[vid])
        inc = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(routes), self.nv))
        return _Profile(routes, inc, np.array([r.travel_min for r in routes]))

    def _spacing_windows(self) -> list[tuple[int, frozenset[date], int]]:
        """(venue index, set of dates, at most) groups: spacing windows hold at most one visit;
        limit windows (visits just before the month, planner.carryover) their bound."""
        out: list[tuple[int, frozenset[date], int]] = []
        span = timedelta(days=self.p.spacing_days)
        for c in self.p.candidates:
            if c.venue_id in self.fixed_venues:
                continue  # fixed events keep their own timetable
            j = self.vindex[c.venue_id]
            elig = [d for d in self.dates if (c.venue_id, d) in self.p.windows]
            last: frozenset[date] | None = None
            for d0 in elig:
                w = frozenset(d for d in elig if d0 <= d < d0 + span)
                if last is not None and w <= last:
                    continue
                out.append((j, w, 1))
                last = w
        for vid, ds, bound in self.p.limit_windows:
            if vid in self.vindex:
                out.append((self.vindex[vid], frozenset(ds), bound))
        return out

    # ------------------------------------------------------------------ LP
    def _build_lp(self) -> None:
        lp = pywraplp.Solver.CreateSolver("GLOP")
        if lp is None:  # pragma: no cover - GLOP ships with ortools
            raise RuntimeError("GLOP is not available in this OR-Tools build")
        self.lp = lp
        inf = lp.infinity()
        self.A = [lp.NumVar(0.0, float(self.pools[j]), f"A{j}") for j in range(self.nv)]
        self.c_conv = [lp.Constraint(-inf, float(len(g))) for g in self.members]
        off = self.p.officers_per_day
        veh = self.p.vehicles_per_day
        self.c_staff = {d: lp.Constraint(-inf, float(off)) for d in self.dates} if off else {}
        self.c_veh = {d: lp.Constraint(-inf, float(veh)) for d in self.dates} if veh else {}
        self.c_space = [lp.Constraint(-inf, float(b)) for _j, _ds, b in self.windows]
        self.space_of: dict[tuple[int, date], list[int]] = {}
        for w, (j, ds, _bound) in enumerate(self.windows):
            for d in ds:
                self.space_of.setdefault((j, d), []).append(w)
        self.c_max = [
            lp.Constraint(
                -inf,
                inf if c.venue_id in self.fixed_venues else self.p.max_visits_of(c.venue_id),
            )
            for c in self.p.candidates
        ]
        self.c_cap = []
        for j in range(self.nv):
            ct = lp.Constraint(-inf, 0.0)
            ct.SetCoefficient(self.A[j], 1.0)
            self.c_cap.append(ct)
        self.c_seg: list[list[pywraplp.Constraint]] = []
        for j in range(self.nv):
            row = []
            for a, _b in self.cuts[j]:
                ct = lp.Constraint(-inf, a)
                ct.SetCoefficient(self.A[j], 1.0)
                row.append(ct)
            self.c_seg.append(row)
        self.c_fix = {k: lp.Constraint(1.0, 1.0) for k in self.fixed_keys}
        obj = lp.Objective()
        for a in self.A:
            obj.SetCoefficient(a, 1.0)
        obj.SetMaximization()
        self.cols: dict[tuple[int, int], pywraplp.Variable] = {}

    def _add_column(self, si: int, r: int) -> None:
        if (si, r) in self.cols:
            return
        s = self.slots[si]
        prof = self.profiles[self.slot_profile[s.index]]
        route = prof.routes[r]
        x = self.lp.NumVar(0.0, 1.0, f"z{si}_{r}")
        self.cols[(si, r)] = x
        self.c_conv[si].SetCoefficient(x, 1.0)
        if s.date in self.c_staff:
            self.c_staff[s.date].SetCoefficient(x, float(s.officers))
        if s.date in self.c_veh:
            self.c_veh[s.date].SetCoefficient(x, 1.0)
        for vid in route.venue_ids:
            j = self.vindex[vid]
            for w in self.space_of.get((j, s.date), []):
                self.c_space[w].SetCoefficient(x, 1.0)
            self.c_max[j].SetCoefficient(x, 1.0)
            self.c_cap[j].SetCoefficient(x, -float(self.cap[si, j]))
            for k, (_a, b) in enumerate(self.cuts[j]):
                self.c_seg[j][k].SetCoefficient(x, -b)
            ct = self.c_fix.get((vid, s.date))
            if ct is not None:
                ct.SetCoefficient(x, 1.0)

    def _duals(self) -> dict[str, object]:
        """Snapshot of every dual after a solve (reading them after adding columns is invalid)."""
        y_seg = np.array(
            [
                sum(ct.dual_value() * b for ct, (_a, b) in zip(row, cut, strict=True))
                for row, cut in zip(self.c_seg, self.cuts, strict=True)
            ]
        )
        base = (
            np.array([c.dual_value() for c in self.c_cap]),
            y_seg,
            np.array([c.dual_value() for c in self.c_max]),
        )
        by_date: dict[date, np.ndarray] = {d: np.zeros(self.nv) for d in self.dates}
        for (j, d), ws in self.space_of.items():
            by_date[d][j] -= sum(self.c_space[w].dual_value() for w in ws)
        for (vid, d), ct in self.c_fix.items():
            by_date[d][self.vindex[vid]] -= ct.dual_value()
        return {
            "cap": base[0],
            "venue": base[1] - base[2],
            "date": by_date,
            "conv": [c.dual_value() for c in self.c_conv],
            "staff": {d: c.dual_value() for d, c in self.c_staff.items()},
            "veh": {d: c.dual_value() for d, c in self.c_veh.items()},
        }

    def _reduced_costs(self, si: int, y: dict[str, Any]) -> np.ndarray:
        """Reduced cost of every enumerated route of slot `si` under duals `y` (vectorised)."""
        s = self.slots[si]
        prof = self.profiles[self.slot_profile[s.index]]
        if not prof.routes:
            return np.zeros(0)
        omega = self.cap[si] * y["cap"] + y["venue"] + y["date"][s.date]
        const = y["conv"][si]
        const += s.officers * y["staff"].get(s.date, 0.0) + y["veh"].get(s.date, 0.0)
        rc: np.ndarray = prof.incidence @ omega - const
        return rc

    def column_generation(
        self,
        deadline: float,
        seed_columns: dict[int, int],
        progress: Progress | None = None,
        per_slot: int = 40,
    ) -> tuple[float, float, bool, int]:
        """Solve the LP relaxation over all routes; returns (lp value, bound, converged, iters)."""
        self._build_lp()
        for si, s in enumerate(self.slots):
            prof = self.profiles[self.slot_profile[s.index]]
            for r, route in enumerate(prof.routes):
                if len(route.stops) == 1:
                    self._add_column(si, r)
        for slot_index, r in seed_columns.items():
            self._add_column(self.group_of[slot_index], r)
        it = 0
        bound = math.inf
        value = 0.0
        while True:
            it += 1
            status = self.lp.Solve()
            if status != pywraplp.Solver.OPTIMAL:
                raise InfeasiblePlanError(
                    "the month cannot be planned: a fixed event cannot be staffed on some day "
                    "(check fixed_events, staff limits and team days off)"
                )
            value = float(self.lp.Objective().Value())
            best_rc = 0.0
            new: list[tuple[int, int]] = []
            y = self._duals()
            for si in range(len(self.slots)):
                rc = self._reduced_costs(si, y)
                if rc.size == 0:
                    continue
                # Lagrangian bound: each group adds at most its size in improving routes.
                order = np.argsort(-rc, kind="stable")
                best_rc += float(np.clip(rc[order[: len(self.members[si])]], 0, None).sum())
                fresh = rc.copy()
                fresh[[r for (g, r) in self.cols if g == si]] = -np.inf
                top = np.argsort(-fresh, kind="stable")[:per_slot]
                new.extend((si, int(r)) for r in top[fresh[top] > 1e-6])
            for si, r in new:
                self._add_column(si, r)
            added = len(new)
            bound = min(bound, value + best_rc)
            if progress:
                progress(
                    f"LP {it}: value {value:,.0f}, bound {bound:,.0f}, columns {len(self.cols)}"
                )
            if added == 0:
                self.final_duals = y
                return value, value, True, it
            if time.monotonic() > deadline:
                self.final_duals = y
                return value, bound, False, it

    # ------------------------------------------------------------- integer
    def restricted_columns(self, hint: dict[int, int], per_slot: int) -> list[tuple[int, int]]:
        """Columns for the integer model: the LP's support, the hint, and per slot the
        `per_slot` routes of highest reduced cost at the final duals (price-and-branch)."""
        keep = {k for k, var in self.cols.items() if var.solution_value() > 1e-6}
        keep |= {(self.group_of[si], r) for si, r in hint.items()}
        y = getattr(self, "final_duals", None)
        for si in range(len(self.slots)):
            if y is None:
                keep |= {k for k in self.cols if k[0] == si}
                continue
            rc = self._reduced_costs(si, y)
            if rc.size:
                top = np.argsort(-rc, kind="stable")[: per_slot * len(self.members[si])]
                keep |= {(si, int(r)) for r in top}
        return sorted(keep)

    def solve_integer(
        self,
        time_limit: float,
        hint: dict[int, int],
        seed: int,
        workers: int,
        *,
        stop_gap: float = 0.002,
        per_slot: int = 25,
    ) -> tuple[dict[int, DayRoute], float, str]:
        """CP-SAT over a restricted set of columns; `hint` maps slot index → route index.

        Stops early once CP-SAT proves its plan within `stop_gap` of the restricted optimum.
        """
        m = cp_model.CpModel()
        z = {k: m.new_bool_var(f"z{k[0]}_{k[1]}") for k in self.restricted_columns(hint, per_slot)}
        by_slot: dict[int, list[tuple[int, int]]] = {}
        for k in z:
            by_slot.setdefault(k[0], []).append(k)
        for gi, ks in by_slot.items():
            m.add(sum(z[k] for k in ks) <= len(self.members[gi]))
        visits: dict[int, list[tuple[int, int]]] = {j: [] for j in range(self.nv)}
        day_keys: dict[date, list[tuple[int, int]]] = {}
        for k in z:
            si, r = k
            s = self.slots[si]
            day_keys.setdefault(s.date, []).append(k)
            for vid in self.profiles[self.slot_profile[s.index]].routes[r].venue_ids:
                visits[self.vindex[vid]].append(k)
        if self.p.officers_per_day:
            for ks in day_keys.values():
                m.add(sum(self.slots[k[0]].officers * z[k] for k in ks) <= self.p.officers_per_day)
        if self.p.vehicles_per_day:
            for ks in day_keys.values():
                m.add(sum(z[k] for k in ks) <= self.p.vehicles_per_day)
        for j, ds, bound in self.windows:
            ks = [k for k in visits[j] if self.slots[k[0]].date in ds]
            if len(ks) > bound == 1:
                m.add_at_most_one(z[k] for k in ks)
            elif len(ks) > bound:
                m.add(sum(z[k] for k in ks) <= bound)
        for vid, d in self.fixed_keys:
            j = self.vindex[vid]
            m.add_exactly_one(z[k] for k in visits[j] if self.slots[k[0]].date == d)
        objective = []
        for j in range(self.nv):
            ks = visits[j]
            if not ks:
                continue
            if self.p.candidates[j].venue_id not in self.fixed_venues:
                m.add(sum(z[k] for k in ks) <= self.p.max_visits_of(self.p.candidates[j].venue_id))
            ub = math.floor(self.pools[j] * SCALE)
            a = m.new_int_var(0, max(ub, 0), f"A{j}")
            m.add(a <= sum(int(self.cap[k[0], j] * SCALE) * z[k] for k in ks))
            n = sum(z[k] for k in ks)
            for icpt, slope in self.cuts[j]:
                m.add(a <= math.floor(icpt * SCALE) + math.floor(slope * SCALE) * n)
            objective.append(a)
        travel_terms = []
        for k in z:
            si, r = k
            prof = self.profiles[self.slot_profile[self.slots[si].index]]
            w = round(self.p.travel_weight * float(prof.travel[r]) * SCALE)
            if w:
                travel_terms.append(w * z[k])
        m.maximize(sum(objective) - sum(travel_terms))
        hinted = {(self.group_of[si], r) for si, r in hint.items()}
        for k, var in z.items():
            m.add_hint(var, 1 if k in hinted else 0)
        solver = cp_model.CpSolver()
        prm = solver.parameters
        # The deterministic budget (≈ seconds on this machine) binds first, so the same seed
        # gives the same plan; the wall-clock limit is the safety net on a slow machine.
        prm.max_time_in_seconds = max(time_limit, 1.0)
        prm.max_deterministic_time = max(time_limit, 1.0) * DETERMINISTIC_SHARE
        prm.num_workers = max(workers, 1)
        prm.interleave_search = workers > 1
        prm.random_seed = seed
        prm.randomize_search = False
        # Stop at a proven relative gap of `stop_gap` (CP-SAT's own bound): a deterministic
        # criterion, unlike stopping from a solution callback.
        prm.relative_gap_limit = stop_gap
        status = solver.solve(m)
        name = solver.status_name(status)
        self.cpsat_stats = {
            "wall_s": solver.wall_time,
            "deterministic_time": solver.response_proto.deterministic_time,
            "best_bound": solver.best_objective_bound / SCALE,
        }
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise InfeasiblePlanError(f"CP-SAT found no plan ({name})")
        if (
            status == cp_model.FEASIBLE
            and solver.wall_time >= prm.max_time_in_seconds - 0.05
            and self.cpsat_stats["deterministic_time"] < prm.max_deterministic_time * 0.98
        ):
            name += ", wall-clock limit hit: a rerun may differ"
        picked: dict[int, list[DayRoute]] = {}
        for k, var in z.items():
            if solver.value(var):
                gi, r = k
                rep = self.slots[gi]
                picked.setdefault(gi, []).append(
                    self.profiles[self.slot_profile[rep.index]].routes[r]
                )
        chosen: dict[int, DayRoute] = {}
        for gi, rs in picked.items():
            rs.sort(key=lambda route: (route.depart, route.venue_ids))
            for member, route in zip(self.members[gi], rs, strict=False):
                chosen[member.index] = route
        return chosen, solver.objective_value / SCALE, name

    def route_index(self, slot_index: int, venue_ids: tuple[str, ...]) -> int | None:
        """Column index of the enumerated route with the same venue set, if any."""
        prof = self.profiles[self.slot_profile[slot_index]]
        target = frozenset(venue_ids)
        for r, route in enumerate(prof.routes):
            if frozenset(route.venue_ids) == target:
                return r
        return None


class InfeasiblePlanError(RuntimeError):
    """No plan satisfies the hard constraints (fixed events, limits)."""
