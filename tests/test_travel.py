"""Travel tables: stored or computed on access, the same figures either way."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planner.travel
from planner.scenario import TravelConfig
from planner.travel import Pairwise, travel_matrix


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40))
def test_computed_tables_equal_stored_ones(seed: int, n: int) -> None:
    """Above the dense size, every lookup a solver makes gives the stored matrix's value."""
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(-2, 0, n), rng.uniform(115, 118, n)
    ids = [f"v{i}" for i in range(n)]
    dense = travel_matrix(ids, lat.tolist(), lon.tolist(), TravelConfig())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(planner.travel, "DENSE_MAX", 1)
        lazy = travel_matrix(ids, lat.tolist(), lon.tolist(), TravelConfig())
    assert isinstance(lazy.minutes, Pairwise) and isinstance(lazy.km, Pairwise)
    idx = rng.integers(0, n, size=5)
    i, j = int(idx[0]), int(idx[1])
    keys: list[Any] = [(i, j), (i, i), (i, idx), (idx, j), np.ix_(idx, idx)]
    for key in keys:
        assert np.allclose(dense.minutes[key], lazy.minutes[key])
        assert np.allclose(dense.km[key], lazy.km[key])


def test_a_hundred_thousand_venues_need_no_square_matrix() -> None:
    """100,000 points give a travel table at once (no 75 GiB n × n allocation)."""
    n = 100_000
    rng = np.random.default_rng(1)
    tm = travel_matrix(
        [f"v{i}" for i in range(n)],
        rng.uniform(-2, 0, n).tolist(),
        rng.uniform(115, 118, n).tolist(),
        TravelConfig(),
    )
    assert isinstance(tm.minutes, Pairwise)
    assert tm.minutes[0, 0] == 0.0 and tm.minutes[0, n - 1] > 0
