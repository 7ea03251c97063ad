"""Reports the audit found mishandled: a WhatsApp stop without a number, a reply that joins
its stops on one line, an Excel report with the CSV's columns, and the order problems are
listed in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.io.errors import DataValidationError
from tests.campaign.factories import ledger_counts, write

TIM1_HEADER = "*Jadwal kunjungan IKD — Tim 1*\nSenin, 4 Januari 2027\n"


def _reported(ledger: Ledger) -> dict[tuple[str, str], int]:
    history = ledger.history("99.01")
    assert history is not None
    return {(v.team, v.venue_id): v.activations or 0 for v in history.reported}


def _refusal(ledger: Ledger, path: Path) -> DataValidationError:
    before = ledger_counts(ledger)
    with pytest.raises(DataValidationError) as exc:
        import_actuals(ledger.engine, path)
    assert ledger_counts(ledger) == before
    return exc.value


def test_whatsapp_line_naming_a_planned_stop_without_a_number_is_refused(
    ledger: Ledger, tmp_path: Path
) -> None:
    """`SMKN 2 PPU tiga puluh` names Tim 1's planned stop but has no digits: the file is
    refused naming that line (never a silent "1 visit imported")."""
    text = TIM1_HEADER + "Kantor Kelurahan Gersik 30\nSMKN 2 PPU tiga puluh\n"
    exc = _refusal(ledger, write(tmp_path / "wa8.txt", text))
    (only,) = exc.errors
    assert only.text("id").startswith("wa8.txt baris 4, kolom 'count': tidak ada angka untuk")
    assert "SMKN 2 PPU" in only.text("id")
    assert "no count for 'SMKN 2 PPU'" in only.text("en")


def test_whatsapp_chatter_naming_no_planned_stop_is_not_an_error(
    ledger: Ledger, tmp_path: Path
) -> None:
    """A line of chatter that names no planned venue of the team-day is still skipped."""
    text = TIM1_HEADER + "Kantor Kelurahan Gersik 30\nsudah selesai semua pak\n"
    res = import_actuals(ledger.engine, write(tmp_path / "wa.txt", text))
    assert res.added == 1


def test_whatsapp_reply_joining_its_stops_with_commas_is_split(
    ledger: Ledger, tmp_path: Path
) -> None:
    """`1. A: 30 orang, 2. B: 25 orang` on one line records both stops."""
    text = TIM1_HEADER + "1. Kantor Kelurahan Gersik: 30 orang, 2. SMKN 2 PPU: 25 orang\n"
    res = import_actuals(ledger.engine, write(tmp_path / "wa.txt", text))
    assert res.added == 2
    assert _reported(ledger) == {("Tim 1", "KD-GERSIK"): 30, ("Tim 1", "SMK-2"): 25}


def _sheet(path: Path, header: list[str], rows: list[list[object]], title: str = "Laporan") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "header",
    [
        ["tanggal", "tim", "kode lokasi", "aktivasi"],
        ["date", "team", "venue_id", "activations"],
        ["Tanggal", "Tim", "Kode Lokasi", "Jumlah aktivasi", "Petugas", "Jam", "Catatan"],
    ],
)
def test_excel_report_with_the_csv_columns_imports_like_the_csv(
    ledger: Ledger, tmp_path: Path, header: list[str]
) -> None:
    """A report kept in Excel with the CSV's columns (any accepted spelling; Excel dates and
    numbers as Excel stores them) is recorded as its CSV would be."""
    day = datetime(2027, 1, 4)
    extra = [3, 2.5, ""] if len(header) > 4 else []
    rows: list[list[object]] = [
        [day, "Tim 1", "KD-GERSIK", 35, *extra],
        ["2027-01-04", "Tim 2", "SMA-1P", 40.0, *extra],
    ]
    res = import_actuals(ledger.engine, _sheet(tmp_path / "laporan.xlsx", header, rows))
    assert (res.file_format, res.added) == ("xlsx", 2)
    assert _reported(ledger) == {("Tim 1", "KD-GERSIK"): 35, ("Tim 2", "SMA-1P"): 40}


def test_excel_report_problems_name_the_sheet_row_as_excel_shows_it(
    ledger: Ledger, tmp_path: Path
) -> None:
    """A bad count in Excel row 3 (header in row 1) is reported as row 3 of that sheet."""
    rows: list[list[object]] = [
        ["2027-01-04", "Tim 1", "KD-GERSIK", 35],
        ["2027-01-04", "Tim 2", "SMA-1P", "banyak"],
    ]
    path = _sheet(tmp_path / "laporan.xlsx", ["tanggal", "tim", "kode lokasi", "aktivasi"], rows)
    (only,) = _refusal(ledger, path).errors
    assert only.text("id") == (
        "laporan.xlsx [Laporan] baris 3, kolom 'activations': bukan angka: 'banyak'"
    )


def test_a_workbook_with_no_readable_sheet_names_both_layouts(
    ledger: Ledger, tmp_path: Path
) -> None:
    """The refusal names the schedule.xlsx layout and the CSV layout, in the reader's language."""
    path = _sheet(tmp_path / "x.xlsx", ["nama", "jumlah"], [["Gersik", 3]])
    (only,) = _refusal(ledger, path).errors
    said_id, said_en = only.text("id"), only.text("en")
    assert "Tanggal, Kode lokasi dan Aktual" in said_id and "tanggal, tim, kode lokasi" in said_id
    assert "tidak ada lembar" in said_id
    assert "no sheet can be read" in said_en and "date, team, venue_id, activations" in said_en


def test_csv_problems_are_listed_in_row_order(ledger: Ledger, tmp_path: Path) -> None:
    """Problems found while reading (a bad number) and found against the plan (an unknown
    venue) are listed together by row, as the user reads the file."""
    text = (
        "date,team,venue_id,activations\n"
        "2027-01-04,Tim 1,NOPE,5\n"
        "2027-01-04,Tim 1,KD-GERSIK,banyak\n"
        "2027-01-04,Tim 2,NOPE2,5\n"
        "2027-01-04,Tim 2,SMA-1P,-1\n"
    )
    exc = _refusal(ledger, write(tmp_path / "r.csv", text))
    assert [e.row for e in exc.errors] == sorted(e.row or 0 for e in exc.errors)
    assert {e.row for e in exc.errors} == {1, 2, 3, 4}
