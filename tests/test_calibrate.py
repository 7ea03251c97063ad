"""Calibration of the demand model from reported visits (planner/calibrate.py), rule by rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calibrate import Observation, calibrate, learned_p
from planner.scenario import DemandConfig

CFG = DemandConfig()


def _visits(
    key: str,
    p_true: float,
    n: int,
    seed: int,
    *,
    rate: float = 8.0,
    pool: tuple[float, float] = (800.0, 2500.0),
    officer_hours: float = 7.5,
    venues: int = 20,
) -> list[Observation]:
    """Visits drawn from the model itself: min(binomial demand, noisy team throughput)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        r = float(rng.uniform(*pool))
        demand = rng.binomial(int(r), p_true)
        throughput = rng.normal(rate * officer_hours, 0.1 * rate * officer_hours)
        out.append(
            Observation(f"{key}-{i % venues}", key, r, officer_hours, int(min(demand, throughput)))
        )
    return out


@settings(max_examples=25, deadline=None)
@given(
    p=st.floats(min_value=0.001, max_value=0.9),
    spread=st.floats(min_value=0.05, max_value=0.9),
    rate=st.floats(min_value=1.0, max_value=30.0),
)
def test_no_visits_gives_the_prior_exactly(p: float, spread: float, rate: float) -> None:
    """With no reported visit every parameter is its prior and the scenario is unchanged."""
    cfg = DemandConfig(
        p_type={"school": p, "kantor_desa": p / 2},
        p_relative_spread=spread,
        activations_per_officer_hour=rate,
    )
    cal = calibrate([], cfg)
    assert all(q.mean == q.prior for q in cal.parameters)
    assert all(q.visits == 0 for q in cal.parameters)
    assert cal.demand_config(cfg) == cfg


@settings(max_examples=10, deadline=None)
@given(p_true=st.floats(min_value=0.01, max_value=0.06), seed=st.integers(0, 10_000))
def test_type_without_visits_keeps_its_prior(p_true: float, seed: int) -> None:
    """Visits at kantor desa teach nothing about schools: school p stays the scenario's value."""
    cal = calibrate(_visits("kantor_desa", p_true, 12, seed), CFG)
    school = cal.p_of("school")
    assert school is not None
    assert school.mean == CFG.p_type["school"]
    assert school.visits == 0


@settings(max_examples=8, deadline=None)
@given(
    factor=st.sampled_from([0.5, 0.65, 1.4, 1.7]),
    seed=st.integers(0, 10_000),
)
def test_calibration_moves_toward_the_truth_with_more_data(factor: float, seed: int) -> None:
    """The posterior mean of p ends near the true p, far closer than the prior was (a few
    visits may land anywhere in between: sampling noise)."""
    p_true = CFG.p_type["kantor_desa"] * factor
    visits = _visits("kantor_desa", p_true, 80, seed)
    errors = []
    for n in (0, 8, 80):
        q = calibrate(visits[:n], CFG).p_of("kantor_desa")
        assert q is not None
        errors.append(abs(q.mean - p_true))
    assert errors[2] < errors[0] / 2
    assert errors[2] < 0.15 * p_true


def test_credible_interval_narrows_and_holds_the_mean() -> None:
    """More visits give a narrower 90 % interval, which always contains the posterior mean."""
    visits = _visits("kantor_desa", 0.04, 60, seed=3)
    widths = []
    for n in (5, 60):
        q = calibrate(visits[:n], CFG).p_of("kantor_desa")
        assert q is not None and q.lo <= q.mean <= q.hi
        assert q.visits == n
        widths.append(q.hi - q.lo)
    assert widths[1] < widths[0] / 2


def test_capacity_bound_visits_are_censored_not_read_as_low_p() -> None:
    """Visits where the team's pace was the limit do not drag p down to activations / pool.

    Schools with p = 0.6 of 200 people want 120 activations but a team of 7.5 officer-hours at
    8 per hour manages 60: a naive estimate would say p = 0.3. The censored likelihood keeps p
    high and learns the rate instead.
    """
    visits = _visits("school", 0.6, 40, seed=5, pool=(200.0, 200.0), rate=8.0)
    cal = calibrate(visits, CFG)
    school = cal.p_of("school")
    assert school is not None
    assert school.mean > 0.45, school
    assert cal.rate.mean == pytest.approx(8.0, rel=0.1)


def test_demand_bound_visits_teach_p_and_leave_the_rate_near_its_prior() -> None:
    """Small pools (demand runs out) identify p; they say little about the team's pace."""
    visits = _visits("school", 0.35, 40, seed=7, pool=(60.0, 100.0), rate=8.0)
    cal = calibrate(visits, CFG)
    school = cal.p_of("school")
    assert school is not None
    assert school.mean == pytest.approx(0.35, abs=0.05)
    assert cal.rate.lo < 7.0 and cal.rate.hi > 9.0  # still wide: not identified by these


def test_venue_effect_is_shrunk_more_with_fewer_visits() -> None:
    """A venue at half its type's rate moves toward 0.5 more with three visits than with one."""
    base = _visits("kantor_desa", 0.03, 40, seed=11)
    odd = [Observation("ODD", "kantor_desa", 2000.0, 7.5, 30) for _ in range(3)]  # 0.5 × p·R
    one = {e.venue_id: e for e in calibrate([*base, odd[0]], CFG).venue_effects}["ODD"]
    three = {e.venue_id: e for e in calibrate([*base, *odd], CFG).venue_effects}["ODD"]
    assert 0.5 < three.multiplier < one.multiplier < 1.0


def test_learned_p_band_brackets_p_for_every_venue() -> None:
    """Every venue gets P10 ≤ p ≤ P90 in (0, 1], learned or not."""
    cal = calibrate(_visits("kantor_desa", 0.04, 20, seed=2), CFG)
    keys = {"A": "kantor_desa", "B": "school", "C": "public_event", "kantor_desa-1": "kantor_desa"}
    for p, lo, hi in learned_p(cal, CFG, keys).values():
        assert 0 < lo <= p <= hi <= 1


def test_a_pace_no_visit_was_limited_by_is_not_measured() -> None:
    """Every visit below its capacity (demand ran out first, as in a first month where schools
    got 36–69 of a capacity of 72): the data only say the pace was not the limit, so the rate
    keeps its prior exactly, counts no visit, and the next plan uses the prior."""
    visits = _visits("school", 0.35, 40, seed=7, pool=(60.0, 100.0), rate=8.0)
    cal = calibrate(visits, CFG)
    assert cal.rate.visits == 0 and not cal.rate.learned
    assert cal.rate.mean == CFG.activations_per_officer_hour
    assert cal.demand_config(CFG).activations_per_officer_hour == 8.0
    assert cal.p_of("school") is not None and cal.p_of("school").visits == 40  # type: ignore[union-attr]


def test_the_pace_rests_only_on_visits_it_limited() -> None:
    """20 small-pool visits (demand-bound) and 10 big-pool ones (a slow team of 6/h was the
    limit): the rate is learned toward 6 and its basis is the capacity-bound visits only."""
    small = _visits("kantor_desa", 0.35, 20, seed=3, pool=(60.0, 100.0), rate=6.0)
    big = _visits("school", 0.6, 10, seed=4, pool=(400.0, 400.0), rate=6.0)
    cal = calibrate([*small, *big], CFG)
    assert 8 <= cal.rate.visits <= 12
    assert cal.rate.mean == pytest.approx(6.0, rel=0.1)
