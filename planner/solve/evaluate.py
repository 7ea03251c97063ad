"""Evaluate a set of day routes: expected activations per visit with P10–P90, in date order.

This is the one place where the demand model's sequential rule is applied to a whole plan, so
the optimiser, the greedy baseline and the reports all score plans the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.candidates import PlanningProblem, Slot
from planner.demand import Z90, sequential_values
from planner.solve.routes import DayRoute


@dataclass(frozen=True)
class VisitValue:
    """Expected activations of one visit, with its P10 and P90."""

    slot: int
    venue_id: str
    date: date
    expected: float
    p10: float
    p90: float
    capacity: float


@dataclass(frozen=True)
class Evaluation:
    """Totals of a plan and the value of every visit."""

    visits: tuple[VisitValue, ...]
    expected: float
    p10: float
    p90: float
    travel_min: float

    def value_of(self, slot: int, venue_id: str) -> VisitValue:
        for v in self.visits:
            if v.slot == slot and v.venue_id == venue_id:
                return v
        raise KeyError((slot, venue_id))


def evaluate(problem: PlanningProblem, chosen: dict[int, DayRoute]) -> Evaluation:
    """Score `chosen` (slot → route): a venue's visits, in date/time order, shrink its pool.

    P10/P90 use the venue's P10/P90 of p and, when the campaign has learned how fast teams
    work (`problem.capacity_spread` > 0), the capacity's own 10 %/90 % points too.
    """
    slots: dict[int, Slot] = {s.index: s for s in problem.slots}
    per_venue: dict[str, list[tuple[date, float, int, float]]] = {}
    travel = 0.0
    for si, route in chosen.items():
        s = slots[si]
        travel += route.travel_min
        for stop in route.stops:
            cap = problem.capacity(s.officers, stop.venue_id, s.date)
            per_venue.setdefault(stop.venue_id, []).append((s.date, stop.start, si, cap))
    visits: list[VisitValue] = []
    for vid, items in per_venue.items():
        items.sort()
        d = problem.candidate(vid).demand
        caps = [it[3] for it in items]
        k = Z90 * problem.capacity_spread
        mid = sequential_values(d.pool, d.p, caps)
        lo = sequential_values(d.pool, d.p10, [c * max(1.0 - k, 0.0) for c in caps])
        hi = sequential_values(d.pool, d.p90, [c * (1.0 + k) for c in caps])
        for it, e, e_lo, e_hi in zip(items, mid, lo, hi, strict=True):
            visits.append(VisitValue(it[2], vid, it[0], e, e_lo, e_hi, it[3]))
    visits.sort(key=lambda v: (v.date, v.slot, v.venue_id))
    return Evaluation(
        visits=tuple(visits),
        expected=sum(v.expected for v in visits),
        p10=sum(v.p10 for v in visits),
        p90=sum(v.p90 for v in visits),
        travel_min=travel,
    )


def objective(problem: PlanningProblem, chosen: dict[int, DayRoute]) -> float:
    """Expected activations minus the travel and night tie-breakers: what the optimiser
    maximises."""
    ev = evaluate(problem, chosen)
    slots = {s.index: s for s in problem.slots}
    nights = sum(slots[si].officers for si in chosen if slots[si].trip)
    return ev.expected - problem.travel_weight * ev.travel_min - problem.night_weight * nights
