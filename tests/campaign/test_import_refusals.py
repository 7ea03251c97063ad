"""Every refusal names file, row or line, and field, and writes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.ledger import Ledger
from planner.io.errors import DataValidationError
from planner.render.workbook import schedule_workbook
from tests.campaign.factories import CSV_OK, DAY1, ledger_counts, make_plan, write

HEADER = "date,team,venue_id,activations\n"


def _refused(
    ledger: Ledger, path: Path, *, accept_outliers: bool = False, replace: bool = False
) -> str:
    before = ledger_counts(ledger)
    with pytest.raises(DataValidationError) as exc:
        import_actuals(ledger.engine, path, accept_outliers=accept_outliers, replace=replace)
    assert ledger_counts(ledger) == before
    return str(exc.value)


def test_unknown_venue_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A venue id the campaign does not know is refused, naming row and field."""
    f = write(
        tmp_path / "r.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,3\n2027-01-04,Tim 1,NOPE,5\n"
    )
    msg = _refused(ledger, f)
    assert "r.csv row 2, field 'venue_id'" in msg and "NOPE" in msg


def test_date_outside_every_plan_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A visit in a month with no recorded plan is refused."""
    msg = _refused(ledger, write(tmp_path / "r.csv", HEADER + "2027-03-02,Tim 1,KD-GERSIK,5\n"))
    assert "r.csv row 1, field 'date'" in msg and "outside every recorded plan" in msg


def test_unknown_team_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A team no plan has is refused, and the known teams are listed."""
    msg = _refused(ledger, write(tmp_path / "r.csv", HEADER + "2027-01-04,Tim 9,KD-GERSIK,5\n"))
    assert "field 'team'" in msg and "Tim 1, Tim 2" in msg


def test_negative_count_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A negative count is refused."""
    msg = _refused(ledger, write(tmp_path / "r.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,-4\n"))
    assert "field 'activations'" in msg and "negative" in msg


def test_non_numeric_count_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A count that is not a number is refused."""
    msg = _refused(ledger, write(tmp_path / "r.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,lima\n"))
    assert "field 'activations'" in msg and "not a number" in msg


def test_non_numeric_count_in_whatsapp_names_the_line(ledger: Ledger, tmp_path: Path) -> None:
    """In a chat reply the message names the line, not a row."""
    f = write(tmp_path / "wa.txt", "Tim 1\n4 Januari 2027\nKantor Kelurahan Gersik: banyak\n")
    msg = _refused(ledger, f)
    assert "wa.txt line 3, field 'count'" in msg


def test_count_far_above_capacity_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """500 at a visit whose capacity is 48 is an outlier, refused without --accept-outliers."""
    f = write(tmp_path / "r.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,500\n")
    msg = _refused(ledger, f)
    assert "far above" in msg and "--accept-outliers" in msg


def test_outlier_is_accepted_when_asked(ledger: Ledger, tmp_path: Path) -> None:
    """--accept-outliers records the count as reported."""
    f = write(tmp_path / "r.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,500\n")
    assert import_actuals(ledger.engine, f, accept_outliers=True).added == 1


def test_same_visit_twice_with_different_numbers_in_one_file_is_refused(
    ledger: Ledger, tmp_path: Path
) -> None:
    """Two rows for one visit that disagree are refused, naming both rows."""
    f = write(
        tmp_path / "r.csv",
        HEADER + "2027-01-04,Tim 1,KD-GERSIK,30\n2027-01-04,tim 1,KD-GERSIK,31\n",
    )
    msg = _refused(ledger, f)
    assert "row 1 as 30 and here as 31" in msg


def test_a_changed_count_for_a_recorded_visit_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A later file that changes a recorded count is refused without --replace."""
    import_actuals(ledger.engine, write(tmp_path / "a.csv", CSV_OK))
    f = write(tmp_path / "b.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,36\n")
    msg = _refused(ledger, f)
    assert "already recorded as 35" in msg and "--replace" in msg


def test_replace_changes_a_recorded_count(ledger: Ledger, tmp_path: Path) -> None:
    """With --replace the later count wins and nothing is counted twice."""
    import_actuals(ledger.engine, write(tmp_path / "a.csv", CSV_OK))
    f = write(tmp_path / "b.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,36\n")
    res = import_actuals(ledger.engine, f, replace=True)
    assert res.replaced == 1
    history = ledger.history("99.01")
    assert history is not None
    assert history.total_activations == 36 + 44 + 40


def test_ambiguous_whatsapp_name_lists_the_candidates(ledger: Ledger, tmp_path: Path) -> None:
    """`SMAN 1` fits two schools: both are listed and nothing is guessed."""
    msg = _refused(ledger, write(tmp_path / "wa.txt", "Tim 2\n4 Januari 2027\nSMAN 1: 40\n"))
    assert "SMA Negeri 1 Penajam (SMA-1P)" in msg and "SMA Negeri 1 Waru (SMA-1W)" in msg


def test_personal_data_column_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A report with a NIK column is refused whole: the ledger keeps counts only."""
    f = write(
        tmp_path / "r.csv", "date,team,venue_id,activations,NIK\n2027-01-04,Tim 1,SMK-2,4,1\n"
    )
    msg = _refused(ledger, f)
    assert "field 'NIK'" in msg and "personal data" in msg


def test_nik_in_a_note_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A 16-digit number typed into a note is refused."""
    f = write(
        tmp_path / "r.csv",
        "date,team,venue_id,activations,note\n2027-01-04,Tim 1,SMK-2,4,6409011234567890\n",
    )
    assert "field 'note'" in _refused(ledger, f)


def test_unrecognised_file_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A file that is none of the three formats says what was expected."""
    msg = _refused(ledger, write(tmp_path / "x.txt", "hello\nworld\n"))
    assert "cannot tell what this file is" in msg


def test_unknown_team_in_a_whatsapp_header_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A reply headed by a team that does not exist names that team and its line."""
    f = write(tmp_path / "wa.txt", "*Jadwal kunjungan IKD — Tim 7*\n4 Januari 2027\nSMKN 2 PPU 5\n")
    msg = _refused(ledger, f)
    assert "wa.txt line 1, field 'team'" in msg and "'Tim 7' does not exist" in msg


def test_a_count_on_a_break_row_of_the_workbook_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A count typed on a row that is no visit (a break, the drive back) is not guessed."""
    wb = load_workbook(io.BytesIO(schedule_workbook(make_plan(), "id")))
    ws = wb["Tim 1"]
    header = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(header, 1) if "aktual" in str(h).casefold())
    ws.cell(row=2, column=col, value=10)
    ws.append([DAY1, "Senin", None, "Kembali ke basis"] + [None] * (col - 5) + [7])
    path = tmp_path / "schedule.xlsx"
    wb.save(path)
    msg = _refused(ledger, path)
    assert f"row {ws.max_row}" in msg and "not a visit" in msg


def test_a_phone_number_typed_into_the_workbook_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """A mobile number typed into any cell of a team sheet is refused, naming row and column."""
    wb = load_workbook(io.BytesIO(schedule_workbook(make_plan(), "id")))
    ws = wb["Tim 1"]
    header = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(header, 1) if "aktual" in str(h).casefold())
    ws.cell(row=2, column=col, value=10)
    ws.cell(row=2, column=2, value="hub. 081234567890")
    path = tmp_path / "schedule.xlsx"
    wb.save(path)
    msg = _refused(ledger, path)
    assert "[Tim 1] row 2" in msg and "phone" in msg


def test_refusal_is_told_in_bahasa_indonesia_by_default(
    ledger: Ledger, sqlite_url: str, tmp_path: Path
) -> None:
    """`actuals import` speaks Bahasa Indonesia like every other command: a refused file is
    explained in Bahasa (place and problem), exit 2, and `--lang en` gives the English text."""
    from typer.testing import CliRunner

    from planner.cli import app

    f = write(tmp_path / "r.csv", HEADER + "2027-01-04,Tim 9,NOPE,5\n")
    before = ledger_counts(ledger)
    res = CliRunner().invoke(app, ["actuals", "import", str(f), "--db", sqlite_url])
    assert res.exit_code == 2 and ledger_counts(ledger) == before
    said = " ".join(res.output.split())
    assert "tidak diimpor, tidak ada yang ditulis" in said
    assert "r.csv baris 1, kolom 'team': tim 'Tim 9' tidak ada" in said
    assert "kolom 'venue_id': kode lokasi 'NOPE' tidak dikenal" in said
    english = CliRunner().invoke(
        app, ["actuals", "import", str(f), "--db", sqlite_url, "--lang", "en"]
    )
    assert "row 1, field 'venue_id': unknown venue 'NOPE'" in " ".join(english.output.split())


def test_unreadable_numbers_are_told_in_bahasa_too(ledger: Ledger, tmp_path: Path) -> None:
    """A count that is not a number or is negative reads in Bahasa Indonesia in a Bahasa
    report and keeps its English text for `--lang en`."""
    f = write(tmp_path / "r.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,banyak\n")
    with pytest.raises(DataValidationError) as exc:
        import_actuals(ledger.engine, f)
    (only,) = exc.value.errors
    assert only.text("id") == "r.csv baris 1, kolom 'activations': bukan angka: 'banyak'"
    assert only.text("en") == "r.csv row 1, field 'activations': not a number: 'banyak'"
    g = write(tmp_path / "s.csv", HEADER + "2027-01-04,Tim 1,KD-GERSIK,-3\n")
    with pytest.raises(DataValidationError) as exc:
        import_actuals(ledger.engine, g)
    assert "jumlah negatif: '-3'" in exc.value.errors[0].text("id")


def test_whatsapp_problems_are_told_in_bahasa_too(ledger: Ledger, tmp_path: Path) -> None:
    """A team leader's reply that is ambiguous, has no count or no header is explained in
    Bahasa Indonesia (with the same English text for `--lang en`)."""
    f = write(
        tmp_path / "wa.txt", "SMK Negeri 2: 5\nTim 2\n4 Januari 2027\nSMAN 1: 40\nKel. Gersik\n"
    )
    with pytest.raises(DataValidationError) as exc:
        import_actuals(ledger.engine, f)
    said = "\n".join(e.text("id") for e in exc.value.errors)
    assert "wa.txt baris 1, kolom 'team': tidak ada nama tim di kepala pesan" in said
    assert "'SMAN 1' bisa berarti salah satu dari: SMA Negeri 1 Penajam (SMA-1P)" in said
    assert "wa.txt baris 5, kolom 'count': tidak ada jumlah setelah 'Kel. Gersik'" in said
    english = "\n".join(e.text("en") for e in exc.value.errors)
    assert "'SMAN 1' could be any of:" in english and "no count after 'Kel. Gersik'" in english
