"""What carries over from earlier visits into the next plan: learned model, depleted pools,
spacing, and the kabupaten's IKD-active count.

Pure: a `CampaignHistory` (planner.history) and the loaded data in, a `Carryover` out.

Rules, each tested:

1. Only reported visits count as done: their activations deplete the pools (planner.demand,
   `Depletion`), feed the calibration (planner.calibrate) and add to the IKD-active count. A
   planned visit with no actuals is counted as unreported, not as done. (The re-planner may ask
   for the days already past in the month being re-planned to count "as planned" where no actual
   came in: `planned_as_done_from`.)
2. Every earlier visit, reported or not, counts for spacing and for the per-venue visit limit: a
   team that went there without reporting still went there.
3. Baselines: the IKD-active count is an official figure plus the activations recorded after
   the figure's date. Of the campaign's own baseline (`CampaignHistory.baseline_*`) and the data
   folder's figure (area.toml `ikd_as_of`, updated by population_actual.csv) the newer one
   wins, and only activations after it are added, so a new official figure that already
   includes the campaign's work resets the count without counting anything twice. The same
   date decides which activations deplete the desa resident pools (the data's desa figures
   already include what happened before their date); students' and staff pools (rates, not
   official counts) are depleted by every recorded activation.
4. Pools before each reported visit are the model's pools depleted by every earlier reported
   visit, in date order: the same pools the planner would have used, so what the calibration
   learns is what the planner needs.
"""

from __future__ import annotations

import calendar as _cal
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.calibrate import Calibration, Observation, calibrate, learned_p
from planner.demand import (
    Depletion,
    PoolParts,
    attribute,
    catchment_weights,
    p_key,
    pool_parts,
)
from planner.domain import KabupatenData, Level, Venue
from planner.history import CampaignHistory, RecordedVisit
from planner.scenario import Scenario, minutes
from planner.venue_kinds import FALLBACK_SERVICE_MIN, Catchment

LIMIT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Carryover:
    """Everything earlier visits change about the next plan (see module docstring)."""

    calibration: Calibration | None
    used: Depletion
    p_by_venue: Mapping[str, tuple[float, float, float]] | None
    earlier_visits: Mapping[str, tuple[date, ...]]
    ikd_active: int
    ikd_baseline: int
    ikd_baseline_as_of: str
    recorded_activations: int
    unreported_visits: int
    observations: tuple[Observation, ...] = field(default=())
    capacity_spread: float = 0.0

    def scenario(self, scenario: Scenario) -> Scenario:
        """`scenario` with its demand parameters at what the campaign learned."""
        if self.calibration is None or self.calibration.visits == 0:
            return scenario
        return scenario.model_copy(
            update={"demand": self.calibration.demand_config(scenario.demand)}
        )


def as_of_date(text: str | None) -> date | None:
    """The last day an official figure covers: `2025-01` → 2025-01-31, `2025-01-15` → itself,
    `2025-S1` → 2025-06-30; None if the text is not a date."""
    if not text:
        return None
    t = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{4})-(\d{2})", t)
    if m:
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, _cal.monthrange(y, mo)[1])
    m = re.fullmatch(r"(\d{4})-S([12])", t, flags=re.IGNORECASE)
    if m:
        y = int(m[1])
        return date(y, 6, 30) if m[2] == "1" else date(y, 12, 31)
    return None


def data_ikd_active(data: KabupatenData) -> int:
    """The data folder's kabupaten IKD-active figure (sum of kecamatan if no kabupaten row)."""
    kab = next(iter(data.areas_at(Level.KABUPATEN)), None)
    if kab is not None:
        return kab.ikd_active
    return sum(a.ikd_active for a in data.areas_at(Level.KECAMATAN))


def _after(d: date, cutoff: date | None) -> bool:
    return cutoff is None or d > cutoff


def visit_officer_hours(v: RecordedVisit, venue: Venue, scenario: Scenario) -> float:
    """Officers × hours on site: as reported, else the team's officers and the visit length the
    scenario plans for the venue (a fixed event: its window)."""
    officers: float
    if v.officers is not None:
        officers = v.officers
    else:
        team = next((t for t in scenario.teams if t.name == v.team), None)
        officers = (
            team.officers if team else sum(t.officers for t in scenario.teams) / len(scenario.teams)
        )
    if v.hours is not None:
        hours = v.hours
    else:
        event = next((e for e in scenario.fixed_events if e.venue == v.venue_id), None)
        if event is not None:
            officers = min(officers, event.officers) if v.officers is None else officers
            hours = (minutes(event.end) - minutes(event.start)) / 60.0
        else:
            minutes_ = scenario.visits.service_min.get(p_key(venue), FALLBACK_SERVICE_MIN)
            hours = minutes_ / 60.0
    return float(officers) * float(hours)


def carry_over(
    data: KabupatenData,
    scenario: Scenario,
    history: CampaignHistory | None,
    start: date,
    desa_points: dict[str, tuple[float, float]],
    *,
    planned_as_done_from: date | None = None,
    learn: bool = True,
) -> Carryover:
    """The carry-over of every visit in `history` before `start` (see module docstring)."""
    data_figure = data_ikd_active(data)
    data_as_of = as_of_date(data.meta.ikd_as_of)
    visits: Sequence[RecordedVisit] = history.before(start).visits if history else ()
    hist_as_of = as_of_date(history.baseline_as_of) if history else None
    if history is not None and (
        data_as_of is None or (hist_as_of is not None and hist_as_of >= data_as_of)
    ):
        baseline, baseline_as_of, cutoff = (
            history.baseline_ikd_active,
            history.baseline_as_of,
            hist_as_of,
        )
    else:
        baseline, baseline_as_of, cutoff = data_figure, data.meta.ikd_as_of, data_as_of
    by_id = {v.venue_id: v for v in data.venues}
    earlier: dict[str, list[date]] = {}
    for v in visits:
        earlier.setdefault(v.venue_id, []).append(v.date)
    unreported = sum(1 for v in visits if v.planned and not v.reported)
    counted = sum(v.activations or 0 for v in visits if v.reported and _after(v.date, cutoff))

    def done(v: RecordedVisit) -> float | None:
        if v.activations is not None:
            return float(v.activations)
        if planned_as_done_from is not None and v.planned and v.date >= planned_as_done_from:
            return float(v.expected or 0.0)
        return None

    cfg = scenario.demand
    venues = data.venues
    drawing = [v for v in venues if v.kind.catchment != Catchment.NONE]
    desa = sorted((a for a in data.areas.values() if a.level == Level.DESA), key=lambda a: a.code)
    shares = catchment_weights(drawing, desa, desa_points, cfg)
    used = Depletion()
    observations: list[Observation] = []
    by_date: dict[date, list[RecordedVisit]] = {}
    for v in visits:
        if v.venue_id in by_id and done(v) is not None:
            by_date.setdefault(v.date, []).append(v)
    for d in sorted(by_date):
        parts = pool_parts(venues, data.areas, desa_points, cfg, used, shares)
        resident_pool = parts.resident_pool()
        for v in sorted(by_date[d], key=lambda x: (x.venue_id, x.team)):
            venue = by_id[v.venue_id]
            n = done(v) or 0.0
            pool = (
                resident_pool.get(v.venue_id, 0.0)
                + parts.students.get(v.venue_id, 0.0)
                + parts.staff.get(v.venue_id, 0.0)
            )
            if v.reported and not venue.kind.team_base:
                observations.append(
                    Observation(
                        v.venue_id,
                        p_key(venue),
                        pool,
                        visit_officer_hours(v, venue, scenario),
                        int(v.activations or 0),
                    )
                )
            used = _deplete(parts, v.venue_id, n, used, resident=_after(d, data_as_of))
    cal: Calibration | None = None
    p_by_venue = None
    spread = 0.0
    if learn and observations:
        cal = calibrate(observations, cfg)
        keys = {v.venue_id: p_key(v) for v in venues}
        parts = pool_parts(venues, data.areas, desa_points, cfg, used, shares)
        res = parts.resident_pool()
        pools = {
            v.venue_id: res.get(v.venue_id, 0.0)
            + parts.students.get(v.venue_id, 0.0)
            + parts.staff.get(v.venue_id, 0.0)
            for v in venues
        }
        p_by_venue = learned_p(cal, cfg, keys, pools)
        spread = cal.capacity_spread
    return Carryover(
        calibration=cal,
        used=used,
        p_by_venue=p_by_venue,
        earlier_visits={k: tuple(sorted(ds)) for k, ds in earlier.items()},
        ikd_active=baseline + counted,
        ikd_baseline=baseline,
        ikd_baseline_as_of=baseline_as_of,
        recorded_activations=counted,
        unreported_visits=unreported,
        observations=tuple(observations),
        capacity_spread=spread,
    )


def _deplete(
    parts: PoolParts, venue_id: str, n: float, used: Depletion, *, resident: bool
) -> Depletion:
    after = attribute(parts, venue_id, n, used)
    if resident:
        return after
    # the data's desa figures already include this visit: only students and staff deplete
    return Depletion(used.residents, after.students, after.staff)


def blocked_by_earlier(
    earlier: Mapping[str, Sequence[date]], d: date, venue_id: str, spacing_days: int
) -> bool:
    """Rule 2: a visit on `d` is too close to an earlier visit of the same venue."""
    return any(0 <= (d - e).days < spacing_days for e in earlier.get(venue_id, ()))


def visit_limits(
    earlier: Sequence[date], first: date, days: Sequence[date], max_visits: int
) -> tuple[int, list[tuple[frozenset[date], int]]]:
    """Rule 2: how earlier visits limit a venue's visits in a plan whose month starts on `first`.

    The limit is `max_visits` per calendar month and per any `LIMIT_WINDOW_DAYS` days. Earlier
    visits on or after `first` (the past days of a re-planned month) lower the month's budget;
    those in the window before `first` lower it for the month's first days only: the visits up
    to day d may number at most max − (month's earlier visits) − (visits in the window ending
    on d before `first`). Returns the month's budget and those (dates up to d, bound) prefixes;
    a bound of 0 means no visit on those dates.
    """
    in_month = sum(1 for e in earlier if e >= first)
    budget = max_visits - in_month
    prefixes: list[tuple[frozenset[date], int]] = []
    ordered = sorted(days)
    last_count: int | None = None
    for i, d in enumerate(ordered):
        count = sum(1 for e in earlier if e < first and (d - e).days < LIMIT_WINDOW_DAYS)
        if count == 0:
            break
        if count != last_count:
            prefixes.append((frozenset(ordered[: i + 1]), budget - count))
        else:
            prefixes[-1] = (frozenset(ordered[: i + 1]), budget - count)
        last_count = count
    return budget, prefixes
