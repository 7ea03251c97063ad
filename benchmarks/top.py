"""Benchmark: the Team Orienteering Problem (Chao, Golden & Wasil 1996) — ours, PyVRP, VROOM.

Runs each solver on each instance one after the other (never in parallel, so timings are
fair), re-checks every route against the instance file (budget, each customer once, score
sum), and prints per instance the scores, seconds and routes next to the reference, then a
per-set table of the mean gap to the reference and an overall line.

    .venv/bin/python benchmarks/top.py [--time-limit 5] [--json FILE] \
        [--solvers ours,pyvrp,vroom] [--sets 1,2,3,4,6] [INSTANCE ...]

Gap = (reference − score) / reference in %, 0 where the reference is 0. A solver whose routes
fail the re-check counts as score 0 for that instance and is flagged. PyVRP and VROOM get the
same integer model as OR-Tools: each arc rounded up to 1e-6 of tmax, the budget rounded
down, so their routes are feasible in floats too. `--json FILE` writes
{"results": [ours...], "pyvrp": [...], "vroom": [...], "meta": {...}} (bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from planner.io.top_format import (
    TopInstance,
    check_top_routes,
    read_top_instance,
    read_top_references,
)
from planner.solve.top import solve_top, top_problem

BENCH_DIR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "top"
SOLVERS = ("ours", "pyvrp", "vroom")
#: Integer units per tmax for PyVRP and VROOM (same resolution as our OR-Tools model).
BUDGET_UNITS = 1_000_000

Routes = list[list[int]]


@dataclass(frozen=True)
class Run:
    """One solver on one instance, after the re-check."""

    solver: str
    instance: str
    score: int
    routes: Routes
    seconds: float
    error: str = ""


def _integer_arcs(instance: TopInstance) -> tuple[np.ndarray, int]:
    """Arc lengths rounded up and the budget rounded down, in 1/BUDGET_UNITS of tmax."""
    scale = BUDGET_UNITS / instance.tmax if instance.tmax > 0 else 1.0
    arcs = np.ceil(instance.distance_matrix() * scale).astype(np.int64)
    np.fill_diagonal(arcs, 0)
    return arcs, math.floor(instance.tmax * scale)


def run_ours(instance: TopInstance, time_limit_s: float, seed: int) -> Routes:
    """Our solver (planner.solve.top)."""
    result = solve_top(top_problem(instance), time_limit_s, seed)
    return [list(r) for r in result.routes]


def run_pyvrp(instance: TopInstance, time_limit_s: float, seed: int) -> Routes:
    """PyVRP prize-collecting: optional clients with prizes, a max_distance per vehicle.

    Prizes are weighted so one score point outweighs any total distance (lexicographic, as in
    our OR-Tools model); PyVRP minimises distance + uncollected prize.
    """
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    arcs, cap = _integer_arcs(instance)
    n, m = instance.n_points, instance.n_vehicles
    weight = m * cap + 1
    model = Model()
    locs = [model.add_location(x, y) for x, y in instance.points]
    start = model.add_depot(locs[0])
    end = model.add_depot(locs[n - 1])
    for v in range(1, n - 1):
        model.add_client(locs[v], prize=instance.scores[v] * weight, required=False)
    model.add_vehicle_type(num_available=m, start_depot=start, end_depot=end, max_distance=cap)
    for a in range(n):
        for b in range(n):
            if a != b:
                model.add_edge(locs[a], locs[b], distance=int(arcs[a, b]))
    result = model.solve(stop=MaxRuntime(time_limit_s), seed=seed, display=False)
    if not result.best.is_feasible():
        raise ValueError("PyVRP returned an infeasible solution")
    data = model.data()
    routes = [
        [int(data.client(act.idx).location) for act in route.schedule() if act.is_client()]
        for route in result.best.routes()
    ]
    return routes


def run_vroom(instance: TopInstance, time_limit_s: float, seed: int) -> Routes:
    """VROOM: jobs with priority = score (VROOM maximises total priority first), vehicles
    with max_travel_time = budget, one thread, exploration level 5. VROOM takes no seed."""
    import vroom

    del seed
    arcs, cap = _integer_arcs(instance)
    n = instance.n_points
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=arcs.tolist())
    for k in range(instance.n_vehicles):
        problem.add_vehicle(vroom.Vehicle(k, start=0, end=n - 1, max_travel_time=cap))
    for v in range(1, n - 1):
        problem.add_job(vroom.Job(v, location=v, priority=instance.scores[v]))
    solution = problem.solve(
        exploration_level=5, nb_threads=1, timeout=timedelta(seconds=time_limit_s)
    )
    table = solution.routes
    routes: Routes = []
    for k in range(instance.n_vehicles):
        rows = table[(table["vehicle_id"] == k) & (table["type"] == "job")]
        routes.append([int(v) for v in rows["location_index"]])
    return routes


RUNNERS: dict[str, Callable[[TopInstance, float, int], Routes]] = {
    "ours": run_ours,
    "pyvrp": run_pyvrp,
    "vroom": run_vroom,
}


def run_one(solver: str, instance: TopInstance, time_limit_s: float, seed: int) -> Run:
    """Run and time one solver, then re-check its routes against the instance file."""
    t0 = time.perf_counter()
    try:
        routes = RUNNERS[solver](instance, time_limit_s, seed)
    except Exception as exc:  # a competitor failing must not stop the benchmark
        return Run(solver, instance.name, 0, [], time.perf_counter() - t0, f"failed: {exc}")
    seconds = time.perf_counter() - t0
    routes = [[int(v) for v in r] for r in routes]
    try:
        score = check_top_routes(instance, routes)
    except ValueError as exc:
        return Run(solver, instance.name, 0, routes, seconds, f"invalid: {exc}")
    return Run(solver, instance.name, score, routes, seconds)


def gap(score: int, reference: int) -> float:
    """Gap to the reference in percent (negative if better); 0 for a zero reference."""
    if reference <= 0:
        return 0.0
    return 100.0 * (reference - score) / reference


def _instance_set(name: str) -> str:
    return name.split(".")[0].removeprefix("p")


def select_instances(bench: Path, sets: Sequence[str], names: Sequence[str]) -> list[str]:
    """Instance names in reference order, filtered by set or by explicit name."""
    refs = read_top_references(bench / "reference.csv")
    if names:
        missing = [n for n in names if n not in refs]
        if missing:
            raise SystemExit(f"unknown instances: {', '.join(missing)}")
        return list(names)
    return [n for n in refs if _instance_set(n) in sets]


def _write_json(path: Path, payload: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=1)
    Path(tmp).chmod(0o644)
    Path(tmp).replace(path)


def _payload(runs: list[Run], meta: dict[str, object]) -> dict[str, object]:
    payload: dict[str, object] = {}
    for solver in SOLVERS:
        rows = [
            {"instance": r.instance, "score": r.score, "routes": r.routes, "seconds": r.seconds}
            | ({"error": r.error} if r.error else {})
            for r in runs
            if r.solver == solver
        ]
        if rows:
            payload["results" if solver == "ours" else solver] = rows
    payload["meta"] = meta
    return payload


def summary_table(runs: list[Run], refs: dict[str, int], solvers: Sequence[str]) -> list[str]:
    """Per-set mean gap (%) per solver, then an overall line and median seconds."""
    sets = sorted({_instance_set(r.instance) for r in runs}, key=int)
    head = f"{'set':>4} {'inst':>5} " + " ".join(f"{s + ' gap%':>12}" for s in solvers)
    lines = [head]

    def cells(subset: list[Run]) -> str:
        out = []
        for s in solvers:
            mine = [r for r in subset if r.solver == s]
            if not mine:
                out.append(f"{'-':>12}")
                continue
            mean = statistics.fmean(gap(r.score, refs[r.instance]) for r in mine)
            bad = sum(1 for r in mine if r.error)
            out.append(f"{mean:>8.3f}{f' !{bad}' if bad else '':>4}")
        return " ".join(out)

    for st in sets:
        subset = [r for r in runs if _instance_set(r.instance) == st]
        count = len({r.instance for r in subset})
        lines.append(f"{st:>4} {count:>5} " + cells(subset))
    count = len({r.instance for r in runs})
    lines.append(f"{'all':>4} {count:>5} " + cells(runs))
    med = []
    for s in solvers:
        secs = [r.seconds for r in runs if r.solver == s]
        med.append(f"{statistics.median(secs):>11.2f}s" if secs else f"{'-':>12}")
    lines.append(f"{'med':>4} {'':>5} " + " ".join(med))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", help="instance names, e.g. p4.2.a")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per solver run")
    parser.add_argument("--json", type=Path, help="write results here (bench/README.md format)")
    parser.add_argument("--solvers", default=",".join(SOLVERS), help="ours,pyvrp,vroom")
    parser.add_argument("--sets", default="1,2,3,4,6", help="instance sets to run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bench-dir", type=Path, default=BENCH_DIR)
    args = parser.parse_args(argv)
    solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    unknown = [s for s in solvers if s not in RUNNERS]
    if unknown:
        parser.error(f"unknown solvers: {', '.join(unknown)}")
    sets = [s.strip() for s in args.sets.split(",")]
    names = select_instances(args.bench_dir, sets, args.instances)
    refs = {
        k: v.reference for k, v in read_top_references(args.bench_dir / "reference.csv").items()
    }
    meta: dict[str, object] = {
        "date": date.today().isoformat(),
        "time_limit_s": args.time_limit,
        "seed": args.seed,
        "solvers": solvers,
        "instances": len(names),
    }
    runs: list[Run] = []
    for name in names:
        instance = read_top_instance(args.bench_dir / "chao" / f"{name}.txt")
        done = [run_one(s, instance, args.time_limit, args.seed) for s in solvers]
        runs.extend(done)
        ref = refs[name]
        cols = " | ".join(
            f"{r.solver} {r.score:>5} {gap(r.score, ref):>6.2f}% {r.seconds:>5.2f}s"
            + (" !" if r.error else "")
            for r in done
        )
        print(f"{name:<8} ref {ref:>5} | {cols}", flush=True)
        for r in done:
            print(f"    {r.solver:<5} {r.error or r.routes}", flush=True)
        if args.json:
            _write_json(args.json, _payload(runs, meta))
    print()
    for line in summary_table(runs, refs, solvers):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
