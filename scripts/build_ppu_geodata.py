"""Build the embedded data folder `geodata/ppu/` (Kabupaten Penajam Paser Utara) from the sources.

Reads the read-only source folder (default `../shared/geodata-src` next to the repository) and
writes every file of the format in `geodata/README.md`, plus `SOURCES.md`, `LICENSES.md` and the
alternative BPS 2020 desa polygons under `alt/`. Real figures are copied; every figure no source
gives is estimated by a simple rule that is described, with worked examples, in the generated
`SOURCES.md`, and flagged `*_estimated` in the data. The build is deterministic: exact fractions,
largest-remainder rounding with ties broken by code order, fixed row order and formatting, so a
re-run reproduces the folder byte for byte (the tests check this).

Usage: .venv/bin/python scripts/build_ppu_geodata.py [--src DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = REPO_ROOT.parent / "shared" / "geodata-src"
DEFAULT_OUT = REPO_ROOT / "geodata" / "ppu"

KAB_CODE = "64.09"
KAB_NAME = "Penajam Paser Utara"

# --- figures and their sources ----------------------------------------------------------------

METRO = "Dukcapil PPU 2025-S1 (Metrotvnews 15 Oct 2025)"
METRO_TITLE = "1.179 ASN Luar Daerah Bertugas di IKN, Status Kependudukan Segera Berubah"
METRO_URL = (
    "https://www.metrotvnews.com/read/b7WCgQyY-1-179-asn-luar-daerah-bertugas-di-ikn-"
    "status-kependudukan-segera-berubah"
)
IKNPOS = "Dukcapil PPU Jan 2025 (IKNPOS Jan 2025)"
IKNPOS_URL = (
    "https://iknpos.id/2025/01/tertinggi-se-kaltim-capaian-ikd-di-kabupaten-penyangga-ikn-"
    "tembus-145-persen/?amp=1"
)
#: Residents with an active IKD, PPU, about January 2025 (IKNPOS, see ikd_facts.md).
IKD_ACTIVE_JAN_2025 = 20_126
#: The share IKNPOS printed with that figure (its denominator is not stated).
IKD_REPORTED_SHARE = Fraction(145, 1000)

#: The BPS 2020 desa polygons in mohdlabib/leafletMAP.
LEAFLET_PATH = (
    "indonesia-district/id64_kalimantan_timur/id6409_penajam_paser_utara/"
    "id6409_penajam_paser_utara.geojson"
)
#: Single-year-of-age share of Indonesia's population near age 17: BPS Long Form SP2020,
#: 22,163,528 people aged 15–19 / 5 ages / 270.20 million (SP2020) = 1.64 %; 1.6 % used.
ONE_AGE_YEAR_SHARE = Fraction(16, 1000)
AGE_15_19_LF2020 = 22_163_528
POPULATION_SP2020 = 270_200_000
#: BPS school participation rate (APS) age 16–18, Kalimantan Timur 2021: 82.01 %.
APS_16_18_KALTIM = Fraction(8201, 10000)
#: Assumed share of upper-secondary students in madrasah aliyah (not in the school list).
MADRASAH_SHARE = Fraction(1, 10)

#: Weights for splitting grade-XII students among SMA/SMK/SLB (assumption).
GRADE12_WEIGHT_NEGERI = Fraction(3, 2)
GRADE12_WEIGHT_SWASTA = Fraction(1)
GRADE12_WEIGHT_SLB = Fraction(1, 20)
#: Teachers and staff per school by jenjang (Negeri); Swasta schools get 0.6 of it (assumption).
STAFF_BY_JENJANG = {"SMA": 35, "SMK": 40, "SLB": 15, "SMP": 25}
STAFF_SWASTA_FACTOR = Fraction(3, 5)

#: Desa weight for splitting kecamatan WKTP: (1 + schools in the desa) x this factor.
KELURAHAN_FACTOR = Fraction(3, 2)

#: How far outside every desa a school may lie and still be snapped to the nearest one (m).
SNAP_MAX_M = 500.0

#: Staff of an office venue (assumption; no staff counts were found).
OFFICE_STAFF = {"disdukcapil_office": 40, "kantor_camat": 25, "kantor_desa": 8}

#: Kecamatan seats: kecamatan code -> (desa name, where the seat comes from).
KECAMATAN_SEATS: dict[str, tuple[str, str]] = {
    "64.09.01": ("Nipah-Nipah", "seat per Wikipedia 'Penajam' (venues_ppu V04)"),
    "64.09.02": ("Waru", "seat assumed: its only kelurahan, same name"),
    "64.09.03": ("Babulu Darat", "seat assumed: same name, largest desa"),
    "64.09.04": ("Tengin Baru", "seat per Wikipedia 'Sepaku' (venues_ppu V05)"),
}

GEOD = Geod(ellps="WGS84")


# --- records ----------------------------------------------------------------------------------


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


# --- arithmetic -------------------------------------------------------------------------------


def round_half_up(x: Fraction) -> int:
    """Nearest whole number, halves rounded up (x ≥ 0)."""
    return int((x + Fraction(1, 2)) // 1)


def largest_remainder(weights: Sequence[Fraction], total: int) -> list[int]:
    """Whole numbers proportional to `weights` that add up to `total` exactly.

    Each part gets the floor of its quota; the parts left over go to the largest remainders,
    ties to the earlier item (callers pass items in code order, so the result is fixed).
    """
    scale = sum(weights, Fraction(0))
    if scale <= 0:
        raise ValueError("weights must add up to more than 0")
    quotas = [w * total / scale for w in weights]
    floors = [int(q // 1) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return floors


def geodesic_m(a: Point, b: Point) -> float:
    """Distance in metres between two lon/lat points on the WGS84 ellipsoid."""
    _, _, dist = GEOD.inv(a.x, a.y, b.x, b.y)
    return float(dist)


def metres_outside(geom: BaseGeometry, p: Point) -> float:
    """How far (m) `p` lies outside `geom`; 0 inside or on the edge."""
    if geom.covers(p):
        return 0.0
    return geodesic_m(p, nearest_points(geom, p)[0])


# --- reading the sources ----------------------------------------------------------------------


def read_layer(path: Path, level: str) -> list[Area]:
    """The features of a source boundary file, in code order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for feat in data["features"]:
        props = feat["properties"]
        out.append(
            Area(
                code=props["code"],
                name=props["name"],
                parent_code=props["parent_code"],
                desa_type=props["desa_type"] if level == "desa" else None,
                area_km2=float(props["area_km2"]),
                shape=shape(feat["geometry"]),
            )
        )
    return sorted(out, key=lambda a: a.code)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_population(path: Path) -> PopulationFacts:
    """The real figures this build uses, picked from population_ppu.csv by source."""
    rows = read_csv(path)

    def pick(level: str, code: str, metric: str, title_start: str, period_start: str) -> int:
        hits = [
            int(r["value"])
            for r in rows
            if r["level"] == level
            and r["kode_kemendagri"] == code
            and r["metric"] == metric
            and r["source_title"].startswith(title_start)
            and r["reference_period"].startswith(period_start)
        ]
        if len(hits) != 1:
            raise ValueError(f"expected one {metric} row for {code} ({title_start}), got {hits}")
        return hits[0]

    kec_codes = sorted({r["kode_kemendagri"] for r in rows if r["level"] == "kecamatan"})
    kec_wktp = {
        code: pick("kecamatan", code, "wajib_ktp", "Metrotvnews", "Semester I 2025")
        for code in kec_codes
    }
    kab_wktp = pick("kabupaten", KAB_CODE, "wajib_ktp", "Metrotvnews", "Semester I 2025")
    if sum(kec_wktp.values()) != kab_wktp:
        raise ValueError(f"kecamatan WKTP add up to {sum(kec_wktp.values())}, not {kab_wktp}")
    return PopulationFacts(
        kab_wktp=kab_wktp,
        kec_wktp=kec_wktp,
        kab_population=pick(
            "kabupaten", KAB_CODE, "total_population", "Metrotvnews", "Semester I 2025"
        ),
        babulu_population=pick(
            "kecamatan", "64.09.03", "total_population", "Radar Nusantara", "Semester I 2025"
        ),
        babulu_darat_residents=pick(
            "desa", "64.09.03.2001", "total_population_approx", "Cahaya Borneo", "statement"
        ),
    )


def place_schools(path: Path, desa: Sequence[Area]) -> list[School]:
    """The SMA/SMK/SLB/SMP of schools_ppu.csv, each in the desa polygon its point lies in.

    A point outside every desa is given the nearest desa when it lies within `SNAP_MAX_M`;
    further out the build stops. The desa found must lie in the kecamatan Dapodik gives.
    """
    out = []
    for r in read_csv(path):
        p = Point(float(r["lon"]), float(r["lat"]))
        inside = [d for d in desa if d.shape.covers(p)]
        snapped: float | None = None
        if inside:
            home = inside[0]
        else:
            home = min(desa, key=lambda d: (metres_outside(d.shape, p), d.code))
            snapped = metres_outside(home.shape, p)
            if snapped > SNAP_MAX_M:
                raise ValueError(f"school {r['npsn']} lies {snapped:.0f} m outside every desa")
        if home.parent_code != r["kode_kecamatan_kemendagri"]:
            raise ValueError(
                f"school {r['npsn']} lies in {home.code}, not in Dapodik's kecamatan "
                f"{r['kode_kecamatan_kemendagri']}"
            )
        out.append(
            School(
                npsn=r["npsn"],
                name=r["nama"],
                jenjang=r["jenjang"],
                status=r["status"],
                lat_text=r["lat"],
                lon_text=r["lon"],
                check_coords="check_coords" in r["quality_flags"].split(";"),
                kecamatan_code=home.parent_code,
                desa_code=home.code,
                snapped_m=snapped,
                desa_hint=r["desa_hint_from_address"],
            )
        )
        hint = r["desa_hint_from_address"]
        if hint and _letters(hint) != _letters(home.name):
            raise ValueError(f"school {r['npsn']} names desa {hint!r} but lies in {home.name}")
    return out


def _letters(name: str) -> str:
    """A name reduced to its lower-case letters, for matching spellings ("Bulu Minung")."""
    return "".join(c for c in name.lower() if c.isalpha())


def read_reference_points(path: Path) -> dict[str, Point]:
    """Venue reference points of venues_ppu.csv that have coordinates, by venue_id."""
    return {
        r["venue_id"]: Point(float(r["lon"]), float(r["lat"]))
        for r in read_csv(path)
        if r["lat"] and r["lon"]
    }


def read_desa_points(path: Path) -> dict[str, Point]:
    """The source's polygon centroid of every desa, by code."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["code"]: Point(f["geometry"]["coordinates"]) for f in data["features"]}


# --- estimates --------------------------------------------------------------------------------


def desa_weight(d: Area, n_schools: int) -> Fraction:
    """Where people live, relative within a kecamatan: (1 + schools) x 1.5 for a kelurahan."""
    factor = KELURAHAN_FACTOR if d.desa_type == "kelurahan" else Fraction(1)
    return (1 + n_schools) * factor


def babulu_darat_anchor(facts: PopulationFacts) -> int:
    """WKTP of Babulu Darat: the village head's ~11,000 residents x Babulu's WKTP share."""
    share = Fraction(facts.kec_wktp["64.09.03"], facts.babulu_population)
    return round_half_up(facts.babulu_darat_residents * share)


def population_rows(
    facts: PopulationFacts,
    kecamatan: Sequence[Area],
    desa: Sequence[Area],
    schools: Sequence[School],
) -> list[PopRow]:
    """Kabupaten (real), kecamatan (real WKTP, estimated IKD) and desa (estimated) rows."""
    n_schools = {d.code: sum(s.desa_code == d.code for s in schools) for d in desa}
    anchors = {"64.09.03.2001": babulu_darat_anchor(facts)}
    kec_codes = [k.code for k in kecamatan]
    kec_ikd = dict(
        zip(
            kec_codes,
            largest_remainder(
                [Fraction(facts.kec_wktp[c]) for c in kec_codes], IKD_ACTIVE_JAN_2025
            ),
            strict=True,
        )
    )
    rows = [
        PopRow(
            KAB_CODE,
            "kabupaten",
            facts.kab_wktp,
            False,
            IKD_ACTIVE_JAN_2025,
            False,
            f"{METRO}; IKD: {IKNPOS}",
        )
    ]
    rows += [
        PopRow(
            c,
            "kecamatan",
            facts.kec_wktp[c],
            False,
            kec_ikd[c],
            True,
            f"{METRO}; IKD estimate: kabupaten IKD pro rata to WKTP",
        )
        for c in kec_codes
    ]
    for c in kec_codes:
        members = [d for d in desa if d.parent_code == c]
        free = [d for d in members if d.code not in anchors]
        left = facts.kec_wktp[c] - sum(anchors.get(d.code, 0) for d in members)
        split = largest_remainder([desa_weight(d, n_schools[d.code]) for d in free], left)
        wktp = {d.code: anchors[d.code] for d in members if d.code in anchors}
        wktp.update(zip((d.code for d in free), split, strict=True))
        ikd = largest_remainder([Fraction(wktp[d.code]) for d in members], kec_ikd[c])
        for d, ikd_d in zip(members, ikd, strict=True):
            if d.code in anchors:
                method = (
                    "estimate: village head's ~11,000 residents (Cahaya Borneo 4 Jan 2025) "
                    "x Babulu WKTP/population"
                )
            else:
                method = "estimate: kecamatan WKTP split by school-and-kelurahan weight"
            rows.append(
                PopRow(
                    d.code,
                    "desa",
                    wktp[d.code],
                    True,
                    ikd_d,
                    True,
                    f"{method}; IKD pro rata to WKTP",
                )
            )
    return rows


def grade12_total(facts: PopulationFacts) -> int:
    """Grade-XII students in PPU's SMA/SMK/SLB: one age-year cohort x APS 16–18 x (1 − MA)."""
    cohort = facts.kab_population * ONE_AGE_YEAR_SHARE
    return round_half_up(cohort * APS_16_18_KALTIM * (1 - MADRASAH_SHARE))


def grade12_weight(s: School) -> Fraction:
    if s.jenjang == "SLB":
        return GRADE12_WEIGHT_SLB
    return GRADE12_WEIGHT_NEGERI if s.status == "Negeri" else GRADE12_WEIGHT_SWASTA


def school_staff(s: School) -> int:
    base = STAFF_BY_JENJANG[s.jenjang]
    return base if s.status == "Negeri" else round_half_up(base * STAFF_SWASTA_FACTOR)


def school_rows(facts: PopulationFacts, schools: Sequence[School]) -> list[SchoolRow]:
    """Schools with grade-XII students (SMA/SMK/SLB, split by weight) and staff, estimated."""
    upper = [s for s in schools if s.jenjang != "SMP"]
    split = dict(
        zip(
            (s.npsn for s in upper),
            largest_remainder([grade12_weight(s) for s in upper], grade12_total(facts)),
            strict=True,
        )
    )
    out = []
    for s in schools:
        source = "Dapodik 2019 via suryavip/daftar-sekolah-indonesia (MIT)"
        if s.jenjang == "SMP":
            source += "; no grade XII (SMP)"
        else:
            source += "; grade XII estimate: cohort x APS 16-18 x (1 - MA share), by weight"
        source += "; staff estimate: by jenjang and status"
        if s.snapped_m is not None:
            source += (
                f"; point {s.snapped_m:.0f} m outside the desa outline, desa snapped to nearest"
            )
        out.append(
            SchoolRow(
                school=s,
                students_grade12=split.get(s.npsn, 0),
                students_estimated=s.jenjang != "SMP",
                staff=school_staff(s),
                source=source,
            )
        )
    return out


def _round6(p: Point) -> Point:
    """The point as it is written to venues.csv (6 decimals, about 0.1 m)."""
    return Point(round(p.x, 6), round(p.y, 6))


def kantor_desa_point(
    d: Area, schools: Sequence[School], centroid: Point
) -> tuple[Point, str, str]:
    """Estimated kantor desa location: (point, method, detail for the source cell).

    Settlements cluster where the schools are, and a kantor desa sits in the village centre:
    the mean of the desa's school points when it lies inside the desa, else the school nearest
    that mean. Schools outside the polygon or with doubtful coordinates are not used. A desa
    without schools gets the source's polygon centroid if inside, else a point surely inside.
    """
    own = [s for s in schools if d.shape.covers(s.point) and not s.check_coords]
    if len(own) == 1:
        return _round6(own[0].point), "at its only school with a sound point", own[0].name
    if own:
        n = len(own)
        mean = _round6(Point(sum(s.point.x for s in own) / n, sum(s.point.y for s in own) / n))
        if d.shape.covers(mean):
            return mean, "mean of its school points", f"{n} schools"
        near = min(own, key=lambda s: (geodesic_m(s.point, mean), s.npsn))
        return _round6(near.point), "school nearest the mean of its school points", near.name
    if d.shape.covers(centroid):
        return _round6(centroid), "desa polygon centroid", "no school in the desa"
    return (
        _round6(d.shape.representative_point()),
        "a point inside the desa polygon",
        "no school; centroid outside",
    )


def desa_of(point: Point, desa: Sequence[Area]) -> Area:
    """The desa whose polygon covers `point` (the first in code order)."""
    for d in desa:
        if d.shape.covers(point):
            return d
    raise ValueError(f"point {point.wkt} lies in no desa")


def venue_rows(
    kecamatan: Sequence[Area],
    desa: Sequence[Area],
    schools: Sequence[School],
    centroids: Mapping[str, Point],
    refs: Mapping[str, Point],
) -> tuple[list[VenueRow], dict[str, int]]:
    """Dukcapil office, one kantor camat per kecamatan, one kantor desa per desa, CFD Penajam.

    Also returns how many kantor desa each placement method located (for SOURCES.md).
    """
    seat_point = refs["V04"]
    seat_desa = desa_of(seat_point, desa)
    out = [
        VenueRow(
            "V-DUKCAPIL",
            "disdukcapil_office",
            f"Kantor Dinas Dukcapil Kabupaten {KAB_NAME}",
            seat_desa.parent_code,
            seat_desa.code,
            seat_point.y,
            seat_point.x,
            "Mon-Fri",
            "08:00",
            "16:00",
            OFFICE_STAFF["disdukcapil_office"],
            True,
            "office: Antara Kaltim 210603 (2024); location estimate: Penajam seat point "
            "(Wikipedia 'Penajam' CC BY-SA; venues_ppu V04), not the street address; "
            "hours and staff: assumption",
        )
    ]
    kd_points: dict[str, Point] = {}
    methods: dict[str, int] = {}
    kd_rows = []
    for d in desa:
        p, method, detail = kantor_desa_point(d, schools, centroids[d.code])
        if desa_of(p, desa).code != d.code:
            raise ValueError(f"kantor desa point of {d.code} is not in its own desa")
        kd_points[d.code] = p
        methods[method] = methods.get(method, 0) + 1
        kind = "Kelurahan" if d.desa_type == "kelurahan" else "Desa"
        kd_rows.append(
            VenueRow(
                f"KD-{d.code}",
                "kantor_desa",
                f"Kantor {kind} {d.name}",
                d.parent_code,
                d.code,
                p.y,
                p.x,
                "Mon-Fri",
                "08:00",
                "15:00",
                OFFICE_STAFF["kantor_desa"],
                True,
                f"location estimate: {method} ({detail}); hours and staff: assumption",
            )
        )
    for k in kecamatan:
        seat_name, seat_source = KECAMATAN_SEATS[k.code]
        seat = next(d for d in desa if d.parent_code == k.code and d.name == seat_name)
        p = kd_points[seat.code]
        out.append(
            VenueRow(
                f"KC-{k.code}",
                "kantor_camat",
                f"Kantor Camat {k.name}",
                k.code,
                seat.code,
                p.y,
                p.x,
                "Mon-Fri",
                "08:00",
                "15:00",
                OFFICE_STAFF["kantor_camat"],
                True,
                f"location estimate: kantor desa point of the seat {seat_name} ({seat_source}); "
                "hours and staff: assumption",
            )
        )
    out += kd_rows
    # The CFD is venues_ppu V02. Where the source gives its place, that is its point; without
    # one it falls back to the seat point (the office's too): the loader then warns that the
    # event sits at the base, and the renderers draw and link such a day without a drive.
    cfd_point = refs.get("V02")
    cfd_where = (
        "location: venues_ppu V02"
        if cfd_point is not None
        else "location unknown (venues_ppu V02 has no coordinate): Penajam seat point "
        "(Wikipedia 'Penajam', venues_ppu V04), the same point as V-DUKCAPIL"
    )
    cfd_point = cfd_point or seat_point
    cfd_desa = desa_of(cfd_point, desa)
    out.append(
        VenueRow(
            "V-CFD-PENAJAM",
            "public_event",
            "Car Free Day Penajam",
            cfd_desa.parent_code,
            cfd_desa.code,
            cfd_point.y,
            cfd_point.x,
            "Sat",
            "06:00",
            "09:00",
            0,
            False,
            "IKD stand every Saturday: Antara Kaltim 210603 (2024); time 06:00-09:00 assumed; "
            + cfd_where,
        )
    )
    return out, methods


# --- writing ----------------------------------------------------------------------------------


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
    )


POPULATION_HEADER = (
    "code",
    "level",
    "wktp",
    "wktp_estimated",
    "ikd_active",
    "ikd_active_estimated",
    "source",
)
SCHOOL_HEADER = (
    "npsn",
    "name",
    "jenjang",
    "status",
    "kecamatan_code",
    "desa_code",
    "lat",
    "lon",
    "students_grade12",
    "students_grade12_estimated",
    "staff",
    "staff_estimated",
    "check_coords",
    "source",
)
VENUE_HEADER = (
    "venue_id",
    "venue_type",
    "name",
    "kecamatan_code",
    "desa_code",
    "lat",
    "lon",
    "coord_estimated",
    "open_days",
    "open_time",
    "close_time",
    "staff",
    "staff_estimated",
    "source",
)


def population_csv(rows: Sequence[PopRow]) -> str:
    return csv_text(
        POPULATION_HEADER,
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
        SCHOOL_HEADER,
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
        VENUE_HEADER,
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


# --- SOURCES.md and LICENSES.md ---------------------------------------------------------------


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


def _n(x: int | float) -> str:
    """A count with thousands separators (English style, as in the sources' notes)."""
    return f"{x:,}"


def _pct(x: Fraction) -> str:
    return f"{float(x) * 100:.1f} %"


def _desa_table(res: BuildResult, kec_code: str) -> str:
    """Markdown table showing the desa split of one kecamatan step by step."""
    pop = {r.code: r for r in res.population}
    members = [d for d in res.desa if d.parent_code == kec_code]
    weights = {d.code: desa_weight(d, res.n_schools(d.code)) for d in members}
    total_w = sum(weights.values(), Fraction(0))
    kec_wktp = res.facts.kec_wktp[kec_code]
    lines = [
        "| desa | type | schools | weight | share of weight | quota | WKTP | IKD |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for d in members:
        w = weights[d.code]
        lines.append(
            f"| {d.name} | {d.desa_type} | {res.n_schools(d.code)} | {float(w):g} | "
            f"{float(w / total_w):.4f} | {float(w * kec_wktp / total_w):,.2f} | "
            f"{_n(pop[d.code].wktp)} | {_n(pop[d.code].ikd_active)} |"
        )
    return "\n".join(lines)


def _ranges_table(res: BuildResult) -> str:
    pop = {r.code: r for r in res.population}
    lines = [
        "| kecamatan | WKTP (real) | desa | smallest desa WKTP | largest desa WKTP | IKD (est.) |",
        "|---|---:|---:|---|---|---:|",
    ]
    for k in res.kecamatan:
        members = sorted(
            (d for d in res.desa if d.parent_code == k.code),
            key=lambda d: (pop[d.code].wktp, d.code),
        )
        lo, hi = members[0], members[-1]
        lines.append(
            f"| {k.name} | {_n(pop[k.code].wktp)} | {len(members)} | "
            f"{_n(pop[lo.code].wktp)} ({lo.name}) | {_n(pop[hi.code].wktp)} ({hi.name}) | "
            f"{_n(pop[k.code].ikd_active)} |"
        )
    return "\n".join(lines)


def _grade12_result(res: BuildResult) -> str:
    by_kind: dict[str, list[int]] = {}
    for r in res.schools:
        if r.school.jenjang != "SMP":
            kind = "SLB" if r.school.jenjang == "SLB" else r.school.status
            by_kind.setdefault(kind, []).append(r.students_grade12)
    parts = []
    for kind, values in sorted(by_kind.items()):
        each = f"{min(values)}–{max(values)}" if min(values) != max(values) else f"{values[0]}"
        parts.append(f"{kind} {each} per school ({len(values)})")
    return "; ".join(parts)


def sources_md(res: BuildResult) -> str:
    """The generated SOURCES.md: every file, its sources, and every estimate with its method."""
    f = res.facts
    pop = {r.code: r for r in res.population}
    kec_names = {k.code: k.name for k in res.kecamatan}
    desa_name = {d.code: d.name for d in res.desa}
    rate = Fraction(IKD_ACTIVE_JAN_2025, f.kab_wktp)
    babulu = f.kec_wktp["64.09.03"]
    anchor = babulu_darat_anchor(f)
    bd = res.desa_named("Babulu Darat")
    babulu_w = sum(
        (desa_weight(d, res.n_schools(d.code)) for d in res.desa if d.parent_code == "64.09.03"),
        Fraction(0),
    )
    waru_kel = res.desa_named("Waru")
    waru_n = res.n_schools(waru_kel.code)
    riko, bumi = res.desa_named("Riko"), res.desa_named("Bumi Harapan")
    penajam = next(k for k in res.kecamatan if k.code == "64.09.01")
    anchor_exact = f.babulu_darat_residents * Fraction(babulu, f.babulu_population)
    bd_weight = desa_weight(bd, res.n_schools(bd.code))
    waru_ikd_quota = IKD_ACTIVE_JAN_2025 * Fraction(f.kec_wktp["64.09.02"], f.kab_wktp)
    cohort = f.kab_population * ONE_AGE_YEAR_SHARE
    dukcapil = next(v for v in res.venues if v.venue_id == "V-DUKCAPIL")
    n_kel = sum(d.desa_type == "kelurahan" for d in res.desa)
    snapped = [
        f"**{r.school.name}** (NPSN {r.school.npsn}) lies {r.school.snapped_m:.0f} m outside the\n"
        f"  kabupaten outline; it was given the nearest desa, **{desa_name[r.school.desa_code]}**\n"
        f"  (`{r.school.desa_code}`), within the {SNAP_MAX_M:.0f} m allowed; its coordinate is "
        "kept as given."
        for r in res.schools
        if r.school.snapped_m is not None
    ]
    values: dict[str, object] = {
        "kab_code": KAB_CODE,
        "kab_name": KAB_NAME,
        "leaflet_path": LEAFLET_PATH,
        "iknpos_url": IKNPOS_URL,
        "metro": METRO,
        "metro_title": METRO_TITLE,
        "metro_url": METRO_URL,
        "n_kec": len(res.kecamatan),
        "n_desa": len(res.desa),
        "n_desa_only": len(res.desa) - n_kel,
        "n_kel": n_kel,
        "kec_list": ", ".join(
            f"`{k.code}` {k.name} {sum(d.parent_code == k.code for d in res.desa)}"
            for k in res.kecamatan
        ),
        "riko_km2": f"{riko.area_km2:,.1f}",
        "bumi_km2": f"{bumi.area_km2:,.1f}",
        "kab_wktp": _n(f.kab_wktp),
        "kec_wktp_rows": "\n".join(
            f"  | {kec_names[c]} | `{c}` | {_n(w)} |" for c, w in f.kec_wktp.items()
        ),
        "ikd": _n(IKD_ACTIVE_JAN_2025),
        "ikd_reported": _pct(IKD_REPORTED_SHARE),
        "implied_wktp": _n(round(float(IKD_ACTIVE_JAN_2025 / IKD_REPORTED_SHARE) / 100) * 100),
        "rate": _pct(rate),
        "waru_wktp": _n(f.kec_wktp["64.09.02"]),
        "waru_ikd_quota": f"{float(waru_ikd_quota):,.2f}",
        "waru_ikd": _n(pop["64.09.02"].ikd_active),
        "riko_share": f"{riko.area_km2 / penajam.area_km2 * 100:.0f}",
        "babulu_wktp": _n(babulu),
        "babulu_pop": _n(f.babulu_population),
        "bd_residents": _n(f.babulu_darat_residents),
        "anchor_exact": f"{float(anchor_exact):,.1f}",
        "anchor": _n(anchor),
        "babulu_others": sum(d.parent_code == "64.09.03" for d in res.desa) - 1,
        "babulu_rest": _n(babulu - anchor),
        "bd_weight_only": _n(round(float(bd_weight * babulu / babulu_w))),
        "waru_kel": waru_kel.name,
        "waru_n": waru_n,
        "waru_w": f"{float((1 + waru_n) * KELURAHAN_FACTOR):g}",
        "waru_table": _desa_table(res, "64.09.02"),
        "babulu_table": _desa_table(res, "64.09.03"),
        "ranges_table": _ranges_table(res),
        "kab_pop": _n(f.kab_population),
        "n_schools": len(res.schools),
        "n_hinted": sum(bool(r.school.desa_hint) for r in res.schools),
        "snapped": "\n- ".join(snapped) if snapped else "No school lies outside every desa.",
        "flagged": "; ".join(
            f"{r.school.name} (NPSN {r.school.npsn})" for r in res.schools if r.school.check_coords
        ),
        "cohort_share": f"{float(ONE_AGE_YEAR_SHARE) * 100:.1f}",
        "cohort": f"{float(cohort):,.1f}",
        "age_15_19": _n(AGE_15_19_LF2020),
        "sp2020_m": f"{POPULATION_SP2020 / 1e6:.2f}",
        "cohort_share_exact": f"{AGE_15_19_LF2020 / 5 / POPULATION_SP2020 * 100:.2f}",
        "aps": f"{float(APS_16_18_KALTIM) * 100:.2f}",
        "enrolled": f"{float(cohort * APS_16_18_KALTIM):,.1f}",
        "ma_share": f"{float(MADRASAH_SHARE) * 100:.0f}",
        "g12": _n(grade12_total(f)),
        "n_upper": sum(r.school.jenjang != "SMP" for r in res.schools),
        "g12_result": _grade12_result(res),
        "dukcapil_lat": f"{dukcapil.lat:.6f}",
        "dukcapil_lon": f"{dukcapil.lon:.6f}",
        "dukcapil_desa": desa_name[dukcapil.desa_code],
        "staff_office": OFFICE_STAFF["disdukcapil_office"],
        "staff_camat": OFFICE_STAFF["kantor_camat"],
        "staff_desa": OFFICE_STAFF["kantor_desa"],
        "kd_methods": "\n".join(
            f"  - {m}: {c}" for m, c in sorted(res.kantor_desa_methods.items())
        ),
        "seat_rows": "\n".join(
            f"  | {kec_names[c]} | {seat} | {why} |" for c, (seat, why) in KECAMATAN_SEATS.items()
        ),
    }
    return SOURCES_TEMPLATE.format(**values)


SOURCES_TEMPLATE = """\
# Sources: geodata/ppu (Kabupaten Penajam Paser Utara, Kalimantan Timur)

Generated by `scripts/build_ppu_geodata.py` from the read-only source folder
`../shared/geodata-src` (`make data`); do not edit this folder by hand. That folder's
`SOURCES.md`, `SOURCES_population_schools.md` and `ikd_facts.md` hold the full provenance of
every source file named below. Licences: `LICENSES.md`.

Counts are people. **Real** means a source gives the figure; **estimate** means a method
below derived it, and the row carries `*_estimated = true` (venues: `coord_estimated =
true`). Real figures from Disdukcapil PPU go into `population_actual.csv` (see
`geodata/README.md`) and replace the estimates without code changes.

| file | real | estimated |
|---|---|---|
| `area.toml` | code, name, dates, targets 20 % and 30 % | – |
| `kabupaten/kecamatan/desa.geojson` | polygons, codes, names | – |
| `population.csv` | kabupaten WKTP and IKD; kecamatan WKTP | kecamatan IKD; desa WKTP, IKD |
| `schools.csv` | {n_schools} schools: NPSN, name, jenjang, status, point | grade XII, staff |
| `venues.csv` | that the venues exist; the Saturday CFD stand | locations, hours, staff |

## area.toml

- `code = "{kab_code}"`, `name = "{kab_name}"`: Kemendagri code and name as in the boundary
  source (Kepmendagri No 300.2.2-2430 Tahun 2025).
- `ikd_as_of = "2025-01"`: IKD active {ikd}, IKNPOS, "Tertinggi se-Kaltim, Capaian IKD di
  Kabupaten Penyangga IKN Tembus 14,5 Persen", January 2025,
  {iknpos_url}
- `wktp_as_of = "2025-S1"`: WKTP {kab_wktp}, Disdukcapil PPU, semester I 2025; Metrotvnews,
  "{metro_title}", 15 Oct 2025,
  {metro_url}
- `target_rate = 0.20`: PPU's own 2025 target (IKNPOS, January 2025, above).
- `national_target_rate = 0.30`: the Kemendagri target per kab/kota for 2024–2025 (Jatim
  Antara, https://jatim.antaranews.com/berita/960101/cakupan-aktivasi-ikd-kota-madiun-mencapai-322-persen
  Aug 2025; Balipost, 10 Oct 2024).
- `default_base_venue = "V-DUKCAPIL"`: teams start from the Disdukcapil office.

## kabupaten.geojson, kecamatan.geojson, desa.geojson

- Source: **cahyadsn/wilayah_boundaries** (GitHub), snapshot HEAD
  `3c5a7960f4d227a38489094d84252bdbb3f978a5` (2026-08-20); PPU desa rows in
  `db/kel/64/wilayah_boundaries_kel_64.09.sql`, content last changed in `77e2778`
  (2025-07-16). Licence **MIT**, "Copyright (c) 2024 Cahya DSN". Codes and names follow
  Kepmendagri No 300.2.2-2430 Tahun 2025.
- Taken from `ppu_desa.geojson`, `ppu_kecamatan.geojson` and `ppu_kabupaten.geojson` of the
  source folder: the source's desa polygons with sliver overlaps removed; each kecamatan and
  the kabupaten is the union of its desa, so the desa tile their kecamatan exactly.
- This build keeps `code`, `name`, `parent_code`, `desa_type` (desa file only: `kelurahan`
  when the last code block starts with 1, `desa` when it starts with 2) and `area_km2`
  (geodesic, WGS84 ellipsoid, as computed for the source folder). Exterior rings are
  counter-clockwise, coordinates WGS84 lon/lat with 6 decimals (about 0.1 m), no `crs`
  member (RFC 7946). No simplification.
- {n_desa} desa/kelurahan ({n_desa_only} desa, {n_kel} kelurahan) in {n_kec} kecamatan:
  {kec_list}.
- Note: the source folder's `SOURCES.md` quotes Riko as 613 km² and Bumi Harapan as 237 km²;
  those are the areas of the BPS 2020 polygons. In this (main) layer they are {riko_km2} km²
  and {bumi_km2} km².

## alt/desa_bps2020.geojson (not loaded by the planner)

- A byte-for-byte copy of `ppu_desa_bps2020.geojson`: a second, independent set of the 54
  desa polygons, for cross-checks and robustness tests. Desa IoU with the main layer is a
  median 0.44 (0.05 in Babulu), so the desa of a point near a boundary is uncertain.
- Source: **mohdlabib/leafletMAP** (GitHub), HEAD `e5cc846b40ef96a973be870ce04681801b33d6b1`,
  file added in `5ec248a02800b74b9141be15ba551be4c7adf985`, path
  `{leaflet_path}`.
  The data are HDX "Indonesia Subnational Administrative Boundaries" (cod-ab-idn), BPS 2020.
- Attribution: **BPS / OCHA, HDX COD-AB Indonesia (CC BY-IGO)**. Kemendagri codes were added
  by name match within each kecamatan (all 54 matched one to one).

## population.csv

### Real figures

- Kabupaten WKTP **{kab_wktp}** and the kecamatan WKTP below: Disdukcapil PPU, semester I
  2025, Metrotvnews (above); the same WKTP figures in Radar Nusantara,
  https://radarnusantara.co.id/?p=1513. The four kecamatan add up exactly to {kab_wktp}.
  `source` column: "{metro}".

  | kecamatan | code | WKTP |
  |---|---|---:|
{kec_wktp_rows}

- Kabupaten IKD active **{ikd}**, about January 2025 (IKNPOS, above). IKNPOS reported it as
  {ikd_reported}, i.e. against an older WKTP of about {implied_wktp} ({ikd} / 0.145). Against
  the semester-I-2025 WKTP it is {ikd} / {kab_wktp} = **{rate}**. The project uses
  {ikd} / {kab_wktp}: the latest exact count over the latest official WKTP, the one the
  kecamatan figures add up to. The rate is therefore slightly understated (the numerator is
  up to six months older; DPRD PPU quoted 14.97 % on 15 Apr 2025). A June 2025 remark of
  "30 %" (InfoPublik) contradicts every other figure and is not used.

### Estimate 1: IKD per kecamatan (no source gives one)

Method "kabupaten IKD pro rata to WKTP": IKD_k = {ikd} × WKTP_k / {kab_wktp}, made whole by
largest remainder so that the four add up to {ikd} exactly. It assumes the same rate
({rate}) everywhere. That is surely wrong in detail (Penajam town, where ASN were moved to
IKD first, is likely ahead) but invents no contrast. Example, Waru:
{ikd} × {waru_wktp} / {kab_wktp} = {waru_ikd_quota} → {waru_ikd}.

### Estimate 2: WKTP per desa (no desa table was reachable)

Method "kecamatan WKTP split by school-and-kelurahan weight". Within each kecamatan each desa
gets the weight

    weight = (1 + schools in the desa) × (1.5 if kelurahan else 1.0)

where "schools" counts the SMA/SMK/SLB/SMP of `schools.csv` in the desa (by `desa_code`).
Why: the only located facts about where people live are the {n_schools} school points
(schools are built where pupils live) and the kelurahan status (urban administration,
denser settlement). The "1 +" gives a desa without a school a share too. Area is not used:
a rural desa is large because of its forest and plantation land, not its people; by area,
Riko alone would hold {riko_share} % of Kecamatan Penajam. The kecamatan's real WKTP is split
by the weights and made whole by largest remainder (ties to the lower code), so the desa add
up to their kecamatan exactly.

Anchor, the one desa figure found: Desa Babulu Darat has "sekitar 11.000 jiwa" (village head
Abdul Zais, Cahaya Borneo, "Kecamatan Babulu Darat Segera Mekar, Dua Desa Baru Siap
Dibentuk", 4 Jan 2025, https://cahayaborneo.com/?p=13573). Residents become WKTP at
Babulu's own rate {babulu_wktp} / {babulu_pop}: {bd_residents} × {babulu_wktp} / {babulu_pop}
= {anchor_exact} → **{anchor}**. The other {babulu_others} Babulu desa share the rest,
{babulu_wktp} − {anchor} = {babulu_rest}, by weight. (The weights alone would give Babulu
Darat {bd_weight_only}; the two roughly agree.)

Worked example, Kecamatan Waru (WKTP {waru_wktp}, IKD estimate {waru_ikd}): kelurahan
{waru_kel} has {waru_n} schools → (1 + {waru_n}) × 1.5 = {waru_w}; a desa with one school →
(1 + 1) × 1.0 = 2. Quota = weight / sum of weights × {waru_wktp}.

{waru_table}

Babulu, with the anchor (the quota column of Babulu Darat shows the weight-only figure):

{babulu_table}

Result by kecamatan:

{ranges_table}

### Estimate 3: IKD per desa

Method "IKD pro rata to WKTP": the kecamatan's estimated IKD split in proportion to the desa
WKTP, largest remainder, so that the desa add up to their kecamatan exactly (IKD columns
above). Every desa row has both flags `true`.

### Where population sources disagree

| figure | values | used | why |
|---|---|---|---|
| Babulu population, 2025-S1 | 50,900 (Metrotvnews) vs {babulu_pop} (Radar Nusantara) \
| {babulu_pop} | only {babulu_pop} makes the kecamatan add up to {kab_pop} |
| Waru population, 2025-S1 | 21,572 (Metrotvnews) vs 21,550 (Radar Nusantara) | neither \
| only WKTP is used per kecamatan |
| IKD share, Jan 2025 | 14.5 % as reported vs {rate} | {rate} | same numerator over the \
2025-S1 WKTP |
| PPU WKTP | ~135,000 (2023), 140,750 (2024), {kab_wktp} (2025-S1) | {kab_wktp} | latest, \
with kecamatan figures |
| population end 2024 | 201,707 (Metrotvnews) vs 202,067 (Radar Nusantara) | neither \
| the 2025-S1 total {kab_pop} is used |

## schools.csv

- Source: **suryavip/daftar-sekolah-indonesia** (GitHub), `result/161100.json` (Dapodik
  wilayah 161100 = Kab. Penajam Paser Utara), commit
  `44eec604324855279b95f255ba0b27156766499e` (2019-06-04), unchanged to HEAD
  `48596d293a82dc23a472aadb03d555e0bd895cd7`. Licence **MIT**, "Copyright (c) 2019 suryavip";
  underlying data: Kemdikbud open data (Dapodik), as of **June 2019**. Schools opened after
  mid-2019 are missing; check against current Dapodik before field use.
- Kept: SMA 8, SMK 10, SLB 1, SMP 31 (the 105 SD are out of scope). NPSN, name, jenjang,
  status and lat/lon are copied unchanged.
- `kecamatan_code`, `desa_code`: the polygon of `desa.geojson` that contains the point
  (EPSG:4326). The build checks that each kecamatan found is the one Dapodik gives and that
  the {n_hinted} schools whose address names a desa lie in that desa.
- {snapped}
- `check_coords = true`, from the source's `quality_flags`: {flagged}. SMAN 2 PPU's 2019
  point lies ~18–20 km north-west of the other Waru schools on its road (address Jl. Raya
  Waru Km 25); a 2017 Kemdikbud extract (pstyd/dapodik-location, no licence declared) put it
  at −1.3870, 116.6222, beside SMKN 4. SMP Negeri 4 PPU gives the same road (Km 27) but its
  point is ~21 km away. Verify both before a visit. The 2017 coordinate columns of the
  source table are **dropped** (no licence declared).

### Estimate 4: grade-XII students (no per-school count was found)

A kabupaten total first:

1. One age-year cohort: {kab_pop} residents (PPU, semester I 2025, Metrotvnews) ×
   {cohort_share} % = {cohort}. The share: BPS Long Form SP2020 counts {age_15_19} people aged
   15–19 (https://sensus.bps.go.id/topik/tabular/sp2022/197/1/1); / 5 ages / {sp2020_m}
   million (SP2020 total, BPS release of 21 Jan 2021) = {cohort_share_exact} %. The Long Form
   was fielded in 2022, when the population was larger, so {cohort_share} % is used.
2. × school participation at age 16–18 in Kalimantan Timur, {aps} % (BPS APS 16–18, 2021,
   as tabulated in sainsdataid/dataset `Data 34 Provinsi 2021.csv`, commit
   `4b70b2a157b653003bb6fca4870fb6b10dcd0e8e`) = {enrolled}. APS counts pupils at any level;
   at these ages that is close to upper-secondary enrolment.
3. × (1 − {ma_share} %) for pupils in madrasah aliyah, which are not in the school list: an
   **assumption**. No MA list for PPU was found; a local report says madrasah absorb pupils
   where state seats are short (seantero.id, tag "madrasah aliyah").

Total **{g12}** grade-XII students in the {n_upper} SMA/SMK/SLB. Split by weight
(assumption): Negeri 1.5, Swasta 1.0 (state schools are larger), SLB 0.05 (an SLB's SMALB
grade XII is a handful of pupils), whole numbers by largest remainder that add up to the
total exactly. Result: {g12_result}. SMP rows have 0 with the flag `false`: an SMP has no
grade XII, so 0 is a fact. Only grade-XII pupils aged 17+ can activate IKD; the planner
applies that share itself (`student_17plus_share` in the scenario).

### Estimate 5: staff (teachers and administrative staff)

An **assumption** for every school, flagged: Negeri SMA 35, SMK 40, SLB 15, SMP 25; Swasta
schools 0.6 of that (SMA 21, SMK 24, SMP 15). No staff counts for PPU schools were found.

## venues.csv

No source gives the coordinates of the Disdukcapil office, any kantor camat or kantor desa,
or the Car Free Day route (source folder, `SOURCES_population_schools.md` §3). Every venue
location is therefore an **estimate**, `coord_estimated = true`, with its method in the
`source` cell. Opening hours and office staff are assumptions (`staff_estimated = true`).

- `V-DUKCAPIL`, Kantor Dinas Dukcapil Kabupaten {kab_name} (`disdukcapil_office`): the office
  exists and activates IKD for walk-in visitors (Antara Kaltim 210603, 2024; IKNPOS, Jan
  2025). Location: the Penajam district-seat reference point of the English Wikipedia
  article "Penajam" (1°18'07"S 116°44'07"E = {dukcapil_lat}, {dukcapil_lon}; venues_ppu V04,
  CC BY-SA 4.0), in kelurahan {dukcapil_desa}. It is a map point, not the street address.
  Mon–Fri 08:00–16:00, staff {staff_office} (assumed).
- `KD-<desa code>`, one `kantor_desa` per desa ("Kantor Desa X" or "Kantor Kelurahan X" by
  `desa_type`). Location: settlements cluster where the schools are, and a kantor desa sits
  in the village centre. So: the mean of the desa's school points if that lies inside the
  desa, else the school nearest that mean (a desa with one school: that school's point).
  Schools with `check_coords` or outside the polygon are not used. A desa without schools
  gets the source's polygon centroid (`ppu_desa_points.geojson`, cahyadsn lat/lng) if it
  lies inside, else a point inside the polygon (shapely `representative_point`). Centroids of
  large desa can be far from where people live. Mon–Fri 08:00–15:00, staff {staff_desa}
  (assumed). Counts by method:
{kd_methods}
- `KC-<kecamatan code>`, one `kantor_camat` per kecamatan, at the kantor desa point of the
  kecamatan seat (no offset). Mon–Fri 08:00–15:00, staff {staff_camat} (assumed).

  | kecamatan | seat | where the seat comes from |
  |---|---|---|
{seat_rows}

  The Penajam seat is from the Wikipedia article "Penajam" (sagapedia mirror,
  https://sagapedia.com/en/Penajam), the Sepaku seat from "Sepaku" (mirror,
  https://jjgbkhll.shop/wiki/Sepaku), both CC BY-SA 4.0. The Waru and Babulu seats are
  assumed.
- `V-CFD-PENAJAM`, Car Free Day Penajam (`public_event`): Disdukcapil PPU runs an IKD service
  stand at CFD "setiap hari Sabtu" (Antara Kaltim, "Disdukcapil Penajam Paser Utara keliling
  layani identitas digital",
  https://kaltim.antaranews.com/berita/210603/disdukcapil-penajam-paser-utara-keliling-layani-identitas-digital
  2024). Saturday 06:00–09:00 is an assumption (usual CFD hours). The route is not given;
  the location is estimated at the same Penajam seat point as the office. Staff 0: an
  event, not an office.

## Not found (replace first when the office has it)

- WKTP and IKD per desa and IKD per kecamatan (Disdukcapil SIAK/DKB):
  `population_actual.csv`.
- Grade-XII enrolment and staff per school (Dapodik, sekolah.data.kemendikdasmen.go.id).
- Coordinates of the Disdukcapil office, kantor camat and kantor desa; the CFD route.
- Madrasah aliyah (Kemenag EMIS) of PPU; schools opened after June 2019.
- IKN: parts of Sepaku and Penajam lie in the Ibu Kota Nusantara area (UU 3/2022). The 2025
  codes still place all 54 desa under 64.09, and Dukcapil services in Sepaku were still run
  by Pemkab PPU in May 2024 (SuaraKaltim, 24 May 2024).
"""


MIT_TERMS = """\
Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def licenses_md() -> str:
    """Licence notices for the data this folder is derived from."""
    return f"""\
# Licences of the data in geodata/ppu

The files of this folder are derived from the sources below (details: `SOURCES.md`). Keep
these notices with any copy of the folder or of data derived from it.

## Boundaries: kabupaten.geojson, kecamatan.geojson, desa.geojson

From cahyadsn/wilayah_boundaries (GitHub), MIT licence; this also covers the desa centroids
used for some venue locations in venues.csv:

    MIT License

    Copyright (c) 2024 Cahya DSN

{_indent(MIT_TERMS)}
## Schools: schools.csv (NPSN, names, jenjang, status, coordinates)

From suryavip/daftar-sekolah-indonesia (GitHub), MIT licence; the underlying data are
Kemdikbud open data (Dapodik):

    MIT License

    Copyright (c) 2019 suryavip

{_indent(MIT_TERMS)}
## Wikipedia reference points: venues.csv

Used for V-DUKCAPIL, V-CFD-PENAJAM and the kecamatan seats of Penajam and Sepaku. The
Penajam district-seat point (1°18'07"S 116°44'07"E) and the seats named in the articles
"Penajam" and "Sepaku" of the English Wikipedia are used under the **Creative Commons
Attribution-ShareAlike 4.0** licence (CC BY-SA 4.0,
https://creativecommons.org/licenses/by-sa/4.0/). Attribution: Wikipedia contributors,
"Penajam" and "Sepaku", English Wikipedia (read via the mirrors
https://sagapedia.com/en/Penajam and https://jjgbkhll.shop/wiki/Sepaku). The rows of
venues.csv that use these points are shared under the same licence.

## Alternative desa polygons: alt/desa_bps2020.geojson

BPS / OCHA, HDX COD-AB Indonesia (Indonesia Subnational Administrative Boundaries, cod-ab-idn,
BPS 2020), **CC BY-IGO** (https://creativecommons.org/licenses/by/3.0/igo/), as split per
kabupaten by mohdlabib/leafletMAP (GitHub, MIT, Copyright (c) 2024 mohdlabib). Kemendagri codes
were added by name match.

## Figures from news and government pages

population.csv, area.toml and the venue facts use numeric facts (WKTP, IKD counts, targets,
the Saturday CFD stand) reported by the publications cited in SOURCES.md. Only the figures, with
their citations, are recorded; the articles' text is not reproduced.

## Estimates

Every estimate in this folder (flagged `*_estimated` / `coord_estimated`) is the project's own
arithmetic, described in SOURCES.md, and carries no third-party rights of its own.
"""


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())


def alt_readme() -> str:
    return (
        "# alt/: alternative polygons (not loaded by the planner)\n"
        "\n"
        "`desa_bps2020.geojson`: the 54 PPU desa as drawn by BPS in 2020, for cross-checks and\n"
        "robustness tests. Attribution: **BPS / OCHA, HDX COD-AB Indonesia (CC BY-IGO)**, as\n"
        "split per kabupaten by mohdlabib/leafletMAP (MIT). See ../SOURCES.md and ../LICENSES.md.\n"
    )


# --- main -------------------------------------------------------------------------------------


def build(src: Path) -> tuple[BuildResult, dict[str, bytes]]:
    """Read the sources in `src`; return what was made and every output file's bytes by path."""
    kabupaten = read_layer(src / "ppu_kabupaten.geojson", "kabupaten")
    kecamatan = read_layer(src / "ppu_kecamatan.geojson", "kecamatan")
    desa = read_layer(src / "ppu_desa.geojson", "desa")
    facts = read_population(src / "population_ppu.csv")
    if sorted(facts.kec_wktp) != [k.code for k in kecamatan]:
        raise ValueError("the kecamatan of the population source and the boundaries differ")
    schools = place_schools(src / "schools_ppu.csv", desa)
    population = population_rows(facts, kecamatan, desa, schools)
    school_table = school_rows(facts, schools)
    venues, methods = venue_rows(
        kecamatan,
        desa,
        schools,
        read_desa_points(src / "ppu_desa_points.geojson"),
        read_reference_points(src / "venues_ppu.csv"),
    )
    res = BuildResult(facts, kecamatan, desa, population, school_table, venues, methods)
    files = {
        "area.toml": area_toml(),
        "kabupaten.geojson": geojson_text(kabupaten, "kabupaten"),
        "kecamatan.geojson": geojson_text(kecamatan, "kecamatan"),
        "desa.geojson": geojson_text(desa, "desa"),
        "population.csv": population_csv(population),
        "schools.csv": schools_csv(school_table),
        "venues.csv": venues_csv(venues),
        "SOURCES.md": sources_md(res),
        "LICENSES.md": licenses_md(),
        "alt/README.md": alt_readme(),
    }
    out = {name: text.encode("utf-8") for name, text in files.items()}
    out["alt/desa_bps2020.geojson"] = (src / "ppu_desa_bps2020.geojson").read_bytes()
    return res, out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="source folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write")
    args = parser.parse_args(argv)
    src, dest = Path(args.src), Path(args.out)
    if not src.is_dir():
        parser.error(f"source folder {src} does not exist")
    res, files = build(src)
    for name, data in sorted(files.items()):
        write_atomic(dest / name, data)
    pop = {r.code: r for r in res.population}
    print(f"wrote {len(files)} files to {dest}")
    print(
        f"  desa {len(res.desa)}, kecamatan {len(res.kecamatan)}, schools {len(res.schools)}, "
        f"venues {len(res.venues)}"
    )
    print(
        f"  WKTP {pop[KAB_CODE].wktp}, IKD {pop[KAB_CODE].ikd_active}; grade-XII estimate "
        f"{sum(r.students_grade12 for r in res.schools)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
