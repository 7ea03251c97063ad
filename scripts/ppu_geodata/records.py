"""The records the build passes between its steps (areas, facts, rows of each output file)."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Area:
    """One feature of a boundary file: code, name, parent, desa type and polygon (EPSG:4326)."""

    code: str
    name: str
    parent_code: str
    desa_type: str | None
    area_km2: float
    shape: BaseGeometry


@dataclass(frozen=True)
class PopulationFacts:
    """The real counts (people) the estimates start from: WKTP and population, semester I 2025
    (Metrotvnews; Babulu's population from Radar Nusantara), and Babulu Darat's ~11,000
    residents (Cahaya Borneo, 4 Jan 2025)."""

    kab_wktp: int
    kec_wktp: dict[str, int]
    kab_population: int
    babulu_population: int
    babulu_darat_residents: int


@dataclass(frozen=True)
class PopRow:
    """One row of population.csv."""

    code: str
    level: str
    wktp: int
    wktp_estimated: bool
    ikd_active: int
    ikd_active_estimated: bool
    source: str


@dataclass(frozen=True)
class School:
    """One school of schools_ppu.csv placed in a desa; `snapped_m` is set when its point lies
    outside every desa and it was given the nearest one (distance in metres)."""

    npsn: str
    name: str
    jenjang: str
    status: str
    lat_text: str
    lon_text: str
    check_coords: bool
    kecamatan_code: str
    desa_code: str
    snapped_m: float | None
    desa_hint: str

    @property
    def point(self) -> Point:
        return Point(float(self.lon_text), float(self.lat_text))


@dataclass(frozen=True)
class SchoolRow:
    """One row of schools.csv: a school with its estimated grade-XII and staff counts."""

    school: School
    students_grade12: int
    students_estimated: bool
    staff: int
    source: str


@dataclass(frozen=True)
class VenueRow:
    """One row of venues.csv."""

    venue_id: str
    venue_type: str
    name: str
    kecamatan_code: str
    desa_code: str
    lat: float
    lon: float
    open_days: str
    open_time: str
    close_time: str
    staff: int
    staff_estimated: bool
    source: str


@dataclass(frozen=True)
class BuildResult:
    """What the build made, for the generated SOURCES.md and the build summary."""

    facts: PopulationFacts
    kecamatan: list[Area]
    desa: list[Area]
    population: list[PopRow]
    schools: list[SchoolRow]
    venues: list[VenueRow]
    kantor_desa_methods: dict[str, int]

    def n_schools(self, desa_code: str) -> int:
        return sum(r.school.desa_code == desa_code for r in self.schools)

    def desa_named(self, name: str) -> Area:
        return next(d for d in self.desa if d.name == name)
