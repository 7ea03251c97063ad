"""Write the output files in the format of geodata/README.md; the CSV columns are the loader's
own (planner.io), so the data folder and the planner cannot drift apart."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from planner.io._population import POPULATION_COLUMNS
from planner.io._venues import SCHOOL_COLUMNS, VENUE_COLUMNS
from ppu_geodata.facts import KAB_CODE, KAB_NAME
from ppu_geodata.records import Area, PopRow, SchoolRow, VenueRow


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temp file in the same folder, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rounded(value: Any) -> Any:
    """Coordinates rounded to 6 decimals (about 0.1 m), nested lists kept."""
    if isinstance(value, float | int):
        return round(float(value), 6)
    return [rounded(v) for v in value]


def rfc7946_geometry(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry with exterior rings counter-clockwise (RFC 7946 §3.1.6), 6 decimals."""
    if isinstance(geom, Polygon):
        oriented: BaseGeometry = orient(geom, sign=1.0)
    elif isinstance(geom, MultiPolygon):
        oriented = MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    else:
        raise ValueError(f"not a polygon: {geom.geom_type}")
    m = mapping(oriented)
    return {"type": m["type"], "coordinates": rounded(m["coordinates"])}


def geojson_text(areas: Iterable[Area], level: str) -> str:
    """A FeatureCollection, one feature a line, with the properties of geodata/README.md."""
    lines = []
    for a in areas:
        props: dict[str, Any] = {"code": a.code, "name": a.name, "parent_code": a.parent_code}
        if level == "desa":
            props["desa_type"] = a.desa_type
        props["area_km2"] = a.area_km2
        feat = {"type": "Feature", "properties": props, "geometry": rfc7946_geometry(a.shape)}
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["true" if v is True else "false" if v is False else v for v in row])
    return buf.getvalue()


def area_toml() -> str:
    return (
        "# Kabupaten Penajam Paser Utara (Kalimantan Timur). Written by\n"
        "# scripts/build_ppu_geodata.py; where each figure comes from: SOURCES.md.\n"
        f'code = "{KAB_CODE}"\n'
        f'name = "{KAB_NAME}"\n'
        'ikd_as_of = "2025-01"              # IKD active 20,126 (IKNPOS, Jan 2025)\n'
        'wktp_as_of = "2025-S1"             # WKTP 144,856 (Dukcapil, semester I 2025)\n'
        "target_rate = 0.20                  # PPU's own 2025 target (IKNPOS, Jan 2025)\n"
        "national_target_rate = 0.30         # Kemendagri target per kab/kota, 2024-2025\n"
        'default_base_venue = "V-DUKCAPIL"\n'
        'kind = "kabupaten"\n'
        "population = 203661                # residents, semester I 2025 (Metrotvnews)\n"
    )


def population_csv(rows: Sequence[PopRow]) -> str:
    return csv_text(
        POPULATION_COLUMNS,
        (
            (
                r.code,
                r.level,
                r.wktp,
                r.wktp_estimated,
                r.ikd_active,
                r.ikd_active_estimated,
                r.source,
            )
            for r in rows
        ),
    )


def schools_csv(rows: Sequence[SchoolRow]) -> str:
    return csv_text(
        SCHOOL_COLUMNS,
        (
            (
                r.school.npsn,
                r.school.name,
                r.school.jenjang,
                r.school.status,
                r.school.kecamatan_code,
                r.school.desa_code,
                r.school.lat_text,
                r.school.lon_text,
                r.students_grade12,
                r.students_estimated,
                r.staff,
                True,
                r.school.check_coords,
                r.source,
            )
            for r in rows
        ),
    )


def venues_csv(rows: Sequence[VenueRow]) -> str:
    return csv_text(
        VENUE_COLUMNS,
        (
            (
                v.venue_id,
                v.venue_type,
                v.name,
                v.kecamatan_code,
                v.desa_code,
                f"{v.lat:.6f}",
                f"{v.lon:.6f}",
                True,
                v.open_days,
                v.open_time,
                v.close_time,
                v.staff,
                v.staff_estimated,
                v.source,
            )
            for v in rows
        ),
    )
