"""schedule.csv: fixed header, one sorted row per visit, no spreadsheet formulas from names."""

from __future__ import annotations

import csv
from pathlib import Path

from planner.plan import Plan
from planner.render import OutputManifest
from planner.render.schedule import SCHEDULE_COLUMNS, safe_text
from tests.render.conftest import AMP_NAME, FORMULA_NAME, XSS_NAME

Rendered = tuple[Path, OutputManifest]
HEADER = (
    "date,team,stop,venue_id,venue_name,venue_type,kecamatan,desa,lat,lon,arrive,start,end,"
    "travel_min,expected_activations,base_venue,away"
)


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "schedule.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_header_is_exactly_the_documented_columns(rendered: Rendered) -> None:
    """The first line is exactly the documented header (no BOM, no extra columns)."""
    out, _ = rendered
    first = (out / "schedule.csv").read_text(encoding="utf-8").splitlines()[0]
    assert first == HEADER == ",".join(SCHEDULE_COLUMNS)


def test_one_row_per_visit_sorted_by_date_team_stop(rendered: Rendered, plan: Plan) -> None:
    """Every visit is a row; rows go by date, then team (scenario order), then stop."""
    rows = _rows(rendered[0])
    assert len(rows) == sum(len(td.stops) for td in plan.team_days)
    keys = [(r["date"], r["team"], int(r["stop"])) for r in rows]
    assert keys == sorted(keys, key=lambda k: (k[0], ["Tim A", "Tim B"].index(k[1]), k[2]))
    first_day = [r for r in rows if r["date"] == keys[0][0] and r["team"] == "Tim A"]
    assert [int(r["stop"]) for r in first_day] == list(range(1, len(first_day) + 1))


def test_values_match_the_plan(rendered: Rendered, plan: Plan) -> None:
    """Times are HH:MM, travel is from the previous stop, coordinates are the venue's."""
    rows = _rows(rendered[0])
    r = next(r for r in rows if r["venue_id"] == "S1")
    td = next(t for t in plan.team_days if any(s.venue_id == "S1" for s in t.stops))
    s = next(s for s in td.stops if s.venue_id == "S1")
    v = plan.venue("S1")
    assert (r["date"], r["team"], r["arrive"], r["start"], r["end"]) == (
        td.date.isoformat(),
        td.team,
        s.arrive,
        s.start,
        s.end,
    )
    assert float(r["travel_min"]) == s.travel_min
    assert float(r["expected_activations"]) == s.expected_activations
    assert float(r["lat"]) == round(v.lat, 6) and float(r["lon"]) == round(v.lon, 6)
    assert r["venue_name"] == XSS_NAME and r["venue_type"] == "school_sma"
    assert any(row["venue_name"] == AMP_NAME for row in rows)


def test_formula_like_names_are_neutralised(rendered: Rendered) -> None:
    """A name starting with `=` is written with a leading quote; negative latitudes stay numbers."""
    rows = _rows(rendered[0])
    names = {r["venue_id"]: r["venue_name"] for r in rows}
    assert names["KD2"] == "'" + FORMULA_NAME
    assert all(r["lat"].startswith("-1.") for r in rows)
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_text(value) == "'" + value
    assert safe_text("SMA 1") == "SMA 1"
