"""Checks across the files of a data folder: the area hierarchy, population coverage and sums,
and where venue points lie.

Single-file checks (syntax, types, code patterns, geometry) live next to the readers; this
module holds the checks that need two files at once. A check against a file that had errors
of its own is skipped (the caller passes None), so one mistake is reported once rather than
again for every row that refers to it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from planner.domain import Area, Level
from planner.i18n import Decimals, Message
from planner.io._boundaries import BoundaryLayer, Feature, in_indonesia
from planner.io._population import POPULATION_CSV, Counts
from planner.io.errors import Findings
from planner.settings import (
    INDONESIA_BBOX,
    OUTSIDE_KABUPATEN_ERROR_KM,
    OUTSIDE_KABUPATEN_WARN_KM,
)

#: Sums of parts may differ from their whole by this share (0.5 %) before `data check` warns:
#: estimates rounded to whole people rarely add up to the exact total.
SUM_TOLERANCE = 0.005

EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine distance in km between two lon/lat points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_outside(geom: BaseGeometry, lon: float, lat: float) -> float:
    """How far (km) the point lies outside `geom`; 0 inside or on the edge.

    The nearest point is found in degrees, which near the equator is the nearest in km too.
    """
    point = Point(lon, lat)
    if geom.covers(point):
        return 0.0
    nearest = nearest_points(geom, point)[0]
    return great_circle_km(lon, lat, nearest.x, nearest.y)


def check_hierarchy(
    kabupaten_code: str | None,
    kabupaten: BoundaryLayer | None,
    kecamatan: BoundaryLayer | None,
    desa: BoundaryLayer | None,
    f: Findings,
) -> None:
    """The outline carries area.toml's code; every kecamatan belongs to it; every desa belongs
    to a kecamatan of kecamatan.geojson. Layers given as None are not checked."""
    if kabupaten_code is not None and kabupaten is not None:
        for feat in kabupaten.features:
            if feat.code != kabupaten_code:
                f.error(
                    kabupaten.file,
                    feat.row,
                    "code",
                    Message.of("err.not_area_code", code=feat.code, kabupaten=kabupaten_code),
                )
    if kabupaten_code is not None and kecamatan is not None:
        for feat in kecamatan.features:
            if feat.parent_code != kabupaten_code:
                f.error(
                    kecamatan.file,
                    feat.row,
                    "parent_code",
                    Message.of(
                        "err.kecamatan_unknown_parent",
                        code=feat.code,
                        name=feat.name,
                        parent=feat.parent_code,
                        kabupaten=kabupaten_code,
                    ),
                )
    if kecamatan is not None and desa is not None:
        known = kecamatan.by_code()
        for feat in desa.features:
            if feat.parent_code not in known:
                f.error(
                    desa.file,
                    feat.row,
                    "parent_code",
                    Message.of(
                        "err.desa_unknown_parent",
                        code=feat.code,
                        name=feat.name,
                        parent=feat.parent_code,
                        file=kecamatan.file,
                    ),
                )


def check_population_codes(
    counts: Mapping[str, Counts],
    listed: Collection[str],
    layers: Mapping[Level, BoundaryLayer | None],
    kabupaten_code: str | None,
    f: Findings,
) -> None:
    """population.csv names only areas of the boundary files, and every kecamatan and desa of
    the boundary files has a row. `listed` holds every code written in population.csv, even on
    rows with errors, so that a bad row is not reported again as a missing one."""
    for c in counts.values():
        if c.level == Level.KABUPATEN:
            if kabupaten_code is not None and c.code != kabupaten_code:
                f.error(
                    POPULATION_CSV,
                    c.row,
                    "code",
                    Message.of("err.not_this_kabupaten", code=c.code, kabupaten=kabupaten_code),
                )
            continue
        layer = layers.get(c.level)
        if layer is not None and c.code not in layer.by_code():
            f.error(
                POPULATION_CSV,
                c.row,
                "code",
                Message.of("err.area_not_in", level=c.level.value, code=c.code, file=layer.file),
            )
    for level in (Level.KECAMATAN, Level.DESA):
        layer = layers.get(level)
        if layer is None:
            continue
        for feat in layer.features:
            if feat.code not in listed:
                f.error(
                    POPULATION_CSV,
                    None,
                    "code",
                    Message.of(
                        "err.area_no_row",
                        level=level.value,
                        code=feat.code,
                        name=feat.name,
                        file=layer.file,
                    ),
                )


def check_sums(areas: Mapping[str, Area], f: Findings) -> None:
    """Warn where desa do not add up to their kecamatan, or kecamatan to the kabupaten, by
    more than `SUM_TOLERANCE`."""
    parts: dict[str, list[Area]] = {}
    for a in areas.values():
        if a.level != Level.KABUPATEN:
            parts.setdefault(a.parent_code, []).append(a)
    for parent_code, kids in parts.items():
        whole = areas.get(parent_code)
        if whole is None:
            continue
        kind = "desa" if whole.level == Level.KECAMATAN else "kecamatan"
        for metric in ("wktp", "ikd_active"):
            total = getattr(whole, metric)
            added = sum(getattr(k, metric) for k in kids)
            if abs(added - total) > SUM_TOLERANCE * max(total, 1):
                f.warn(
                    POPULATION_CSV,
                    None,
                    metric,
                    Message.of(
                        "warn.sums",
                        kind=kind,
                        level=whole.level.value,
                        code=whole.code,
                        name=whole.name,
                        added=added,
                        total=total,
                    ),
                )


@dataclass(frozen=True)
class Places:
    """The areas a venue row may name, and the outline its point should lie in.

    A member is None when its file had errors, and the checks needing it are skipped.
    """

    kecamatan: Mapping[str, Feature] | None
    desa: Mapping[str, Feature] | None
    outline: BaseGeometry | None

    def check_codes(
        self, f: Findings, file: str, row: int, kecamatan_code: str, desa_code: str
    ) -> bool:
        """The venue's kecamatan and desa exist and the desa lies in that kecamatan."""
        ok = True
        if self.kecamatan is not None and kecamatan_code not in self.kecamatan:
            f.error(
                file,
                row,
                "kecamatan_code",
                Message.of("err.code_not_in", code=kecamatan_code, file="kecamatan.geojson"),
            )
            ok = False
        if self.desa is not None:
            desa = self.desa.get(desa_code)
            if desa is None:
                f.error(
                    file,
                    row,
                    "desa_code",
                    Message.of("err.code_not_in", code=desa_code, file="desa.geojson"),
                )
                ok = False
            elif ok and desa.parent_code != kecamatan_code:
                f.error(
                    file,
                    row,
                    "desa_code",
                    Message.of(
                        "err.desa_other_kecamatan",
                        code=desa_code,
                        name=desa.name,
                        parent=desa.parent_code,
                        given=kecamatan_code,
                    ),
                )
                ok = False
        return ok

    def check_point(
        self, f: Findings, file: str, row: int, lat: float, lon: float, kecamatan_code: str
    ) -> bool:
        """The point is in Indonesia (else an error, naming swapped lat/lon when that is the
        likely cause); far outside the kabupaten outline (OUTSIDE_KABUPATEN_ERROR_KM) is an
        error, just outside it or outside its kecamatan only warns."""
        if not in_indonesia(lon, lat):
            if in_indonesia(lat, lon):
                f.error(
                    file,
                    row,
                    "lat",
                    Message.of("err.point_swapped", lat=str(lat), lon=str(lon)),
                )
            else:
                f.error(
                    file,
                    row,
                    "lat",
                    Message.of(
                        "err.point_outside_indonesia",
                        lat=str(lat),
                        lon=str(lon),
                        box=str(INDONESIA_BBOX),
                    ),
                )
            return False
        if self.outline is None:
            return True
        outside = km_outside(self.outline, lon, lat)
        if outside > 0:
            if km_outside(self.outline, lat, lon) == 0 and in_indonesia(lat, lon):
                f.error(
                    file,
                    row,
                    "lat",
                    Message.of("err.point_swapped_kabupaten"),
                )
                return False
            if outside > OUTSIDE_KABUPATEN_ERROR_KM:
                f.error(
                    file,
                    row,
                    "lat",
                    Message.of(
                        "err.point_far_outside_kabupaten",
                        lat=str(lat),
                        lon=str(lon),
                        km=Decimals(outside, 0),
                        limit=Decimals(OUTSIDE_KABUPATEN_ERROR_KM, 0),
                    ),
                )
                return False
            slightly = "_slightly" if outside <= OUTSIDE_KABUPATEN_WARN_KM else ""
            f.warn(
                file,
                row,
                "lat",
                Message.of(
                    f"warn.outside_kabupaten{slightly}",
                    lat=str(lat),
                    lon=str(lon),
                    km=Decimals(outside, 2),
                ),
            )
            return True
        kec = self.kecamatan.get(kecamatan_code) if self.kecamatan is not None else None
        if kec is not None:
            off = km_outside(kec.geometry, lon, lat)
            if off > OUTSIDE_KABUPATEN_WARN_KM:
                f.warn(
                    file,
                    row,
                    "kecamatan_code",
                    Message.of(
                        "warn.outside_kecamatan", km=Decimals(off, 1), code=kec.code, name=kec.name
                    ),
                )
        return True
