"""planner.io.errors: a data-folder problem reads fully in the session's language."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from planner.cli import app
from planner.io.errors import DataValidationError
from tests.io.conftest import load_errors, set_cell

runner = CliRunner()


def test_a_bad_cell_reads_in_bahasa_and_in_english(mini: Path) -> None:
    """A comma as decimal separator: the Bahasa text names baris/kolom and says what is wrong
    in Bahasa; the English text is the one a `--lang en` user has always seen."""
    set_cell(mini / "schools.csv", 2, "lat", "-1,25")
    (error,) = [e for e in load_errors(mini) if e.field == "lat"]
    assert error.text("id") == (
        "schools.csv baris 2, kolom 'lat': '-1,25' bukan angka desimal derajat "
        "(pakai titik, bukan koma, sebagai pemisah desimal)"
    )
    assert error.what() == (
        "'-1,25' is not a decimal number of degrees "
        "(use a dot, not a comma, as the decimal separator)"
    )


def test_the_cli_prints_loader_problems_in_the_chosen_language(mini: Path) -> None:
    """`data check` in a Bahasa session has no English problem text; `--lang en` is English."""
    set_cell(mini / "schools.csv", 1, "lat", "")
    set_cell(mini / "schools.csv", 2, "lon", "x")
    bahasa = runner.invoke(app, ["data", "check", "--data", str(mini)])
    assert bahasa.exit_code == 2
    assert "2 masalah ditemukan" in bahasa.output
    assert "kosong; harus diisi koordinat dalam derajat desimal" in bahasa.output
    english_words = {"is", "not", "empty", "row", "field", "problems", "found", "number"}
    assert not english_words & set(re.findall(r"[a-z]+", bahasa.output))
    english = runner.invoke(app, ["data", "check", "--data", str(mini), "--lang", "en"])
    assert "2 problems found" in english.output
    assert "is empty; a coordinate in decimal degrees is required" in english.output


def test_a_repeated_problem_is_folded_in_either_language(mini: Path) -> None:
    """The same problem on many rows is told once, with its row count, in both languages."""
    for row in (1, 2, 3):
        set_cell(mini / "venues.csv", row, "lat", "abc")
    errors = tuple(e for e in load_errors(mini) if e.field == "lat")
    folded = DataValidationError(errors)
    assert "masalah yang sama di 3 baris: 1, 2, 3" in folded.text("id")
    assert "the same problem in 3 rows: 1, 2, 3" in str(folded)
