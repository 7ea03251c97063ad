"""A hand-made plan for kabupaten 99.01 (tests/factories.tiny_kabupaten), and files to import.

Two teams, two days in January 2027; stops last 2 h with 3 officers, so each visit's capacity
is 3 × 2 × 8 = 48 people.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from planner.campaign.ledger import Ledger
from planner.plan import Plan, PlanVenue, Stop, Summary, TeamDay, TimeWindow

DAY1 = date(2027, 1, 4)
DAY2 = date(2027, 1, 5)
VENUES = (
    ("BASE", "Kantor Dukcapil", "disdukcapil_office"),
    ("KD-GERSIK", "Kantor Kelurahan Gersik", "kantor_desa"),
    ("KD-GIRI", "Kantor Desa Giri Mukti", "kantor_desa"),
    ("SMK-2", "SMKN 2 PPU", "school_smk"),
    ("SMA-1P", "SMA Negeri 1 Penajam", "school_sma"),
    ("SMA-1W", "SMA Negeri 1 Waru", "school_sma"),
)


def _venue(vid: str, name: str, vtype: str) -> PlanVenue:
    w = TimeWindow(start="08:00", end="15:00")
    return PlanVenue(
        id=vid,
        name=name,
        type=vtype,
        kecamatan="Kec",
        desa="Desa",
        lat=-1.3,
        lon=116.7,
        pool=500.0,
        pool_estimated=True,
        coord_estimated=True,
        windows={"Mon": w, "Tue": w},
    )


def _stop(n: int, vid: str, start: str, end: str, expected: float) -> Stop:
    return Stop(
        stop=n,
        venue_id=vid,
        arrive=start,
        start=start,
        end=end,
        travel_min=10.0,
        expected_activations=expected,
        p10=round(expected * 0.6, 1),
        p90=round(expected * 1.4, 1),
        window=TimeWindow(start="08:00", end="15:00"),
    )


def _day(d: date, team: str, stops: tuple[Stop, ...]) -> TeamDay:
    return TeamDay.model_validate(
        {
            "date": d,
            "team": team,
            "officers": 3,
            "base_venue": "BASE",
            "depart": "08:00",
            "return": "16:00",
            "stops": stops,
        }
    )


def make_plan(month: str = "2027-01", expected_scale: float = 1.0) -> Plan:
    """The test plan: Tim 1 and Tim 2 on 4 Jan, Tim 1 on 5 Jan (4 visits, 40 expected each)."""
    e = 40.0 * expected_scale
    days = (
        _day(
            DAY1,
            "Tim 1",
            (_stop(1, "KD-GERSIK", "09:00", "11:00", e), _stop(2, "SMK-2", "13:00", "15:00", e)),
        ),
        _day(DAY1, "Tim 2", (_stop(1, "SMA-1P", "09:00", "11:00", e),)),
        _day(DAY2, "Tim 1", (_stop(1, "KD-GIRI", "09:00", "11:00", e),)),
    )
    scenario: dict[str, Any] = {
        "name": "test",
        "seed": 7,
        "month": month,
        "teams": [{"name": "Tim 1", "officers": 3}, {"name": "Tim 2", "officers": 3}],
        "demand": {"activations_per_officer_hour": 8.0},
    }
    summary = Summary(
        expected_activations=4 * e,
        expected_p10=4 * e * 0.6,
        expected_p90=4 * e * 1.4,
        upper_bound=4 * e,
        gap=0.0,
        baseline_activations=4 * e,
        wktp=11000,
        ikd_active_before=1540,
        ikd_rate_before=0.14,
        ikd_rate_after=0.15,
        target_rate=0.2,
        months_to_target=3.0,
        solve_seconds=0.1,
        visits=4,
        team_days=3,
        staff_days=9,
        travel_km=12.0,
        solver_status="OPTIMAL",
    )
    return Plan(
        kabupaten_code="99.01",
        kabupaten_name="Tiny",
        month=month,
        data_dir="",
        scenario=scenario,
        summary=summary,
        team_days=days,
        venues=tuple(_venue(*v) for v in VENUES),
        unscheduled=(),
    )


def ledger_counts(ledger: Ledger) -> tuple[int, int]:
    """(actual visits, imports) in the ledger: what an import may have written."""
    with ledger.engine.connect() as conn:
        visits = conn.exec_driver_sql("SELECT count(*) FROM actual_visits").scalar_one()
        imports = conn.exec_driver_sql("SELECT count(*) FROM imports").scalar_one()
    return int(visits), int(imports)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


CSV_OK = (
    "date,team,venue_id,activations,officers,hours,note\n"
    "2027-01-04,Tim 1,KD-GERSIK,35,3,2,\n"
    "2027-01-04,Tim 1,SMK-2,44,,,ramai\n"
    "2027-01-04,Tim 2,SMA-1P,40,,,\n"
)
