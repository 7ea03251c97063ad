"""schedule.xlsx: a summary and one sheet per team, readable without explanation."""

from __future__ import annotations

import re
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
    """Sheets: Ringkasan (Summary in English), one per team, per kecamatan, a glossary."""
    wb = load_workbook(rendered[0] / "schedule.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Tim A", "Tim B", "Per kecamatan", "Istilah"]
    wb_en = load_workbook(rendered_en / "schedule.xlsx")
    assert wb_en.sheetnames == ["Summary", "Tim A", "Tim B", "By kecamatan", "Glossary"]


def test_team_sheet_has_typed_cells_frozen_header_and_totals(
    rendered: Rendered, plan: Plan
) -> None:
    """Headers in Bahasa Indonesia, dates/times are real dates/times, the total adds up."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Tim A"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Tanggal", "Hari", "No.", "Lokasi"]
    assert "Perkiraan aktivasi*" in header and "Aktual" in header
    assert ws.freeze_panes == "A2"
    days = [it for it in itineraries(plan) if it.team == "Tim A"]
    first = days[0].visits[0]
    assert isinstance(ws["A2"].value, datetime) and ws["A2"].value.date() == first.date
    assert ws["A2"].number_format == "yyyy-mm-dd"
    arrive = ws.cell(row=2, column=header.index("Tiba") + 1)
    assert arrive.value == time.fromisoformat(first.stop.arrive)
    assert arrive.number_format == "hh:mm"
    total_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Jumlah")
    exp_col = header.index("Perkiraan aktivasi*") + 1
    assert ws.cell(row=total_row, column=exp_col).value == round(sum(it.expected for it in days), 1)
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
    """Data names are stored as text; `=HYPERLINK(…)` gets a leading quote. The only formulas
    are the sums of the hand-written actuals, which never contain a data text."""
    wb = load_workbook(rendered[0] / "schedule.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    formulas = [str(c.value) for c in cells if c.data_type == "f"]
    assert formulas and all(re.fullmatch(r"=[A-Z$!'0-9:,+()\"=& a-zA-Z]*", f) for f in formulas)
    assert not [f for f in formulas if "HYPERLINK" in f or "<" in f]
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


def test_every_sheet_prints_on_a4_one_page_wide_with_header_and_page_numbers(
    rendered: Rendered,
) -> None:
    """Print setup of every sheet: A4, fit to one page wide, header row repeated (tables),
    header naming kabupaten, month and team, footer with page X of Y."""
    wb = load_workbook(rendered[0] / "schedule.xlsx")
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert int(ps.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage  # 9 = A4
        assert (ps.fitToWidth, ps.fitToHeight) == (1, 0), ws.title
        assert ws.oddHeader.left.text == "Kabupaten Uji"
        assert "Januari 2027" in ws.oddHeader.center.text
        assert ws.oddFooter.right.text == "Halaman &P dari &N"
    team = wb["Tim A"]
    assert team.page_setup.orientation == "landscape" and team.print_title_rows == "$1:$1"
    assert team.oddHeader.right.text == "Tim A"
    assert team.print_area == f"'Tim A'!$A$1:$O${team.max_row}"  # ids and coordinates not printed


def test_the_actuals_column_is_named_plainly_and_adds_up_everywhere(
    rendered: Rendered, plan: Plan
) -> None:
    """The write-in column is headed exactly `Aktual` (the ledger reads it back by that name);
    the team total sums the whole column, the summary takes each team's total, and only
    whole numbers ≥ 0 can be typed in."""
    wb = load_workbook(rendered[0] / "schedule.xlsx")
    ws = wb["Tim A"]
    header = [c.value for c in ws[1]]
    col = header.index("Aktual") + 1
    letter = ws.cell(1, col).column_letter
    total_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Jumlah")
    visit_rows = [r for r in range(2, total_row) if isinstance(ws.cell(r, 3).value, int)]
    assert ws.cell(total_row, col).value == f"=SUM({letter}2:{letter}{total_row - 1})"
    assert min(visit_rows) >= 2 and max(visit_rows) <= total_row - 1
    summary = wb["Ringkasan"]
    refs = [c.value for row in summary.iter_rows() for c in row if str(c.value).startswith("='")]
    assert f"='Tim A'!{letter}{total_row}" in refs
    assert any(f"{letter}2:{letter}" in str(dv.sqref) for dv in ws.data_validations.dataValidation)


def test_breaks_and_the_drive_back_have_their_own_rows(rendered: Rendered, plan: Plan) -> None:
    """Lunch inside a visit splits it: the visit row ends at 12:00, a lunch row, and the rest
    of the visit (`lanjutan`) from 13:00; each day ends with the drive back to the base."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Tim A"]
    names = [r[3] for r in ws.iter_rows(min_row=2, max_col=10, values_only=True)]
    rows = list(ws.iter_rows(min_row=2, max_col=10, values_only=True))
    lunch = names.index("Istirahat siang (kegiatan berhenti)")
    assert rows[lunch][8:10] == (time(12, 0), time(13, 0))
    assert rows[lunch - 1][9] == time(12, 0) and rows[lunch + 1][8] == time(13, 0)
    assert str(rows[lunch + 1][3]).endswith("(lanjutan)")
    assert sum(1 for n in names if str(n).startswith("Kembali ke basis")) == 3


def test_summary_travel_includes_the_drive_back_and_totals_match(
    rendered: Rendered, plan: Plan
) -> None:
    """Per team `Perjalanan (menit)` counts every drive including the one back to the base,
    values are rounded, and the teams add up to the total row and the headline."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Ringkasan"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Tim" and r[3] == "Perjalanan (menit)")
    team_a, team_b, total = rows[head + 1], rows[head + 2], rows[head + 3]
    days = [it for it in itineraries(plan) if it.team == "Tim A"]
    drives = sum(v.stop.travel_min for it in days for v in it.visits)
    assert team_a[3] == drives + sum(it.team_day.return_travel_min for it in days)
    assert total[0] == "Jumlah" and total[3] == team_a[3] + team_b[3]
    assert total[4] == round(team_a[4] + team_b[4], 1) == plan.summary.expected_activations
    assert all(v == round(v, 1) for v in (*team_a[1:5], *team_b[1:5]))


def test_kecamatan_sheet_covers_every_kecamatan(rendered: Rendered, plan: Plan) -> None:
    """One row per kecamatan with venues, venues visited and visits; totals add up."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Per kecamatan"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    by_name = {r[0]: r for r in rows}
    assert set(by_name) >= {v.kecamatan for v in plan.venues}
    total = by_name["Jumlah"]
    kec = [r for r in rows if r[0] in {v.kecamatan for v in plan.venues}]
    assert total[1] == len(plan.venues) == sum(r[1] for r in kec)
    assert total[3] == plan.summary.visits == sum(r[3] for r in kec)
    assert str(total[7]).startswith("=SUM(")


def test_glossary_explains_the_jargon(rendered: Rendered) -> None:
    """The glossary sheet explains the words a manager meets: batas atas, selisih, pembanding,
    mutu rencana, hari-petugas, aktual."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Istilah"]
    terms = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    for word in ("Batas atas", "Selisih dari batas atas", "Mutu rencana", "Hari-petugas", "Aktual"):
        assert word in terms and len(terms[word]) > 30


def test_no_english_inside_the_bahasa_summary_sheet(rendered: Rendered) -> None:
    """Solver status and reasons are in Bahasa Indonesia; no `OPTIMAL`, no English detail."""
    ws = load_workbook(rendered[0] / "schedule.xlsx")["Ringkasan"]
    texts = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "OPTIMAL" not in texts and "terbukti terbaik" in texts
    assert "detail text" not in texts and "Keterangan" not in texts


def test_a_replanned_day_shows_its_reported_count_beside_the_forecast(plan: Plan) -> None:
    """A re-plan keeps the past days with what the teams reported: the count goes in the
    `Aktual` column (where the team total adds it up), the forecast stays under `Perkiraan`."""
    import io

    from planner.render.workbook import schedule_workbook

    td = next(td for td in plan.team_days if td.team == "Tim A" and td.stops)
    first = td.stops[0]
    reported = td.model_copy(update={"stops": (first.model_copy(update={"actual": 17}),)})
    days = tuple(reported if x is td else x for x in plan.team_days)
    wb = load_workbook(
        io.BytesIO(schedule_workbook(plan.model_copy(update={"team_days": days}), "id"))
    )
    ws = wb["Tim A"]
    header = [c.value for c in ws[1]]
    actual, forecast = (
        header.index("Aktual"),
        next(i for i, h in enumerate(header) if str(h).startswith("Perkiraan")),
    )
    visits = [r for r in ws.iter_rows(min_row=2, values_only=True) if isinstance(r[0], datetime)]
    rows = [r for r in visits if r[actual] is not None]
    assert len(rows) == 1 and rows[0][actual] == 17
    assert rows[0][forecast] == round(first.expected_activations, 1)
