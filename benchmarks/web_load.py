"""Benchmark: many team leaders at once against a real server, on SQLite and on PostgreSQL.

Starts `ikd-planner serve` (uvicorn) on a free loopback port for the embedded PPU data, has a
manager plan a month through the Plan page, then lets N simulated team leaders (default 50),
each with their own login session, at the same moment: open their team's day page, submit the
actual activations of their stops through the day form, and load the dashboard and the
schedule, with a think time between requests (a person reading the page, typing the counts;
`--think 0` sends everything at once). Request counts are bounded (N × (2 × days + 2)).
Prints p50/p95/max latency per kind of request and checks that every submitted count is in
the database exactly once.
Target: p95 <= 300 ms for pages and submissions. Logins are reported apart: argon2 is slow on
purpose. Loopback only; nothing leaves the machine.

    .venv/bin/python benchmarks/web_load.py [--leaders 50] [--teams 4] [--days 2]
        [--think 2] [--time-limit 20] [--db sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

import httpx
from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from planner.campaign.db import make_engine, open_database, transaction  # noqa: E402
from planner.campaign.models import ActualVisit  # noqa: E402
from planner.settings import DEFAULT_DATA_DIR, DEFAULT_SCENARIO  # noqa: E402
from planner.web.auth import add_user  # noqa: E402

PASSWORD = "beban-uji-123"
MONTH = "2027-02"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def csrf_of(text: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', text)
    assert m, "no CSRF token on the page"
    return m.group(1)


def start_server(url: str, work: Path, port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).parent / "ikd-planner"
    proc = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--port",
            str(port),
            "--db",
            url,
            "--data",
            str(DEFAULT_DATA_DIR),
            "--scenario",
            str(DEFAULT_SCENARIO),
            "--work",
            str(work / "web"),
        ],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=(work / "serve.log").open("ab"),
    )
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("server did not start; see serve.log")


async def login(c: httpx.AsyncClient, name: str) -> float:
    page = await c.get("/login")
    t = time.perf_counter()
    r = await c.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf": csrf_of(page.text), "next": "/"}
    )
    assert r.status_code == 303, (name, r.status_code)
    return time.perf_counter() - t


async def plan_month(base: str, teams: int, time_limit: float) -> int:
    async with httpx.AsyncClient(base_url=base, timeout=600) as c:
        await login(c, "boss")
        csrf = csrf_of((await c.get("/plan")).text)
        r = await c.post(
            "/plan",
            data={
                "csrf": csrf,
                "month": MONTH,
                "teams": str(teams),
                "officers": "3",
                "days": "5",
                "hours": "7",
                "time_limit": str(time_limit),
            },
        )
        job = int(r.headers["location"].rsplit("/", 1)[1])
        while True:
            s = (await c.get(f"/plan/jobs/{job}/status")).json()
            if s["final"]:
                assert s["status"] == "done", s
                return job
            await asyncio.sleep(1)


async def leader(  # noqa: PLR0913 (one simulated person's whole part)
    think: float,
    base: str,
    name: str,
    team: str,
    days: list[str],
    job: int,
    start: asyncio.Event,
    lat: dict[str, list[float]],
    sent: dict[tuple[str, str, str], int],
    rng: random.Random,
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as c:
        lat["login"].append(await login(c, name))
        await start.wait()

        async def timed(kind: str, coro: object) -> httpx.Response:
            if think > 0:  # a person reading the page or typing the counts
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            t = time.perf_counter()
            r: httpx.Response = await coro  # type: ignore[misc]
            lat[kind].append(time.perf_counter() - t)
            return r

        for day in days:
            page = await timed(
                "day page", c.get("/day", params={"job": job, "team": team, "day": day})
            )
            assert page.status_code == 200
            venues = re.findall(r'name="count:([^"]+)"', page.text)
            form = {"csrf": csrf_of(page.text), "job": str(job), "team": team, "day": day}
            for v in venues:
                form[f"count:{v}"] = str(rng.randint(1, 12))
            r = await timed("submit actuals", c.post("/day", data=form))
            assert r.status_code == 303, (r.status_code, r.text[-400:])
            for v in venues:
                sent[(day, team, v)] = int(form[f"count:{v}"])
        assert (await timed("dashboard", c.get("/"))).status_code == 200
        assert (await timed("schedule", c.get("/schedule"))).status_code == 200


def team_days(base: str, job: int, teams: list[str]) -> dict[str, list[str]]:
    with httpx.Client(base_url=base) as c:
        page = c.get("/login")
        c.post("/login", data={"name": "boss", "password": PASSWORD, "csrf": csrf_of(page.text)})
        out = {}
        for t in teams:
            html = c.get("/day", params={"job": job, "team": t}).text
            out[t] = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', html)
        return out


def run(kind: str, url: str, args: argparse.Namespace, work: Path) -> dict[str, object]:
    engine = open_database(url)
    teams = [f"Tim {i + 1}" for i in range(args.teams)]
    with transaction(engine) as s:
        add_user(s, "boss", "manager", PASSWORD)
        for i in range(args.leaders):
            add_user(s, f"tl{i:02d}", "team_leader", PASSWORD, teams[i % len(teams)])
    engine.dispose()
    port = free_port()
    proc = start_server(url, work, port)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.perf_counter()
        job = asyncio.run(plan_month(base, args.teams, args.time_limit))
        plan_s = time.perf_counter() - t0
        days = team_days(base, job, teams)
        # each leader gets its own team-days (no two leaders report the same visit)
        queues = {t: list(d) for t, d in days.items()}
        assign: list[list[str]] = []
        for i in range(args.leaders):
            q = queues[teams[i % len(teams)]]
            assign.append([q.pop(0) for _ in range(min(args.days, len(q)))])
        lat: dict[str, list[float]] = defaultdict(list)
        sent: dict[tuple[str, str, str], int] = {}

        async def everyone() -> float:
            start = asyncio.Event()
            rng = random.Random(7)
            tasks = [
                asyncio.create_task(
                    leader(
                        args.think,
                        base,
                        f"tl{i:02d}",
                        teams[i % len(teams)],
                        assign[i],
                        job,
                        start,
                        lat,
                        sent,
                        rng,
                    )
                )
                for i in range(args.leaders)
            ]
            while len(lat["login"]) < args.leaders:
                await asyncio.sleep(0.05)
                if any(t.done() and t.exception() for t in tasks):
                    break
            t = time.perf_counter()
            start.set()
            await asyncio.gather(*tasks)
            return time.perf_counter() - t

        wall = asyncio.run(everyone())
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    engine = make_engine(url)
    with transaction(engine) as s:
        rows = s.execute(
            select(
                ActualVisit.date,
                ActualVisit.team,
                ActualVisit.venue_id,
                func.count(),
                func.max(ActualVisit.activations),
            ).group_by(ActualVisit.date, ActualVisit.team, ActualVisit.venue_id)
        ).all()
    engine.dispose()
    stored = {(d.isoformat(), t, v): (n, a) for d, t, v, n, a in rows}
    exactly_once = len(stored) == len(sent) and all(
        stored.get(k) == (1, n) for k, n in sent.items()
    )
    return {
        "db": kind,
        "plan_s": plan_s,
        "wall_s": wall,
        "lat": lat,
        "sent": len(sent),
        "stored": len(stored),
        "exactly_once": exactly_once,
    }


def ms(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    return (
        1000 * statistics.quantiles(xs, n=100, method="inclusive")[int(q) - 1]
        if q < 100
        else 1000 * max(xs)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--leaders", type=int, default=50)
    ap.add_argument("--teams", type=int, default=4)
    ap.add_argument("--days", type=int, default=2, help="team-days each leader reports")
    ap.add_argument("--time-limit", type=float, default=20)
    ap.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds a leader spends on a page before the next request (0: all at once)",
    )
    ap.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = ap.parse_args()
    results = []
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ikd-web-load-")))
        if args.db in ("sqlite", "both"):
            (work / "sqlite").mkdir()
            results.append(
                run("SQLite", f"sqlite:///{work}/sqlite/c.sqlite", args, work / "sqlite")
            )
        if args.db in ("postgresql", "both"):
            from tests.campaign.pg_server import find_bin_dir, running_server

            bin_dir = find_bin_dir()
            if bin_dir is None:
                print("PostgreSQL is not installed: skipped (apt-get install postgresql)")
            else:
                (work / "pg").mkdir()
                url = stack.enter_context(running_server(bin_dir))
                results.append(run("PostgreSQL", url, args, work / "pg"))
    print(
        f"\n{args.leaders} team leaders at once, {args.days} team-days each "
        f"({args.teams} teams), think time {args.think:g} s; latency in ms\n"
    )
    print(f"{'database':<11} {'request':<15} {'n':>5} {'p50':>7} {'p95':>7} {'max':>7}")
    for r in results:
        lat = r["lat"]
        assert isinstance(lat, dict)
        for kind in ("day page", "submit actuals", "dashboard", "schedule", "login"):
            xs = lat.get(kind, [])
            flag = "" if kind == "login" or ms(xs, 95) <= 300 else "  > 300 ms target"
            print(
                f"{r['db']:<11} {kind:<15} {len(xs):>5} {ms(xs, 50):>7.0f} "
                f"{ms(xs, 95):>7.0f} {ms(xs, 100):>7.0f}{flag}"
            )
        print(
            f"{r['db']:<11} all pages+submissions together: "
            f"{sum(len(v) for k, v in lat.items() if k != 'login')} requests in "
            f"{r['wall_s']:.1f} s; plan made in {r['plan_s']:.1f} s"
        )
        print(
            f"{r['db']:<11} submitted visits {r['sent']}, stored {r['stored']}, "
            f"every count exactly once: {'yes' if r['exactly_once'] else 'NO'}\n"
        )


if __name__ == "__main__":
    main()
