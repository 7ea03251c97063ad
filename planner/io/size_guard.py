"""Refuse a data folder far larger than any kabupaten before parsing it.

A million-row venues.csv took minutes and gigabytes to validate and could never be planned;
the limits (planner.settings) are generous multiples of the largest kabupaten. Rows are
counted as lines (no parsing) and desa as features listed by the GeoJSON driver (no
geometries built), so the check costs milliseconds on a real folder.
"""

from __future__ import annotations

from pathlib import Path

from planner.i18n import Decimals, Message
from planner.io.errors import Findings
from planner.settings import MAX_BOUNDARY_BYTES, MAX_DESA, MAX_VENUES

_TABLES = ("venues.csv", "schools.csv")
_BOUNDARIES = ("kabupaten.geojson", "kecamatan.geojson", "desa.geojson")


def count_lines(path: Path) -> int:
    """Lines of a text file (newlines, plus a last line without one), read in blocks."""
    n = 0
    last = b"\n"
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


def check_size(data_dir: Path, f: Findings) -> None:
    """Add an error to `f` for each part of `data_dir` beyond the size limits."""
    rows = 0
    for name in _TABLES:
        path = data_dir / name
        if path.is_file():
            rows += max(count_lines(path) - 1, 0)
    if rows > MAX_VENUES:
        f.error(
            "venues.csv + schools.csv",
            None,
            None,
            Message.of("err.too_many_venues", n=rows, most=MAX_VENUES),
        )
    for name in _BOUNDARIES:
        path = data_dir / name
        if path.is_file() and path.stat().st_size > MAX_BOUNDARY_BYTES:
            f.error(
                name,
                None,
                None,
                Message.of(
                    "err.boundary_too_big",
                    mb=Decimals(path.stat().st_size / 1e6, 0),
                    most=Decimals(MAX_BOUNDARY_BYTES / 1e6, 0),
                ),
            )
            return
    desa = data_dir / "desa.geojson"
    if desa.is_file():
        n = _feature_count(desa)
        if n is not None and n > MAX_DESA:
            f.error(
                "desa.geojson",
                None,
                None,
                Message.of("err.too_many_desa", n=n, largest=1000, most=MAX_DESA),
            )


def _feature_count(path: Path) -> int | None:
    import warnings

    import pyogrio

    try:
        with warnings.catch_warnings():  # a malformed file is the loader's to report
            warnings.simplefilter("ignore")
            return int(pyogrio.read_info(path, force_feature_count=True)["features"])
    except Exception:  # an unreadable file is reported by the loader itself
        return None
