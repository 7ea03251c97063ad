"""Benchmark: the PPU default month end to end, and with 2, 4 and 6 teams.

Prints one row per case: load + solve + write seconds, expected activations, proven upper
bound, gap, greedy baseline and the ratio to it. Targets (2-core machine): the default plan end
to end within 90 s with a 60 s solve limit, gap at most 5 %, at least 1.2× the greedy baseline.

    .venv/bin/python benchmarks/ppu_month.py [--time-limit 60] [--month 2027-01] [--teams 2,4,6]
        [--json FILE]

For the 2/4/6-team rows the daily staff and vehicle limits are lifted so the rows show what the
extra teams can do; the default row keeps the scenario's limits.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from planner.io.load import load_kabupaten
from planner.io.scenario_file import load_scenario
from planner.pipeline import plan_month
from planner.render import write_outputs
from planner.scenario import Scenario
from planner.settings import DEFAULT_DATA_DIR, DEFAULT_SCENARIO


def run_case(name: str, scenario: Scenario, month: str, out: Path) -> dict[str, object]:
    """Load, solve and write one case; returns its row."""
    t0 = time.perf_counter()
    data = load_kabupaten(DEFAULT_DATA_DIR)
    t1 = time.perf_counter()
    plan = plan_month(data, scenario, month=month)
    t2 = time.perf_counter()
    write_outputs(plan, data, out / name, lang="id", maps=True)
    t3 = time.perf_counter()
    s = plan.summary
    return {
        "case": name,
        "teams": len(scenario.teams),
        "load_s": round(t1 - t0, 2),
        "solve_s": round(t2 - t1, 2),
        "write_s": round(t3 - t2, 2),
        "total_s": round(t3 - t0, 2),
        "expected": s.expected_activations,
        "bound": s.upper_bound,
        "gap": s.gap,
        "greedy": s.baseline_activations,
        "ratio": round(s.expected_activations / s.baseline_activations, 3)
        if s.baseline_activations
        else None,
        "visits": s.visits,
        "status": s.solver_status,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--month", default="2027-01")
    ap.add_argument("--teams", default="2,4,6")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    base = load_scenario(DEFAULT_SCENARIO).override(time_limit_s=args.time_limit)
    cases: list[tuple[str, Scenario]] = [("default", base)]
    for n in (int(x) for x in args.teams.split(",") if x):
        sc = base.override(teams=n)
        sc = Scenario.model_validate({**sc.model_dump(), "staff": {}})
        cases.append((f"{n} teams", sc))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, sc in cases:
            rows.append(run_case(name.replace(" ", "_"), sc, args.month, Path(tmp)))
            r = rows[-1]
            print(f"  done {name}: {r['total_s']} s", flush=True)
    head = (
        f"{'case':<10}{'teams':>6}{'load s':>8}{'solve s':>9}{'write s':>9}{'total s':>9}"
        f"{'expected':>10}{'bound':>9}{'gap':>7}{'greedy':>9}{'ratio':>7}  status"
    )
    print(f"\nPPU month {args.month}, solve limit {args.time_limit:.0f} s")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['case']:<10}{r['teams']:>6}{r['load_s']:>8.1f}{r['solve_s']:>9.1f}"
            f"{r['write_s']:>9.1f}{r['total_s']:>9.1f}{r['expected']:>10,.0f}{r['bound']:>9,.0f}"
            f"{r['gap']:>7.1%}{r['greedy']:>9,.0f}{r['ratio']:>7.2f}  {r['status']}"
        )
    if args.json:
        args.json.write_text(json.dumps({"month": args.month, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
