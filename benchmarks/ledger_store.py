"""Benchmark: the campaign ledger over a year, on SQLite and on a real PostgreSQL server.

A synthetic kabupaten campaign (the embedded data's baseline, 200 venues, `--teams` teams with
4 stops a working day) is run for `--months` months: each month's plan is recorded, its
actuals are imported as one CSV, and the history the next plan reads and the progress report
are built. Prints one row per backend with the median seconds per month of each step and the
ledger's size at the end. PostgreSQL runs on a throwaway server (as the tests start it) when
its binaries are installed.

    .venv/bin/python benchmarks/ledger_store.py [--months 12] [--teams 4]

Targets: every step well under a second per month on either backend, so the ledger never
shows up next to the solver's minutes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from pathlib import Path

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.io.load import load_kabupaten
from planner.plan import Plan, PlanVenue, Stop, Summary, TeamDay, TimeWindow
from planner.settings import DEFAULT_DATA_DIR

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.campaign.pg_server import find_bin_dir, running_server

N_VENUES = 200
W = TimeWindow(start="08:00", end="15:00")


def synthetic_plan(code: str, month: str, teams: int, rng: random.Random) -> Plan:
    """A month with `teams` teams, 4 stops a working day, over N_VENUES synthetic venues."""
    y, m = (int(x) for x in month.split("-"))
    venues = tuple(
        PlanVenue(
            id=f"V{i:03d}",
            name=f"Lokasi {i}",
            type="kantor_desa" if i % 3 else "school_sma",
            kecamatan="K",
            desa="D",
            lat=-1.3,
            lon=116.7,
            pool=500.0,
            pool_estimated=True,
            coord_estimated=True,
            windows={"Mon": W},
        )
        for i in range(N_VENUES)
    )
    days = []
    d = date(y, m, 1)
    while d.month == m:
        if d.weekday() < 5:
            for t in range(teams):
                stops = tuple(
                    Stop(
                        stop=k + 1,
                        venue_id=f"V{rng.randrange(N_VENUES):03d}",
                        arrive="09:00",
                        start=f"{9 + 2 * k:02d}:00",
                        end=f"{10 + 2 * k:02d}:00",
                        travel_min=10.0,
                        expected_activations=30.0,
                        p10=18.0,
                        p90=42.0,
                        window=W,
                    )
                    for k in range(4)
                )
                days.append(
                    TeamDay.model_validate(
                        {
                            "date": d,
                            "team": f"Tim {t + 1}",
                            "officers": 3,
                            "base_venue": "V000",
                            "depart": "08:00",
                            "return": "17:00",
                            "stops": tuple({s.venue_id: s for s in stops}.values()),
                        }
                    )
                )
        d += timedelta(days=1)
    summary = Summary(
        expected_activations=0,
        expected_p10=0,
        expected_p90=0,
        upper_bound=0,
        gap=0,
        baseline_activations=0,
        wktp=1,
        ikd_active_before=0,
        ikd_rate_before=0,
        ikd_rate_after=0,
        target_rate=0.2,
        months_to_target=None,
        solve_seconds=0,
        visits=0,
        team_days=len(days),
        staff_days=0,
        travel_km=0,
        solver_status="OPTIMAL",
    )
    scenario = {
        "seed": 0,
        "teams": [{"name": f"Tim {t + 1}", "officers": 3} for t in range(teams)],
        "demand": {"activations_per_officer_hour": 8.0},
    }
    return Plan(
        kabupaten_code=code,
        kabupaten_name="Bench",
        month=month,
        data_dir="",
        scenario=scenario,
        summary=summary,
        team_days=tuple(days),
        venues=venues,
        unscheduled=(),
    )


def actuals_csv(plan: Plan, path: Path, rng: random.Random) -> int:
    rows = ["date,team,venue_id,activations"]
    for td in plan.team_days:
        for s in td.stops:
            rows.append(f"{td.date},{td.team},{s.venue_id},{rng.randint(10, 40)}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def run(url: str, months: int, teams: int, tmp: Path) -> dict[str, float]:
    rng = random.Random(0)
    data = load_kabupaten(DEFAULT_DATA_DIR)
    ledger = Ledger.open(url)
    times: dict[str, list[float]] = {"record": [], "import": [], "history": [], "progress": []}
    rows = 0
    for i in range(months):
        month = f"{2027 + i // 12}-{1 + i % 12:02d}"
        plan = synthetic_plan(data.meta.code, month, teams, rng)
        t0 = time.perf_counter()
        ledger.record_plan(plan, data)
        t1 = time.perf_counter()
        rows += actuals_csv(plan, tmp / f"a{i}.csv", rng)
        import_actuals(ledger.engine, tmp / f"a{i}.csv")
        t2 = time.perf_counter()
        ledger.history(data.meta.code)
        t3 = time.perf_counter()
        ledger.progress(data.meta.code)
        t4 = time.perf_counter()
        for k, v in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            times[k].append(v)
    ledger.close()
    out = {k: statistics.median(v) for k, v in times.items()}
    out["visits"] = rows
    return out


@contextmanager
def postgres() -> Iterator[str | None]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        yield None
        return
    with running_server(bin_dir) as url:
        yield url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--teams", type=int, default=4)
    args = ap.parse_args()
    print(
        f"{'backend':<11}{'visits':>8}{'record s':>10}{'import s':>10}{'history s':>11}"
        f"{'progress s':>12}   (median per month)"
    )
    with tempfile.TemporaryDirectory() as td, postgres() as pg:
        tmp = Path(td)
        for name, url in (("sqlite", f"sqlite:///{tmp}/bench.sqlite"), ("postgresql", pg)):
            if url is None:
                print(f"{name:<11}skipped: PostgreSQL binaries not installed")
                continue
            with nullcontext():
                r = run(url, args.months, args.teams, tmp)
            print(
                f"{name:<11}{int(r['visits']):>8}{r['record']:>10.3f}{r['import']:>10.3f}"
                f"{r['history']:>11.3f}{r['progress']:>12.3f}"
            )


if __name__ == "__main__":
    main()
