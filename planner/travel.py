"""Travel times between venues and bases.

There is no road network for PPU in the project's data, so driving time is estimated from the
great-circle distance: minutes = km × detour_factor / speed_kmh × 60 + overhead. The detour
factor (default 1.35) stands in for winding roads; the overhead for parking and walking in.
All figures are in kilometres and minutes.

Memory stays bounded: up to `DENSE_MAX` points the matrices are stored (fast lookups);
beyond that they are `Pairwise` tables that compute each entry on access from the
coordinates, so nothing grows with the square of the number of venues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from planner.scenario import TravelConfig

EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat1: NDArray[np.float64],
    lon1: NDArray[np.float64],
    lat2: NDArray[np.float64],
    lon2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Great-circle distance in km (broadcasting)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    out: NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


#: Largest number of points whose travel matrices are stored densely (2 × 8 × n² bytes).
DENSE_MAX = 3000


class Pairwise:
    """km or minutes between points, computed when read: `table[i, j]` with ints, arrays or
    `np.ix_` index pairs, exactly as a dense (n, n) array would answer (zero diagonal)."""

    def __init__(
        self, lat: NDArray[np.float64], lon: NDArray[np.float64], cfg: TravelConfig, unit: str
    ) -> None:
        self._lat, self._lon, self._cfg, self._unit = lat, lon, cfg, unit
        self.shape = (lat.size, lat.size)

    def __getitem__(self, key: tuple[Any, ...]) -> Any:
        a, b = (np.asarray(k) for k in key)
        km = haversine_km(self._lat[a], self._lon[a], self._lat[b], self._lon[b])
        out = km * self._cfg.detour_factor
        if self._unit == "minutes":
            out = out / self._cfg.speed_kmh * 60.0 + self._cfg.overhead_min
        out = np.where(a == b, 0.0, out)
        return float(out) if out.ndim == 0 else out


Table = NDArray[np.float64] | Pairwise


@dataclass(frozen=True)
class TravelMatrix:
    """Road-km and driving minutes between every pair of `ids` (square, zero diagonal).

    `km` and `minutes` are dense arrays for up to DENSE_MAX points, `Pairwise` tables above.
    """

    ids: tuple[str, ...]
    km: Table
    minutes: Table

    @cached_property
    def _pos(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self.ids)}

    def index(self, venue_id: str) -> int:
        return self._pos[venue_id]

    def between(self, a: str, b: str) -> float:
        """Driving minutes from a to b."""
        return float(self.minutes[self.index(a), self.index(b)])


def travel_matrix(
    ids: Sequence[str], lats: Sequence[float], lons: Sequence[float], cfg: TravelConfig
) -> TravelMatrix:
    """Estimated driving distances (km, with detour) and times (minutes) for the given points."""
    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    if lat.size > DENSE_MAX:
        return TravelMatrix(
            ids=tuple(ids),
            km=Pairwise(lat, lon, cfg, "km"),
            minutes=Pairwise(lat, lon, cfg, "minutes"),
        )
    crow = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    road_km = crow * cfg.detour_factor
    minutes = road_km / cfg.speed_kmh * 60.0 + cfg.overhead_min
    np.fill_diagonal(minutes, 0.0)
    np.fill_diagonal(road_km, 0.0)
    return TravelMatrix(ids=tuple(ids), km=road_km, minutes=minutes)
