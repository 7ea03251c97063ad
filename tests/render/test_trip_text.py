"""What a team on a trip (dinas luar) reads: the drives to and from its lodging on the day
sheets and the workbook, where it sleeps, and what the trips bought (planner.render.trip_text,
field_sheet, workbook, summary_text)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from planner.i18n import num
from planner.plan import Plan
from planner.render.field_sheet import day_message, day_sheet_html
from planner.render.itinerary import Itinerary, itineraries
from planner.render.summary_text import summary_lines
from planner.render.workbook import schedule_workbook
from planner.scenario import TravelConfig
from planner.travel import travel_matrix
from planner.trips import per_million_rp, transfers, trip_activations, with_transfers
from tests.render.conftest import DAYS, make_plan

LODGE, LODGE_NAME, BASE_NAME = "FAR", "SMA Terpencil", "Kantor Disdukcapil"


@pytest.fixture(scope="module")
def trip_plan() -> Plan:
    """The renderer tests' plan with Tim B away at FAR on its 2nd and 3rd day (a two-day
    stay), drives laid out with the planner's travel estimate and the summary's trip figures
    filled in as the pipeline does."""
    plan = make_plan()
    days = [
        td.model_copy(
            update={
                "base_venue": LODGE,
                "away": True,
                "night_cost": 1_050_000.0,
                "home_venue": "BASE",
            }
        )
        if td.team == "Tim B" and td.date != DAYS[0]
        else td
        for td in plan.team_days
    ]
    tm = travel_matrix(
        [v.id for v in plan.venues],
        [v.lat for v in plan.venues],
        [v.lon for v in plan.venues],
        TravelConfig(),
    )

    def drive(a: str, b: str) -> tuple[float, float]:
        i, j = tm.index(a), tm.index(b)
        return float(tm.minutes[i, j]), float(tm.km[i, j])

    laid = with_transfers(days, drive, {"Tim A": 960, "Tim B": 960})
    moves = transfers(laid)
    bought = trip_activations(laid)
    cost = sum(td.night_cost for td in laid)
    s = plan.summary
    summary = s.model_copy(
        update={
            "nights_away": 6,
            "night_cost": cost,
            "trip_activations": bought,
            "activations_per_million_rp": per_million_rp(bought, cost),
            "transfer_km": sum(x.km for x in moves),
            "travel_km": s.travel_km + sum(x.km for x in moves),
        }
    )
    return plan.model_copy(update={"team_days": laid, "summary": summary})


def _tim_b(plan: Plan, day: int) -> Itinerary:
    return next(it for it in itineraries(plan) if it.team == "Tim B" and it.date == DAYS[day])


def test_the_day_before_a_stay_ends_with_the_drive_to_the_lodging(trip_plan: Plan) -> None:
    """Tim B's first day (at home) tells it to drive to the lodging after its visits, with
    km and minutes, and that it sleeps there tonight."""
    tr = _tim_b(trip_plan, 1).team_day.transfer_before
    assert tr is not None and tr.date == DAYS[0]
    msg = day_message(trip_plan, _tim_b(trip_plan, 0), "id")
    assert f"Kembali ke basis ±{_tim_b(trip_plan, 0).team_day.return_}: {BASE_NAME}" in msg
    line = next(x for x in msg.splitlines() if "berangkat ke penginapan" in x)
    assert f"±{tr.depart}–{tr.arrive}" in line and f"{BASE_NAME} → {LODGE_NAME}" in line
    assert f"{num('id', tr.km)} km" in line and f"±{num('id', tr.travel_min)} menit" in line
    assert f"malam ini menginap di {LODGE_NAME}" in line


def test_the_first_away_day_opens_with_the_drive_in_and_sleeps_at_the_lodging(
    trip_plan: Plan,
) -> None:
    """The first away day's sheet starts with the (dated) drive in before its first stop,
    returns to the lodging, not the base, and says the team sleeps there tonight."""
    it = _tim_b(trip_plan, 1)
    msg = day_message(trip_plan, it, "id").splitlines()
    drive_in = next(i for i, x in enumerate(msg) if x.startswith("Perjalanan ke penginapan"))
    first_stop = next(i for i, x in enumerate(msg) if x.startswith("1. "))
    assert drive_in < first_stop and "Senin, 4 Januari 2027" in msg[drive_in]
    back = (
        f"Kembali ke penginapan ±{it.team_day.return_}: {LODGE_NAME} (malam ini menginap di sini)"
    )
    assert back in msg
    assert not any(x.startswith("Kembali ke basis") for x in msg)
    assert "dari penginapan" in msg[2] and "bisa melewati jam kerja" in msg[2]


def test_the_last_away_day_ends_with_the_drive_home(trip_plan: Plan) -> None:
    """The stay's last day: back to the lodging, then the drive home with its clock, km and
    minutes; the sheet says the team does not sleep away (in both languages)."""
    it = _tim_b(trip_plan, 2)
    tr = it.team_day.transfer_after
    assert tr is not None
    msg = day_message(trip_plan, it, "id")
    assert f"Kembali ke penginapan ±{it.team_day.return_}: {LODGE_NAME}\n" in msg
    assert (
        f"Pulang ±{tr.depart}–{tr.arrive}: {LODGE_NAME} → {BASE_NAME} "
        f"({num('id', tr.km)} km, ±{num('id', tr.travel_min)} menit); malam ini tim tidak menginap"
    ) in msg
    html = day_sheet_html(trip_plan, it, "en")
    assert f"Drive home ±{tr.depart}–{tr.arrive}" in html and "Back to the lodging" in html


def test_workbook_lists_the_drives_and_counts_their_minutes(trip_plan: Plan) -> None:
    """Tim B's sheet has a dated line per drive (in on the day before, home on the last day)
    and its travel total includes their minutes; the summary sheet shows their km and what
    the trip days bought."""
    wb = load_workbook(io.BytesIO(schedule_workbook(trip_plan, "id")))
    ws = wb["Tim B"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    drives = [r for r in rows if isinstance(r[3], str) and "penginapan" in r[3] and "→" in r[3]]
    home = [r for r in rows if isinstance(r[3], str) and r[3].startswith("Pulang")]
    assert [r[0].date() for r in drives] == [DAYS[0]] and [r[0].date() for r in home] == [DAYS[2]]
    moves = transfers(trip_plan.team_days)
    days = [it for it in itineraries(trip_plan) if it.team == "Tim B"]
    routes = sum(
        sum(v.stop.travel_min for v in it.visits) + it.team_day.return_travel_min for it in days
    )
    total = next(r for r in rows if r[0] == "Jumlah")
    assert total[10] == pytest.approx(routes + sum(x.travel_min for x in moves), abs=0.2)
    summary = {r[0].value: r[1].value for r in wb["Ringkasan"].iter_rows(max_col=2)}
    assert summary["Perjalanan ke/dari penginapan (km)"] == pytest.approx(
        sum(x.km for x in moves), abs=0.1
    )
    assert summary["Aktivasi pada hari dinas luar*"] == trip_plan.summary.trip_activations


def test_summary_ratio_is_what_the_trip_days_bought(trip_plan: Plan) -> None:
    """The terminal summary's Rp 1 juta ratio is the away days' activations over the night
    cost (not the month's), named so in both languages."""
    s = trip_plan.summary
    away = sum(td.expected_activations for td in trip_plan.team_days if td.away)
    assert away < s.expected_activations
    per = away / s.night_cost * 1e6
    line = next(x for x in summary_lines(trip_plan, "id") if "Dinas luar" in x)
    assert f"hari dinas luar {num('id', away)} aktivasi" in line
    assert f"({num('id', per, 1)} aktivasi hari dinas luar per Rp 1 juta biaya dinas luar)" in line
    assert f"perjalanan ke/dari penginapan {num('id', s.transfer_km)} km" in line
    en = next(x for x in summary_lines(trip_plan, "en") if "Trips" in x)
    assert f"{num('en', per, 1)} trip-day activations per Rp 1 million" in en


def test_a_plan_without_trips_reads_as_before(trip_plan: Plan) -> None:
    """Tim A never travels: its sheets say `Kembali ke basis` and carry no drive line."""
    for it in itineraries(trip_plan):
        if it.team == "Tim A":
            msg = day_message(trip_plan, it, "id")
            assert "Kembali ke basis" in msg and "penginapan" not in msg
            assert it.team_day.transfers == () and it.evening is None


def test_the_glossary_explains_trips_only_when_the_plan_has_them(trip_plan: Plan) -> None:
    """The Istilah sheet explains dinas luar (its drives and the Rp 1 juta ratio) in a plan
    with trips, and leaves the term out of a plan without any."""

    def terms(plan: Plan) -> dict[str, str]:
        ws = load_workbook(io.BytesIO(schedule_workbook(plan, "id")))["Istilah"]
        return {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}

    meaning = terms(trip_plan)["Dinas luar (menginap)"]
    assert "bisa melewati jam kerja" in meaning and "per Rp 1 juta" in meaning
    assert "Dinas luar (menginap)" not in terms(make_plan())
