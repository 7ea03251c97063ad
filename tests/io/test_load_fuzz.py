"""Property tests: whatever is in the folder, the loader either loads it or raises
DataValidationError naming the problems — never another exception — and never changes a file.

Each example breaks a fresh copy of kab_mini in one way: random cell values (text, huge
numbers, NaN/inf, swapped coordinates), dropped or added columns, random bytes, empty files,
BOMs, or random text spliced into the raw file. Runs are kept small (50 examples each).
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain import KabupatenData
from planner.io.errors import DataValidationError
from planner.io.load import load_kabupaten
from planner.settings import INDONESIA_BBOX
from tests.io.conftest import (
    KAB_MINI,
    folder_hash,
    read_geojson,
    read_rows,
    write_geojson,
    write_rows,
)

CSV_FILES = ("population.csv", "schools.csv", "venues.csv")
ALL_FILES = (
    *CSV_FILES,
    "area.toml",
    "kabupaten.geojson",
    "kecamatan.geojson",
    "desa.geojson",
    "population_actual.csv",
)
FUZZ = settings(max_examples=50, deadline=None, derandomize=True)

cell_values = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        ["", " ", "nan", "NaN", "inf", "-inf", "1e999", "\ufeff5", '"', "a,b", "1\n2", "true",
         "99.01.01", "99.01.01.2002", "116.05", "-1.17", "Mon-Fri", "08:00", "S30400001"]
    ),
)  # fmt: skip


@contextmanager
def broken_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "kab"
        shutil.copytree(KAB_MINI, folder)
        yield folder


def load_or_refuse(folder: Path) -> KabupatenData | None:
    """Load `folder`; None when refused with DataValidationError (any other exception fails)."""
    before = folder_hash(folder)
    try:
        data: KabupatenData | None = load_kabupaten(folder)
    except DataValidationError as exc:
        assert exc.errors, "a refusal must name at least one problem"
        assert all(e.file and e.message for e in exc.errors)
        data = None
    assert folder_hash(folder) == before, "the loader changed a file"
    if data is not None:
        assert_consistent(data)
    return data


def assert_consistent(data: KabupatenData) -> None:
    """What any loaded folder guarantees: possible counts, venues inside Indonesia."""
    lon_min, lat_min, lon_max, lat_max = INDONESIA_BBOX
    for a in data.areas.values():
        assert 0 <= a.ikd_active <= a.wktp
    for v in data.venues:
        assert math.isfinite(v.lat) and math.isfinite(v.lon)
        assert lat_min <= v.lat <= lat_max and lon_min <= v.lon <= lon_max
        assert v.open_time < v.close_time and v.open_days


@given(
    file=st.sampled_from(CSV_FILES),
    edits=st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 20), cell_values), min_size=1, max_size=4
    ),
)
@FUZZ
def test_random_cell_values_load_or_are_refused(
    file: str, edits: list[tuple[int, int, str]]
) -> None:
    """Random text, numbers, NaN/inf and codes in random cells never crash the loader."""
    with broken_copy() as folder:
        rows = read_rows(folder / file)
        columns = list(rows[0])
        for r, c, value in edits:
            rows[r % len(rows)][columns[c % len(columns)]] = value
        write_rows(folder / file, rows, columns)
        load_or_refuse(folder)


@given(
    file=st.sampled_from(CSV_FILES),
    drop=st.sets(st.integers(0, 20), max_size=3),
    extra=st.lists(st.text(min_size=1, max_size=10), max_size=3),
)
@FUZZ
def test_missing_and_extra_columns_load_or_are_refused(
    file: str, drop: set[int], extra: list[str]
) -> None:
    """Dropping columns or adding oddly named ones gives a clean refusal or a load."""
    with broken_copy() as folder:
        rows = read_rows(folder / file)
        original = list(rows[0])
        columns = [c for i, c in enumerate(original) if i not in drop]
        for name in extra:
            if name not in columns:
                columns.append(name)
                for r in rows:
                    r[name] = "x"
        write_rows(folder / file, rows, columns)
        data = load_or_refuse(folder)
        if len(columns) - len(set(columns) - set(original)) < len(original):
            assert data is None, "a required column was dropped but the folder loaded"


@given(file=st.sampled_from(ALL_FILES), content=st.binary(max_size=200))
@FUZZ
def test_random_bytes_or_empty_files_are_refused(file: str, content: bytes) -> None:
    """Any file replaced by random bytes (or emptied) is refused, not a crash."""
    with broken_copy() as folder:
        (folder / file).write_bytes(content)
        load_or_refuse(folder)


@given(
    file=st.sampled_from([*CSV_FILES, "area.toml", "desa.geojson"]),
    where=st.integers(0, 10_000),
    text=st.text(max_size=20),
    bom=st.booleans(),
)
@FUZZ
def test_text_spliced_into_a_raw_file_never_crashes(
    file: str, where: int, text: str, bom: bool
) -> None:
    """Random characters inserted anywhere (quotes, commas, newlines, a BOM) never crash."""
    with broken_copy() as folder:
        path = folder / file
        raw = path.read_text(encoding="utf-8")
        at = where % (len(raw) + 1)
        spliced = ("\ufeff" if bom else "") + raw[:at] + text + raw[at:]
        path.write_text(spliced, encoding="utf-8")
        load_or_refuse(folder)


@given(
    file=st.sampled_from(["schools.csv", "venues.csv"]),
    swap=st.sets(st.integers(0, 4), min_size=1, max_size=3),
)
@FUZZ
def test_swapped_coordinates_are_always_refused(file: str, swap: set[int]) -> None:
    """Rows with lat and lon swapped are refused, each named as swapped."""
    with broken_copy() as folder:
        rows = read_rows(folder / file)
        chosen = {i % len(rows) for i in swap}
        for i in chosen:
            rows[i]["lat"], rows[i]["lon"] = rows[i]["lon"], rows[i]["lat"]
        write_rows(folder / file, rows)
        try:
            load_kabupaten(folder)
        except DataValidationError as exc:
            swapped = {e.row for e in exc.errors if "look swapped" in e.what()}
            assert swapped == {i + 1 for i in chosen}
        else:
            raise AssertionError("swapped coordinates were accepted")


json_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False),
        st.text(max_size=10),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@given(
    file=st.sampled_from(["kabupaten.geojson", "kecamatan.geojson", "desa.geojson"]),
    feature=st.integers(0, 10),
    key=st.sampled_from(["code", "name", "parent_code", "desa_type", "other", "geometry"]),
    value=json_values,
)
@FUZZ
def test_random_geojson_values_load_or_are_refused(
    file: str, feature: int, key: str, value: Any
) -> None:
    """Random JSON in a property (or as the geometry) never crashes the loader."""
    with broken_copy() as folder:
        data = read_geojson(folder / file)
        feat = data["features"][feature % len(data["features"])]
        if key == "geometry":
            feat["geometry"] = value
        else:
            feat["properties"][key] = value
        write_geojson(folder / file, data)
        load_or_refuse(folder)
