"""Loading a valid data folder: what the planner gets, real figures dropped in, files untouched."""

from __future__ import annotations

import shutil
from datetime import time
from pathlib import Path

import pytest

from planner.domain import Level
from planner.i18n import Message
from planner.io.errors import DataError, DataValidationError
from planner.io.load import load_kabupaten
from planner.settings import DEFAULT_DATA_DIR
from tests.io.conftest import (
    KAB_MINI,
    folder_hash,
    load_errors,
    messages,
    read_rows,
    set_cells,
    write_rows,
)

ACTUAL_COLUMNS = ["code", "wktp", "ikd_active", "as_of", "source"]


def english(warnings: tuple[Message, ...]) -> list[str]:
    """The warnings as English text."""
    return [w.text("en") for w in warnings]


def test_mini_folder_loads_every_area_and_venue() -> None:
    """kab_mini loads with its 1 + 2 + 5 areas, 8 venues, boundaries in EPSG:4326, no warning."""
    data = load_kabupaten(KAB_MINI)
    assert data.meta.code == "99.01" and data.meta.default_base_venue == "V-DUKCAPIL"
    assert len(data.areas_at(Level.KABUPATEN)) == 1
    assert {a.code for a in data.areas_at(Level.KECAMATAN)} == {"99.01.01", "99.01.02"}
    assert len(data.areas_at(Level.DESA)) == 5
    assert len(data.venues) == 8
    for frame in (data.kabupaten, data.kecamatan, data.desa):
        assert frame.crs.to_epsg() == 4326
        assert {"code", "name", "parent_code", "geometry"} <= set(frame.columns)
    assert data.warnings == ()


def test_areas_carry_names_parents_flags_and_geodesic_area() -> None:
    """A desa gets its name and type from desa.geojson, counts and flags from population.csv,
    and its area in km² (a 0.1° × 0.06° square at 1°S is about 74 km²)."""
    data = load_kabupaten(KAB_MINI)
    satu = data.areas["99.01.01.1001"]
    assert (satu.name, satu.parent_code, satu.desa_type) == ("Satu", "99.01.01", "kelurahan")
    assert (satu.wktp, satu.wktp_estimated, satu.ikd_active) == (2400, True, 360)
    assert satu.area_km2 is not None and 73 < satu.area_km2 < 75
    barat = data.areas["99.01.01"]
    assert (barat.wktp_estimated, barat.ikd_active_estimated) == (False, True)


def test_schools_become_venues_with_the_default_school_window() -> None:
    """A school row becomes venue S<npsn> of type school_<jenjang>, open Mon–Fri 07:30–14:00."""
    data = load_kabupaten(KAB_MINI)
    sma = data.venue("S30400001")
    assert sma.venue_type == "school_sma"
    assert sma.open_days == (0, 1, 2, 3, 4)
    assert (sma.open_time, sma.close_time) == (time(7, 30), time(14, 0))
    assert (sma.students_grade12, sma.students_estimated, sma.staff) == (120, False, 40)
    assert data.venue("S30400002").venue_type == "school_smk"
    smp = data.venue("S30400003")
    assert smp.venue_type == "school_smp" and smp.check_coords


def test_venues_keep_their_own_windows() -> None:
    """venues.csv windows are parsed: Sunday CFD 06:00–09:00, a Mon/Thu market."""
    data = load_kabupaten(KAB_MINI)
    cfd = data.venue("CFD")
    assert cfd.venue_type == "public_event"
    assert cfd.open_days == (6,)
    assert (cfd.open_time, cfd.close_time) == (time(6), time(9))
    assert data.venue("PASAR").open_days == (0, 3)
    office = data.venue("V-DUKCAPIL")
    assert office.coord_estimated and office.staff == 40 and office.staff_estimated


def test_open_days_accept_ranges_lists_and_bahasa_names(mini: Path) -> None:
    """`Sen-Jum`, `Fri-Mon` (wrapping) and `Mon-Wed,Sat` are understood."""
    for text, days in (("Sen-Jum", (0, 1, 2, 3, 4)), ("Fri-Mon", (0, 4, 5, 6))):
        set_cells(mini / "venues.csv", "venue_id", "KC-01", open_days=text)
        assert load_kabupaten(mini).venue("KC-01").open_days == days
    set_cells(mini / "venues.csv", "venue_id", "KC-01", open_days="Mon-Wed,Sat")
    assert load_kabupaten(mini).venue("KC-01").open_days == (0, 1, 2, 5)


def test_bom_and_blank_lines_are_tolerated(mini: Path) -> None:
    """A CSV saved by Excel with a UTF-8 BOM and a trailing blank line still loads."""
    path = mini / "population.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes() + b"\n,,,,,,\n")
    assert load_kabupaten(mini).areas["99.01"].wktp == 9000


def test_header_only_schools_file_means_no_schools(mini: Path) -> None:
    """schools.csv may be empty: a header-only or blank file loads with no school venues."""
    path = mini / "schools.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    for text in (header + "\n", ""):
        path.write_text(text, encoding="utf-8")
        data = load_kabupaten(mini)
        assert not any(v.kind.is_school for v in data.venues)


def test_extra_columns_and_properties_are_kept_and_ignored(mini: Path) -> None:
    """An extra CSV column (`catatan`) does not stop the load."""
    rows = read_rows(mini / "venues.csv")
    for r in rows:
        r["catatan"] = "x"
    write_rows(mini / "venues.csv", rows)
    assert len(load_kabupaten(mini).venues) == 8


# --- population_actual.csv -------------------------------------------------------------------


def _actual(folder: Path, *rows: tuple[str, str, str]) -> None:
    write_rows(
        folder / "population_actual.csv",
        [
            {"code": c, "wktp": w, "ikd_active": i, "as_of": "2025-06", "source": "Dukcapil"}
            for c, w, i in rows
        ],
        ACTUAL_COLUMNS,
    )


def test_folder_without_actual_file_keeps_population_csv_figures() -> None:
    """Without population_actual.csv every figure and flag is exactly population.csv's."""
    data = load_kabupaten(KAB_MINI)
    for r in read_rows(KAB_MINI / "population.csv"):
        a = data.areas[r["code"]]
        assert a.wktp == int(r["wktp"]) and a.ikd_active == int(r["ikd_active"])
        assert a.wktp_estimated == (r["wktp_estimated"] == "true")
        assert a.ikd_active_estimated == (r["ikd_active_estimated"] == "true")


def test_dropped_in_real_figure_replaces_estimate_and_rescales_siblings(mini: Path) -> None:
    """A real desa WKTP replaces the estimate, clears its flag, and the other (estimated) desa
    of the kecamatan are rescaled so that the desa still add up to the kecamatan."""
    _actual(mini, ("99.01.01.1001", "3000", ""))
    data = load_kabupaten(mini)
    satu = data.areas["99.01.01.1001"]
    assert satu.wktp == 3000 and not satu.wktp_estimated
    assert satu.ikd_active == 360 and satu.ikd_active_estimated  # not given: unchanged
    dua, tiga = data.areas["99.01.01.2002"], data.areas["99.01.01.2003"]
    assert dua.wktp + tiga.wktp == 5400 - 3000
    assert dua.wktp_estimated and tiga.wktp_estimated
    assert dua.wktp / tiga.wktp == pytest.approx(1800 / 1200, rel=0.01)
    # the other kecamatan is untouched
    assert data.areas["99.01.02.2001"].wktp == 2000
    assert not [w for w in english(data.warnings) if "add up" in w]


def test_real_kecamatan_figure_carries_down_to_its_desa(mini: Path) -> None:
    """A real IKD figure for a kecamatan rescales its estimated desa to add up to it."""
    _actual(mini, ("99.01.01", "", "1000"))
    data = load_kabupaten(mini)
    kec = data.areas["99.01.01"]
    assert kec.ikd_active == 1000 and not kec.ikd_active_estimated
    desa = [a for a in data.areas_at(Level.DESA) if a.parent_code == "99.01.01"]
    assert sum(a.ikd_active for a in desa) == 1000


def test_real_figures_are_never_rescaled(mini: Path) -> None:
    """Two real desa figures stay as given; only the third, estimated desa absorbs the rest."""
    _actual(mini, ("99.01.01.1001", "2000", ""), ("99.01.01.2002", "2500", ""))
    data = load_kabupaten(mini)
    assert data.areas["99.01.01.1001"].wktp == 2000
    assert data.areas["99.01.01.2002"].wktp == 2500
    assert data.areas["99.01.01.2003"].wktp == 5400 - 4500


def test_real_figures_above_the_total_are_kept_with_a_warning(mini: Path) -> None:
    """When the real desa figures alone exceed the kecamatan, they are kept and a warning says
    so; the estimated desa beside them are not rescaled."""
    _actual(mini, ("99.01.01.1001", "6000", ""))
    data = load_kabupaten(mini)
    assert data.areas["99.01.01.1001"].wktp == 6000
    assert data.areas["99.01.01.2002"].wktp == 1800
    assert any("more than its total" in w for w in english(data.warnings))


def test_actual_file_with_unknown_code_is_refused(mini: Path) -> None:
    """A real figure for a code not in population.csv is an error naming the row."""
    _actual(mini, ("99.01.09", "100", ""))
    errors = load_errors(mini)
    assert any(e.file == "population_actual.csv" and e.row == 1 for e in errors)


def test_actual_figures_that_are_impossible_are_refused(mini: Path) -> None:
    """Real WKTP and IKD where IKD exceeds WKTP are refused."""
    _actual(mini, ("99.01.02.2001", "100", "200"))
    errors = load_errors(mini)
    assert any(e.file == "population_actual.csv" and e.field == "ikd_active" for e in errors)


# --- the folder is never changed -------------------------------------------------------------


def test_loading_never_changes_the_folder(mini: Path) -> None:
    """Loading a valid folder (with real figures dropped in) leaves every byte as it was."""
    _actual(mini, ("99.01.01.1001", "3000", "400"))
    before = folder_hash(mini)
    load_kabupaten(mini)
    assert folder_hash(mini) == before


def test_refused_folder_is_not_changed_either(mini: Path) -> None:
    """A folder with errors in several files is refused and still left byte for byte."""
    set_cells(mini / "population.csv", "code", "99.01.02", wktp="-5")
    (mini / "venues.csv").write_bytes(b"\xff\xfe\x00garbage")
    (mini / "kecamatan.geojson").write_text("{", encoding="utf-8")
    before = folder_hash(mini)
    load_errors(mini)
    assert folder_hash(mini) == before


# --- errors --------------------------------------------------------------------------------


def test_data_error_names_file_row_and_field() -> None:
    """The message format is `file row N, field 'x': message` (feature for GeoJSON)."""
    assert str(DataError("schools.csv", 7, "lat", "bad")) == "schools.csv row 7, field 'lat': bad"
    assert str(DataError("desa.geojson", 2, None, "bad")) == "desa.geojson feature 2: bad"
    assert str(DataError("area.toml", None, "code", "bad")) == "area.toml, field 'code': bad"


def test_all_problems_are_reported_at_once_and_the_message_is_capped() -> None:
    """DataValidationError keeps every problem but lists only the first 50 in its message
    (80 different problems: one per column, so none is folded into a repeat)."""
    errors = tuple(DataError("population.csv", i, f"c{i}", "bad") for i in range(1, 81))
    text = str(DataValidationError(errors))
    assert text.startswith("80 problems found:")
    assert "row 50," in text and "row 51," not in text
    assert "30 more" in text


def test_problems_in_several_files_come_together(mini: Path) -> None:
    """Errors in population.csv, schools.csv and venues.csv are all in one error."""
    set_cells(mini / "population.csv", "code", "99.01.02", wktp="abc")
    set_cells(mini / "schools.csv", "npsn", "30400002", lat="north")
    set_cells(mini / "venues.csv", "venue_id", "CFD", open_time="25:00")
    files = {e.file for e in load_errors(mini)}
    assert {"population.csv", "schools.csv", "venues.csv"} <= files


def test_not_a_folder_is_an_error(tmp_path: Path) -> None:
    """A path that is not a folder gives a DataValidationError naming it."""
    errors = load_errors(tmp_path / "nope")
    assert "nope" in messages(errors)


# --- the embedded PPU folder -----------------------------------------------------------------


@pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "area.toml").exists(), reason="geodata/ppu not built yet"
)
def test_embedded_ppu_folder_loads(tmp_path: Path) -> None:
    """geodata/ppu loads: 4 kecamatan, 54 desa, every kecamatan and desa with figures, venues
    inside Indonesia, and the folder is left unchanged."""
    copy = tmp_path / "ppu"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    before = folder_hash(copy)
    data = load_kabupaten(copy)
    assert folder_hash(copy) == before
    assert data.meta.code == "64.09"
    assert len(data.areas_at(Level.KECAMATAN)) == 4
    assert len(data.areas_at(Level.DESA)) == 54
    assert data.venue(data.meta.default_base_venue)
    assert any(v.kind.is_school for v in data.venues)
