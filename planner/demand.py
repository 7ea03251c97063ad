"""Demand model: how many people each venue can reach, and what one visit is expected to activate.

Pure functions, no I/O. The rules, each unit-tested:

1. Residents: the ready pool of a desa is its unactivated WKTP × readiness (the share with an
   Android phone and an e-mail address, the preconditions of IKD activation).
2. Students: a school's student pool is grade-XII students × the share aged 17+ × (1 − the
   students' IKD rate). They are residents of the desa the school stands in, so they are taken
   out of that desa's resident pool: nobody is counted twice.
3. Staff: office and school staff × (1 − staff IKD rate); civil servants were targeted first
   (from Dec 2022), hence a higher default rate.
4. Office venues (kantor desa, kantor camat) and public events draw on the resident pools of
   the desa around them with distance decay exp(−km / scale) up to a cut-off. Each desa's pool is
   split among the venues that can reach it in proportion to those weights (a Huff model), so two
   venues never both count the same people in full.
5. A visit's capacity is officers × hours on site × activations per officer-hour (every
   activation needs an officer to scan a QR code in person).
6. The k-th visit to a venue is expected to activate min(capacity, p_type × remaining pool); the
   pool shrinks by what each visit activates, so a repeat visit is worth less than the first.
7. Uncertainty: p_type is uncertain; P10 and P90 use p × (1 ∓ 1.2816 × spread), the 10 % and 90 %
   points of a normal with relative standard deviation `spread`, clipped to (0, 1].
8. Campaign memory: activations already recorded are taken out of the pools they came from
   (`Depletion`, `attribute`), and what the campaign learned may replace p and its P10/P90 per
   venue (planner.calibrate). With neither, rules 1–7 are unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from planner.domain import Area, Level, Venue
from planner.scenario import DemandConfig
from planner.travel import haversine_km
from planner.venue_kinds import Catchment

Z90 = 1.2815515655446004


@dataclass(frozen=True)
class VenueDemand:
    """What a venue can yield: its pool (people), p per visit and the P10/P90 variants of p."""

    venue_id: str
    pool: float
    residents: float
    students: float
    staff: float
    p: float
    p10: float
    p90: float
    estimated: bool


def p_key(venue: Venue) -> str:
    """Key into DemandConfig.p_type / VisitConfig.service_min for a venue (its kind's)."""
    return venue.kind.demand_key


def ready_residents(area: Area, cfg: DemandConfig) -> float:
    """Rule 1: unactivated WKTP of a desa that could activate today."""
    return area.unactivated * cfg.readiness


def student_pool(venue: Venue, cfg: DemandConfig) -> float:
    """Rule 2: grade-XII students aged 17+ without IKD at a school."""
    if not venue.kind.students:
        return 0.0
    return venue.students_grade12 * cfg.student_17plus_share * (1.0 - cfg.student_ikd_rate)


def staff_pool(venue: Venue, cfg: DemandConfig) -> float:
    """Rule 3: staff without IKD at a school or office."""
    return venue.staff * (1.0 - cfg.staff_ikd_rate)


def catchment_weights(
    venues: Sequence[Venue],
    desa: Sequence[Area],
    desa_points: dict[str, tuple[float, float]],
    cfg: DemandConfig,
) -> np.ndarray:
    """Rule 4: Huff shares, array [venue, desa], each desa column summing to 1 (or 0 if unreached).

    Each venue follows its kind's `Catchment`: a kantor desa always reaches its own desa, a
    kantor camat its kecamatan's desa, events any desa within `event_catchment_km` × 3.
    Distances are from the venue to the desa's reference point (lat, lon).
    """
    if not venues or not desa:
        return np.zeros((len(venues), len(desa)))
    vlat = np.array([v.lat for v in venues])
    vlon = np.array([v.lon for v in venues])
    dlat = np.array([desa_points[a.code][0] for a in desa])
    dlon = np.array([desa_points[a.code][1] for a in desa])
    km = haversine_km(vlat[:, None], vlon[:, None], dlat[None, :], dlon[None, :])
    w = np.zeros_like(km)
    for i, v in enumerate(venues):
        rule = v.kind.catchment
        if rule == Catchment.NONE:
            continue
        if rule == Catchment.EVENT:
            scale, cut = cfg.event_catchment_km, cfg.event_catchment_km * 3
        else:
            scale, cut = cfg.catchment_km, cfg.catchment_max_km
        for j, a in enumerate(desa):
            own = (rule == Catchment.OWN_DESA and v.desa_code == a.code) or (
                rule == Catchment.OWN_KECAMATAN and a.parent_code == v.kecamatan_code
            )
            if own or km[i, j] <= cut:
                w[i, j] = math.exp(-km[i, j] / scale)
    totals = w.sum(axis=0)
    shares: np.ndarray = np.divide(w, totals, out=np.zeros_like(w), where=totals > 0)
    return shares


@dataclass(frozen=True)
class Depletion:
    """People already activated by the campaign, taken out of the pools they came from.

    `residents` is per desa code (ready residents), `students` and `staff` per venue_id. A desa's
    residents are shared by every venue whose catchment reaches it, so depleting the desa (not
    the venue) lowers all of them together and the total of all pools falls by exactly the
    activations recorded: nobody is counted as activated, or as still reachable, twice.
    """

    residents: Mapping[str, float] = field(default_factory=dict)
    students: Mapping[str, float] = field(default_factory=dict)
    staff: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PoolParts:
    """The pools behind `venue_demands`, kept apart so activations can be attributed to them.

    `desa` are the desa codes in column order of `shares` (rows: `drawing`, the non-school
    venues); `residents` the ready residents left per desa (after students and depletion).
    """

    desa: tuple[str, ...]
    residents: np.ndarray
    drawing: tuple[str, ...]
    shares: np.ndarray
    students: dict[str, float]
    staff: dict[str, float]

    def resident_pool(self) -> dict[str, float]:
        return dict(zip(self.drawing, (self.shares @ self.residents).tolist(), strict=True))


def pool_parts(
    venues: Sequence[Venue],
    areas: dict[str, Area],
    desa_points: dict[str, tuple[float, float]],
    cfg: DemandConfig,
    used: Depletion | None = None,
    shares: np.ndarray | None = None,
) -> PoolParts:
    """Rules 1–4, with the activations in `used` taken out of the pools they came from.

    `shares` may pass the (pure, costly) catchment weights of an earlier call for the same
    venues, areas and config.
    """
    used = used or Depletion()
    desa = sorted((a for a in areas.values() if a.level == Level.DESA), key=lambda a: a.code)
    residents = {a.code: ready_residents(a, cfg) for a in desa}
    students = {v.venue_id: student_pool(v, cfg) for v in venues}
    for v in venues:
        if v.desa_code in residents:
            residents[v.desa_code] = max(residents[v.desa_code] - students[v.venue_id], 0.0)
    for code, n in used.residents.items():
        if code in residents:
            residents[code] = max(residents[code] - n, 0.0)
    students = {k: max(s - used.students.get(k, 0.0), 0.0) for k, s in students.items()}
    staff = {
        v.venue_id: max(staff_pool(v, cfg) - used.staff.get(v.venue_id, 0.0), 0.0) for v in venues
    }
    drawing = [v for v in venues if v.kind.catchment != Catchment.NONE]
    if shares is None:
        shares = catchment_weights(drawing, desa, desa_points, cfg)
    return PoolParts(
        desa=tuple(a.code for a in desa),
        residents=np.array([residents[a.code] for a in desa], dtype=float),
        drawing=tuple(v.venue_id for v in drawing),
        shares=shares,
        students=students,
        staff=staff,
    )


def attribute(parts: PoolParts, venue_id: str, activations: float, used: Depletion) -> Depletion:
    """`used` plus `activations` at a venue, split over the pools it draws on by their size.

    A visit's activations come from the venue's residents, students and staff in proportion to
    what is left of each (the model's own assumption: one share p of the whole remaining pool);
    the residents' part is split over the desa in proportion to what each contributes to the
    venue. More activations than the pool (the pool was underestimated) empty it, no further.
    """
    res_by_desa = np.zeros(len(parts.desa))
    if venue_id in parts.drawing:
        i = parts.drawing.index(venue_id)
        res_by_desa = parts.shares[i] * parts.residents
    r = float(res_by_desa.sum())
    s = parts.students.get(venue_id, 0.0)
    st = parts.staff.get(venue_id, 0.0)
    pool = r + s + st
    if activations <= 0 or pool <= 0:
        return used
    take = min(activations, pool) / pool
    residents = dict(used.residents)
    for code, n in zip(parts.desa, res_by_desa.tolist(), strict=True):
        if n > 0:
            residents[code] = residents.get(code, 0.0) + n * take
    students = dict(used.students)
    staff = dict(used.staff)
    if s > 0:
        students[venue_id] = students.get(venue_id, 0.0) + s * take
    if st > 0:
        staff[venue_id] = staff.get(venue_id, 0.0) + st * take
    return Depletion(residents, students, staff)


def venue_demands(
    venues: Sequence[Venue],
    areas: dict[str, Area],
    desa_points: dict[str, tuple[float, float]],
    cfg: DemandConfig,
    used: Depletion | None = None,
    p_by_venue: Mapping[str, tuple[float, float, float]] | None = None,
) -> dict[str, VenueDemand]:
    """Pools and p for every venue (rules 1–4 and 7).

    `used` takes what the campaign already activated out of the pools (planner.carryover);
    `p_by_venue` replaces (p, P10, P90) of a venue by what the campaign learned
    (planner.calibrate); venues not in it keep the scenario's p_type.
    """
    parts = pool_parts(venues, areas, desa_points, cfg, used)
    desa = sorted((a for a in areas.values() if a.level == Level.DESA), key=lambda a: a.code)
    drawing = [v for v in venues if v.kind.catchment != Catchment.NONE]
    resident_pool = parts.resident_pool()
    learned = p_by_venue or {}
    out: dict[str, VenueDemand] = {}
    for v in venues:
        r = float(resident_pool.get(v.venue_id, 0.0))
        s = parts.students[v.venue_id]
        st = parts.staff[v.venue_id]
        if v.venue_id in learned:
            p, lo, hi = learned[v.venue_id]
        else:
            p = cfg.p_type.get(p_key(v), 0.0)
            lo, hi = p_range(p, cfg.p_relative_spread)
        estimated = (
            v.students_estimated
            or v.staff_estimated
            or (r > 0 and _any_estimated(desa, parts.shares, drawing, v, areas))
        )
        out[v.venue_id] = VenueDemand(
            venue_id=v.venue_id,
            pool=r + s + st,
            residents=r,
            students=s,
            staff=st,
            p=p,
            p10=lo,
            p90=hi,
            estimated=estimated,
        )
    return out


def _any_estimated(
    desa: Sequence[Area],
    shares: np.ndarray,
    drawing: Sequence[Venue],
    v: Venue,
    areas: dict[str, Area],
) -> bool:
    i = next(k for k, d in enumerate(drawing) if d.venue_id == v.venue_id)
    return any(
        shares[i, j] > 0 and (a.wktp_estimated or a.ikd_active_estimated)
        for j, a in enumerate(desa)
    )


def p_range(p: float, spread: float) -> tuple[float, float]:
    """Rule 7: (P10, P90) of p for a relative spread."""
    lo = max(p * (1.0 - Z90 * spread), 1e-6)
    hi = min(p * (1.0 + Z90 * spread), 1.0)
    return lo, hi


def visit_capacity(officers: int, minutes_on_site: float, per_officer_hour: float) -> float:
    """Rule 5: the most one visit can activate, in people."""
    return officers * minutes_on_site / 60.0 * per_officer_hour


def visit_value(capacity: float, p: float, remaining: float) -> float:
    """Rule 6: expected activations of one visit given the remaining pool."""
    return max(min(capacity, p * remaining), 0.0)


def sequential_values(pool: float, p: float, capacities: Iterable[float]) -> list[float]:
    """Rule 6 applied to a venue's visits in date order: expected activations of each visit."""
    remaining = pool
    values = []
    for cap in capacities:
        e = visit_value(cap, p, remaining)
        values.append(e)
        remaining -= e
    return values


def concave_envelope(pool: float, p: float, capacity: float, max_visits: int) -> list[float]:
    """Cumulative expected activations after 0..max_visits visits of equal `capacity`.

    Used by the optimiser's relaxation: the increments are non-increasing (each visit faces a
    smaller pool), so the curve is concave and can be written as linear cuts.
    """
    cum = [0.0]
    for e in sequential_values(pool, p, [capacity] * max_visits):
        cum.append(cum[-1] + e)
    return cum
