"""Read the source folder: boundary layers, population facts, schools and reference points."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from pyproj import Geod
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from ppu_geodata.facts import KAB_CODE, SNAP_MAX_M
from ppu_geodata.records import Area, PopulationFacts, School

GEOD = Geod(ellps="WGS84")


def geodesic_m(a: Point, b: Point) -> float:
    """Distance in metres between two lon/lat points on the WGS84 ellipsoid."""
    _, _, dist = GEOD.inv(a.x, a.y, b.x, b.y)
    return float(dist)


def metres_outside(geom: BaseGeometry, p: Point) -> float:
    """How far (m) `p` lies outside `geom`; 0 inside or on the edge."""
    if geom.covers(p):
        return 0.0
    return geodesic_m(p, nearest_points(geom, p)[0])


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
