"""schedule.xlsx: a summary and one sheet per team, readable without explanation."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook

from planner.plan import Plan
from planner.render import OutputManifest
from planner.render.itinerary import itineraries
from planner.render.workbook import sheet_titles
from tests.render.conftest import FORMULA_NAME, XSS_NAME

Rendered = tuple[Path, OutputManifest]


def test_summary_then_one_sheet_per_team(rendered: Rendered, rendered_en: Path) -> None:
    """Sheets: Ringkasan (Summary in English), then one per team."""
    wb = load_workbook(rendered[0] / "schedule.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Tim A", "Tim B"]
    wb_en = load_workbook(rendered_en / "schedule.xlsx")
    assert wb_en.sheetnames == ["Summary", "Tim A", "Tim B"]


def test_team_sheet_has_typed_cells_frozen_header_and_totals(
    rendered: Rendered, plan: Plan
) -> None:
    """Headers in Bahasa Indonesia, dates/times are real dates/times, the total adds up."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Tim A"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Tanggal", "Hari", "No.", "Lokasi"]
    assert "Perkiraan aktivasi*" in header and "Aktivasi aktual (isi tangan)" in header
    assert ws.freeze_panes == "A2"
    days = [it for it in itineraries(plan) if it.team == "Tim A"]
    n = sum(len(it.visits) for it in days)
    first = days[0].visits[0]
    assert isinstance(ws["A2"].value, datetime) and ws["A2"].value.date() == first.date
    assert ws["A2"].number_format == "yyyy-mm-dd"
    arrive = ws.cell(row=2, column=header.index("Tiba") + 1)
    assert arrive.value == time.fromisoformat(first.stop.arrive)
    assert arrive.number_format == "hh:mm"
    total_row = n + 2
    assert ws.cell(row=total_row, column=1).value == "Jumlah"
    exp_col = header.index("Perkiraan aktivasi*") + 1
    assert ws.cell(row=total_row, column=exp_col).value == sum(it.expected for it in days)
    assert ws.column_dimensions["D"].width > 15
    notes = " ".join(
        str(c.value) for row in ws.iter_rows(min_row=total_row + 1) for c in row if c.value
    )
    assert "Perkiraan aktivasi =" in notes and "P10–P90" in notes


def test_summary_sheet_headline_and_unscheduled(rendered: Rendered, plan: Plan) -> None:
    """The summary gives the expected total (marked estimate) and the venues not scheduled."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Ringkasan"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    assert values["Perkiraan aktivasi (bulan ini)*"] == plan.summary.expected_activations
    assert values["Kunjungan"] == plan.summary.visits
    texts = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Lokasi yang tidak dijadwalkan" in texts
    assert any(t.startswith("Terlalu jauh") for t in texts)
    assert "SMA Terpencil" in texts


def test_names_are_text_never_formulas(rendered: Rendered) -> None:
    """Data names are stored as text; `=HYPERLINK(…)` gets a leading quote, no formula cell."""
    wb = load_workbook(rendered[0] / "schedule.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "'" + FORMULA_NAME in values and XSS_NAME in values


def test_sheet_titles_are_valid_and_distinct() -> None:
    """Team names with forbidden characters or over 31 characters still make valid titles."""
    titles = sheet_titles(["Tim/1", "Tim:1", "x" * 40, "Ringkasan"], "Ringkasan")
    assert len(set(titles.values())) == 4
    for t in titles.values():
        assert len(t) <= 31 and not set(t) & set("[]:*?/\\")
    assert titles["Ringkasan"] != "Ringkasan"


def test_dates_are_dates(rendered: Rendered) -> None:
    """Every date cell in a team sheet is a date, in ascending order."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Tim B"]
    dates = [r[0] for r in ws.iter_rows(min_row=2, max_col=1, values_only=True)]
    dates = [d.date() for d in dates if hasattr(d, "date")]
    assert dates and dates == sorted(dates) and all(isinstance(d, date) for d in dates)
