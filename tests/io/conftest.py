"""Fixtures for the data-folder tests: a writable copy of `tests/data/kab_mini` and helpers to
break one cell, one property or one geometry of it.

kab_mini is a made-up kabupaten `99.01` near Penajam: 2 kecamatan (`99.01.01` Barat with 3
desa, `99.01.02` Timur with 2 desa), squares 0.1° wide, 3 schools and 5 venues.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from planner.io.errors import DataError, DataValidationError
from planner.io.load import load_kabupaten

DATA = Path(__file__).resolve().parents[1] / "data"
KAB_MINI = DATA / "kab_mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, writable copy of kab_mini."""
    dest = tmp_path / "kab_mini"
    shutil.copytree(KAB_MINI, dest)
    return dest


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    cols = columns if columns is not None else list(rows[0])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Put `value` into data row `row` (1-based) of `column` of the CSV at `path`."""
    rows = read_rows(path)
    rows[row - 1][column] = value
    write_rows(path, rows)


def set_cells(path: Path, code_column: str, code: str, **values: str) -> None:
    """Set columns of the row whose `code_column` equals `code`."""
    rows = read_rows(path)
    for r in rows:
        if r[code_column] == code:
            r.update(values)
    write_rows(path, rows)


def read_geojson(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_geojson(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
    }


def load_errors(folder: Path) -> list[DataError]:
    """The problems `load_kabupaten` reports for `folder` (fails the test if it loads)."""
    with pytest.raises(DataValidationError) as info:
        load_kabupaten(folder)
    return list(info.value.errors)


def messages(errors: list[DataError]) -> str:
    return "\n".join(str(e) for e in errors)


def folder_hash(folder: Path) -> str:
    """A digest of every file's relative path, size and bytes under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()
