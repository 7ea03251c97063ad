"""`progress`: IKD rate by month, planned vs actual, forecast quality, escaped HTML."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.campaign.progress import VisitRow, forecast_quality
from planner.campaign.progress_report import progress_html, progress_xlsx
from tests.campaign.factories import CSV_OK, make_plan, write
from tests.factories import tiny_kabupaten


def _visit(expected: float, actual: int | None) -> VisitRow:
    return VisitRow(
        date(2027, 1, 4),
        "T",
        "V",
        "V",
        "kantor_desa",
        "K",
        expected,
        expected * 0.6,
        expected * 1.4,
        actual,
    )


def test_rate_is_baseline_plus_recorded_activations(ledger: Ledger, tmp_path: Path) -> None:
    """The kabupaten's IKD count for the month is its baseline plus what was reported."""
    import_actuals(ledger.engine, write(tmp_path / "l.csv", CSV_OK))
    p = ledger.progress()
    start, kab = p.kabupaten_rates
    assert (start.ikd_active, kab.month) == (p.baseline_ikd_active, "2027-01")
    assert kab.ikd_active == p.baseline_ikd_active + 35 + 44 + 40
    assert kab.rate == pytest.approx(kab.ikd_active / p.wktp)


def test_forecast_error_and_band_coverage(ledger: Ledger, tmp_path: Path) -> None:
    """35, 44, 40 against 40 expected (P10–P90 24–56): MAE 3, all three inside the band."""
    import_actuals(ledger.engine, write(tmp_path / "l.csv", CSV_OK))
    q = ledger.progress().quality
    assert q.visits == 3 and q.mae == pytest.approx(3.0) and q.coverage == 1.0
    assert q.verdict == "too_few"


def test_coverage_far_below_80_percent_is_called_too_narrow() -> None:
    """Half the actuals outside P10–P90 on enough visits: the bands are too narrow."""
    rows = [_visit(40, 40)] * 6 + [_visit(40, 90)] * 6
    assert forecast_quality(rows).verdict == "too_narrow"


def test_coverage_near_80_percent_is_ok() -> None:
    """8 of 10 inside the band is what a calibrated forecast gives."""
    rows = [_visit(40, 40)] * 8 + [_visit(40, 90)] * 2
    assert forecast_quality(rows).verdict == "ok"


def test_planned_vs_actual_per_team_counts_reported_visits(ledger: Ledger, tmp_path: Path) -> None:
    """Tim 1 has 3 planned visits, 2 reported: 80 expected against 79 actual."""
    import_actuals(ledger.engine, write(tmp_path / "l.csv", CSV_OK))
    team1 = next(g for g in ledger.progress().by_team if g.group == "Tim 1")
    assert (team1.visits, team1.reported, team1.expected_reported, team1.actual) == (3, 2, 80, 79)


def test_unreported_visits_are_listed(ledger: Ledger, tmp_path: Path) -> None:
    """The one planned visit without actuals is listed as unreported."""
    import_actuals(ledger.engine, write(tmp_path / "l.csv", CSV_OK))
    (v,) = ledger.progress().unreported
    assert (v.team, v.venue_id) == ("Tim 1", "KD-GIRI")


def test_progress_page_escapes_names_from_the_data(sqlite_url: str) -> None:
    """A venue named like markup is shown as text, never as markup."""
    plan = make_plan()
    venues = tuple(
        v.model_copy(update={"name": "<script>alert(1)</script>"}) if v.id == "KD-GIRI" else v
        for v in plan.venues
    )
    ledger = Ledger.open(sqlite_url)
    ledger.record_plan(plan.model_copy(update={"venues": venues}), tiny_kabupaten())
    page = progress_html(ledger.progress(), "id", "x")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_workbook_holds_one_row_per_visit(ledger: Ledger) -> None:
    """The XLSX has a visits sheet with a row per planned visit."""
    wb = load_workbook(io.BytesIO(progress_xlsx(ledger.progress(), "en", "x")))
    assert wb["Visits"].max_row == 1 + 4


def test_learned_parameters_read_in_the_reports_language(ledger: Ledger) -> None:
    """A Bahasa report writes learned shares with a decimal comma and the venue kinds' names,
    as every other number in it, not `0.02611` under `kantor_desa`."""
    from dataclasses import replace as _replace

    from planner.campaign.progress import Parameter
    from planner.campaign.progress_report import progress_lines

    p = _replace(
        ledger.progress(),
        parameters=(
            Parameter("kantor_desa", 0.03, 0.026114, 0.020836, 0.031541, 11),
            Parameter("activations_per_officer_hour", 8.0, 6.3514, 5.843, 6.808, 31),
        ),
        parameters_learned=True,
    )
    text = "\n".join(progress_lines(p, "id", "x.sqlite"))
    assert "Porsi Kantor desa (kantor_desa): 0,03 → 0,0261 [0,0208–0,0315], 11" in text
    assert "Aktivasi per petugas per jam: 8 → 6,35 [5,84–6,81]" in text
    english = "\n".join(progress_lines(p, "en", "x.sqlite"))
    assert "Share Desa office (kantor_desa): 0.03 → 0.0261 [0.0208–0.0315]" in english


def test_rates_read_as_percentages_like_the_plan_summary(ledger: Ledger, tmp_path: Path) -> None:
    """The IKD rate prints `14,5 %` (one decimal, as the plan's summary) and the workbook's
    rate column is formatted as a percentage, not a bare 0.14513."""
    import_actuals(ledger.engine, write(tmp_path / "l.csv", CSV_OK))
    p = ledger.progress()
    from planner.campaign.progress_report import progress_lines
    from planner.i18n import pct

    rate = p.ikd_active_now / p.wktp
    assert f"Tingkat IKD {pct('id', rate)} " in "\n".join(progress_lines(p, "id", "x"))
    ws = load_workbook(io.BytesIO(progress_xlsx(p, "id", "x")))["Tingkat IKD"]
    rates = [row[6] for row in ws.iter_rows(min_row=2)]
    assert rates and all(c.number_format == "0.0%" for c in rates)
