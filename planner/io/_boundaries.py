"""Read one boundary GeoJSON (kabupaten, kecamatan or desa) and check each feature on its own.

CRS: RFC 7946 GeoJSON is WGS84 longitude/latitude. A file without a `crs` member, or with one
naming EPSG:4326 or OGC CRS84, is read as is. Any other declared CRS is refused, never
reprojected: a wrong declaration is easy to make and silent reprojection would hide it; the
message tells the office to export as EPSG:4326. Coordinates that are not degrees at all
(projected metres without a `crs` member) fall outside Indonesia and are refused with a hint.

Geometry: Polygon or MultiPolygon. An invalid one is repaired with shapely's `make_valid`
when the repaired polygon's area differs by less than `REPAIR_MAX_AREA_CHANGE` (a warning),
otherwise refused. Areas in km² are geodesic (WGS84 ellipsoid, pyproj).
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from pyproj import CRS, Geod
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from planner.domain import Level
from planner.i18n import Message, Percent
from planner.io._cells import CODE_EXAMPLES, is_code, shown
from planner.io._personal import is_personal_column
from planner.io.errors import Findings
from planner.settings import INDONESIA_BBOX

#: A repair may change a polygon's area by less than this share (1 %) to be accepted.
REPAIR_MAX_AREA_CHANGE = 0.01

DESA_TYPES = ("desa", "kelurahan", "desa_adat")

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Feature:
    """One area of a boundary file, with its 1-based feature number for messages."""

    row: int
    code: str
    name: str
    parent_code: str
    desa_type: str | None
    geometry: BaseGeometry
    area_km2: float


@dataclass(frozen=True)
class BoundaryLayer:
    """The features of one boundary file, repaired, and the GeoDataFrame built from them.

    `frame` has `code`, `name`, `parent_code` (and `desa_type` for desa), `area_km2`, any
    other properties of the file, and `geometry`, in EPSG:4326.
    """

    file: str
    level: Level
    features: tuple[Feature, ...]
    frame: gpd.GeoDataFrame

    def by_code(self) -> dict[str, Feature]:
        return {feat.code: feat for feat in self.features}


def in_indonesia(lon: float, lat: float) -> bool:
    """True when (lon, lat) lies inside `settings.INDONESIA_BBOX`."""
    lon_min, lat_min, lon_max, lat_max = INDONESIA_BBOX
    return lon_min <= lon <= lon_max and lat_min <= lat <= lat_max


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid in km²."""
    area_m2, _ = _GEOD.geometry_area_perimeter(geom)
    return abs(float(area_m2)) / 1e6


def read_layer(path: Path, level: Level, f: Findings) -> BoundaryLayer | None:
    """The checked layer at `path`, or None when the file cannot be read at all.

    Feature-level problems are reported to `f` and the feature is left out of the layer, so
    the caller must look at `f` before using the result.
    """
    name = path.name
    if not path.is_file():
        f.error(name, None, None, Message.of("err.geo_file_missing"))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # the prefix makes GDAL read GeoJSON only, never guess another format
            frame = gpd.read_file(f"GeoJSON:{path}", engine="pyogrio")
    except Exception as exc:  # the GDAL reader raises many types for unreadable input
        f.error(name, None, None, Message.of("err.not_geojson", detail=_why_unreadable(path, exc)))
        return None
    if not isinstance(frame, gpd.GeoDataFrame) or frame.active_geometry_name is None:
        f.error(name, None, None, Message.of("err.no_geometries"))
        return None
    if not _crs_ok(name, frame.crs, f):
        return None
    columns = _columns(name, frame, level, f)
    if columns is None:
        return None
    if level == Level.KABUPATEN and len(frame) != 1:
        f.error(name, None, None, Message.of("err.one_outline", n=str(len(frame))))
        return None
    if len(frame) == 0:
        f.error(name, None, None, Message.of("err.no_features"))
        return None
    features: list[Feature] = []
    first_row: dict[str, int] = {}
    for i in range(len(frame)):
        feat = _feature(name, i + 1, frame, columns, level, f)
        if feat is None:
            continue
        if feat.code in first_row:
            f.error(
                name,
                feat.row,
                "code",
                Message.of("err.repeats_feature", code=feat.code, first=str(first_row[feat.code])),
            )
            continue
        first_row[feat.code] = feat.row
        features.append(feat)
    out = frame.iloc[[feat.row - 1 for feat in features]]
    out = out.rename(columns={orig: canon for canon, orig in columns.items()}).copy()
    out["code"] = [feat.code for feat in features]
    out["name"] = [feat.name for feat in features]
    out["parent_code"] = [feat.parent_code for feat in features]
    if level == Level.DESA:
        out["desa_type"] = [feat.desa_type for feat in features]
    out["area_km2"] = [feat.area_km2 for feat in features]
    geometry = gpd.GeoSeries([feat.geometry for feat in features], index=out.index)
    out = out.set_geometry(geometry).set_crs("EPSG:4326", allow_override=True)
    out = out.reset_index(drop=True)
    return BoundaryLayer(name, level, tuple(features), out)


def _why_unreadable(path: Path, exc: BaseException) -> str:
    """A short reason: the JSON syntax error with its line if there is one, else GDAL's."""
    try:
        json.loads(path.read_bytes())
    except UnicodeDecodeError:
        return "it is not UTF-8 text"
    except ValueError as bad:
        return f"not valid JSON ({bad})"
    except (OSError, RecursionError) as bad:
        return type(bad).__name__
    lines = str(exc).strip().splitlines()
    detail = lines[0].replace(str(path), path.name).split(";")[0] if lines else ""
    return detail or type(exc).__name__


def _crs_ok(name: str, crs: CRS | None, f: Findings) -> bool:
    if crs is None:
        return True
    try:
        wgs84 = crs.to_epsg() == 4326 or crs.equals(CRS.from_user_input("OGC:CRS84"))
    except Exception:  # pyproj may fail to identify an exotic CRS; treat it as not WGS84
        wgs84 = False
    if wgs84:
        return True
    f.error(
        name,
        None,
        "crs",
        Message.of("err.crs", crs=repr(crs.to_string())),
    )
    return False


def _columns(
    name: str, frame: gpd.GeoDataFrame, level: Level, f: Findings
) -> dict[str, str] | None:
    """Canonical property name → the file's spelling; None after reporting a problem."""
    before = f.error_count()
    lower: dict[str, str] = {}
    for col in frame.columns:
        if col == frame.geometry.name:
            continue
        key = str(col).strip().lower()
        if key in lower:
            f.error(name, None, str(col), Message.of("err.property_twice"))
        lower[key] = str(col)
        if is_personal_column(str(col)):
            f.error(
                name,
                None,
                str(col),
                Message.of("err.personal_property"),
            )
    required = ["code", "name"]
    if level != Level.KABUPATEN:
        required.append("parent_code")
    if level == Level.DESA:
        required.append("desa_type")
    for col in required:
        if col not in lower:
            f.error(name, None, col, Message.of("err.property_missing"))
    if f.error_count() != before:
        return None
    wanted = [*required, "parent_code"] if level == Level.KABUPATEN else required
    return {c: lower[c] for c in wanted if c in lower}


def _text(value: Any) -> str | None:
    """A property value as stripped text; '' for null; None when it is not text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value.strip()
    return None


def _feature(
    name: str, row: int, frame: gpd.GeoDataFrame, columns: dict[str, str], level: Level, f: Findings
) -> Feature | None:
    before = f.error_count()
    values: dict[str, str] = {}
    for canon, orig in columns.items():
        raw = frame[orig].iloc[row - 1]
        text = _text(raw)
        if text is None:
            f.error(name, row, canon, Message.of("err.must_be_text", value=shown(str(raw))))
            continue
        values[canon] = text
        if not text and (canon != "parent_code" or level != Level.KABUPATEN):
            f.error(name, row, canon, Message.of("err.empty"))
    code = values.get("code", "")
    if code and not is_code(code, level):
        f.error(
            name,
            row,
            "code",
            Message.of(
                "err.not_code", value=shown(code), level=level.value, example=CODE_EXAMPLES[level]
            ),
        )
    parent = values.get("parent_code", "")
    parent_ok = not parent or not is_code(code, level) or code.startswith(parent + ".")
    if level != Level.KABUPATEN and not parent_ok:
        f.error(name, row, "parent_code", Message.of("err.parent_prefix", parent=parent, code=code))
    desa_type = values.get("desa_type", "").lower() if level == Level.DESA else None
    if desa_type and desa_type not in DESA_TYPES:
        f.error(
            name,
            row,
            "desa_type",
            Message.of("err.not_one_of", value=shown(desa_type), choices=", ".join(DESA_TYPES)),
        )
    geom = _geometry(name, row, frame.geometry.iloc[row - 1], f)
    if geom is None or f.error_count() != before:
        return None
    return Feature(
        row=row,
        code=code,
        name=values["name"],
        parent_code=parent,
        desa_type=desa_type,
        geometry=geom,
        area_km2=geodesic_area_km2(geom),
    )


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygon parts of `geom` (make_valid may return a collection with lines or points)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", ()) if isinstance(g, Polygon | MultiPolygon)]
    polys: list[Polygon] = []
    for p in parts:
        polys.extend(p.geoms if isinstance(p, MultiPolygon) else [p])
    return MultiPolygon(polys)


def _geometry(name: str, row: int, geom: BaseGeometry | None, f: Findings) -> BaseGeometry | None:
    """The feature's polygon, repaired if need be, or None after reporting why not."""
    if geom is None or geom.is_empty:
        f.error(name, row, "geometry", Message.of("err.no_geometry"))
        return None
    if not isinstance(geom, Polygon | MultiPolygon):
        f.error(name, row, "geometry", Message.of("err.not_polygon", kind=geom.geom_type))
        return None
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        f.error(name, row, "geometry", Message.of("err.coords_not_finite"))
        return None
    if not (in_indonesia(minx, miny) and in_indonesia(maxx, maxy)):
        if in_indonesia(miny, minx) and in_indonesia(maxy, maxx):
            hint = Message.of("err.geo_swapped")
        elif max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
            hint = Message.of("err.geo_not_degrees")
        else:
            hint = Message.of("err.geo_outside_indonesia", box=str(INDONESIA_BBOX))
        f.error(name, row, "geometry", hint)
        return None
    if geom.is_valid:
        return geom
    reason = shapely.is_valid_reason(geom)
    repaired = _polygonal(shapely.make_valid(geom))
    old, new = geom.area, repaired.area
    change = abs(new - old) / old if old > 0 else math.inf
    if repaired.is_empty or change >= REPAIR_MAX_AREA_CHANGE:
        by = Message.of("err.more_than_all") if math.isinf(change) else Percent(change)
        f.error(name, row, "geometry", Message.of("err.invalid_polygon", reason=reason, by=by))
        return None
    f.warn(
        name,
        row,
        "geometry",
        Message.of("warn.geometry_repaired", reason=reason, change=Percent(change, 2)),
    )
    return repaired
