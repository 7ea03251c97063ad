"""Demand model, rule by rule (planner/demand.py docstring), with property tests."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.demand import (
    catchment_weights,
    concave_envelope,
    p_range,
    ready_residents,
    sequential_values,
    student_pool,
    venue_demands,
    visit_capacity,
    visit_value,
)
from planner.domain import Area, Level, Venue
from planner.scenario import DemandConfig

CFG = DemandConfig()
pools = st.floats(min_value=0, max_value=1e6, allow_nan=False)
probs = st.floats(min_value=1e-4, max_value=1.0, allow_nan=False)
caps = st.floats(min_value=0, max_value=1e4, allow_nan=False)


def _desa(code: str, wktp: int, ikd: int) -> Area:
    return Area(code, code, Level.DESA, "1.1.1", wktp, True, ikd, True)


def _venue(vid: str, vtype: str, desa: str, lat: float, lon: float, **kw: Any) -> Venue:
    return Venue(
        vid, vtype, vid, "1.1.1", desa, lat, lon, True, (0, 1, 2, 3, 4), time(8), time(15), **kw
    )


def test_ready_residents_is_unactivated_times_readiness() -> None:
    """Rule 1: 1,000 WKTP with 200 active and readiness 0.6 gives 480 ready people."""
    assert ready_residents(_desa("a", 1000, 200), DemandConfig(readiness=0.6)) == pytest.approx(480)


def test_student_pool_counts_only_17plus_without_ikd() -> None:
    """Rule 2: 100 grade-XII students × 0.8 aged 17+ × (1 − 0.1 on IKD) = 72."""
    cfg = DemandConfig(student_17plus_share=0.8, student_ikd_rate=0.1)
    school = _venue("S", "school_sma", "a", 0, 0, students_grade12=100)
    smp = _venue("P", "school_smp", "a", 0, 0, students_grade12=100)
    assert student_pool(school, cfg) == pytest.approx(72)
    assert student_pool(dataclasses.replace(smp, students_grade12=0), cfg) == 0


def test_students_are_not_counted_twice() -> None:
    """Rule 2+4: students at a school are removed from the resident pool of its desa."""
    areas = {"a": _desa("a", 1000, 0)}
    pts = {"a": (0.0, 0.0)}
    office = _venue("KD", "kantor_desa", "a", 0, 0)
    school = _venue("S", "school_sma", "a", 0, 0, students_grade12=100)
    alone = venue_demands((office,), areas, pts, CFG)["KD"].pool
    both = venue_demands((office, school), areas, pts, CFG)
    assert both["KD"].pool + both["S"].students == pytest.approx(alone)


@settings(max_examples=60, deadline=None)
@given(
    wktp=st.lists(st.integers(0, 50_000), min_size=1, max_size=6),
    offsets=st.lists(st.floats(-0.2, 0.2), min_size=1, max_size=5),
)
def test_office_pools_never_exceed_the_residents(wktp: list[int], offsets: list[float]) -> None:
    """Rule 4: however venues are placed, office pools add up to at most the ready residents."""
    areas = {f"d{i}": _desa(f"d{i}", w, w // 10) for i, w in enumerate(wktp)}
    pts = {f"d{i}": (0.0, 0.05 * i) for i in range(len(wktp))}
    venues = tuple(_venue(f"V{k}", "kantor_camat", "d0", off, off) for k, off in enumerate(offsets))
    dem = venue_demands(venues, areas, pts, CFG)
    total_ready = sum(ready_residents(a, CFG) for a in areas.values())
    assert sum(d.residents for d in dem.values()) <= total_ready + 1e-6
    assert all(d.pool >= 0 for d in dem.values())


def test_catchment_shares_split_each_desa_once() -> None:
    """Rule 4: each desa's shares over the venues that reach it sum to 1 (0 if none reach it)."""
    far = dataclasses.replace(_desa("far", 100, 0), parent_code="9.9.9")  # another kecamatan
    desa = [_desa("a", 100, 0), _desa("b", 100, 0), far]
    pts = {"a": (0.0, 0.0), "b": (0.0, 0.05), "far": (5.0, 5.0)}
    venues = [
        _venue("X", "kantor_camat", "a", 0, 0.01),
        _venue("Y", "kantor_camat", "b", 0, 0.04),
    ]
    shares = catchment_weights(venues, desa, pts, CFG)
    assert shares[:, 0].sum() == pytest.approx(1)
    assert shares[:, 1].sum() == pytest.approx(1)
    assert shares[:, 2].sum() == 0
    assert shares[0, 0] > shares[1, 0]  # the nearer venue gets the larger share


def test_capacity_is_officers_hours_rate() -> None:
    """Rule 5: 3 officers × 2.5 h × 8 per officer-hour = 60 people."""
    assert visit_capacity(3, 150, 8.0) == pytest.approx(60)


@settings(max_examples=200, deadline=None)
@given(pool=pools, p=probs, cap=caps, k=st.integers(1, 8))
def test_repeat_visits_never_worth_more(pool: float, p: float, cap: float, k: int) -> None:
    """Rule 6: with equal teams each visit is worth at most the one before; total ≤ pool."""
    values = sequential_values(pool, p, [cap] * k)
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(values))
    assert sum(values) <= pool + 1e-6
    assert all(v <= cap + 1e-9 for v in values)


def test_repeat_visit_strictly_less_when_pool_limited() -> None:
    """Rule 6: when p × pool is below capacity the second visit is strictly smaller."""
    first, second = sequential_values(100, 0.5, [80, 80])
    assert first == pytest.approx(50) and second == pytest.approx(25)


@settings(max_examples=200, deadline=None)
@given(pool=pools, p=probs, caps_=st.lists(caps, min_size=1, max_size=6))
def test_envelope_bounds_any_capacity_mix(pool: float, p: float, caps_: list[float]) -> None:
    """The optimiser's concave curve (max capacity) bounds the sequential value of any mix."""
    env = concave_envelope(pool, p, max(caps_), len(caps_))
    assert sum(sequential_values(pool, p, caps_)) <= env[-1] + 1e-6
    increments = [b - a for a, b in itertools.pairwise(env)]
    assert all(y <= x + 1e-9 for x, y in itertools.pairwise(increments))


@settings(max_examples=100, deadline=None)
@given(p=probs, spread=st.floats(0, 0.7))
def test_p10_p90_bracket_p(p: float, spread: float) -> None:
    """Rule 7: P10 ≤ p ≤ P90, all in (0, 1]."""
    lo, hi = p_range(p, spread)
    assert 0 < lo <= p + 1e-12 and p <= hi + 1e-12 and hi <= 1


def test_visit_value_is_min_of_capacity_and_share() -> None:
    """Rule 6: min(capacity, p × remaining), never negative."""
    assert visit_value(60, 0.1, 300) == pytest.approx(30)
    assert visit_value(20, 0.1, 300) == pytest.approx(20)
    assert visit_value(20, 0.1, -5) == 0
