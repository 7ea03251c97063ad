"""Team Orienteering solver: optimal on tiny cases, always feasible, reproducible, on time."""

from __future__ import annotations

import itertools
import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from planner.io.top_format import check_top_routes, read_top_instance
from planner.solve.top import TopProblem, solve_top, top_problem

CHAO = Path(__file__).resolve().parents[3] / "shared" / "bench" / "top" / "chao"


def _random_problem(
    seed: int,
    n_customers: int,
    n_vehicles: int,
    budget: float,
    *,
    asymmetric: bool = False,
    service: bool = False,
) -> TopProblem:
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 10, size=(n_customers + 2, 2))
    pts[0] = (0.0, 0.0)
    pts[-1] = (10.0, 0.0)
    travel = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    if asymmetric:
        travel = travel * rng.uniform(1.0, 1.3, size=travel.shape)
        np.fill_diagonal(travel, 0.0)
    scores = rng.integers(1, 10, size=n_customers + 2)
    scores[[0, -1]] = 0
    svc = rng.uniform(0.0, 2.0, size=n_customers + 2) if service else None
    return TopProblem(travel, scores.astype(np.int64), n_vehicles, budget, 0, n_customers + 1, svc)


def _brute_force(problem: TopProblem) -> int:
    """Optimal score: best order per customer subset, then best disjoint choice of subsets."""
    n = problem.n_nodes
    customers = [
        v for v in range(n) if v not in (problem.start, problem.end) and problem.scores[v] > 0
    ]
    eff = problem.effective_travel()

    def shortest(subset: tuple[int, ...]) -> float:
        best = math.inf
        for order in itertools.permutations(subset):
            seq = [problem.start, *order, problem.end]
            best = min(best, sum(eff[a, b] for a, b in itertools.pairwise(seq)))
        return best

    feasible = [
        frozenset(sub)
        for size in range(1, len(customers) + 1)
        for sub in itertools.combinations(customers, size)
        if shortest(sub) <= problem.budget
    ]
    worth = {s: int(sum(problem.scores[v] for v in s)) for s in feasible}

    @cache
    def best(vehicles: int, used: frozenset[int]) -> int:
        if vehicles == 0:
            return 0
        out = 0
        for s in feasible:
            if not s & used:
                out = max(out, worth[s] + best(vehicles - 1, used | s))
        return out

    return best(problem.n_vehicles, frozenset())


@pytest.mark.parametrize(
    ("seed", "vehicles", "budget", "asymmetric", "service"),
    [
        (1, 2, 14.0, False, False),
        (2, 2, 16.0, False, False),
        (3, 1, 20.0, False, False),
        (4, 3, 13.0, False, False),
        (5, 2, 15.0, True, False),
        (6, 2, 18.0, False, True),
    ],
)
def test_finds_the_brute_force_optimum_on_tiny_instances(
    seed: int, vehicles: int, budget: float, asymmetric: bool, service: bool
) -> None:
    """On 7-customer instances the solver's score equals the optimum found by enumeration,
    also with asymmetric travel times and with service times counted against the budget."""
    problem = _random_problem(seed, 7, vehicles, budget, asymmetric=asymmetric, service=service)
    result = solve_top(problem, 5.0, seed=0, max_iterations=150)
    assert result.score == _brute_force(problem)
    assert problem.check(result.routes) == result.score


def test_routes_keep_the_budget_and_visit_each_customer_at_most_once() -> None:
    """Every route's travel + service time is within the budget and no customer repeats."""
    problem = _random_problem(11, 40, 3, 15.0, service=True)
    result = solve_top(problem, 5.0, seed=3, max_iterations=100)
    visited = [v for route in result.routes for v in route]
    assert len(visited) == len(set(visited))
    assert problem.start not in visited and problem.end not in visited
    eff = problem.travel + np.where(
        np.isin(np.arange(problem.n_nodes), [problem.start, problem.end]),
        0.0,
        problem.service if problem.service is not None else 0.0,
    )
    for route in result.routes:
        seq = [problem.start, *route, problem.end]
        assert math.fsum(eff[a, b] for a, b in itertools.pairwise(seq)) <= problem.budget
    assert result.score == sum(int(problem.scores[v]) for v in visited)
    assert len(result.routes) == problem.n_vehicles


def test_same_seed_gives_the_same_routes() -> None:
    """Two runs with the same problem, seed and iteration budget return identical routes."""
    problem = _random_problem(21, 35, 2, 18.0)
    first = solve_top(problem, 20.0, seed=7, max_iterations=120)
    second = solve_top(problem, 20.0, seed=7, max_iterations=120)
    assert first.stopped_by == second.stopped_by == "iterations"
    assert first.routes == second.routes


def test_unreachable_customers_are_never_visited() -> None:
    """A customer that no vehicle can reach within the budget stays unvisited, however rich."""
    problem = _random_problem(31, 10, 2, 14.0)
    travel = problem.travel.copy()
    travel[3, :] += 100.0
    travel[:, 3] += 100.0
    travel[3, 3] = 0.0
    scores = problem.scores.copy()
    scores[3] = 1000
    rich = TopProblem(travel, scores, 2, 14.0, problem.start, problem.end)
    result = solve_top(rich, 5.0, max_iterations=50)
    assert all(3 not in route for route in result.routes)
    assert result.score > 0


def test_nothing_reachable_gives_empty_routes() -> None:
    """With a budget below the direct start→end trip every route is empty and the score 0."""
    problem = _random_problem(41, 8, 2, 5.0)
    result = solve_top(problem, 2.0)
    assert result.routes == ((), ())
    assert result.score == 0


def test_round_trip_from_one_depot() -> None:
    """When start and end are the same node (a base), routes are closed tours and feasible."""
    base = _random_problem(51, 7, 2, 16.0)
    problem = TopProblem(base.travel, base.scores, 2, 16.0, 0, 0)
    result = solve_top(problem, 5.0, max_iterations=100)
    assert result.score == _brute_force(problem)
    assert all(0 not in route for route in result.routes)


@pytest.mark.skipif(not CHAO.is_dir(), reason="Chao benchmark files not available")
def test_real_chao_instance_in_one_second() -> None:
    """p4.2.c (reference 452) in 1 s: feasible by the file's own coordinates, within 3 % of
    the reference, and back within the time limit (+0.5 s)."""
    instance = read_top_instance(CHAO / "p4.2.c.txt")
    result = solve_top(top_problem(instance), 1.0)
    assert check_top_routes(instance, result.routes) == result.score
    assert result.score >= 0.97 * 452
    assert result.seconds <= 1.5
    assert result.on_time
