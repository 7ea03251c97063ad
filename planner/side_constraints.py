"""Generic side constraints on a month's plan, added to the master problem as they are.

The month engine (planner.solve) packs one day route per team-day under the built-in rules
(staff and vehicles per day, spacing, visits per venue, fixed events). Anything else a planner
needs is a `SideConstraint`: one linear row over the plan,

    lo <= Σ_slots slot_coef[s]·[slot s goes out]
          + Σ_visits venue_coef[v]·[a visit to v]  (restricted to `visit_slots` if given)
          + Σ_venues activation_coef[v]·A[v]
       <= hi

where A[v] is the expected activations at venue v. Examples (the slots are
`PlanningProblem.slots` indices):

- at most one of these slots (one team-day from several bases):
  `SideConstraint("one-base", hi=1, slot_coef={3: 1, 4: 1})`;
- a night budget over multi-day trips: `slot_coef={s: cost_s}`, `hi=budget`;
- a floor of visits over a kecamatan: `venue_coef={v: 1 for v in kecamatan}`, `lo=floor`;
- a coverage share of activations: `activation_coef={v: 1 for v in kec} | {all: -share}`, `lo=0`.

Every row enters the LP (so the bound respects it: its duals are priced into every route's
reduced cost) and CP-SAT (coefficients rounded to 1/1000). The greedy baseline honours the
upper limits of rows with non-negative slot and visit coefficients only; a lower limit it cannot
meet leaves the greedy plan infeasible, and the month's status then says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SideConstraint:
    """One linear row `lo <= slot terms + visit terms + activation terms <= hi` (see module)."""

    name: str
    lo: float = -math.inf
    hi: float = math.inf
    slot_coef: Mapping[int, float] = field(default_factory=dict)
    venue_coef: Mapping[str, float] = field(default_factory=dict)
    activation_coef: Mapping[str, float] = field(default_factory=dict)
    visit_slots: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"side constraint {self.name!r}: lo {self.lo} > hi {self.hi}")

    def visit_coef(self, slot: int, venue_id: str) -> float:
        """Coefficient of one visit to `venue_id` made by slot `slot`."""
        if self.visit_slots is not None and slot not in self.visit_slots:
            return 0.0
        return float(self.venue_coef.get(venue_id, 0.0))

    def route_coef(self, slot: int, venue_ids: tuple[str, ...]) -> float:
        """Coefficient of slot `slot` driving a route over `venue_ids`."""
        return float(self.slot_coef.get(slot, 0.0)) + sum(
            self.visit_coef(slot, v) for v in venue_ids
        )


def row_value(
    row: SideConstraint,
    routes: Mapping[int, tuple[str, ...]],
    activations: Mapping[str, float],
) -> float:
    """The row's left-hand side for a plan: `routes` maps slot → venue ids driven, and
    `activations` venue → expected activations (the plan's evaluation)."""
    value = sum(row.route_coef(s, vids) for s, vids in routes.items())
    return value + sum(c * float(activations.get(v, 0.0)) for v, c in row.activation_coef.items())


def unmet_rows(
    rows: tuple[SideConstraint, ...],
    routes: Mapping[int, tuple[str, ...]],
    activations: Mapping[str, float],
    tol: float = 1e-6,
) -> list[str]:
    """Names of the rows a plan breaks (for keeping or refusing a fallback plan)."""
    out = []
    for row in rows:
        x = row_value(row, routes, activations)
        if x < row.lo - tol * max(1.0, abs(row.lo)) or x > row.hi + tol * max(1.0, abs(row.hi)):
            out.append(row.name)
    return out
