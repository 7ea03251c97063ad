"""A small synthetic plan and kabupaten for the renderer tests (no solver, no data files).

Two teams, three days, a few stops each, a few unscheduled venues, four square desa near
Penajam (lon 116.7, lat -1.3). Venue names carry markup, CSV formulas, quotes, `&`, `$` and
non-ASCII text so every output is checked against names it must escape.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from planner.domain import Area, AreaMeta, KabupatenData, Level, Venue
from planner.plan import DayBreak, Plan, PlanVenue, Stop, Summary, TeamDay, TimeWindow, Unscheduled
from planner.render import OutputManifest, write_outputs

XSS_NAME = "<img src=x onerror=alert(1)>"
AMP_NAME = "Pasar \"Rakyat\" & 'Sentosa' – Café Ñusantara"
FORMULA_NAME = '=HYPERLINK("http://example.invalid","klik")'
JS_NAME = "SMK `${alert(2)}` $x^2$ \\ Bakti"
KAB, KEC1, KEC2 = "99.02", "99.02.01", "99.02.02"
LON0, LAT0 = 116.70, -1.30
DAYS = (date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 6))
TEAMS = ("Tim A", "Tim B")
#: Every team-day pauses for lunch; Tim A's third stop on day 1 (11:45–13:15) runs through it.
LUNCH = DayBreak(start="12:00", end="13:00", kind="lunch")


def _desa_code(i: int) -> str:
    return f"{KEC1 if i < 2 else KEC2}.{2001 + i}"


def make_data() -> KabupatenData:
    """Four 0.03° desa in a row, two per kecamatan; one base, schools, offices, a market."""
    desa_rows, areas = [], {}
    for i in range(4):
        code = _desa_code(i)
        lon = LON0 + 0.03 * i
        name = "Desa Sentosa & Jaya" if i == 3 else f"Desa {i + 1}"
        desa_rows.append(
            {
                "code": code,
                "name": name,
                "parent_code": code[:8],
                "geometry": box(lon - 0.015, LAT0 - 0.015, lon + 0.015, LAT0 + 0.015),
            }
        )
        wktp = 2000 + 700 * i
        areas[code] = Area(code, name, Level.DESA, code[:8], wktp, i != 0, wktp // 7, True)
    desa = gpd.GeoDataFrame(desa_rows, crs="EPSG:4326")
    kec_rows = []
    for kc, kname in ((KEC1, "Kecamatan Barat"), (KEC2, "Kecamatan <b>Timur</b>")):
        parts = desa[desa["parent_code"] == kc]
        kec_rows.append(
            {"code": kc, "name": kname, "parent_code": KAB, "geometry": parts.union_all()}
        )
        wktp = sum(areas[c].wktp for c in parts["code"])
        ikd = sum(areas[c].ikd_active for c in parts["code"])
        areas[kc] = Area(kc, kname, Level.KECAMATAN, KAB, wktp, kc == KEC2, ikd, False)
    kec = gpd.GeoDataFrame(kec_rows, crs="EPSG:4326")
    kab = gpd.GeoDataFrame(
        [{"code": KAB, "name": "Kabupaten Uji", "parent_code": "99", "geometry": desa.union_all()}],
        crs="EPSG:4326",
    )
    total_w = sum(areas[k].wktp for k in (KEC1, KEC2))
    total_i = sum(areas[k].ikd_active for k in (KEC1, KEC2))
    areas[KAB] = Area(KAB, "Kabupaten Uji", Level.KABUPATEN, "99", total_w, False, total_i, False)
    week = (0, 1, 2, 3, 4)
    specs = [
        ("BASE", "disdukcapil_office", "Kantor Disdukcapil", 0, 0.000, 0.004),
        ("S1", "school_sma", XSS_NAME, 0, 0.004, -0.004),
        ("S2", "school_smk", JS_NAME, 1, 0.002, -0.005),
        ("S3", "school_sma", "SMA Negeri 3 Uji", 2, -0.003, 0.006),
        ("S4", "school_smp", "SMP Negeri 4 Uji", 3, 0.005, 0.002),
        ("KD1", "kantor_desa", "Kantor Desa 1", 0, -0.006, 0.003),
        ("KD2", "kantor_desa", FORMULA_NAME, 1, -0.004, 0.004),
        ("KD3", "kantor_desa", "Kantor Desa 3", 2, 0.006, -0.002),
        ("KD4", "kantor_desa", "Kantor Desa Sentosa & Jaya", 3, -0.002, -0.006),
        ("M1", "market", AMP_NAME, 3, 0.008, 0.008),
        ("FAR", "school_sma", "SMA Terpencil", 3, -0.012, 0.012),
        ("EV", "public_event", "-Car Free Day", 0, 0.010, 0.010),
    ]
    venues = tuple(
        Venue(
            vid,
            vtype,
            name,
            _desa_code(d)[:8],
            _desa_code(d),
            LAT0 + dlat,
            LON0 + 0.03 * d + dlon,
            vid.startswith("K"),
            (5,) if vid == "EV" else week,
            time(7, 30),
            time(15, 0),
        )
        for vid, vtype, name, d, dlat, dlon in specs
    )
    meta = AreaMeta(KAB, "Kabupaten Uji", "2025-01", "2025-S1", 0.2, 0.3, "BASE")
    return KabupatenData(meta, kab, kec, desa, areas, venues, "tests:render")


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


# (team, day index) -> venue ids in driving order
ROUTES: dict[tuple[str, int], tuple[str, ...]] = {
    ("Tim A", 0): ("S1", "KD1", "S2"),
    ("Tim B", 0): ("S3", "KD3"),
    ("Tim A", 1): ("KD2", "M1"),
    ("Tim B", 1): ("S4", "KD4", "S3"),
    ("Tim A", 2): ("S2", "KD1"),
    ("Tim B", 2): ("KD3",),
}


def make_plan(data: KabupatenData | None = None) -> Plan:
    """A plan over `make_data()`'s venues; expected activations vary by stop number."""
    data = data or make_data()
    kec_names = {a.code: a.name for a in data.areas_at(Level.KECAMATAN)}
    desa_names = {a.code: a.name for a in data.areas_at(Level.DESA)}
    win = TimeWindow(start="07:30", end="15:00")
    venues = tuple(
        PlanVenue(
            id=v.venue_id,
            name=v.name,
            type=v.venue_type,
            kecamatan=kec_names[v.kecamatan_code],
            desa=desa_names[v.desa_code],
            lat=v.lat,
            lon=v.lon,
            pool=120.0 + 10 * i,
            pool_estimated=i % 2 == 0,
            coord_estimated=v.coord_estimated,
            windows={"Mon": win, "Tue": win, "Wed": win, "Thu": win, "Fri": win},
        )
        for i, v in enumerate(data.venues)
    )
    team_days = []
    for day_i, day in enumerate(DAYS):
        # Tim B listed first in the plan on purpose: renderers must sort by team order
        for team in reversed(TEAMS):
            ids = ROUTES[(team, day_i)]
            clock = 7 * 60 + 30
            stops = []
            for n, vid in enumerate(ids, start=1):
                travel = 10 + 5 * n
                arrive = clock + travel
                start = arrive + 5
                end = start + 90
                exp = 20.0 + 7 * n + 3 * day_i
                stops.append(
                    Stop(
                        stop=n,
                        venue_id=vid,
                        arrive=_hhmm(arrive),
                        start=_hhmm(start),
                        end=_hhmm(end),
                        travel_min=float(travel),
                        expected_activations=exp,
                        p10=round(exp * 0.6, 1),
                        p90=round(exp * 1.4, 1),
                        window=win,
                        fixed=vid == "M1",
                    )
                )
                clock = end
            team_days.append(
                TeamDay(
                    date=day,
                    team=team,
                    officers=3,
                    base_venue="BASE",
                    depart="07:30",
                    return_=_hhmm(clock + 20),
                    return_travel_min=20.0,
                    stops=tuple(stops),
                    breaks=(LUNCH,),
                )
            )
    visited = {v for ids in ROUTES.values() for v in ids}
    reasons = {"BASE": "base", "FAR": "beyond_day_trip", "EV": "never_eligible"}
    unscheduled = tuple(
        Unscheduled(venue_id=v.id, reason=reasons.get(v.id, "lower_value"), detail="detail text")
        for v in venues
        if v.id not in visited
    )
    expected = sum(s.expected_activations for td in team_days for s in td.stops)
    summary = Summary(
        expected_activations=expected,
        expected_p10=expected * 0.7,
        expected_p90=expected * 1.3,
        upper_bound=expected * 1.1,
        gap=0.09,
        baseline_activations=expected * 0.8,
        wktp=data.areas[KAB].wktp,
        ikd_active_before=data.areas[KAB].ikd_active,
        ikd_rate_before=0.14,
        ikd_rate_after=0.16,
        target_rate=0.2,
        months_to_target=3.5,
        solve_seconds=1.2,
        visits=sum(len(td.stops) for td in team_days),
        team_days=len(team_days),
        staff_days=3 * len(team_days),
        travel_km=123.4,
        solver_status="OPTIMAL",
    )
    return Plan(
        kabupaten_code=KAB,
        kabupaten_name="Kabupaten Uji",
        month="2027-01",
        data_dir="tests:render",
        scenario={"teams": [{"name": n, "officers": 3} for n in TEAMS], "seed": 0},
        summary=summary,
        team_days=tuple(team_days),
        venues=venues,
        unscheduled=unscheduled,
    )


@pytest.fixture(scope="session")
def kab_data() -> KabupatenData:
    return make_data()


@pytest.fixture(scope="session")
def plan(kab_data: KabupatenData) -> Plan:
    return make_plan(kab_data)


@pytest.fixture(scope="session")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, plan: Plan, kab_data: KabupatenData
) -> tuple[Path, OutputManifest]:
    """The synthetic plan written once in Bahasa Indonesia (tests only read it)."""
    out = tmp_path_factory.mktemp("render") / "out"
    return out, write_outputs(plan, kab_data, out)


@pytest.fixture(scope="session")
def rendered_en(
    tmp_path_factory: pytest.TempPathFactory, plan: Plan, kab_data: KabupatenData
) -> Path:
    """The synthetic plan written once in English."""
    out = tmp_path_factory.mktemp("render_en") / "out"
    write_outputs(plan, kab_data, out, lang="en")
    return out
