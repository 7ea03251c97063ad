"""Each report format lands in the ledger: CSV, Excel's `;` CSV, schedule.xlsx, WhatsApp."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.render.workbook import schedule_workbook
from tests.campaign.factories import CSV_OK, DAY1, make_plan, write


def _reported(ledger: Ledger) -> dict[tuple[str, str], int]:
    history = ledger.history("99.01")
    assert history is not None
    return {(v.team, v.venue_id): v.activations or 0 for v in history.reported}


def test_csv_report_is_recorded(ledger: Ledger, tmp_path: Path) -> None:
    """A comma CSV with the documented columns records each visit's activations."""
    res = import_actuals(ledger.engine, write(tmp_path / "laporan.csv", CSV_OK))
    assert (res.file_format, res.added) == ("csv", 3)
    assert _reported(ledger) == {
        ("Tim 1", "KD-GERSIK"): 35,
        ("Tim 1", "SMK-2"): 44,
        ("Tim 2", "SMA-1P"): 40,
    }


def test_excel_indonesian_csv_with_semicolons_and_decimal_commas(
    ledger: Ledger, tmp_path: Path
) -> None:
    """`;`-separated, `2,5` hours and `04/01/2027` dates, as Excel writes them in Indonesia."""
    text = (
        "Tanggal;Tim;Kode lokasi;Aktivasi;Petugas;Jam;Catatan\r\n"
        "04/01/2027;Tim 1;KD-GERSIK;35;3;2,5;\r\n"
    )
    import_actuals(ledger.engine, write(tmp_path / "laporan.csv", text, "cp1252"))
    history = ledger.history("99.01")
    assert history is not None
    (v,) = history.reported
    assert (v.date, v.venue_id, v.activations, v.officers, v.hours) == (
        DAY1,
        "KD-GERSIK",
        35,
        3,
        2.5,
    )


def test_schedule_xlsx_with_the_aktual_column_filled_in(ledger: Ledger, tmp_path: Path) -> None:
    """The planner's own workbook, with counts typed into "Aktual", records those counts."""
    wb = load_workbook(io.BytesIO(schedule_workbook(make_plan(), "id")))
    ws = wb["Tim 1"]
    header = [c.value for c in ws[1]]
    actual_col = next(i for i, h in enumerate(header, 1) if "aktual" in str(h).casefold())
    ws.cell(row=2, column=actual_col, value=31)
    ws.cell(row=3, column=actual_col, value="47")
    path = tmp_path / "schedule.xlsx"
    wb.save(path)
    res = import_actuals(ledger.engine, path)
    assert (res.file_format, res.added) == ("xlsx", 2)
    assert _reported(ledger) == {("Tim 1", "KD-GERSIK"): 31, ("Tim 1", "SMK-2"): 47}


def test_whatsapp_reply_takes_team_and_date_from_the_header(ledger: Ledger, tmp_path: Path) -> None:
    """Stop lines `1. Name: N` and `Name N` under a `Tim 1` / date header are recorded."""
    text = (
        "*Jadwal kunjungan IKD — Tim 1*\n"
        "Senin, 4 Januari 2027\n"
        "1. Kantor Kelurahan Gersik: 52\n"
        "SMK Negeri 2 PPU 71\n"
        "\n"
        "*Jadwal kunjungan IKD — Tim 2*\n"
        "Senin, 4 Januari 2027\n"
        "1. 09:00 sma n 1 penajam (Desa) = 38 orang\n"
    )
    res = import_actuals(ledger.engine, write(tmp_path / "balasan.txt", text))
    assert res.file_format == "whatsapp"
    assert _reported(ledger) == {
        ("Tim 1", "KD-GERSIK"): 52,
        ("Tim 1", "SMK-2"): 71,
        ("Tim 2", "SMA-1P"): 38,
    }


def test_whatsapp_abbreviations_match_the_full_names(ledger: Ledger, tmp_path: Path) -> None:
    """`Kel. Gersik` and `SMKN 2 PPU` mean Kantor Kelurahan Gersik and SMKN 2 PPU."""
    text = "Tim 1 4/1/2027\nKel. Gersik 10\nsmkn 2 ppu: 11\n"
    import_actuals(ledger.engine, write(tmp_path / "wa.txt", text))
    assert _reported(ledger) == {("Tim 1", "KD-GERSIK"): 10, ("Tim 1", "SMK-2"): 11}


def test_an_unplanned_visit_at_a_known_venue_is_accepted_as_unplanned(
    ledger: Ledger, tmp_path: Path
) -> None:
    """An extra stop at an existing venue lands and is reported as unplanned."""
    text = "date,team,venue_id,activations\n2027-01-05,Tim 2,SMA-1W,20\n"
    res = import_actuals(ledger.engine, write(tmp_path / "extra.csv", text))
    assert res.unplanned == ((DAY1.replace(day=5), "Tim 2", "SMA-1W"),)
    history = ledger.history("99.01")
    assert history is not None
    (v,) = history.reported
    assert not v.planned and v.activations == 20


def test_importing_the_same_file_twice_changes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    """A second import of the same content is recognised and writes nothing."""
    path = write(tmp_path / "laporan.csv", CSV_OK)
    import_actuals(ledger.engine, path)
    again = import_actuals(ledger.engine, path)
    assert again.already_imported is not None and again.added == 0
    with ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM imports").scalar_one() == 1


def test_unreported_visits_are_counted_after_an_import(ledger: Ledger, tmp_path: Path) -> None:
    """Three of the plan's four visits reported leaves one unreported."""
    res = import_actuals(ledger.engine, write(tmp_path / "laporan.csv", CSV_OK))
    assert res.unreported == 1


def test_whatsapp_count_after_a_break_adds_to_the_same_visit(
    ledger: Ledger, tmp_path: Path
) -> None:
    """`2. 13:00–13:44 … (lanjutan): 12` after `2. … : 30` records 42 for that visit."""
    text = (
        "*Jadwal kunjungan IKD — Tim 1*\nSenin, 4 Januari 2027\n"
        "1. 09:00 Kantor Kelurahan Gersik (Gersik): 30\n"
        "— 12:00–13:00 Istirahat siang (kegiatan berhenti) —\n"
        "1. 13:00–13:44 Kantor Kelurahan Gersik (lanjutan): 12\n"
    )
    import_actuals(ledger.engine, write(tmp_path / "wa.txt", text))
    assert _reported(ledger) == {("Tim 1", "KD-GERSIK"): 42}


def test_whatsapp_names_may_shorten_words_to_their_initials() -> None:
    """The issue's own example, `SMKN 2 PPU 71`, names the school the data calls `SMKN 2
    PENAJAM PASER UTARA` (and `CFD` a Car Free Day); `SMKN 12 PPU` stays another school, and
    an initialism two venues share is listed, never guessed."""
    from planner.campaign.actuals.names import match_venue
    from planner.campaign.actuals.rows import VenueInfo

    venues = [
        VenueInfo("S2", "SMKN 2 PENAJAM PASER UTARA", "school_smk"),
        VenueInfo("S12", "SMKN 12 PENAJAM PASER UTARA", "school_smk"),
        VenueInfo("CFD", "Car Free Day Penajam", "public_event"),
        VenueInfo("K1", "Kantor Kelurahan Petung", "kantor_desa"),
        VenueInfo("K2", "Kantor Kecamatan Penajam", "kantor_camat"),
    ]
    assert match_venue("SMKN 2 PPU", venues).venue_id == "S2"
    assert match_venue("smk negeri 12 ppu", venues).venue_id == "S12"
    assert match_venue("CFD Penajam", venues).venue_id == "CFD"
    assert match_venue("Kantor KP", venues).ambiguous
