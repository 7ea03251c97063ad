"""What earlier visits carry into the next plan (planner/carryover.py), one rule per test."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.carryover import as_of_date, carry_over, visit_limits
from planner.demand import Depletion, attribute, pool_parts, venue_demands
from planner.domain import KabupatenData
from planner.history import CampaignHistory, RecordedVisit
from planner.io.load import load_kabupaten
from planner.pipeline import desa_points, plan_month
from planner.plan import Plan
from planner.scenario import FixedEvent, Scenario
from tests.factories import tiny_kabupaten

FAST = {"time_limit_s": 3.0, "workers": 1}
KAB_MINI = Path(__file__).parent / "data" / "kab_mini"


def _scenario() -> Scenario:
    return Scenario(fixed_events=(FixedEvent(venue="CFD"),), solver=FAST)


def _history(
    data: KabupatenData, plan: Plan, factor: float | None, *, baseline_as_of: str = "2025-01"
) -> CampaignHistory:
    """The plan's visits as recorded: activations = factor × expected (None: not reported)."""
    types = {v.venue_id: v.venue_type for v in data.venues}
    visits = tuple(
        RecordedVisit(
            td.date,
            td.team,
            s.venue_id,
            types[s.venue_id],
            True,
            None if factor is None else round(s.expected_activations * factor),
            s.expected_activations,
            s.p10,
            s.p90,
        )
        for td in plan.team_days
        for s in td.stops
    )
    kab = data.areas[data.meta.code]
    return CampaignHistory(data.meta.code, kab.ikd_active, baseline_as_of, visits)


@pytest.fixture(scope="module")
def november() -> tuple[KabupatenData, Plan]:
    data = tiny_kabupaten(n_desa=5)
    return data, plan_month(data, _scenario(), month="2026-11")


def test_empty_history_plans_exactly_as_without_a_ledger() -> None:
    """A campaign with no visits yet gives the very plan the planner gives without a ledger."""
    data = tiny_kabupaten(n_desa=3)
    empty = CampaignHistory(data.meta.code, 100, "2025-01")
    a = plan_month(data, _scenario(), month="2026-12")
    b = plan_month(data, _scenario(), month="2026-12", history=empty)
    assert a.team_days == b.team_days
    assert a.summary.model_copy(update={"solve_seconds": 0}) == b.summary.model_copy(
        update={"solve_seconds": 0}
    )


def test_pools_deplete_by_exactly_the_recorded_activations(
    november: tuple[KabupatenData, Plan],
) -> None:
    """December's pools, summed over venues, are November's less every reported activation."""
    data, plan = november
    hist = _history(data, plan, 0.8)
    carry = carry_over(data, _scenario(), hist, date(2026, 12, 1), desa_points(data))
    before = venue_demands(data.venues, data.areas, desa_points(data), _scenario().demand)
    after = venue_demands(
        data.venues, data.areas, desa_points(data), _scenario().demand, used=carry.used
    )
    drop = sum(before[k].pool - after[k].pool for k in before)
    assert hist.total_activations > 0
    assert drop == pytest.approx(hist.total_activations, rel=1e-9)
    visited = {v.venue_id for v in hist.visits}
    assert all(after[k].pool < before[k].pool for k in visited if before[k].pool > 0)


@settings(max_examples=30, deadline=None)
@given(share=st.floats(min_value=0.0, max_value=1.0), n=st.floats(min_value=0, max_value=5000))
def test_shared_desa_is_depleted_once(share: float, n: float) -> None:
    """Two offices drawing on the same desa: activations at one lower the pools of both
    together by exactly the activations (or the whole pool), never twice."""
    data = tiny_kabupaten(n_desa=2, schools_per_desa=0, with_event=False)
    cfg = _scenario().demand
    pts = desa_points(data)
    venues = tuple(v for v in data.venues if v.venue_type == "kantor_desa")
    parts = pool_parts(venues, data.areas, pts, cfg)
    total_before = sum(parts.resident_pool().values()) + sum(parts.staff.values())
    used = attribute(parts, venues[0].venue_id, n * share, Depletion())
    after = pool_parts(venues, data.areas, pts, cfg, used)
    total_after = sum(after.resident_pool().values()) + sum(after.staff.values())
    pool0 = parts.resident_pool()[venues[0].venue_id] + parts.staff[venues[0].venue_id]
    assert total_before - total_after == pytest.approx(min(n * share, pool0), abs=1e-6)


def test_spacing_counts_visits_of_the_previous_month() -> None:
    """A venue visited on 30 November is not visited again before 7 December (spacing 7)."""
    data = tiny_kabupaten(n_desa=3)
    types = {v.venue_id: v.venue_type for v in data.venues}
    last = date(2026, 11, 30)
    hist = CampaignHistory(
        data.meta.code,
        0,
        "2025-01",
        tuple(
            RecordedVisit(last, "Tim 1", vid, types[vid], True, 10)
            for vid in types
            if vid not in ("BASE", "CFD")
        ),
    )
    plan = plan_month(data, _scenario(), month="2026-12", history=hist)
    early = [
        (td.date, s.venue_id)
        for td in plan.team_days
        for s in td.stops
        if s.venue_id != "CFD" and (td.date - last).days < 7
    ]
    assert not early
    assert plan.summary.visits > 0


def test_visit_limit_counts_visits_just_before_the_month() -> None:
    """Three visits in late November (limit 3 per 30 days) leave no visit until the window
    has passed the first of them, then one, and so on."""
    earlier = [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    days = [date(2026, 12, d) for d in range(1, 32)]
    budget, prefixes = visit_limits(earlier, date(2026, 12, 1), days, 3)
    assert budget == 3
    bound_on: dict[date, int] = {}
    for ds, bound in prefixes:
        for d in ds:
            bound_on.setdefault(d, bound)
    assert bound_on[date(2026, 12, 1)] == 0  # all three within 30 days
    assert bound_on[date(2026, 12, 9)] == 1  # 9 Nov dropped out
    assert date(2026, 12, 23) not in bound_on  # window clear: only the monthly limit


def test_visit_limit_counts_the_past_days_of_the_same_month() -> None:
    """Re-planning a month: visits already made this month lower the month's budget."""
    budget, _ = visit_limits([date(2026, 12, 2), date(2026, 12, 9)], date(2026, 12, 1), [], 3)
    assert budget == 1


def test_ikd_active_is_baseline_plus_recorded_activations(
    november: tuple[KabupatenData, Plan],
) -> None:
    """The next plan's IKD-active count is the campaign's baseline plus every reported
    activation; unreported visits add nothing and are counted as unreported."""
    data, plan = november
    hist = _history(data, plan, 0.9)
    half = tuple(
        dataclasses.replace(v, activations=None) if i % 2 else v for i, v in enumerate(hist.visits)
    )
    hist = dataclasses.replace(hist, visits=half)
    dec = plan_month(data, _scenario(), month="2026-12", history=hist)
    assert dec.summary.ikd_active_before == hist.baseline_ikd_active + hist.total_activations
    assert dec.summary.recorded_activations == hist.total_activations
    assert dec.summary.unreported_visits == len(half) // 2
    wktp = dec.summary.wktp
    assert dec.summary.ikd_rate_before == pytest.approx(
        dec.summary.ikd_active_before / wktp, abs=1e-5
    )


def test_newer_official_figure_resets_the_count_without_double_counting(
    november: tuple[KabupatenData, Plan],
) -> None:
    """A data figure dated after some visits already includes them: only later ones are added."""
    data, plan = november
    hist = _history(data, plan, 1.0, baseline_as_of="2025-01")
    cut = date(2026, 11, 15)
    newer = dataclasses.replace(data, meta=dataclasses.replace(data.meta, ikd_as_of="2026-11-15"))
    carry = carry_over(newer, _scenario(), hist, date(2026, 12, 1), desa_points(newer))
    later = sum(v.activations or 0 for v in hist.visits if v.date > cut)
    assert carry.ikd_baseline_as_of == "2026-11-15"
    assert carry.ikd_active == data.areas[data.meta.code].ikd_active + later


def test_as_of_dates_are_the_last_day_the_figure_covers() -> None:
    """`2025-01` covers all of January; a semester covers its six months."""
    assert as_of_date("2025-01") == date(2025, 1, 31)
    assert as_of_date("2025-S1") == date(2025, 6, 30)
    assert as_of_date("2025-03-04") == date(2025, 3, 4)
    assert as_of_date("Januari") is None


def test_learned_model_reaches_the_next_plan(november: tuple[KabupatenData, Plan]) -> None:
    """Reported visits at half the forecast lower December's forecast per visit and the plan
    carries the learned parameters with the visits they rest on."""
    data, plan = november
    dec_prior = plan_month(data, _scenario(), month="2026-12")
    hist = _history(data, plan, 0.5)
    dec = plan_month(data, _scenario(), month="2026-12", history=hist)
    school = next(q for q in dec.learned if q.name == "p_type.school")
    assert school.visits > 0 and school.mean < school.prior
    per_visit_prior = dec_prior.summary.expected_activations / dec_prior.summary.visits
    per_visit = dec.summary.expected_activations / dec.summary.visits
    assert per_visit < per_visit_prior


def test_population_actual_kabupaten_figure_resets_the_ikd_count(tmp_path: Path) -> None:
    """Dropping a newer official kabupaten IKD figure (with its date) into
    population_actual.csv makes the next plan count from it: only later activations are added."""
    folder = tmp_path / "kab"
    shutil.copytree(KAB_MINI, folder)
    (folder / "population_actual.csv").write_text(
        "code,wktp,ikd_active,as_of,source\n99.01,,1500,2027-02-15,Disdukcapil\n",
        encoding="utf-8",
    )
    data = load_kabupaten(folder)
    assert data.meta.ikd_as_of == "2027-02-15"
    venue = next(v for v in data.venues if not v.kind.team_base)
    visits = (
        RecordedVisit(date(2027, 2, 10), "Tim 1", venue.venue_id, venue.venue_type, True, 40),
        RecordedVisit(date(2027, 2, 20), "Tim 1", venue.venue_id, venue.venue_type, True, 25),
    )
    hist = CampaignHistory(data.meta.code, 1300, "2025-01", visits)
    carry = carry_over(data, _scenario(), hist, date(2027, 3, 1), desa_points(data))
    assert carry.ikd_active == 1500 + 25
    assert carry.ikd_baseline_as_of == "2027-02-15"


def test_plan_keeps_the_visit_limit_across_the_month_boundary() -> None:
    """Every venue visited on 9, 16 and 23 November (limit 3 in any 30 days) gets no visit
    before 9 December and at most one before 16 December."""
    data = tiny_kabupaten(n_desa=3)
    types = {v.venue_id: v.venue_type for v in data.venues}
    days = (date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23))
    hist = CampaignHistory(
        data.meta.code,
        0,
        "2025-01",
        tuple(
            RecordedVisit(d, "Tim 1", vid, types[vid], True, 5)
            for d in days
            for vid in types
            if vid not in ("BASE", "CFD")
        ),
    )
    plan = plan_month(data, _scenario(), month="2026-12", history=hist)
    visits = [(td.date, s.venue_id) for td in plan.team_days for s in td.stops if not s.fixed]
    assert visits, "December should still have visits"
    assert not [v for v in visits if v[0] < date(2026, 12, 9)]
    early: dict[str, int] = {}
    for d, vid in visits:
        if d < date(2026, 12, 16):
            early[vid] = early.get(vid, 0) + 1
    assert all(n <= 1 for n in early.values())
