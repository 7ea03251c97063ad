"""Benchmark: a simulated 4-month PPU campaign that learns from its own actuals.

A hidden "true" world differs from the scenario's prior: some venue types convert better, some
worse, officers are a little slower, and every venue has its own multiplier (log-normal, sd
0.25). Each month the planner plans from the history so far (planner.pipeline.plan_month with
`history`), the visits are "made" in the true world (demand ~ Binomial(remaining pool, true p),
team throughput ~ Normal(true rate × officer-hours, 10 %), actual = the smaller), and the actuals
are recorded for the next month: the plan is recorded in a campaign store (SQLite in a temporary
folder) and the actuals imported from a CSV by the real importer, then the next month is planned
from the store's history (`--in-memory` hands the history over directly instead). Pools deplete
in the true world by what was really activated.

Per month and seed the table shows:
- forecast error: (plan's expected total − simulated actual total) / actual total;
- P10–P90 coverage: the share of visits whose actual fell inside the plan's P10–P90 band, and
  whether the month's actual total fell inside the plan's total band;
- learned vs true parameters (posterior mean with the 90 % credible interval);
- the plan's true expected activations as a share of an oracle plan made with the true
  parameters (true p per venue and true rate, same history, same time limit).

Targets: by month 3 the forecast error within 10 % and at least 95 % of the oracle; month 1
(prior only) is the starting point.

    .venv/bin/python benchmarks/campaign_sim.py [--seeds 0,1,2] [--time-limit 6]
        [--start 2027-02] [--months 4] [--truth mixed|worse] [--in-memory] [--json FILE]

The machine is shared: solve times are noisy, quality figures are not: every solve gets the
work budget of `--time-limit` seconds and five times that on the wall clock, so the work
budget ends it and the run replays (the table counts the plans that say `replayable`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from planner.calibrate import RATE
from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.carryover import carry_over, visit_officer_hours
from planner.demand import Depletion, attribute, p_key, pool_parts, sequential_values
from planner.domain import KabupatenData
from planner.history import CampaignHistory, RecordedVisit
from planner.io.load import load_kabupaten
from planner.io.scenario_file import load_scenario
from planner.months import next_month
from planner.pipeline import (
    assemble_plan,
    build_planning_problem,
    desa_points,
    month_carryover,
    plan_month,
)
from planner.plan import Plan
from planner.scenario import Scenario
from planner.settings import DEFAULT_DATA_DIR, DEFAULT_SCENARIO
from planner.solve.month import solve_month

#: Hidden truths: true p_type = prior × factor, true rate = prior × rate factor. "mixed" (some
#: types better, some worse: errors partly cancel in the month's total) and "worse" (every
#: type and the officers' pace below the prior: the prior's forecast is far off).
TRUTHS: dict[str, tuple[dict[str, float], float]] = {
    "mixed": (
        {
            "school": 0.75,
            "school_smp": 1.2,
            "kantor_desa": 1.5,
            "kantor_camat": 0.7,
            "public_event": 1.6,
            "market": 0.6,
        },
        0.875,
    ),
    "worse": (
        {
            "school": 0.6,
            "school_smp": 0.7,
            "kantor_desa": 0.65,
            "kantor_camat": 0.6,
            "public_event": 0.7,
            "market": 0.6,
        },
        0.75,
    ),
}
TRUE_FACTORS, TRUE_RATE_FACTOR = TRUTHS["mixed"]
VENUE_SD = 0.25
SHOWN = ("school", "kantor_desa", "kantor_camat", "public_event")


@dataclasses.dataclass
class World:
    """The hidden truth: p per venue, the per-officer-hour rate, and what is really left."""

    p: dict[str, float]
    rate: float
    used: Depletion


def true_world(data: KabupatenData, scenario: Scenario, rng: np.random.Generator) -> World:
    cfg = scenario.demand
    p = {}
    for v in data.venues:
        key = p_key(v)
        base = cfg.p_type.get(key, 0.0) * TRUE_FACTORS.get(key, 1.0)
        p[v.venue_id] = float(min(base * np.exp(rng.normal(0.0, VENUE_SD)), 1.0))
    return World(p, cfg.activations_per_officer_hour * TRUE_RATE_FACTOR, Depletion())


def _officer_hours(
    data: KabupatenData, scenario: Scenario, team: str, officers: int, vid: str
) -> float:
    """Officer-hours on site as the planner counts them (service minutes, breaks excluded)."""
    v = RecordedVisit(date(2000, 1, 1), team, vid, "", True, officers=officers)
    return visit_officer_hours(v, data.venue(vid), scenario)


def visits_in_order(plan: Plan) -> list[tuple[date, str, int, object]]:
    return sorted(
        ((td.date, td.team, td.officers, s) for td in plan.team_days for s in td.stops),
        key=lambda x: (x[0], x[1]),
    )


def true_expected(plan: Plan, data: KabupatenData, scenario: Scenario, world: World) -> float:
    """The plan's expected activations in the true world (from the month's true pools)."""
    parts = pool_parts(data.venues, data.areas, desa_points(data), scenario.demand, world.used)
    res = parts.resident_pool()
    per_venue: dict[str, list[float]] = {}
    for _d, team, officers, s in visits_in_order(plan):
        vid = s.venue_id  # type: ignore[attr-defined]
        cap = _officer_hours(data, scenario, team, officers, vid) * world.rate
        per_venue.setdefault(vid, []).append(cap)
    total = 0.0
    for vid, caps in per_venue.items():
        pool = res.get(vid, 0.0) + parts.students.get(vid, 0.0) + parts.staff.get(vid, 0.0)
        total += sum(sequential_values(pool, world.p[vid], caps))
    return total


def simulate(
    plan: Plan,
    data: KabupatenData,
    scenario: Scenario,
    world: World,
    rng: np.random.Generator,
) -> list[RecordedVisit]:
    """Make the plan's visits in the true world; returns them as recorded, depletes the world."""
    pts = desa_points(data)
    types = {v.venue_id: v.venue_type for v in data.venues}
    out = []
    for d, team, officers, s in visits_in_order(plan):
        parts = pool_parts(data.venues, data.areas, pts, scenario.demand, world.used)
        vid = s.venue_id  # type: ignore[attr-defined]
        pool = (
            parts.resident_pool().get(vid, 0.0)
            + parts.students.get(vid, 0.0)
            + parts.staff.get(vid, 0.0)
        )
        demand = rng.binomial(int(pool), world.p[vid]) if pool >= 1 else 0
        pace = world.rate * _officer_hours(data, scenario, team, officers, vid)
        throughput = max(round(rng.normal(pace, 0.1 * pace)), 0)
        y = int(min(demand, throughput))
        world.used = attribute(parts, vid, float(y), world.used)
        out.append(
            RecordedVisit(
                d,
                team,
                vid,
                types[vid],
                True,
                y,
                s.expected_activations,  # type: ignore[attr-defined]
                s.p10,  # type: ignore[attr-defined]
                s.p90,  # type: ignore[attr-defined]
                officers=officers,
            )
        )
    return out


def oracle_plan(
    data: KabupatenData,
    scenario: Scenario,
    month: str,
    history: CampaignHistory,
    world: World,
) -> Plan:
    """The best plan a planner knowing the true p per venue and the true rate would make."""
    truth = scenario.model_copy(
        update={
            "demand": scenario.demand.model_copy(
                update={"activations_per_officer_hour": world.rate}
            ),
            "month": month,
        }
    )
    carry = month_carryover(data, truth, month, history)
    p_true = {k: (p, p, p) for k, p in world.p.items()}
    if carry is None:
        carry = carry_over(
            data, truth, history, date.fromisoformat(f"{month}-01"), desa_points(data), learn=False
        )
    carry = dataclasses.replace(carry, calibration=None, p_by_venue=p_true)
    problem, demands = build_planning_problem(data, truth, month, carry)
    solution = solve_month(problem)
    return assemble_plan(data, truth, problem, demands, solution, carry)


def import_through_store(
    ledger: Ledger, data: KabupatenData, visits: list[RecordedVisit], folder: Path, month: str
) -> None:
    """Write the month's actuals as the CSV a programme manager would import, and import it
    with the real importer (checks, outlier refusal, one transaction)."""
    path = folder / f"laporan-{month}.csv"
    lines = ["date,team,venue_id,activations,officers"]
    lines += [f"{v.date},{v.team},{v.venue_id},{v.activations},{v.officers}" for v in visits]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_actuals(ledger.engine, path, data.meta.code)


def run_seed(
    data: KabupatenData,
    scenario: Scenario,
    seed: int,
    start: str,
    months: int,
    folder: Path | None,
) -> list[dict[str, object]]:
    """One simulated campaign; with `folder` the plans and actuals go through the campaign
    store (SQLite in `folder`) and the real CSV import, else through an in-memory history."""
    rng = np.random.default_rng(seed)
    world = true_world(data, scenario, rng)
    kab = data.areas[data.meta.code]
    history = CampaignHistory(data.meta.code, kab.ikd_active, data.meta.ikd_as_of)
    ledger = Ledger.open(f"sqlite:///{folder}/sim-{seed}.sqlite") if folder else None
    rows: list[dict[str, object]] = []
    month = start
    for m in range(1, months + 1):
        if ledger is not None:
            history = ledger.history(data.meta.code) or history
        t0 = time.perf_counter()
        plan = plan_month(data, scenario, month=month, history=history)
        t1 = time.perf_counter()
        if ledger is not None:
            ledger.record_plan(plan, data)
        oracle = oracle_plan(data, scenario, month, history, world)
        achieved = true_expected(plan, data, scenario, world)
        best = true_expected(oracle, data, scenario, world)
        visits = simulate(plan, data, scenario, world, rng)
        actual = sum(v.activations or 0 for v in visits)
        inside = sum(1 for v in visits if (v.p10 or 0) <= (v.activations or 0) <= (v.p90 or 0))
        mae = sum(abs((v.expected or 0) - (v.activations or 0)) for v in visits) / max(
            len(visits), 1
        )
        s = plan.summary
        learned = {q.name: q for q in plan.learned}
        row: dict[str, object] = {
            "seed": seed,
            "month": m,
            "plan": month,
            "expected": s.expected_activations,
            "actual": actual,
            "error": (s.expected_activations - actual) / actual if actual else None,
            "visit_coverage": inside / len(visits) if visits else None,
            "visit_mae": mae,
            "total_in_band": s.expected_p10 <= actual <= s.expected_p90,
            "oracle_share": achieved / best if best else None,
            "solve_s": round(t1 - t0, 1),
            "replayable": s.replayable and oracle.summary.replayable,
        }
        for key in SHOWN:
            q = learned.get(f"p_type.{key}")
            true_p = scenario.demand.p_type[key] * TRUE_FACTORS[key]
            row[key] = (q.mean, q.lo, q.hi, q.visits) if q else None
            row[f"{key}_true"] = true_p
        q = learned.get(RATE)
        row["rate"] = (q.mean, q.lo, q.hi, q.visits) if q else None
        row["rate_true"] = world.rate
        rows.append(row)
        print(_line(row), flush=True)
        if ledger is not None and folder is not None:
            import_through_store(ledger, data, visits, folder, month)
        else:
            history = dataclasses.replace(history, visits=(*history.visits, *visits))
        month = next_month(date.fromisoformat(f"{month}-01"))
    if ledger is not None:
        ledger.close()
    return rows


#: The wall clock allowed is this many times the work budget's nominal seconds, so the
#: deterministic work budget (not a loaded machine's clock) ends every solve and a run replays.
CLOCK_SLACK = 5.0


def replayable_scenario(scenario: Scenario, seconds: float) -> Scenario:
    """`scenario` with the work budget of a `seconds` solve (as `--time-limit seconds` would
    give) but CLOCK_SLACK times the wall clock: the same inputs give the same plans, and so
    the same figures, however loaded the machine is (the plans say so: `replayable`)."""
    share = scenario.solver.deterministic_share
    solver = scenario.solver.model_copy(
        update={"time_limit_s": seconds * CLOCK_SLACK, "deterministic_share": share / CLOCK_SLACK}
    )
    return scenario.model_copy(update={"solver": solver})


def _param(row: dict[str, object], key: str) -> str:
    v = row[key]
    true = row[f"{key}_true"]
    assert isinstance(true, float)
    digits = 2 if key == "rate" else 3 if true >= 0.01 else 4
    if v is None:
        return f"prior (true {true:.{digits}f})"
    assert isinstance(v, tuple)
    mean, lo, hi = float(v[0]), float(v[1]), float(v[2])
    return f"{mean:.{digits}f} [{lo:.{digits}f}–{hi:.{digits}f}] (true {true:.{digits}f})"


def _line(r: dict[str, object]) -> str:
    err = r["error"]
    cov = r["visit_coverage"]
    share = r["oracle_share"]
    return (
        f"seed {r['seed']} month {r['month']} ({r['plan']}): expected {r['expected']:,.0f} "
        f"actual {r['actual']:,} error {err:+.1%} | visit MAE {r['visit_mae']:.1f} | "
        f"visits in P10–P90 {cov:.0%} | total in band "
        f"{'yes' if r['total_in_band'] else 'no'} | {share:.1%} of oracle | "
        f"school {_param(r, 'school')} | kantor_desa {_param(r, 'kantor_desa')} | "
        f"event {_param(r, 'public_event')} | rate {_param(r, 'rate')} | solve {r['solve_s']} s"
    )


def summary_table(rows: list[dict[str, object]]) -> str:
    months = sorted({int(r["month"]) for r in rows})  # type: ignore[call-overload]
    lines = [
        "month | |error| median (min–max) | visit MAE median | visits in P10–P90 median "
        "| totals in band | oracle share median (min–max) | replayable plans",
        "---|---|---|---|---|---|---",
    ]
    for m in months:
        rs = [r for r in rows if r["month"] == m]
        errs = [abs(float(r["error"])) for r in rs]  # type: ignore[arg-type]
        cov = [float(r["visit_coverage"]) for r in rs]  # type: ignore[arg-type]
        share = [float(r["oracle_share"]) for r in rs]  # type: ignore[arg-type]
        band = sum(1 for r in rs if r["total_in_band"])
        mae = statistics.median(float(r["visit_mae"]) for r in rs)  # type: ignore[arg-type]
        lines.append(
            f"{m} | {statistics.median(errs):.1%} ({min(errs):.1%}–{max(errs):.1%}) | "
            f"{mae:.1f} | "
            f"{statistics.median(cov):.0%} | {band}/{len(rs)} | "
            f"{statistics.median(share):.1%} ({min(share):.1%}–{max(share):.1%}) | "
            f"{sum(1 for r in rs if r['replayable'])}/{len(rs)}"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--time-limit", type=float, default=6.0)
    ap.add_argument("--start", default="2027-02")
    ap.add_argument("--months", type=int, default=4)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--truth", choices=sorted(TRUTHS), default="mixed", help="hidden true model")
    ap.add_argument(
        "--in-memory",
        action="store_true",
        help="hand the history over in memory instead of the campaign store + CSV import",
    )
    args = ap.parse_args()
    global TRUE_FACTORS, TRUE_RATE_FACTOR
    TRUE_FACTORS, TRUE_RATE_FACTOR = TRUTHS[args.truth]
    data = load_kabupaten(DEFAULT_DATA_DIR)
    scenario = replayable_scenario(load_scenario(DEFAULT_SCENARIO), args.time_limit)
    t0 = time.perf_counter()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="campaign-sim-") as tmp:
        folder = None if args.in_memory else Path(tmp)
        for seed in (int(s) for s in args.seeds.split(",")):
            rows += run_seed(data, scenario, seed, args.start, args.months, folder)
    print()
    print(summary_table(rows))
    print(f"\n{len(rows)} plan-months in {time.perf_counter() - t0:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
