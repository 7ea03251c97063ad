"""Benchmark: a PPU staffing sweep on dask with 1 worker against 2 workers.

Eight PPU cases (teams 1–4 × officers 2–3, January 2027, no daily staff or vehicle limit)
are solved by `run_sweep` on a LocalCluster of 1 process, then of 2 processes (one thread
each, CP-SAT with one thread per plan); the workers also write each plan's folder, as
`ikd-planner compare` does on a local cluster. Prints one row per run: wall seconds of the
sweep (cluster start excluded and shown apart), speed-up, CPU seconds summed over the
plans, peak resident memory of each worker, and the total expected activations.
`CPU/core` is the plans' CPU time over wall time × workers: below 100 % the workers waited
for a core (other jobs on the machine), which caps the speed-up whatever the sweep does.
Target on the 2-core machine: speed-up ≥ 1.7.

    .venv/bin/python benchmarks/sweep.py [--det-time 8] [--workers 1,2] [--maps] [--json F]

Method: a wall-clock time limit would make every plan take the same seconds however busy the
machine is (the solver just does less search), so the speed-up would be 2 by construction.
Each plan is therefore given the same *work*: the LP bound runs to convergence (the time
limit is a generous 120 s, never reached), and CP-SAT (one thread, fixed seed, deterministic)
stops after `--det-time` units of deterministic time, or earlier at the 0.2 % gap to the
bound, both of which are independent of the clock. The benchmark sets CP-SAT's deterministic
limit on each worker before the run (`fixed_work`, a wrapper of CpSolver.solve: the scenario
has no field for it). Equal work shows in the table: both runs give the same plans, so the
same total expected activations. The machine is shared, so the load average is printed
before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from planner.io.sweep_file import load_sweep
from planner.settings import DEFAULT_DATA_DIR, DEFAULT_SCENARIO
from planner.sweep.run import open_client, peak_memory_mb, run_sweep

SWEEP = f"""
name = "bench-sweep"
base = "{DEFAULT_SCENARIO}"
time_limit_s = 120
[vary]
teams = [1, 2, 3, 4]
officers = [2, 3]
months = ["2027-01"]
vehicles = ["unlimited"]
officers_per_day = ["unlimited"]
data = ["{DEFAULT_DATA_DIR}"]
"""


def fixed_work(det_time: float) -> str:
    """Run on each worker: make every CP-SAT solve stop on deterministic time, not the clock."""
    from ortools.sat.python import cp_model

    original = getattr(cp_model, "_bench_original_solver", cp_model.CpSolver)

    class FixedWorkSolver(original):  # type: ignore[misc, valid-type]
        def solve(self, model: Any, solution_callback: Any = None) -> Any:
            self.parameters.max_time_in_seconds = 3600.0
            self.parameters.max_deterministic_time = det_time
            return super().solve(model, solution_callback)

    cp_model._bench_original_solver = original  # type: ignore[attr-defined]
    cp_model.CpSolver = FixedWorkSolver  # type: ignore[misc]
    return f"CP-SAT deterministic limit {det_time}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def run_mode(workers: int, det_time: float, maps: bool) -> dict[str, Any]:
    """One sweep of the eight cases on a fresh LocalCluster of `workers` processes."""
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "bench.toml"
        f.write_text(SWEEP, encoding="utf-8")
        sweep = load_sweep(f)
        t0 = time.perf_counter()
        with open_client(workers) as client:
            started = time.perf_counter() - t0
            client.run(fixed_work, det_time)
            load_before = load_average()
            t1 = time.perf_counter()
            run = run_sweep(
                sweep,
                Path(tmp) / "out",
                client=client,
                maps=maps,
                render_on_workers=True,
                progress=lambda r, d, n: print(
                    f"  [{workers} w] {d}/{n} {r.name}: {r.seconds:.1f} s", flush=True
                ),
            )
            wall = time.perf_counter() - t1
            memory = client.run(peak_memory_mb)
    ok = [r for r in run.results if r.summary is not None]
    return {
        "workers": workers,
        "cases": len(run.results),
        "failed": run.failed,
        "start_s": round(started, 1),
        "wall_s": round(wall, 1),
        "plan_wall_s": round(sum(r.seconds for r in run.results), 1),
        "plan_cpu_s": round(sum(r.cpu_seconds for r in run.results), 1),
        "peak_mb": [round(m) for m in memory.values()],
        "expected": round(sum(r.summary.expected_activations for r in ok if r.summary), 1),
        "load_before": load_before,
        "load_after": load_average(),
        "per_case": {r.name: r.summary.expected_activations for r in ok if r.summary},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--det-time", type=float, default=8.0, help="CP-SAT deterministic limit")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--maps", action="store_true", help="also write maps (client side)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    print(f"load average before: {load_average()} (1, 5, 15 min), cores: {os.cpu_count()}")
    rows = [run_mode(int(w), args.det_time, args.maps) for w in args.workers.split(",") if w]
    ref = next((r["wall_s"] for r in rows if r["workers"] == 1), rows[0]["wall_s"])
    head = (
        f"{'workers':>7}{'cases':>6}{'start s':>9}{'wall s':>8}{'speed-up':>10}"
        f"{'plan CPU s':>12}{'CPU/core':>10}{'expected':>10}  {'peak MB per worker':<20}"
        f"{'load before / after'}"
    )
    print(f"\nPPU sweep, 8 cases, CP-SAT deterministic limit {args.det_time}, maps {args.maps}")
    print(head)
    print("-" * len(head))
    for r in rows:
        peak = ", ".join(str(m) for m in r["peak_mb"])
        print(
            f"{r['workers']:>7}{r['cases']:>6}{r['start_s']:>9.1f}{r['wall_s']:>8.1f}"
            f"{ref / r['wall_s']:>10.2f}{r['plan_cpu_s']:>12.1f}"
            f"{r['plan_cpu_s'] / (r['wall_s'] * r['workers']):>10.0%}{r['expected']:>10,.0f}  "
            f"{peak:<20}{r['load_before']} / {r['load_after']}"
        )
    same = all(r["per_case"] == rows[0]["per_case"] for r in rows)
    print(f"same plans in every run: {same}")
    if args.json:
        args.json.write_text(json.dumps({"det_time": args.det_time, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
