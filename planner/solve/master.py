"""The month's master problem: choose one day route per team-day to maximise activations.

Formulation (a set-packing model over day routes, solved by column generation):

- z[g, r] ∈ {0, 1}: a team of group g drives route r. Identical team-days (same date, routes,
  officers and side-constraint coefficients) form one group g of size m_g, so Σ_r z[g, r] ≤ m_g;
  this removes the symmetric copies that interchangeable teams would otherwise give CP-SAT.
  Routes go to teams afterwards.
- Staff and vehicles per day: Σ officers·z ≤ officers_per_day, Σ z ≤ vehicles_per_day
  (None = no limit; 0 = nobody goes out).
- Spacing: for every venue and every window of `spacing_days` consecutive days, at most one
  visit (this also gives one team per venue per day). At most `max_visits` visits a month.
- Fixed events: every occurrence is visited exactly once.
- Activations A[v] ≤ Σ capacity·z over its visits, and A[v] ≤ g_v(n_v), where g_v is the
  concave curve of cumulative expected activations after n visits (planner.demand). For any
  set of visits the true (sequential) value is at most both, so the model over-estimates
  nothing it should not: its LP optimum is an upper bound on every plan's expected activations.
- Side constraints (planner.side_constraints): one extra row each, in the LP and in CP-SAT.
  **This is where new generic rules go**: add a `SideConstraint` to `PlanningProblem.side`
  (built in planner.candidates or by the caller); `_RestrictedLP._build` and
  `solve_integer` add its row, `Duals.omega` / `Duals.constant` price its dual into every
  route's reduced cost, and the groups split slots whose coefficients differ. Nothing else
  in the engine needs to know about it.
- Objective: Σ A[v]; CP-SAT also subtracts travel_weight × driving minutes as a tie-breaker
  (and night_weight × officer-nights of trip days, so a trip is taken only when it adds),
  while the LP (the bound) counts activations alone, so the bound is on activations.

Why the bound is valid in every mode. Write LP* for the LP optimum over *all* feasible routes.
LP* ≥ every plan's activations (above). At any LP dual solution y of a restricted master, LP
duality gives LP* ≤ D(y) + Σ_g m_g · max(0, max_r rc_g(r)) (the Lagrangian bound: each group
can add at most m_g routes, each worth at most the largest reduced cost). A pricer returns an
upper bound on that group term: the exact term when it looked at every route (enumeration),
or the term of a relaxed route set that contains every feasible route (planner.solve.pricing),
which can only be larger. When no group can add anything (all terms 0), LP* = the restricted
LP value. So `LPResult.bound` is an upper bound whichever pricer ran and whenever it stopped.

The LP is solved with GLOP; the integer plan comes from CP-SAT on a restricted set of columns
(price-and-branch) with the greedy plan as a hint, in deterministic (interleaved) mode with a
deterministic time budget, so the same seed gives the same plan.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model
from scipy import sparse

from planner.candidates import PlanningProblem, Slot
from planner.demand import concave_envelope
from planner.i18n import LocalisedError, Message
from planner.interrupt import stop_on_interrupt
from planner.solve.routes import DayRoute
from planner.solve.stop import Budget, Clock, MultipleCriteria

Progress = Callable[[str], None]
FloatArray = NDArray[np.float64]
SCALE = 10  # CP-SAT works in tenths of an activation
SIDE_SCALE = 1000  # side-constraint coefficients are rounded to 1/1000 in CP-SAT
#: Work units (≈ seconds on the development machine) per priced route and per LP column.
WORK_PER_PRICED_ROUTE = 2e-7
WORK_PER_LP_COLUMN = 2e-5
#: Column generation asks every pricer for an exact round when the LP value grew by less
#: than STALL (relative) in a round, or after EXACT_AFTER of the LP's time share.
STALL = 0.002
EXACT_AFTER = 0.6

Column = tuple[int, int]
"""(group index, route index in the group's route set)."""


class RouteSet:
    """The day routes known for one day profile: append-only, one route per venue set.

    In enumeration mode it holds every feasible route from the start; in generation mode the
    pricer appends the routes it finds. Indices never change, so a column (group, index)
    stays valid as the set grows.
    """

    def __init__(self, routes: Sequence[DayRoute] = ()) -> None:
        self.routes: list[DayRoute] = []
        self._index: dict[frozenset[str], int] = {}
        self._incidence: sparse.csr_matrix | None = None
        self._inc_rows = 0
        for r in routes:
            self.add(r)

    def __len__(self) -> int:
        return len(self.routes)

    def add(self, route: DayRoute) -> int:
        """Index of `route`'s venue set, appending the route if the set is new."""
        key = frozenset(route.venue_ids)
        r = self._index.get(key)
        if r is None:
            r = len(self.routes)
            self._index[key] = r
            self.routes.append(route)
        return r

    def find(self, venue_ids: Sequence[str]) -> int | None:
        return self._index.get(frozenset(venue_ids))

    def incidence(self, vindex: Mapping[str, int], nv: int) -> sparse.csr_matrix:
        """Routes × venues 0/1 matrix (candidate order), rebuilt when routes were added."""
        if self._incidence is None or self._inc_rows != len(self.routes):
            rows, cols = [], []
            for r, route in enumerate(self.routes):
                for vid in route.venue_ids:
                    rows.append(r)
                    cols.append(vindex[vid])
            self._incidence = sparse.csr_matrix(
                (np.ones(len(rows)), (rows, cols)), shape=(len(self.routes), nv)
            )
            self._inc_rows = len(self.routes)
        return self._incidence

    def travel(self) -> FloatArray:
        return np.array([r.travel_min for r in self.routes], dtype=float)


def _venue_curves(
    problem: PlanningProblem,
) -> tuple[tuple[tuple[tuple[float, float], ...], ...], FloatArray]:
    """Concave cuts (intercept, slope) of g_v per candidate, and the pools."""
    max_off = max((s.officers for s in problem.slots), default=1)
    cuts: list[tuple[tuple[float, float], ...]] = []
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
        cuts.append(tuple(segs))
    return tuple(cuts), pools


@dataclass(frozen=True)
class MasterData:
    """The master problem's fixed data: groups of identical team-days, capacities, curves.

    Built once per solve from the problem and the route set of each slot's day profile;
    everything that changes during the solve (columns, duals, incumbents) lives in the
    results (`LPResult`, `IntegerResult`), not here. Only the route sets grow (append-only).
    """

    problem: PlanningProblem
    vindex: Mapping[str, int]
    cuts: tuple[tuple[tuple[float, float], ...], ...]
    pools: FloatArray
    route_sets: tuple[RouteSet, ...]
    slot_profile: Mapping[int, int]
    members: tuple[tuple[Slot, ...], ...]
    group_of: Mapping[int, int]
    dates: tuple[date, ...]
    cap: FloatArray  # groups × venues
    fixed_keys: frozenset[tuple[str, date]]
    fixed_venues: frozenset[str]
    windows: tuple[tuple[int, frozenset[date], int], ...]  # (venue, dates, at most)
    side_venue: tuple[FloatArray, ...]  # per side row: groups × venues visit coefficients
    side_slot: FloatArray  # side rows × groups slot coefficients

    @property
    def nv(self) -> int:
        return len(self.problem.candidates)

    @property
    def slots(self) -> tuple[Slot, ...]:
        """One representative slot per group."""
        return tuple(g[0] for g in self.members)

    def routes_of(self, gi: int) -> RouteSet:
        return self.route_sets[self.slot_profile[self.members[gi][0].index]]

    @classmethod
    def build(
        cls,
        problem: PlanningProblem,
        slot_profile: Mapping[int, int],
        route_sets: Sequence[RouteSet],
    ) -> MasterData:
        """Group identical team-days and precompute capacities and spacing windows."""
        vindex = {c.venue_id: j for j, c in enumerate(problem.candidates)}
        nv = len(problem.candidates)
        cuts, pools = _venue_curves(problem)
        # Identical team-days (same date, routes, officers) are one group with a multiplicity:
        # interchangeable teams would otherwise make CP-SAT search symmetric copies.
        named = {f.team for f in problem.fixed if f.team is not None}
        groups: dict[tuple[object, ...], list[Slot]] = {}
        for s in problem.slots:
            side_sig = tuple(
                (
                    ci,
                    c.slot_coef.get(s.index, 0.0),
                    c.visit_slots is None or s.index in c.visit_slots,
                )
                for ci, c in enumerate(problem.side)
                if s.index in c.slot_coef or c.visit_slots is not None
            )
            gkey = (
                s.date,
                slot_profile[s.index],
                s.officers,
                s.fixed_only,
                s.team if s.team in named else "",
                side_sig,
            )
            groups.setdefault(gkey, []).append(s)
        members = tuple(tuple(g) for g in groups.values())
        reps = [g[0] for g in members]
        cap = np.zeros((len(reps), nv))
        for si, s in enumerate(reps):
            for c in problem.candidates:
                if (c.venue_id, s.date) in problem.windows:
                    cap[si, vindex[c.venue_id]] = problem.capacity(s.officers, c.venue_id, s.date)
        side_venue = []
        side_slot = np.zeros((len(problem.side), len(reps)))
        for ci, row in enumerate(problem.side):
            mat = np.zeros((len(reps), nv))
            for gi, s in enumerate(reps):
                side_slot[ci, gi] = float(row.slot_coef.get(s.index, 0.0))
                for vid in row.venue_coef:
                    if vid in vindex:
                        mat[gi, vindex[vid]] = row.visit_coef(s.index, vid)
            side_venue.append(mat)
        dates = tuple(sorted({s.date for s in reps}))
        fixed_venues = frozenset(f.venue_id for f in problem.fixed)
        return cls(
            problem=problem,
            vindex=vindex,
            cuts=cuts,
            pools=pools,
            route_sets=tuple(route_sets),
            slot_profile=dict(slot_profile),
            members=members,
            group_of={s.index: gi for gi, g in enumerate(members) for s in g},
            dates=dates,
            cap=cap,
            fixed_keys=frozenset((f.venue_id, f.date) for f in problem.fixed),
            fixed_venues=fixed_venues,
            windows=_spacing_windows(problem, vindex, dates, fixed_venues),
            side_venue=tuple(side_venue),
            side_slot=side_slot,
        )


def _spacing_windows(
    problem: PlanningProblem,
    vindex: Mapping[str, int],
    dates: Sequence[date],
    fixed_venues: frozenset[str],
) -> tuple[tuple[int, frozenset[date], int], ...]:
    """(venue index, set of dates, at most) groups: spacing windows hold at most one visit;
    limit windows (visits just before the month, planner.carryover) their bound."""
    out: list[tuple[int, frozenset[date], int]] = []
    span = timedelta(days=problem.spacing_days)
    for c in problem.candidates:
        if c.venue_id in fixed_venues:
            continue  # fixed events keep their own timetable
        j = vindex[c.venue_id]
        elig = [d for d in dates if (c.venue_id, d) in problem.windows]
        last: frozenset[date] | None = None
        for d0 in elig:
            w = frozenset(d for d in elig if d0 <= d < d0 + span)
            if last is not None and w <= last:
                continue
            out.append((j, w, 1))
            last = w
    planned = set(dates)
    for vid, ds, bound in problem.limit_windows:
        inside = frozenset(d for d in ds if d in planned)  # a window may reach past the days
        if vid in vindex and inside:
            out.append((vindex[vid], inside, bound))
    return tuple(out)


@dataclass(frozen=True)
class Duals:
    """The LP duals a pricer needs, read once after an LP solve.

    A route r of group g has reduced cost Σ_{v∈r} omega(g)[v] − constant(g) (the activation
    variables' rows folded into per-venue values).
    """

    cap: FloatArray
    venue: FloatArray
    by_date: Mapping[date, FloatArray]
    conv: tuple[float, ...]
    staff: Mapping[date, float]
    veh: Mapping[date, float]
    side: tuple[float, ...]

    def omega(self, data: MasterData, gi: int) -> FloatArray:
        """Per-venue reduced-cost value of one visit by group `gi`."""
        s = data.members[gi][0]
        out: FloatArray = data.cap[gi] * self.cap + self.venue + self.by_date[s.date]
        for y, mat in zip(self.side, data.side_venue, strict=True):
            if y:
                out = out - y * mat[gi]
        return out

    def constant(self, data: MasterData, gi: int) -> float:
        """The part of a route's reduced cost that does not depend on its venues."""
        s = data.members[gi][0]
        const = self.conv[gi] + s.officers * self.staff.get(s.date, 0.0) + self.veh.get(s.date, 0.0)
        for ci, y in enumerate(self.side):
            const += y * float(data.side_slot[ci, gi])
        return float(const)

    def reduced_costs(self, data: MasterData, gi: int) -> FloatArray:
        """Reduced cost of every known route of group `gi` (vectorised)."""
        rs = data.routes_of(gi)
        if not len(rs):
            return np.zeros(0)
        rc: FloatArray = rs.incidence(data.vindex, data.nv) @ self.omega(data, gi) - self.constant(
            data, gi
        )
        return rc


@dataclass(frozen=True)
class Priced:
    """What a pricer found for one group: improving routes and the group's bound term.

    `new` are route indices (in the group's route set) with positive reduced cost that are
    not in the LP yet, best first; `term` is an upper bound on the sum of the m_g largest
    positive reduced costs over *all* feasible routes of the group (see the module docstring);
    `exact` says whether `term` is exact (no relaxation, no early stop). `work` is the
    deterministic work spent.
    """

    new: tuple[int, ...]
    term: float
    exact: bool
    work: float


class Pricer(Protocol):
    """Finds improving routes for a group at given duals (planner.solve.pricing)."""

    mode: str

    def price(
        self,
        data: MasterData,
        duals: Duals,
        gi: int,
        in_lp: frozenset[int],
        k: int,
        exact: bool = False,
    ) -> Priced: ...


class EnumeratedPricer:
    """Exact pricing over a route set that already holds every feasible route."""

    mode = "enumerate"

    def price(
        self,
        data: MasterData,
        duals: Duals,
        gi: int,
        in_lp: frozenset[int],
        k: int,
        exact: bool = False,
    ) -> Priced:
        rc = duals.reduced_costs(data, gi)
        if rc.size == 0:
            return Priced((), 0.0, True, 0.0)
        order = np.argsort(-rc, kind="stable")
        m = len(data.members[gi])
        term = float(np.clip(rc[order[:m]], 0, None).sum())
        fresh = rc.copy()
        fresh[list(in_lp)] = -np.inf
        top = np.argsort(-fresh, kind="stable")[:k]
        new = tuple(int(r) for r in top[fresh[top] > 1e-6])
        return Priced(new, term, True, rc.size * WORK_PER_PRICED_ROUTE)


@dataclass(frozen=True)
class LPResult:
    """The LP bound after column generation.

    `value` is the restricted LP's optimum, `bound` a proven upper bound on every plan
    (module docstring), `converged` whether pricing proved no improving route is left
    (then bound == value), `columns` every LP column, `support` those used by the LP optimum,
    `duals` the final duals (for picking CP-SAT's columns), `stopped_by` why it ended,
    `primal` the LP optimum's positive column values (for rounding, planner.solve.rounding).
    """

    value: float
    bound: float
    converged: bool
    iterations: int
    columns: tuple[Column, ...]
    support: frozenset[Column]
    duals: Duals
    stopped_by: str
    primal: Mapping[Column, float] = dataclasses.field(default_factory=dict)


class InfeasiblePlanError(LocalisedError, RuntimeError):
    """No plan satisfies the hard constraints (fixed events, limits); the sentence in the
    reader's language (`text(lang)`)."""


class _RestrictedLP:
    """The GLOP model of the restricted master (private: used only inside `solve_lp`)."""

    def __init__(self, data: MasterData, z_ub: float = 1.0, solver: str = "GLOP") -> None:
        self.d = data
        self.z_ub = z_ub if math.isfinite(z_ub) else pywraplp.Solver.infinity()
        p = data.problem
        lp = pywraplp.Solver.CreateSolver(solver)
        if lp is None:  # pragma: no cover - GLOP ships with ortools
            raise RuntimeError("GLOP is not available in this OR-Tools build")
        self.lp = lp
        inf = lp.infinity()
        nv = data.nv
        self.A = [lp.NumVar(0.0, float(data.pools[j]), f"A{j}") for j in range(nv)]
        self.c_conv = [lp.Constraint(-inf, float(len(g))) for g in data.members]
        off, veh = p.officers_per_day, p.vehicles_per_day
        self.c_staff = (
            {d: lp.Constraint(-inf, float(off)) for d in data.dates} if off is not None else {}
        )
        self.c_veh = (
            {d: lp.Constraint(-inf, float(veh)) for d in data.dates} if veh is not None else {}
        )
        self.c_space = [lp.Constraint(-inf, float(b)) for _j, _ds, b in data.windows]
        self.space_of: dict[tuple[int, date], list[int]] = {}
        for w, (j, ds, _bound) in enumerate(data.windows):
            for d in ds:
                self.space_of.setdefault((j, d), []).append(w)
        self.c_max = [
            lp.Constraint(
                -inf, inf if c.venue_id in data.fixed_venues else p.max_visits_of(c.venue_id)
            )
            for c in p.candidates
        ]
        self.c_cap = []
        for j in range(nv):
            ct = lp.Constraint(-inf, 0.0)
            ct.SetCoefficient(self.A[j], 1.0)
            self.c_cap.append(ct)
        self.c_seg: list[list[pywraplp.Constraint]] = []
        for j in range(nv):
            row = []
            for a, _b in data.cuts[j]:
                ct = lp.Constraint(-inf, a)
                ct.SetCoefficient(self.A[j], 1.0)
                row.append(ct)
            self.c_seg.append(row)
        self.c_fix = {k: lp.Constraint(1.0, 1.0) for k in sorted(data.fixed_keys)}
        self.c_side = []
        for c in p.side:
            ct = lp.Constraint(
                c.lo if math.isfinite(c.lo) else -inf, c.hi if math.isfinite(c.hi) else inf
            )
            for vid, a in c.activation_coef.items():
                if vid in data.vindex:
                    ct.SetCoefficient(self.A[data.vindex[vid]], float(a))
            self.c_side.append(ct)
        obj = lp.Objective()
        for a in self.A:
            obj.SetCoefficient(a, 1.0)
        obj.SetMaximization()
        self.cols: dict[Column, pywraplp.Variable] = {}

    def add_column(self, gi: int, r: int) -> None:
        if (gi, r) in self.cols:
            return
        d = self.d
        s = d.members[gi][0]
        route = d.routes_of(gi).routes[r]
        x = self.lp.NumVar(0.0, self.z_ub, f"z{gi}_{r}")
        self.cols[(gi, r)] = x
        self.c_conv[gi].SetCoefficient(x, 1.0)
        if s.date in self.c_staff:
            self.c_staff[s.date].SetCoefficient(x, float(s.officers))
        if s.date in self.c_veh:
            self.c_veh[s.date].SetCoefficient(x, 1.0)
        for vid in route.venue_ids:
            j = d.vindex[vid]
            for w in self.space_of.get((j, s.date), []):
                self.c_space[w].SetCoefficient(x, 1.0)
            self.c_max[j].SetCoefficient(x, 1.0)
            self.c_cap[j].SetCoefficient(x, -float(d.cap[gi, j]))
            for k, (_a, b) in enumerate(d.cuts[j]):
                self.c_seg[j][k].SetCoefficient(x, -b)
            ct = self.c_fix.get((vid, s.date))
            if ct is not None:
                ct.SetCoefficient(x, 1.0)
        for ci, ct in enumerate(self.c_side):
            coef = float(d.side_slot[ci, gi]) + sum(
                float(d.side_venue[ci][gi, d.vindex[v]]) for v in route.venue_ids
            )
            if coef:
                ct.SetCoefficient(x, coef)

    def duals(self) -> Duals:
        """Snapshot of every dual after a solve (reading them after adding columns is invalid)."""
        d = self.d
        y_seg = np.array(
            [
                sum(ct.dual_value() * b for ct, (_a, b) in zip(row, cut, strict=True))
                for row, cut in zip(self.c_seg, d.cuts, strict=True)
            ]
        )
        y_cap = np.array([c.dual_value() for c in self.c_cap])
        y_max = np.array([c.dual_value() for c in self.c_max])
        by_date: dict[date, FloatArray] = {dd: np.zeros(d.nv) for dd in d.dates}
        for (j, dd), ws in self.space_of.items():
            by_date[dd][j] -= sum(self.c_space[w].dual_value() for w in ws)
        for (vid, dd), ct in self.c_fix.items():
            by_date[dd][d.vindex[vid]] -= ct.dual_value()
        return Duals(
            cap=y_cap,
            venue=y_seg - y_max,
            by_date=by_date,
            conv=tuple(c.dual_value() for c in self.c_conv),
            staff={dd: c.dual_value() for dd, c in self.c_staff.items()},
            veh={dd: c.dual_value() for dd, c in self.c_veh.items()},
            side=tuple(c.dual_value() for c in self.c_side),
        )


def solve_lp(
    data: MasterData,
    pricer: Pricer,
    seed_columns: Mapping[int, int],
    *,
    clock: Clock,
    stop: MultipleCriteria,
    lp_deadline_s: float,
    per_slot: int = 40,
    progress: Progress | None = None,
    extend: tuple[float, float] | None = None,
) -> LPResult:
    """Column generation: the LP relaxation over all routes, or a proven bound on it.

    `seed_columns` maps slot index → route index (the greedy hint). Stops when pricing proves
    no improving route is left, when `lp_deadline_s` (seconds since the clock started) passes
    — or, given `extend` = (seconds, gap), as late as those seconds while the proven bound is
    still more than `gap` (relative) above the LP value — or when a stop criterion holds; the
    bound is
    valid in every case (module docstring).
    """
    # z ≤ 1 is implied (every route holds a venue whose spacing or fixed row caps it at one).
    # Without the explicit bound no LP column can keep a positive reduced cost, so a pricer
    # that finds none outside the LP proves convergence; enumeration prices every route
    # exactly either way and keeps the bound (the plans of earlier versions replay).
    lp = _RestrictedLP(data, z_ub=1.0 if pricer.mode == "enumerate" else math.inf)
    if pricer.mode != "enumerate":
        # GLOP's presolve discards the previous basis: without it, a re-solve after adding
        # columns starts from the last optimum (primal feasible) and takes a fraction of the
        # time (measured on the 500-venue synthetic month: 1.2 s instead of 6.6 s)
        lp.lp.SetSolverSpecificParametersAsString("use_preprocessing: false")
    for gi in range(len(data.members)):
        for r, route in enumerate(data.routes_of(gi).routes):
            if len(route.stops) == 1:
                lp.add_column(gi, r)
    for slot_index, r in seed_columns.items():
        lp.add_column(data.group_of[slot_index], r)
    it = 0
    bound = math.inf
    last_value = -math.inf
    lp_start = clock.state().elapsed_s
    while True:
        it += 1
        t_lp = time.monotonic()
        status = lp.lp.Solve()
        t_lp = time.monotonic() - t_lp
        if status != pywraplp.Solver.OPTIMAL:
            raise InfeasiblePlanError(Message.of("solve.event_unstaffed"))
        clock.add_work(WORK_PER_LP_COLUMN * len(lp.cols))
        value = float(lp.lp.Objective().Value())
        y = lp.duals()
        # read the primal before adding columns (the solution is invalid afterwards)
        primal = {k: float(var.solution_value()) for k, var in lp.cols.items()}
        support = frozenset(k for k, z in primal.items() if z > 1e-6)
        in_lp: dict[int, set[int]] = {}
        for g, r in lp.cols:
            in_lp.setdefault(g, set()).add(r)
        term_sum = 0.0
        exact = True
        new: list[Column] = []
        # an exact round (every group priced by the exact relaxation, for a strong bound)
        # when the LP value stalls or most of the LP's time share is spent
        elapsed = clock.state().elapsed_s
        force = value <= last_value * (1 + STALL) or elapsed > lp_start + EXACT_AFTER * (
            lp_deadline_s - lp_start
        )
        last_value = value
        t_price = time.monotonic()
        for gi in range(len(data.members)):
            priced = pricer.price(data, y, gi, frozenset(in_lp.get(gi, ())), per_slot, exact=force)
            clock.add_work(priced.work)
            term_sum += priced.term
            exact = exact and priced.exact
            new.extend((gi, r) for r in priced.new)
        for gi, r in new:
            lp.add_column(gi, r)
        bound = min(bound, value + term_sum)
        if progress:
            progress(
                f"LP {it}: value {value:,.0f}, bound {bound:,.0f}, columns {len(lp.cols)} "
                f"(LP {t_lp:.1f} s, {'exact ' if force else ''}pricing "
                f"{time.monotonic() - t_price:.1f} s)"
            )
        stopped_by = None
        if not new:
            proven = exact or term_sum <= 1e-6
            stopped_by = "converged" if proven else "pricing incomplete"
            if proven:
                bound = value
        elif clock.state().elapsed_s > lp_deadline_s and not (
            extend is not None
            and clock.state().elapsed_s < extend[0]
            and bound - value > extend[1] * bound
        ):
            stopped_by = "time share"
        else:
            stopped_by = stop.which(clock.state())
        if stopped_by is not None:
            return LPResult(
                value=value,
                bound=bound,
                converged=stopped_by == "converged",
                iterations=it,
                columns=tuple(lp.cols),
                support=support,
                primal={k: z for k, z in primal.items() if z > 1e-6},
                duals=y,
                stopped_by=stopped_by,
            )


# ------------------------------------------------------------------------------- integer


@dataclass(frozen=True)
class IntegerResult:
    """CP-SAT's plan over the restricted columns.

    `chosen` maps slot index → route (empty when CP-SAT found no plan: `status` says why);
    `model_value` is the model's objective (activations minus the travel tie-breaker);
    `replayable` is False when the wall clock, not the deterministic budget, ended the search.
    """

    chosen: Mapping[int, DayRoute]
    model_value: float
    status: str
    wall_s: float
    work: float
    replayable: bool

    @property
    def found(self) -> bool:
        return bool(self.chosen) or self.status == "OPTIMAL"


def restricted_columns(
    data: MasterData,
    lp: LPResult | None,
    hint: Mapping[int, int],
    per_slot: int,
    per_group: int | None = None,
) -> list[Column]:
    """Columns for the integer model: the LP's support, the hint, and per group the
    `per_slot` × m_g known routes of highest reduced cost at the final duals
    (price-and-branch), at most `per_group` of them when given."""
    keep: set[Column] = set()
    keep |= {(data.group_of[si], r) for si, r in hint.items()}
    if lp is None:
        for gi in range(len(data.members)):
            keep |= {(gi, r) for r in range(len(data.routes_of(gi)))}
        return sorted(keep)
    keep |= lp.support
    for gi in range(len(data.members)):
        rc = lp.duals.reduced_costs(data, gi)
        if rc.size:
            n = per_slot * len(data.members[gi])
            if per_group is not None:
                n = min(n, per_group)
            top = np.argsort(-rc, kind="stable")[:n]
            keep |= {(gi, int(r)) for r in top}
    return sorted(keep)


def solve_integer(
    data: MasterData,
    columns: Sequence[Column],
    hint: Mapping[int, int],
    *,
    seed: int,
    workers: int,
    budget: Budget,
) -> IntegerResult:
    """CP-SAT over `columns`; `hint` maps slot index → route index.

    Stops at `budget`: wall seconds, deterministic time (work units) and the proven relative
    gap to the restricted optimum. Never raises on a time-out: status UNKNOWN and no routes.
    """
    p = data.problem
    m = cp_model.CpModel()
    z = {k: m.new_bool_var(f"z{k[0]}_{k[1]}") for k in columns}
    by_slot: dict[int, list[Column]] = {}
    for k in z:
        by_slot.setdefault(k[0], []).append(k)
    for gi, ks in by_slot.items():
        m.add(sum(z[k] for k in ks) <= len(data.members[gi]))
    visits: dict[int, list[Column]] = {j: [] for j in range(data.nv)}
    day_keys: dict[date, list[Column]] = {}
    for k in z:
        gi, r = k
        s = data.members[gi][0]
        day_keys.setdefault(s.date, []).append(k)
        for vid in data.routes_of(gi).routes[r].venue_ids:
            visits[data.vindex[vid]].append(k)
    if p.officers_per_day is not None:
        for ks in day_keys.values():
            m.add(sum(data.members[k[0]][0].officers * z[k] for k in ks) <= p.officers_per_day)
    if p.vehicles_per_day is not None:
        for ks in day_keys.values():
            m.add(sum(z[k] for k in ks) <= p.vehicles_per_day)
    for j, ds, bound in data.windows:
        ks = [k for k in visits[j] if data.members[k[0]][0].date in ds]
        if len(ks) > bound == 1:
            m.add_at_most_one(z[k] for k in ks)
        elif len(ks) > bound:
            m.add(sum(z[k] for k in ks) <= bound)
    for vid, d in sorted(data.fixed_keys):
        j = data.vindex[vid]
        m.add_exactly_one(z[k] for k in visits[j] if data.members[k[0]][0].date == d)
    objective = []
    act: dict[int, cp_model.IntVar] = {}
    for j in range(data.nv):
        ks = visits[j]
        if not ks:
            continue
        if p.candidates[j].venue_id not in data.fixed_venues:
            m.add(sum(z[k] for k in ks) <= p.max_visits_of(p.candidates[j].venue_id))
        ub = math.floor(data.pools[j] * SCALE)
        a = m.new_int_var(0, max(ub, 0), f"A{j}")
        m.add(a <= sum(int(data.cap[k[0], j] * SCALE) * z[k] for k in ks))
        n = sum(z[k] for k in ks)
        for icpt, slope in data.cuts[j]:
            m.add(a <= math.floor(icpt * SCALE) + math.floor(slope * SCALE) * n)
        objective.append(a)
        act[j] = a
    _add_side_rows(data, m, z, act)
    travel_terms = []
    for k in z:
        gi, r = k
        rep = data.members[gi][0]
        w = round(
            (
                p.travel_weight * data.routes_of(gi).routes[r].travel_min
                + (p.night_weight * rep.officers if rep.trip else 0.0)
            )
            * SCALE
        )
        if w:
            travel_terms.append(w * z[k])
    m.maximize(sum(objective) - sum(travel_terms))
    hinted = {(data.group_of[si], r) for si, r in hint.items()}
    for k, var in z.items():
        m.add_hint(var, 1 if k in hinted else 0)
    solver = cp_model.CpSolver()
    prm = solver.parameters
    # The deterministic budget binds first when set, so the same seed gives the same plan;
    # the wall-clock limit is the safety net on a slow machine.
    prm.max_time_in_seconds = max(min(budget.wall_s, 3600.0), 0.5)
    if math.isfinite(budget.work):
        prm.max_deterministic_time = max(budget.work, 0.5)
    prm.num_workers = max(workers, 1)
    prm.interleave_search = workers > 1
    prm.random_seed = seed
    prm.randomize_search = False
    # Stop at a proven relative gap (CP-SAT's own bound): a deterministic criterion, unlike
    # stopping from a solution callback.
    prm.relative_gap_limit = budget.gap
    # Ctrl-C stops the search and reaches the caller as KeyboardInterrupt (planner.interrupt)
    # instead of CP-SAT's handler ending it quietly as if the time limit were reached.
    prm.catch_sigint_signal = False
    with stop_on_interrupt(solver.stop_search):
        status = solver.solve(m)
    name = solver.status_name(status)
    work = float(solver.response_proto.deterministic_time)
    clock_hit = solver.wall_time >= prm.max_time_in_seconds - 0.05
    replayable = status == cp_model.OPTIMAL or not clock_hit
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return IntegerResult({}, 0.0, name, solver.wall_time, work, replayable)
    picked: dict[int, list[DayRoute]] = {}
    for k, var in z.items():
        if solver.value(var):
            gi, r = k
            picked.setdefault(gi, []).append(data.routes_of(gi).routes[r])
    chosen: dict[int, DayRoute] = {}
    for gi, rs in picked.items():
        rs.sort(key=lambda route: (route.depart, route.venue_ids))
        for member, route in zip(data.members[gi], rs, strict=False):
            chosen[member.index] = route
    return IntegerResult(
        chosen, solver.objective_value / SCALE, name, solver.wall_time, work, replayable
    )


def _add_side_rows(
    data: MasterData,
    m: cp_model.CpModel,
    z: Mapping[Column, cp_model.IntVar],
    act: Mapping[int, cp_model.IntVar],
) -> None:
    """The side constraints as integer rows (coefficients rounded to 1/SIDE_SCALE)."""
    for ci, c in enumerate(data.problem.side):
        terms = []
        for k, var in z.items():
            gi, r = k
            coef = float(data.side_slot[ci, gi]) + sum(
                float(data.side_venue[ci][gi, data.vindex[v]])
                for v in data.routes_of(gi).routes[r].venue_ids
            )
            w = round(coef * SIDE_SCALE)
            if w:
                terms.append(w * var)
        for vid, a in c.activation_coef.items():
            j = data.vindex.get(vid)
            if j is not None and j in act:
                w = round(a * SIDE_SCALE / SCALE)
                if w:
                    terms.append(w * act[j])
        expr = sum(terms)
        if math.isfinite(c.hi):
            m.add(expr <= math.floor(c.hi * SIDE_SCALE + 1e-9))
        if math.isfinite(c.lo):
            m.add(expr >= math.ceil(c.lo * SIDE_SCALE - 1e-9))


#: SCIP branch-and-bound nodes allowed per work unit (the deterministic budget of the MIP).
SCIP_NODES_PER_UNIT = 200


def solve_integer_mip(
    data: MasterData,
    columns: Sequence[Column],
    hint: Mapping[int, int],
    *,
    budget: Budget,
) -> IntegerResult:
    """SCIP (through OR-Tools) over `columns`: the same model as `solve_integer`, as a MIP.

    On generated columns the LP relaxation of the set-packing model is tight and a
    branch-and-bound solver finds good plans faster than CP-SAT. Its deterministic budget is
    a node limit (`SCIP_NODES_PER_UNIT` per work unit); the wall clock is the safety net.
    Never raises on a time-out: status UNKNOWN and no routes.
    """
    p = data.problem
    model = _RestrictedLP(data, z_ub=1.0, solver="SCIP")
    for gi, r in columns:
        model.add_column(gi, r)
    obj = model.lp.Objective()
    for (gi, r), x in model.cols.items():
        x.SetInteger(True)
        w = p.travel_weight * data.routes_of(gi).routes[r].travel_min
        if w:
            obj.SetCoefficient(x, -w)
    hinted = {(data.group_of[si], r) for si, r in hint.items()}
    variables = list(model.cols.values())
    model.lp.SetHint(variables, [1.0 if k in hinted else 0.0 for k in model.cols])
    params = [f"limits/gap = {budget.gap}", "randomization/randomseedshift = 0"]
    if math.isfinite(budget.work):
        params.append(f"limits/totalnodes = {max(int(budget.work * SCIP_NODES_PER_UNIT), 10)}")
    model.lp.SetSolverSpecificParametersAsString("\n".join(params) + "\n")
    wall = max(min(budget.wall_s, 3600.0), 0.5)
    model.lp.SetTimeLimit(int(wall * 1000))
    model.lp.SetNumThreads(1)
    status = model.lp.Solve()
    seconds = model.lp.wall_time() / 1000.0
    clock_hit = seconds >= wall - 0.1
    names = {
        pywraplp.Solver.OPTIMAL: "OPTIMAL",
        pywraplp.Solver.FEASIBLE: "FEASIBLE",
        pywraplp.Solver.INFEASIBLE: "INFEASIBLE",
        pywraplp.Solver.NOT_SOLVED: "UNKNOWN",
    }
    name = names.get(status, "UNKNOWN")
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return IntegerResult({}, 0.0, name, seconds, 0.0, not clock_hit)
    picked: dict[int, list[DayRoute]] = {}
    for (gi, r), x in model.cols.items():
        if x.solution_value() > 0.5:
            picked.setdefault(gi, []).append(data.routes_of(gi).routes[r])
    chosen: dict[int, DayRoute] = {}
    for gi, rs in picked.items():
        rs.sort(key=lambda route: (route.depart, route.venue_ids))
        for member, route in zip(data.members[gi], rs, strict=False):
            chosen[member.index] = route
    work = min(seconds, budget.work) if math.isfinite(budget.work) else seconds
    return IntegerResult(
        chosen,
        float(obj.Value()),
        name,
        seconds,
        work,
        status == pywraplp.Solver.OPTIMAL or not clock_hit,
    )
