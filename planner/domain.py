"""Typed records that cross stage boundaries: areas, venues and the loaded data bundle.

Every stage after loading works on these frozen objects, never on files or raw tables, so the
solver and the renderers cannot depend on how a kabupaten's office laid out its folder.
Counts are people; coordinates are WGS84 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum
from typing import TYPE_CHECKING

from planner import venue_kinds
from planner.i18n import Message
from planner.venue_kinds import VenueKind

if TYPE_CHECKING:
    import geopandas as gpd


class Level(StrEnum):
    """Administrative level of an area (Kemendagri scheme)."""

    KABUPATEN = "kabupaten"
    KECAMATAN = "kecamatan"
    DESA = "desa"


@dataclass(frozen=True)
class Area:
    """A kabupaten, kecamatan or desa with its WKTP and IKD counts.

    `wktp` is penduduk wajib KTP (residents 17+ or married), `ikd_active` the residents with an
    activated IKD. The `*_estimated` flags are True where no source gives the figure and it was
    derived by the documented method (geodata/<kab>/SOURCES.md); a real figure from the office
    (population_actual.csv) clears the flag.
    """

    code: str
    name: str
    level: Level
    parent_code: str
    wktp: int
    wktp_estimated: bool
    ikd_active: int
    ikd_active_estimated: bool
    desa_type: str | None = None
    area_km2: float | None = None

    @property
    def unactivated(self) -> int:
        return max(self.wktp - self.ikd_active, 0)

    @property
    def ikd_rate(self) -> float:
        return self.ikd_active / self.wktp if self.wktp else 0.0


@dataclass(frozen=True)
class Venue:
    """A place a team can visit: a school, a desa/kecamatan office, the Dukcapil office, an event.

    Schools carry their estimated grade-XII and staff counts; offices carry staff. The opening
    window is local time; `open_days` uses Monday=0 … Sunday=6. `venue_type` is the id of a
    registered kind (`planner.venue_kinds`), which carries every rule that depends on it.
    """

    venue_id: str
    venue_type: str
    name: str
    kecamatan_code: str
    desa_code: str
    lat: float
    lon: float
    coord_estimated: bool
    open_days: tuple[int, ...]
    open_time: time
    close_time: time
    students_grade12: int = 0
    students_estimated: bool = False
    staff: int = 0
    staff_estimated: bool = False
    check_coords: bool = False
    source: str = ""

    @property
    def kind(self) -> VenueKind:
        """The venue's kind with its rules (raises for an unregistered id)."""
        return venue_kinds.kind(self.venue_type)


@dataclass(frozen=True)
class AreaMeta:
    """Kabupaten-level facts that are not per-area counts (from area.toml).

    `kind` is `kabupaten` or `kota` (titles say "Kota Samarinda", not "Kabupaten Samarinda");
    `population` is the total number of residents (people, all ages) when the folder gives it:
    the projection to the target takes the yearly cohort of new 17-year-olds from it.
    """

    code: str
    name: str
    ikd_as_of: str
    wktp_as_of: str
    target_rate: float
    national_target_rate: float
    default_base_venue: str
    kind: str = "kabupaten"
    population: int | None = None

    @property
    def title(self) -> str:
        """`Kabupaten Penajam Paser Utara`, `Kota Samarinda`."""
        return f"{self.kind.capitalize()} {self.name}"


@dataclass(frozen=True)
class KabupatenData:
    """Everything the planner knows about one kabupaten, validated.

    `kabupaten`, `kecamatan` and `desa` are GeoDataFrames in EPSG:4326 with at least `code`,
    `name` and `geometry`; `areas` holds the counts keyed by code. `warnings` are the
    non-fatal findings of validation (repaired geometries, points slightly outside, …).
    """

    meta: AreaMeta
    kabupaten: gpd.GeoDataFrame
    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame
    areas: dict[str, Area]
    venues: tuple[Venue, ...]
    source_dir: str
    warnings: tuple[Message, ...] = field(default=())

    def venue(self, venue_id: str) -> Venue:
        for v in self.venues:
            if v.venue_id == venue_id:
                return v
        raise KeyError(venue_id)

    def areas_at(self, level: Level) -> list[Area]:
        return [a for a in self.areas.values() if a.level == level]
