"""`progress` numbers a manager reads right: sums that add up after an official-figure reset,
visits to chase apart from visits not happened yet, per-month activations, readable columns."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.campaign.progress_report import progress_html, progress_lines, progress_xlsx
from tests.campaign.factories import CSV_OK, make_plan, write
from tests.factories import tiny_kabupaten

#: Tim 1's visit of 5 January, reported after the official figure of 4 January.
CSV_5_JAN = "date,team,venue_id,activations\n2027-01-05,Tim 1,KD-GIRI,1234\n"


def test_after_a_reset_the_recorded_line_adds_up_to_now(sqlite_url: str, tmp_path: Path) -> None:
    """An official figure of 4 January already counts that day's 119 activations: the report
    says how many were recorded after it, and baseline + that = IKD active now."""
    ledger = Ledger.open(sqlite_url)
    old = tiny_kabupaten()
    ledger.record_plan(make_plan(), old)
    import_actuals(ledger.engine, write(tmp_path / "a.csv", CSV_OK))
    import_actuals(ledger.engine, write(tmp_path / "b.csv", CSV_5_JAN), accept_outliers=True)
    kab = old.areas["99.01"]
    newer = dataclasses.replace(
        old,
        meta=dataclasses.replace(old.meta, ikd_as_of="2027-01-04"),
        areas={**old.areas, "99.01": dataclasses.replace(kab, ikd_active=kab.ikd_active + 500)},
    )
    ledger.record_plan(make_plan(month="2027-02"), newer)
    p = ledger.progress()
    text = "\n".join(progress_lines(p, "id", "x"))
    assert "Aktivasi tercatat sesudah 2027-01-04: 1.234 (dari 1.353 seluruhnya; 119" in text
    assert p.baseline_ikd_active + 1234 == p.ikd_active_now


def test_unreported_visits_are_split_by_the_report_date(ledger: Ledger, tmp_path: Path) -> None:
    """As of 5 January the 4 January visits are past (one not reported is to chase); the
    5 January visit has not happened yet and is not counted as missing."""
    p = dataclasses.replace(ledger.progress(), as_of=date(2027, 1, 5))
    assert [v.date for v in p.overdue] == [date(2027, 1, 4)] * 3
    assert [v.venue_id for v in p.upcoming] == ["KD-GIRI"]
    text = "\n".join(progress_lines(p, "id", "x"))
    assert "Kunjungan sudah lewat, belum dilaporkan (per 2027-01-05): 3" in text
    assert "Kunjungan terencana yang belum terjadi (mulai 2027-01-05): 1" in text


def test_monthly_activations_are_per_month_with_the_thousands_separator(
    sqlite_url: str, tmp_path: Path
) -> None:
    """The rate table's month column holds that month's activations (1.353 in January, 0 in
    February), and the cumulative column is labelled as such."""
    ledger = Ledger.open(sqlite_url)
    ledger.record_plan(make_plan(), tiny_kabupaten())
    import_actuals(ledger.engine, write(tmp_path / "a.csv", CSV_OK))
    import_actuals(ledger.engine, write(tmp_path / "b.csv", CSV_5_JAN), accept_outliers=True)
    ledger.record_plan(make_plan(month="2027-02"), tiny_kabupaten())
    p = ledger.progress()
    jan, feb = (r for r in p.kabupaten_rates if r.month in ("2027-01", "2027-02"))
    assert (jan.month_activations, jan.activations) == (1353, 1353)
    assert (feb.month_activations, feb.activations) == (0, 1353)
    page = progress_html(p, "id", "x")
    assert "<th>Aktivasi bulan itu</th>" in page and "kumulatif" in page
    assert "<td>1.353</td>" in page and "<td>1353</td>" not in page


def test_workbook_headers_in_words_and_set_up_for_printing(ledger: Ledger) -> None:
    """The visits sheet says `Kode lokasi`, not `venue_id`; every sheet prints A4 landscape,
    one page wide, with the kabupaten in the header; counts carry a thousands format."""
    p = dataclasses.replace(ledger.progress(), as_of=date(2027, 1, 5))
    wb = load_workbook(io.BytesIO(progress_xlsx(p, "id", "x")))
    head = [c.value for c in wb["Kunjungan"][1]]
    assert "Kode lokasi" in head and "venue_id" not in head
    assert {"Belum dilaporkan", "Belum terjadi"} <= set(wb.sheetnames)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.oddHeader.left.text == p.kabupaten_name
    rates = wb["Tingkat IKD"]
    assert rates.cell(row=2, column=3).number_format == "#,##0"


def test_plan_summary_names_learned_parameters_in_words() -> None:
    """The plan's summary lists `Porsi Kantor desa (kantor_desa)`, not `p_type.kantor_desa`."""
    from planner.plan import LearnedParameter
    from planner.render.campaign_text import campaign_lines

    plan = make_plan()
    learned = (
        LearnedParameter(
            name="p_type.kantor_desa", prior=0.03, mean=0.0214, lo=0.0191, hi=0.0226, visits=24
        ),
    )
    lines = campaign_lines(plan.model_copy(update={"learned": learned}), "id")
    text = "\n".join(lines)
    assert "Porsi Kantor desa (kantor_desa): 0,03 → 0,0214 [0,0191–0,0226], 24" in text
    assert "p_type.kantor_desa:" not in text


def test_a_pace_not_measured_says_so_instead_of_a_learned_number(ledger: Ledger) -> None:
    """The rate with no capacity-bound visit reads `belum terukur`, not `8 → 8 [..], 0`."""
    from planner.campaign.progress import Parameter

    p = dataclasses.replace(
        ledger.progress(),
        parameters=(
            Parameter("p_type.kantor_desa", 0.03, 0.0214, 0.0191, 0.0226, 24),
            Parameter("activations_per_officer_hour", 8.0, 8.0, 4.9, 13.1, 0),
        ),
        parameters_learned=True,
    )
    text = "\n".join(progress_lines(p, "id", "x"))
    assert "Aktivasi per petugas per jam: 8 — belum terukur" in text
    assert "<td>belum terukur" in progress_html(p, "id", "x")
