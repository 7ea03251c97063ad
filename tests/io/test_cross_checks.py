"""One test per validation check: a small break in kab_mini and the message a user gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.i18n import Message
from planner.io.load import load_kabupaten
from tests.io.conftest import (
    load_errors,
    messages,
    read_geojson,
    read_rows,
    set_cell,
    set_cells,
    square,
    write_geojson,
    write_rows,
)

REQUIRED_FILES = (
    "area.toml",
    "kabupaten.geojson",
    "kecamatan.geojson",
    "desa.geojson",
    "population.csv",
    "schools.csv",
    "venues.csv",
)

# --- files and columns -----------------------------------------------------------------------


@pytest.mark.parametrize("name", REQUIRED_FILES)
def test_missing_required_file_is_named(mini: Path, name: str) -> None:
    """Each required file, when absent, is reported as missing by name."""
    (mini / name).unlink()
    errors = load_errors(mini)
    assert any(e.file == name and "missing" in e.what() for e in errors)


def english(warnings: tuple[Message, ...]) -> list[str]:
    """The warnings as English text."""
    return [w.text("en") for w in warnings]


def test_missing_sources_md_only_warns(mini: Path) -> None:
    """SOURCES.md is 'should', not 'must': without it the folder loads with a warning."""
    (mini / "SOURCES.md").unlink()
    assert any("SOURCES.md" in w for w in english(load_kabupaten(mini).warnings))


@pytest.mark.parametrize(
    ("file", "column"),
    [("population.csv", "ikd_active"), ("schools.csv", "npsn"), ("venues.csv", "open_days")],
)
def test_missing_column_is_named(mini: Path, file: str, column: str) -> None:
    """A required column left out of the header is reported with its name."""
    rows = read_rows(mini / file)
    write_rows(mini / file, rows, [c for c in rows[0] if c != column])
    errors = load_errors(mini)
    assert any(e.file == file and e.field == column and "missing" in e.what() for e in errors)


def test_missing_geojson_property_is_named(mini: Path) -> None:
    """A desa file without `desa_type` is refused naming the property."""
    data = read_geojson(mini / "desa.geojson")
    for feat in data["features"]:
        del feat["properties"]["desa_type"]
    write_geojson(mini / "desa.geojson", data)
    errors = load_errors(mini)
    assert any(e.file == "desa.geojson" and e.field == "desa_type" for e in errors)


def test_row_with_too_many_fields_names_the_row(mini: Path) -> None:
    """An unquoted comma in a cell (one field too many) is reported at its row."""
    path = mini / "venues.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Kantor Camat Barat", "Kantor Camat, Barat")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = load_errors(mini)
    assert any(e.file == "venues.csv" and e.row == 2 for e in errors)


def test_not_utf8_is_refused(mini: Path) -> None:
    """A CSV in Windows-1252 (not UTF-8) is refused with a hint to save as UTF-8, naming the
    first data row that holds a non-UTF-8 character (row 1: the first row after the header)."""
    path = mini / "venues.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Uji", "Ují").encode("cp1252"))
    errors = load_errors(mini)
    assert "UTF-8" in messages(errors)
    assert any(e.file == "venues.csv" and e.row == 1 for e in errors)


# --- codes -----------------------------------------------------------------------------------


def test_duplicate_population_code_is_refused(mini: Path) -> None:
    """The same code twice in population.csv is an error at the second row."""
    rows = read_rows(mini / "population.csv")
    write_rows(mini / "population.csv", [*rows, rows[3]])
    errors = load_errors(mini)
    assert any(e.row == len(rows) + 1 and "repeats row 4" in e.what() for e in errors)


def test_duplicate_boundary_code_is_refused(mini: Path) -> None:
    """Two desa features with one code are refused, naming the feature."""
    data = read_geojson(mini / "desa.geojson")
    data["features"][4]["properties"]["code"] = "99.01.02.2001"
    write_geojson(mini / "desa.geojson", data)
    errors = load_errors(mini)
    assert any(e.file == "desa.geojson" and e.row == 5 and e.field == "code" for e in errors)


def test_duplicate_npsn_and_venue_id_are_refused(mini: Path) -> None:
    """A repeated NPSN and a repeated venue_id are both errors."""
    set_cell(mini / "schools.csv", 2, "npsn", "30400001")
    set_cell(mini / "venues.csv", 2, "venue_id", "V-DUKCAPIL")
    errors = load_errors(mini)
    assert any(e.file == "schools.csv" and "S30400001 repeats" in e.what() for e in errors)
    assert any(e.file == "venues.csv" and "V-DUKCAPIL repeats" in e.what() for e in errors)


@pytest.mark.parametrize("npsn", ["3040001", "304000011", "3040000A", ""])
def test_malformed_npsn_is_refused(mini: Path, npsn: str) -> None:
    """An NPSN that is not exactly 8 digits is refused."""
    set_cell(mini / "schools.csv", 1, "npsn", npsn)
    errors = load_errors(mini)
    assert any(e.file == "schools.csv" and e.row == 1 and e.field == "npsn" for e in errors)


@pytest.mark.parametrize("code", ["99.1.01", "99.01.1", "990101", "99.01.01.2001"])
def test_malformed_kecamatan_code_in_population_is_refused(mini: Path, code: str) -> None:
    """A kecamatan row whose code does not follow the Kemendagri pattern NN.NN.NN is refused."""
    set_cell(mini / "population.csv", 2, "code", code)
    errors = load_errors(mini)
    assert any(
        e.file == "population.csv" and e.row == 2 and "kecamatan code" in e.what() for e in errors
    )


def test_malformed_desa_code_in_geojson_is_refused(mini: Path) -> None:
    """A desa feature with a code of 3 digits in the last block is refused."""
    data = read_geojson(mini / "desa.geojson")
    data["features"][0]["properties"]["code"] = "99.01.01.101"
    write_geojson(mini / "desa.geojson", data)
    errors = load_errors(mini)
    assert any(e.file == "desa.geojson" and e.row == 1 and "desa code" in e.what() for e in errors)


def test_numeric_code_in_geojson_must_be_text(mini: Path) -> None:
    """A code written as a JSON number (64.10 would become 64.1) is refused as not text."""
    data = read_geojson(mini / "kecamatan.geojson")
    data["features"][0]["properties"]["parent_code"] = 99.01
    write_geojson(mini / "kecamatan.geojson", data)
    assert "must be text" in messages(load_errors(mini))


def test_desa_with_unknown_kecamatan_is_refused(mini: Path) -> None:
    """A desa whose parent_code is no kecamatan of kecamatan.geojson is an error."""
    data = read_geojson(mini / "desa.geojson")
    props = data["features"][4]["properties"]
    props["code"], props["parent_code"] = "99.01.07.2002", "99.01.07"
    write_geojson(mini / "desa.geojson", data)
    errors = load_errors(mini)
    assert any(
        e.file == "desa.geojson" and e.field == "parent_code" and "99.01.07" in e.what()
        for e in errors
    )


def test_kecamatan_of_unknown_kabupaten_is_refused(mini: Path) -> None:
    """A kecamatan belonging to another kabupaten than area.toml's is an error."""
    data = read_geojson(mini / "kecamatan.geojson")
    props = data["features"][1]["properties"]
    props["code"], props["parent_code"] = "99.02.02", "99.02"
    write_geojson(mini / "kecamatan.geojson", data)
    errors = load_errors(mini)
    assert any(
        e.file == "kecamatan.geojson" and e.row == 2 and "unknown kabupaten" in e.what()
        for e in errors
    )


def test_desa_code_must_start_with_its_parent(mini: Path) -> None:
    """A desa 99.01.02.2001 claiming kecamatan 99.01.01 is refused."""
    data = read_geojson(mini / "desa.geojson")
    data["features"][3]["properties"]["parent_code"] = "99.01.01"
    write_geojson(mini / "desa.geojson", data)
    assert "is not the start of code" in messages(load_errors(mini))


def test_every_desa_needs_a_population_row(mini: Path) -> None:
    """A desa of desa.geojson without a row in population.csv is named."""
    rows = [r for r in read_rows(mini / "population.csv") if r["code"] != "99.01.02.2002"]
    write_rows(mini / "population.csv", rows)
    errors = load_errors(mini)
    assert any(
        e.file == "population.csv" and "99.01.02.2002 (Lima)" in e.what() and "no row" in e.what()
        for e in errors
    )


def test_population_row_for_unknown_area_is_refused(mini: Path) -> None:
    """A population row for a desa that is not in desa.geojson is an error."""
    rows = read_rows(mini / "population.csv")
    extra = {**rows[-1], "code": "99.01.02.2009"}
    write_rows(mini / "population.csv", [*rows, extra])
    assert "99.01.02.2009 is not in desa.geojson" in messages(load_errors(mini))


def test_venue_in_unknown_desa_or_wrong_kecamatan_is_refused(mini: Path) -> None:
    """A venue naming a desa that does not exist, or a desa of another kecamatan, is refused."""
    set_cells(mini / "venues.csv", "venue_id", "CFD", desa_code="99.01.01.2009")
    set_cells(mini / "venues.csv", "venue_id", "PASAR", desa_code="99.01.01.2002")
    text = messages(load_errors(mini))
    assert "99.01.01.2009 is not in desa.geojson" in text
    assert "is in kecamatan 99.01.01, not 99.01.02" in text


def test_default_base_venue_must_exist(mini: Path) -> None:
    """area.toml's default_base_venue must be a venue_id of venues.csv."""
    path = mini / "area.toml"
    path.write_text(path.read_text().replace("V-DUKCAPIL", "V-NOWHERE"), encoding="utf-8")
    errors = load_errors(mini)
    assert any(e.file == "area.toml" and e.field == "default_base_venue" for e in errors)


def test_area_toml_bad_values_are_named(mini: Path) -> None:
    """A malformed code, an out-of-range rate and a misspelt key are each named."""
    path = mini / "area.toml"
    text = path.read_text().replace('"99.01"', '"99.1"').replace("0.20", "1.5")
    path.write_text(text + "target_rat = 0.2\n", encoding="utf-8")
    fields = {e.field for e in load_errors(mini) if e.file == "area.toml"}
    assert {"code", "target_rate", "target_rat"} <= fields


def test_area_toml_syntax_error_is_reported(mini: Path) -> None:
    """area.toml that is not TOML is an error, not a crash."""
    (mini / "area.toml").write_text("code = \n", encoding="utf-8")
    assert "not valid TOML" in messages(load_errors(mini))


# --- geometry and CRS ------------------------------------------------------------------------


def test_slightly_invalid_geometry_is_repaired_with_a_warning(mini: Path) -> None:
    """A desa square with a tiny self-intersecting loop is repaired (area change < 1 %)."""
    data = read_geojson(mini / "desa.geojson")
    x0, y0, x1, y1 = 116.1, -1.1, 116.2, -1.0
    ring = [
        [x0, y0], [x1, y0], [x1, y1], [116.151, y1], [116.149, y1 + 0.002],
        [116.149, y1 + 0.000001], [116.151, y1 + 0.002001], [x0, y1], [x0, y0],
    ]  # fmt: skip
    data["features"][4]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    write_geojson(mini / "desa.geojson", data)
    loaded = load_kabupaten(mini)
    assert any(
        "desa.geojson feature 5" in w and "repaired" in w for w in english(loaded.warnings)
    ), loaded.warnings
    geom = loaded.desa.set_index("code").geometry["99.01.02.2002"]
    assert geom.is_valid


def test_badly_invalid_geometry_is_refused(mini: Path) -> None:
    """A bow-tie polygon (repair would change its area completely) is refused."""
    data = read_geojson(mini / "desa.geojson")
    bowtie = [[116.1, -1.1], [116.2, -1.0], [116.2, -1.1], [116.1, -1.0], [116.1, -1.1]]
    data["features"][4]["geometry"] = {"type": "Polygon", "coordinates": [bowtie]}
    write_geojson(mini / "desa.geojson", data)
    errors = load_errors(mini)
    assert any(e.file == "desa.geojson" and e.row == 5 and "invalid" in e.what() for e in errors)


def test_other_format_named_geojson_is_refused(mini: Path) -> None:
    """A GPX file renamed to .geojson is not read as GPX: it is refused as not GeoJSON."""
    gpx = '<?xml version="1.0"?><gpx version="1.1"><wpt lat="-1.1" lon="116.1"/></gpx>'
    (mini / "desa.geojson").write_text(gpx, encoding="utf-8")
    errors = load_errors(mini)
    assert any(e.file == "desa.geojson" and "cannot be read as GeoJSON" in e.what() for e in errors)


def test_point_geometry_in_a_boundary_file_is_refused(mini: Path) -> None:
    """Boundary features must be polygons."""
    data = read_geojson(mini / "kecamatan.geojson")
    data["features"][0]["geometry"] = {"type": "Point", "coordinates": [116.05, -1.1]}
    write_geojson(mini / "kecamatan.geojson", data)
    assert "Polygon or MultiPolygon needed" in messages(load_errors(mini))


def test_declared_projected_crs_is_refused(mini: Path) -> None:
    """A `crs` member naming UTM 50S is refused (no silent reprojection)."""
    data = read_geojson(mini / "kecamatan.geojson")
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32750"}}
    write_geojson(mini / "kecamatan.geojson", data)
    errors = load_errors(mini)
    assert any(e.file == "kecamatan.geojson" and "EPSG:4326" in e.what() for e in errors)


def test_crs84_declaration_is_accepted(mini: Path) -> None:
    """A `crs` member naming OGC CRS84 (lon/lat WGS84) is fine."""
    data = read_geojson(mini / "kecamatan.geojson")
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    write_geojson(mini / "kecamatan.geojson", data)
    assert load_kabupaten(mini).kecamatan.crs.to_epsg() == 4326


def test_projected_coordinates_without_crs_are_refused(mini: Path) -> None:
    """Metre coordinates passed off as degrees fall outside Indonesia and get a hint."""
    data = read_geojson(mini / "kabupaten.geojson")
    data["features"][0]["geometry"] = square(500000, 9867000, 522000, 9889000)
    write_geojson(mini / "kabupaten.geojson", data)
    assert "not degrees" in messages(load_errors(mini))


def test_boundary_with_swapped_axes_is_refused(mini: Path) -> None:
    """A polygon written as [lat, lon] is refused with the swap named."""
    data = read_geojson(mini / "kecamatan.geojson")
    data["features"][0]["geometry"] = square(-1.2, 116.0, -1.0, 116.1)
    write_geojson(mini / "kecamatan.geojson", data)
    assert "lat and lon look swapped" in messages(load_errors(mini))


# --- points ----------------------------------------------------------------------------------


def test_point_outside_the_kabupaten_only_warns(mini: Path) -> None:
    """A school 0.05° east of the outline (~5.6 km) loads, with a warning giving the distance."""
    set_cells(mini / "schools.csv", "npsn", "30400003", lon="116.25")
    data = load_kabupaten(mini)
    warning = next(w for w in english(data.warnings) if "outside the kabupaten" in w)
    assert warning.startswith("schools.csv row 3")
    assert "5.5" in warning or "5.6" in warning


def test_point_far_outside_the_kabupaten_is_an_error(mini: Path) -> None:
    """A school at Jakarta's coordinates in a Kalimantan folder (~1,100 km away) is refused
    with its file, row and the distance, not loaded with a warning."""
    set_cells(mini / "schools.csv", "npsn", "30400003", lat="-6.2", lon="106.8")
    errors = load_errors(mini)
    far = [e for e in errors if e.file == "schools.csv" and e.row == 3 and e.field == "lat"]
    assert far and "outside the kabupaten (more than 50 km)" in far[0].what()
    assert "di luar batas kabupaten" in far[0].text("id")


def test_point_outside_indonesia_is_an_error(mini: Path) -> None:
    """A venue at 0°N 0°E (a typical empty-coordinate default) is refused."""
    set_cells(mini / "venues.csv", "venue_id", "KC-01", lat="0", lon="0")
    errors = load_errors(mini)
    assert any(
        e.file == "venues.csv" and e.row == 2 and "outside Indonesia" in e.what() for e in errors
    )


def test_swapped_lat_lon_is_named(mini: Path) -> None:
    """lat/lon written the wrong way round gives 'lat and lon look swapped'."""
    set_cells(mini / "schools.csv", "npsn", "30400001", lat="116.05", lon="-1.17")
    errors = load_errors(mini)
    assert any(e.row == 1 and "lat and lon look swapped" in e.what() for e in errors)


@pytest.mark.parametrize("value", ["nan", "inf", "-1,17", "1e999", "", "abc"])
def test_non_numeric_coordinate_is_refused(mini: Path, value: str) -> None:
    """NaN, infinity, a decimal comma, an empty cell or text are not coordinates."""
    set_cells(mini / "schools.csv", "npsn", "30400001", lat=value)
    errors = load_errors(mini)
    assert any(e.file == "schools.csv" and e.field == "lat" for e in errors)


def test_point_far_from_its_kecamatan_warns(mini: Path) -> None:
    """A school inside the kabupaten but in the other kecamatan warns about the mismatch."""
    set_cells(mini / "schools.csv", "npsn", "30400001", lon="116.18")
    assert any(
        "outside its kecamatan 99.01.01" in w for w in english(load_kabupaten(mini).warnings)
    )


# --- counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("-5", "negative"),
        ("abc", "not a whole number"),
        ("12.5", "not a whole number"),
        ("1.234", "thousands separators"),
        ("999999999999999999999", "impossible"),
        ("", "empty"),
    ],
)
def test_bad_wktp_is_refused_with_a_reason(mini: Path, value: str, words: str) -> None:
    """Negative, non-numeric, non-integer, absurd or empty WKTP is refused, saying why."""
    set_cells(mini / "population.csv", "code", "99.01.02.2001", wktp=value)
    errors = load_errors(mini)
    assert any(
        e.file == "population.csv" and e.row == 7 and e.field == "wktp" and words in e.what()
        for e in errors
    ), messages(errors)


def test_more_ikd_active_than_wktp_is_impossible(mini: Path) -> None:
    """ikd_active above wktp is refused."""
    set_cells(mini / "population.csv", "code", "99.01.02.2001", ikd_active="2001")
    errors = load_errors(mini)
    assert any(e.field == "ikd_active" and "impossible" in e.what() for e in errors)


def test_bad_boolean_and_level_are_refused(mini: Path) -> None:
    """An estimate flag 'maybe' and a level 'provinsi' are refused."""
    set_cells(mini / "population.csv", "code", "99.01.02", wktp_estimated="maybe")
    set_cells(mini / "population.csv", "code", "99.01.01", level="provinsi")
    fields = {e.field for e in load_errors(mini)}
    assert {"wktp_estimated", "level"} <= fields


def test_bad_window_is_refused(mini: Path) -> None:
    """Closing before opening, a 25th hour and an unknown day name are each refused."""
    set_cells(mini / "venues.csv", "venue_id", "KC-01", open_time="15:00", close_time="08:00")
    set_cells(mini / "venues.csv", "venue_id", "CFD", open_time="25:00")
    set_cells(mini / "venues.csv", "venue_id", "PASAR", open_days="Mon-Funday")
    fields = {(e.row, e.field) for e in load_errors(mini)}
    assert {(2, "close_time"), (4, "open_time"), (5, "open_days")} <= fields


def test_unknown_venue_type_and_jenjang_are_refused(mini: Path) -> None:
    """A venue_type 'school' and a jenjang 'SD' are refused."""
    set_cells(mini / "venues.csv", "venue_id", "KC-01", venue_type="school")
    set_cells(mini / "schools.csv", "npsn", "30400001", jenjang="SD")
    fields = {(e.file, e.field) for e in load_errors(mini)}
    assert {("venues.csv", "venue_type"), ("schools.csv", "jenjang")} <= fields


def test_sums_that_do_not_add_up_warn(mini: Path) -> None:
    """A desa figure that no longer adds up to its kecamatan loads with a warning."""
    set_cells(mini / "population.csv", "code", "99.01.02.2001", wktp="2500")
    data = load_kabupaten(mini)
    assert any("99.01.02 (Timur) add up to 4,100" in w for w in english(data.warnings)), (
        data.warnings
    )


# --- personal data ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column", ["NIK", "no_kk", "Nomor KK", "nama_lengkap", "TglLahir", "alamat_rumah", "no-hp",
               "email", "telepon", "tempat_lahir", "nama_warga"],
)  # fmt: skip
def test_personal_data_column_in_csv_is_refused(mini: Path, column: str) -> None:
    """A personal-data column in any CSV stops the load, naming the file and the column."""
    rows = read_rows(mini / "schools.csv")
    for r in rows:
        r[column] = "x"
    write_rows(mini / "schools.csv", rows)
    errors = load_errors(mini)
    assert any(
        e.file == "schools.csv" and e.field == column and "personal data" in e.what()
        for e in errors
    )


def test_personal_data_property_in_geojson_is_refused(mini: Path) -> None:
    """A `nik` property in desa.geojson is refused like a CSV column."""
    data = read_geojson(mini / "desa.geojson")
    data["features"][0]["properties"]["nik_kepala_desa"] = "6409000000000001"
    write_geojson(mini / "desa.geojson", data)
    errors = load_errors(mini)
    assert any(e.file == "desa.geojson" and e.field == "nik_kepala_desa" for e in errors)


def test_personal_data_in_population_actual_is_refused(mini: Path) -> None:
    """The optional population_actual.csv is screened for personal data too."""
    write_rows(
        mini / "population_actual.csv",
        [{"code": "99.01", "wktp": "", "ikd_active": "", "as_of": "", "source": "", "nik": "1"}],
    )
    assert any(e.field == "nik" for e in load_errors(mini))


def test_personal_data_in_an_extra_file_of_the_folder_is_refused(mini: Path) -> None:
    """A CSV the planner does not read (e.g. a list of residents left in the folder) is still
    screened: its personal-data column is refused by name."""
    (mini / "warga.csv").write_text("nama_penduduk,desa\nBudi,Satu\n", encoding="utf-8")
    (mini / "notes.txt").write_text("nik: not screened, not a table\n", encoding="utf-8")
    errors = load_errors(mini)
    assert [(e.file, e.field) for e in errors] == [("warga.csv", "nama_penduduk")]


def test_legitimate_columns_that_look_personal_are_allowed(mini: Path) -> None:
    """A venue's `nama`, `alamat` (public address) and `teknik` columns are not refused."""
    rows = read_rows(mini / "venues.csv")
    for r in rows:
        r.update({"nama": r["name"], "alamat": "Jl. Provinsi", "teknik": "-", "kode_bps": "1"})
    write_rows(mini / "venues.csv", rows)
    assert len(load_kabupaten(mini).venues) == 8
