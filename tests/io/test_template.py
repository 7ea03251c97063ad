"""`ikd-planner data init`: a template folder with every file, header and one example row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.io._population import POPULATION_COLUMNS
from planner.io._venues import SCHOOL_COLUMNS, VENUE_COLUMNS
from planner.io.load import load_kabupaten
from planner.io.template import CHECKLIST, TemplateError, write_template

runner = CliRunner()


def _header(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8") as fh:
        return tuple(next(csv.reader(fh)))


def test_every_file_with_the_loaders_header_and_one_example(tmp_path: Path) -> None:
    """The CSV headers are exactly the loaders' columns; every file has an example to copy."""
    res = runner.invoke(app, ["data", "init", str(tmp_path / "k"), "--kode", "64.01"])
    assert res.exit_code == 0, res.output
    k = tmp_path / "k"
    assert _header(k / "population.csv") == POPULATION_COLUMNS
    assert _header(k / "schools.csv") == SCHOOL_COLUMNS
    assert _header(k / "venues.csv") == VENUE_COLUMNS
    for name in ("kabupaten.geojson", "kecamatan.geojson", "desa.geojson"):
        features = json.loads((k / name).read_text(encoding="utf-8"))["features"]
        assert len(features) == 1 and features[0]["properties"]["code"].startswith("64.01")
    assert 'code = "64.01"' in (k / "area.toml").read_text(encoding="utf-8")
    assert (k / CHECKLIST).is_file() and (k / "SOURCES.md").is_file()


def _fill(k: Path) -> None:
    """What the office does: boundaries drawn, coordinates entered."""
    square = {
        "type": "Polygon",
        "coordinates": [
            [[116.0, -1.2], [116.2, -1.2], [116.2, -1.0], [116.0, -1.0], [116.0, -1.2]]
        ],
    }
    for name in ("kabupaten.geojson", "kecamatan.geojson", "desa.geojson"):
        data = json.loads((k / name).read_text(encoding="utf-8"))
        data["features"][0]["geometry"] = square
        (k / name).write_text(json.dumps(data), encoding="utf-8")
    for name, points in (("schools.csv", ["-1.15"]), ("venues.csv", ["-1.10", "-1.12"])):
        with (k / name).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for r, lat in zip(rows, points, strict=True):
            r["lat"], r["lon"] = lat, "116.1"
        with (k / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


def test_a_filled_template_loads(tmp_path: Path) -> None:
    """Once boundaries and coordinates are in, the template is a valid data folder."""
    k = tmp_path / "k"
    write_template(k, "64.01", "Paser")
    _fill(k)
    data = load_kabupaten(k)
    assert data.meta.code == "64.01" and len(data.venues) == 3


def test_data_check_on_the_template_says_what_to_fill(tmp_path: Path) -> None:
    """`data check` on an unfilled template prints the checklist, then each missing piece by
    file, row and field, and exits 2."""
    k = tmp_path / "k"
    write_template(k, "64.01", "Paser")
    res = runner.invoke(app, ["data", "check", "--data", str(k)])
    assert res.exit_code == 2
    assert "Yang harus diisi" in res.output
    assert "kabupaten.geojson fitur 1, properti 'geometry'" in res.output
    assert "venues.csv baris 1, kolom 'lat'" in res.output
    assert res.output.index("Yang harus diisi") < res.output.index("masalah ditemukan")


def test_never_writes_into_a_folder_that_has_files(tmp_path: Path) -> None:
    """A folder with anything in it is left alone; a malformed code is refused."""
    (tmp_path / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(TemplateError):
        write_template(tmp_path, "64.01", "Paser")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]
    with pytest.raises(TemplateError, match=r"64\.09"):
        write_template(tmp_path / "new", "6401", "Paser")
    res = runner.invoke(app, ["data", "init", str(tmp_path), "--kode", "64.01"])
    assert res.exit_code == 2
