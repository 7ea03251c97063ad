"""`data check`: the per-kecamatan report and how it reads in Bahasa Indonesia and English."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from planner.io.check_report import data_check_report, format_report
from planner.io.load import load_kabupaten
from tests.io.conftest import KAB_MINI, set_cells


def test_report_has_one_row_per_kecamatan_with_its_counts() -> None:
    """Barat: 3 desa, 5400 WKTP, 800 IKD (estimated), 1 school, 3 other venues."""
    report = data_check_report(load_kabupaten(KAB_MINI))
    assert [r.code for r in report.rows] == ["99.01.01", "99.01.02"]
    barat = report.rows[0]
    assert (barat.desa, barat.wktp, barat.ikd_active) == (3, 5400, 800)
    assert (barat.schools, barat.venues) == (1, 3)
    assert barat.unactivated == 4600
    assert not barat.wktp_estimated and barat.ikd_active_estimated and barat.unactivated_estimated
    timur = report.rows[1]
    assert (timur.desa, timur.schools, timur.venues) == (2, 2, 2)
    assert not (timur.wktp_estimated or timur.ikd_active_estimated)


def test_totals_add_up_the_kecamatan() -> None:
    """The total row is the sum of the kecamatan rows; the report is frozen."""
    report = data_check_report(load_kabupaten(KAB_MINI))
    assert report.total.wktp == sum(r.wktp for r in report.rows) == 9000
    assert report.total.desa == 5 and report.total.schools == 3 and report.total.venues == 5
    with pytest.raises(FrozenInstanceError):
        report.total = report.rows[0]  # type: ignore[misc]


def test_estimated_figures_are_starred_with_a_footnote() -> None:
    """In Bahasa Indonesia, estimated figures carry `*` and the footnote explains it."""
    text = format_report(data_check_report(load_kabupaten(KAB_MINI)))
    barat = next(line for line in text.splitlines() if line.startswith("99.01.01 Barat"))
    assert "800*" in barat and "5.400 " in barat  # WKTP real, IKD estimated
    timur = next(line for line in text.splitlines() if line.startswith("99.01.02 Timur"))
    assert "*" not in timur
    assert "* angka perkiraan (bukan angka resmi), lihat SOURCES.md" in text
    assert "estimate" not in text and "see " not in text
    assert "Kecamatan" in text and "IKD aktif" in text and "Tidak ada peringatan." in text


def test_english_report_uses_english_words_and_separators() -> None:
    """lang='en' gives English headings and 5,400 instead of 5.400."""
    text = format_report(data_check_report(load_kabupaten(KAB_MINI)), lang="en")
    assert "IKD active" in text and "Schools" in text and "No warnings." in text
    assert "5,400" in text and "5.400" not in text
    assert "* estimate" in text


def test_warnings_are_listed(mini: Path) -> None:
    """A point outside the kabupaten shows up under Peringatan with file and row, wholly in
    Bahasa Indonesia (no English `lies outside`), and in English with lang="en"."""
    set_cells(mini / "schools.csv", "npsn", "30400003", lon="116.25")
    report = data_check_report(load_kabupaten(mini))
    text = format_report(report)
    assert "Peringatan (1):" in text
    assert "- schools.csv baris 3, kolom 'lat': (lat -1.05, lon 116.25) berada di luar " in text
    assert "5,56 km" in text and "lies" not in text and "outside" not in text
    en = format_report(report, lang="en")
    assert "- schools.csv row 3, field 'lat': (lat -1.05, lon 116.25) lies outside" in en


def test_kabupaten_line_appears_when_it_differs_from_the_sum(mini: Path) -> None:
    """When population.csv's kabupaten figure is not the sum of the kecamatan, both show."""
    set_cells(mini / "population.csv", "code", "99.01", wktp="9500")
    report = data_check_report(load_kabupaten(mini))
    assert report.kabupaten is not None and report.kabupaten.wktp == 9500
    text = format_report(report)
    assert "Kabupaten (population.csv)" in text and "9.500" in text and "9.000" in text


def test_unknown_language_is_refused() -> None:
    """format_report accepts only id and en."""
    with pytest.raises(ValueError, match="lang"):
        format_report(data_check_report(load_kabupaten(KAB_MINI)), lang="fr")
