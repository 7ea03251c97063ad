"""Unactivated residents per area as map-ready features: classes, colours, light geometry.

The maps colour each desa and kecamatan by residents required to hold a KTP who have no
activated IKD (`Area.unactivated`, people). Most per-desa figures are estimates, so every
feature carries its `estimated` flag for tooltips and legends. Geometries are simplified to
~20 m and rounded to ~1 m, which keeps the pages small without visible change at map scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from planner.domain import Area

#: Light-to-dark yellow–brown; light enough that team routes stay readable on top.
PALETTE: tuple[str, ...] = ("#fff7bc", "#fee391", "#fec44f", "#fe9929", "#d95f0e")
NO_DATA_COLOUR = "#dddddd"
SIMPLIFY_DEG = 0.0002
PRECISION_DEG = 0.00001


@dataclass(frozen=True)
class AreaShape:
    """One area ready to draw: code, name, counts (people) and a light geometry."""

    code: str
    name: str
    geometry: BaseGeometry
    area: Area | None

    @property
    def unactivated(self) -> int | None:
        return self.area.unactivated if self.area else None

    @property
    def estimated(self) -> bool:
        return bool(self.area and (self.area.wktp_estimated or self.area.ikd_active_estimated))


@dataclass(frozen=True)
class Classes:
    """Class breaks (people) for the choropleth: class i holds values ≤ `upper[i]`."""

    upper: tuple[int, ...]

    def colour(self, value: int | None) -> str:
        if value is None:
            return NO_DATA_COLOUR
        for i, up in enumerate(self.upper):
            if value <= up:
                return PALETTE[i]
        return PALETTE[len(self.upper) - 1]

    def ranges(self) -> list[tuple[int, int, str]]:
        """(low, high, colour) per class, for the legend."""
        out = []
        low = 0
        for i, up in enumerate(self.upper):
            out.append((low, up, PALETTE[i]))
            low = up + 1
        return out


def light_geometry(geom: BaseGeometry) -> BaseGeometry:
    """`geom` simplified (topology kept) and rounded, for web maps and static plots."""
    simple = geom.simplify(SIMPLIFY_DEG, preserve_topology=True)
    return shapely.set_precision(simple, PRECISION_DEG)


def area_shapes(gdf: Any, areas: dict[str, Area]) -> list[AreaShape]:
    """Areas of a boundary GeoDataFrame (columns `code`, `name`, `geometry`) with counts."""
    out = []
    for code, name, geom in zip(gdf["code"], gdf["name"], gdf.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        out.append(AreaShape(str(code), str(name), light_geometry(geom), areas.get(str(code))))
    return out


def classes_for(values: Sequence[int]) -> Classes:
    """Up to five quantile classes with round, strictly increasing upper bounds."""
    if not values:
        return Classes((0,))
    qs = np.quantile(np.asarray(values, dtype=float), [0.2, 0.4, 0.6, 0.8, 1.0])
    upper: list[int] = []
    for q in qs:
        step = 10 ** max(int(np.log10(q)) - 1, 0) if q >= 10 else 1
        up = int(np.ceil(q / step) * step)
        if not upper or up > upper[-1]:
            upper.append(up)
    upper[-1] = max(upper[-1], max(values))
    return Classes(tuple(upper))


def feature_collection(
    shapes: Sequence[AreaShape], props: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with `id` = area code and the given properties."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": s.code, "properties": p, "geometry": mapping(s.geometry)}
            for s, p in zip(shapes, props, strict=True)
        ],
    }
