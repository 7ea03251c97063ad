"""The TOP ruin-and-recreate search as an improvement step of the heuristic pricing."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.candidates import Slot, Window
from planner.pipeline import build_planning_problem
from planner.scenario import Scenario, Team
from planner.solve.month import solve_month
from planner.solve.params import SolveParams
from planner.solve.pricing_top import improve_paths
from planner.solve.routes import DayContext, time_route
from planner.solve.top_search import TopSearch
from tests.factories import tiny_kabupaten

LUNCH = ((720, 780),)


def _day(seed: int, n: int, end: int) -> tuple[DayContext, np.ndarray, list[str], np.ndarray]:
    """A base (index 0) and n venues with varied windows and visits; venue i is node i."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 50, size=(n + 1, 2))
    minutes = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    ids = ["BASE"] + [f"V{i}" for i in range(1, n + 1)]
    slot = Slot(0, "A", date(2026, 11, 2), 3, "BASE", 480, end, LUNCH)
    opens = rng.integers(450, 700, size=n + 1)
    windows = {i: Window(int(opens[i]), int(opens[i]) + 240) for i in range(1, n + 1)}
    service = {i: int(rng.integers(30, 90)) for i in range(1, n + 1)}
    return DayContext(slot, 0, windows, service), minutes, ids, np.arange(1, n + 1)


def _greedy_start(
    ctx: DayContext, minutes: np.ndarray, ids: list[str], n: int, stops: int
) -> list[int]:
    """A feasible route (positions in the venue list): venues in index order while they fit."""
    path: list[int] = []
    for p in range(n):
        trial = [*path, p]
        if len(trial) <= stops and time_route([q + 1 for q in trial], ctx, minutes, ids):
            path = trial
    return path


def _fits(
    route: tuple[int, ...], ctx: DayContext, minutes: np.ndarray, ids: list[str], stops: int
) -> bool:
    order = [p + 1 for p in route]
    return len(order) <= stops and time_route(order, ctx, minutes, ids) is not None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(3, 12),
    end=st.sampled_from([840, 960, 1020]),
    stops=st.integers(1, 5),
)
def test_improved_routes_fit_the_day_and_are_worth_at_least_the_start(
    seed: int, n: int, end: int, stops: int
) -> None:
    """Every route returned passes the planner's exact day timing (windows, lunch, home by the
    end, most stops), visits each venue once, and collects at least the start route's Σω."""
    ctx, minutes, ids, nodes = _day(seed, n, end)
    omega = np.random.default_rng(seed + 1).choice([0.0, 1.0, 2.5, 4.0, 7.0], size=n)
    start = _greedy_start(ctx, minutes, ids, n, stops)
    if not start:
        return
    value0 = float(omega[start].sum())
    found, work = improve_paths(ctx, nodes, omega, [start], minutes, ids, stops, seed=3)
    assert work > 0
    for value, route in found:
        assert len(set(route)) == len(route)
        assert _fits(route, ctx, minutes, ids, stops)
        assert value == float(omega[list(route)].sum())
        assert value >= value0 - 1e-9


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(3, 10))
def test_same_seed_gives_the_same_routes(seed: int, n: int) -> None:
    """Same day, duals, start route and seed → the same improved routes (no clock involved)."""
    ctx, minutes, ids, nodes = _day(seed, n, 960)
    omega = np.random.default_rng(seed).uniform(0, 5, size=n)
    start = _greedy_start(ctx, minutes, ids, n, 4)
    first = improve_paths(ctx, nodes, omega, [start], minutes, ids, 4, seed=5)
    second = improve_paths(ctx, nodes, omega, [start], minutes, ids, 4, seed=5)
    assert first == second


def test_a_poor_start_route_is_improved() -> None:
    """Started from the least valuable single visit, the search finds a route worth more."""
    ctx, minutes, ids, nodes = _day(11, 8, 1020)
    omega = np.array([0.5, 3.0, 4.0, 2.0, 5.0, 1.0, 6.0, 2.5])
    found, _ = improve_paths(ctx, nodes, omega, [[0]], minutes, ids, 3)
    assert found
    best_value, best_route = found[0]
    assert best_value > 0.5
    assert _fits(best_route, ctx, minutes, ids, 3)


def test_a_check_that_accepts_everything_changes_nothing() -> None:
    """The budget-only search (the TOP benchmark's path) and the same search with a check that
    accepts every route make the same moves and end on the same routes."""
    rng = np.random.default_rng(4)
    pts = rng.uniform(0, 100, size=(30, 2))
    travel = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    prizes = rng.integers(1, 20, size=30)
    prizes[0] = prizes[29] = 0
    customers = np.arange(1, 29, dtype=np.int64)

    def run(check: object) -> list[list[int]]:
        search = TopSearch(
            travel,
            prizes,
            3,
            120.0,
            0,
            29,
            customers,
            np.random.default_rng(1),
            feasible=check,  # type: ignore[arg-type]
        )
        state = search.construct()
        for _ in range(40):
            cand = state.copy()
            search.perturb(cand)
            if cand.score >= state.score:
                state = cand
        return state.routes

    assert run(None) == run(lambda route: True)


def test_a_generated_month_with_the_improvement_replays_and_keeps_a_valid_bound() -> None:
    """With `pricing_improve` on, a generated month gives the same plan on every run, and its
    value stays under its bound (the improvement only adds columns)."""
    sc = Scenario(
        teams=(Team(name="A"), Team(name="B")), solver={"time_limit_s": 8.0, "workers": 1}
    )
    problem, _ = build_planning_problem(tiny_kabupaten(n_desa=3), sc, "2026-11")
    params = SolveParams(time_limit_s=15, workers=1, route_mode="generate", pricing_improve=True)
    first = solve_month(problem, params)
    again = solve_month(problem, params)
    assert first.route_mode == "generate"
    assert first.evaluation.expected <= first.upper_bound + 1e-6
    assert {s: r.venue_ids for s, r in first.chosen.items()} == {
        s: r.venue_ids for s, r in again.chosen.items()
    }
