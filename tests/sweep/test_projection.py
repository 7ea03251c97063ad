"""The path-to-target projection: when does a scenario reach 20 % and 30 % of WKTP?"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.projection import (
    POPULATION_PER_WKTP,
    YEARLY_COHORT_SHARE_OF_POPULATION,
    ProjectionStart,
    add_months,
    project,
    yearly_cohort,
)

# PPU, January 2025: 20,126 IKD of 144,856 WKTP (geodata/ppu/population.csv).
PPU: dict[str, Any] = {
    "start_month": "2027-01",
    "wktp": 144_856,
    "ikd_active": 20_126,
    "readiness": 0.6,
}


def test_more_activations_reach_the_target_sooner() -> None:
    """Halving the monthly activations makes 20 % come later (and never earlier)."""
    fast = project(ProjectionStart(**PPU, monthly_activations=3000))
    slow = project(ProjectionStart(**PPU, monthly_activations=1500))
    n_fast, n_slow = fast.months_to(0.20), slow.months_to(0.20)
    assert n_fast is not None and n_slow is not None
    assert n_slow > n_fast
    assert fast.month_reaching(0.20) == add_months("2027-01", n_fast - 1)


def test_zero_activations_never_reach_the_target() -> None:
    """With no activations the rate only falls (new 17-year-olds join): never 20 %."""
    proj = project(ProjectionStart(**PPU, monthly_activations=0))
    assert proj.months_to(0.20) is None
    assert proj.month_reaching(0.20) is None
    assert proj.months[-1].rate < proj.rate_before


def test_target_already_reached_is_zero_months() -> None:
    """A kabupaten above the target needs 0 months, whatever the plan."""
    proj = project(
        ProjectionStart("2027-01", wktp=1000, ikd_active=250, monthly_activations=0, readiness=0.6)
    )
    assert proj.months_to(0.20) == 0


def test_activations_shrink_with_the_ready_pool() -> None:
    """Month after month fewer activations, since every activation leaves fewer ready people;
    the planned month's activations are the capacity and are never exceeded."""
    proj = project(ProjectionStart(**PPU, monthly_activations=4000, cohort_per_year=0))
    acts = [m.activations for m in proj.months]
    assert acts[0] == pytest.approx(4000)
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(acts))
    assert acts[24] < 0.5 * acts[0]


def test_linear_estimate_is_optimistic() -> None:
    """Chaining months takes longer than dividing the gap by one month's activations (the
    plan summary's linear estimate), because the pool shrinks and WKTP grows."""
    proj = project(ProjectionStart(**PPU, monthly_activations=2000))
    linear = (0.30 * PPU["wktp"] - PPU["ikd_active"]) / 2000
    n = proj.months_to(0.30)
    assert n is not None and n >= linear


def test_new_cohorts_grow_wktp_by_the_documented_figure() -> None:
    """WKTP grows by 1.6 % of the residents a year: PPU's 203,661 give ≈ 3,259 people."""
    yearly = yearly_cohort(PPU["wktp"], 203_661)
    proj = project(ProjectionStart(**PPU, monthly_activations=0, cohort_per_year=yearly))
    assert proj.months[11].wktp - PPU["wktp"] == pytest.approx(yearly, rel=1e-6)
    assert 3200 < yearly < 3300


def test_cohort_without_population_uses_the_national_ratio() -> None:
    """A folder without residents in area.toml gets 1.6 % of WKTP × the national ratio (1.36)."""
    assert yearly_cohort(100_000, None) == pytest.approx(
        YEARLY_COHORT_SHARE_OF_POPULATION * 100_000 * POPULATION_PER_WKTP
    )
    assert 1.3 < POPULATION_PER_WKTP < 1.4


def test_add_months_crosses_years() -> None:
    """Month arithmetic on YYYY-MM, forwards and backwards over a year end."""
    assert add_months("2027-11", 3) == "2028-02"
    assert add_months("2027-01", -1) == "2026-12"


starts = st.builds(
    ProjectionStart,
    start_month=st.sampled_from(["2026-12", "2027-01", "2027-07"]),
    wktp=st.integers(1000, 2_000_000),
    ikd_active=st.integers(0, 300_000),
    monthly_activations=st.floats(0, 20_000),
    readiness=st.floats(0.05, 1.0),
    cohort_per_year=st.one_of(st.none(), st.floats(0, 50_000)),
    horizon_years=st.integers(1, 5),
).filter(lambda s: s.ikd_active <= s.wktp)


@given(starts)
def test_never_activates_more_than_is_ready(start: ProjectionStart) -> None:
    """Activations stay between 0 and the capacity, the ready pool never goes negative, and
    the total never exceeds the people who were ever ready."""
    proj = project(start)
    ever_ready = start.readiness * (start.wktp - start.ikd_active) + start.readiness * (
        start.cohort * start.horizon_years
    )
    total = 0.0
    for m in proj.months:
        assert -1e-6 <= m.activations <= start.monthly_activations + 1e-6
        assert m.ready_pool >= -1e-6
        total += m.activations
    assert total <= ever_ready + 1e-6 * max(1.0, ever_ready)
    assert len(proj.months) == 12 * start.horizon_years


@given(starts, st.floats(1.0, 3.0), st.sampled_from([0.2, 0.3]))
def test_more_capacity_never_reaches_later(
    start: ProjectionStart, factor: float, target: float
) -> None:
    """Scaling up the monthly activations never delays reaching a target."""
    base = project(start).months_to(target)
    more = project(
        ProjectionStart(
            start.start_month,
            start.wktp,
            start.ikd_active,
            start.monthly_activations * factor,
            start.readiness,
            start.cohort_per_year,
            start.horizon_years,
        )
    ).months_to(target)
    if base is not None:
        assert more is not None and more <= base


def test_plan_summary_and_comparison_count_months_alike() -> None:
    """The plan summary and the sweep comparison give the same months to target for the same
    plan: both use the projection, with the residents of the data folder (area.toml)."""
    from planner.pipeline import plan_month
    from planner.scenario import Scenario
    from planner.sweep.comparison import projection_of
    from planner.sweep.result import CaseResult
    from tests.factories import tiny_kabupaten

    data = tiny_kabupaten(n_desa=3)
    plan = plan_month(data, Scenario(solver={"time_limit_s": 4, "workers": 1}), month="2027-01")
    s = plan.summary
    case = CaseResult(
        name="x",
        slug="x",
        case_hash="0",
        varied={},
        data_dir="",
        month=plan.month,
        team_officers=(3, 3),
        readiness=0.6,
        status="ok",
        summary=s,
    )
    proj = projection_of(case)
    assert proj is not None
    assert s.months_to_target == proj.months_to(s.target_rate)
    assert s.month_target == proj.month_reaching(s.target_rate)
    linear = (s.target_rate * s.wktp - s.ikd_active_before) / s.expected_activations
    assert s.months_to_target is not None and s.months_to_target >= linear
