"""The embedded PPU folder `geodata/ppu/`: it agrees with its sources where they are real, its
estimates add up exactly to their parents and are flagged, every place lies where it says, and
`scripts/build_ppu_geodata.py` rebuilds it byte for byte.

Facts quoted here (WKTP 144,856 and its kecamatan split, IKD 20,126, 54 desa, 50 schools) are
source figures from ../shared/geodata-src, not outputs of a run.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from planner.io.load import load_kabupaten
from planner.settings import DEFAULT_DATA_DIR, REPO_ROOT

PPU = DEFAULT_DATA_DIR
SRC = REPO_ROOT.parent / "shared" / "geodata-src"
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_ppu_geodata.py"

#: Disdukcapil PPU, semester I 2025 (Metrotvnews, 15 Oct 2025).
KEC_WKTP = {"64.09.01": 69_621, "64.09.02": 15_361, "64.09.03": 29_347, "64.09.04": 30_527}
KAB_WKTP = 144_856
#: IKD active, January 2025 (IKNPOS).
KAB_IKD = 20_126
#: The one school whose point lies just outside the outline; snapped to the nearest desa.
SNAPPED_NPSN = "30404298"
SNAP_MAX_KM = 0.5

pytestmark = pytest.mark.skipif(
    not (PPU / "area.toml").exists(), reason="geodata/ppu not built (make data)"
)


def rows(name: str) -> list[dict[str, str]]:
    with (PPU / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def features(path: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    feats: list[dict[str, Any]] = data["features"]
    return feats


def is_true(cell: str) -> bool:
    assert cell in ("true", "false"), cell
    return cell == "true"


def km_outside(geom: BaseGeometry, lon: float, lat: float) -> float:
    """Haversine km from the point to `geom`; 0 inside."""
    p = Point(lon, lat)
    if geom.covers(p):
        return 0.0
    q = nearest_points(geom, p)[0]
    p1, p2 = math.radians(lat), math.radians(q.y)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(q.x - lon) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def desa_shapes() -> dict[str, BaseGeometry]:
    return {f["properties"]["code"]: shape(f["geometry"]) for f in features(PPU / "desa.geojson")}


@pytest.fixture(scope="module")
def population() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in rows("population.csv")}


def test_real_population_figures_are_dukcapils(population: dict[str, dict[str, str]]) -> None:
    """Kabupaten WKTP 144,856 and IKD 20,126 and the four kecamatan WKTP are the Dukcapil
    figures, unflagged, and the kecamatan WKTP add up to the kabupaten's."""
    kab = population["64.09"]
    assert (int(kab["wktp"]), int(kab["ikd_active"])) == (KAB_WKTP, KAB_IKD)
    assert not is_true(kab["wktp_estimated"]) and not is_true(kab["ikd_active_estimated"])
    for code, wktp in KEC_WKTP.items():
        assert int(population[code]["wktp"]) == wktp
        assert not is_true(population[code]["wktp_estimated"])
    assert sum(KEC_WKTP.values()) == KAB_WKTP


def test_boundaries_hold_four_kecamatan_and_54_desa() -> None:
    """4 kecamatan and 54 desa (30 desa, 24 kelurahan), each desa under a kecamatan of the
    file, in RFC 7946 form: no `crs` member, counter-clockwise outer rings, 6 decimals."""
    kec = features(PPU / "kecamatan.geojson")
    desa = features(PPU / "desa.geojson")
    assert sorted(f["properties"]["code"] for f in kec) == sorted(KEC_WKTP)
    assert len(desa) == 54
    assert Counter(f["properties"]["desa_type"] for f in desa) == {"desa": 30, "kelurahan": 24}
    assert {f["properties"]["parent_code"] for f in desa} == set(KEC_WKTP)
    for name in ("kabupaten.geojson", "kecamatan.geojson", "desa.geojson"):
        data = json.loads((PPU / name).read_text(encoding="utf-8"))
        assert "crs" not in data
        for f in data["features"]:
            g = shape(f["geometry"])
            assert g.is_valid
            for poly in getattr(g, "geoms", [g]):
                assert poly.exterior.is_ccw
            coords = json.dumps(f["geometry"]["coordinates"])
            assert all(len(t.split(".")[-1]) <= 6 for t in coords.replace("]", "").split(", "))


def test_fifty_schools_match_the_school_source() -> None:
    """50 schools (SMA 8, SMK 10, SLB 1, SMP 31) with unique NPSN; where the source folder is
    present, the same NPSN, names and coordinates as schools_ppu.csv."""
    schools = rows("schools.csv")
    assert len(schools) == 50 == len({s["npsn"] for s in schools})
    assert Counter(s["jenjang"] for s in schools) == {"SMA": 8, "SMK": 10, "SLB": 1, "SMP": 31}
    if not (SRC / "schools_ppu.csv").exists():
        return
    with (SRC / "schools_ppu.csv").open(encoding="utf-8", newline="") as fh:
        source = {r["npsn"]: r for r in csv.DictReader(fh)}
    assert {s["npsn"] for s in schools} == set(source)
    for s in schools:
        src = source[s["npsn"]]
        assert (s["name"], s["lat"], s["lon"]) == (src["nama"], src["lat"], src["lon"])
        assert is_true(s["check_coords"]) == ("check_coords" in src["quality_flags"])


def test_estimates_add_up_exactly_to_their_parents(
    population: dict[str, dict[str, str]],
) -> None:
    """Desa WKTP and IKD add up exactly to their kecamatan, kecamatan IKD to the kabupaten's,
    and no area has more IKD-active residents than WKTP."""
    by_parent: dict[str, list[dict[str, str]]] = {}
    for r in population.values():
        if r["level"] == "desa":
            by_parent.setdefault(r["code"][:8], []).append(r)
    assert sorted(by_parent) == sorted(KEC_WKTP)
    for kec, members in by_parent.items():
        for metric in ("wktp", "ikd_active"):
            assert sum(int(r[metric]) for r in members) == int(population[kec][metric])
    assert sum(int(population[c]["ikd_active"]) for c in KEC_WKTP) == KAB_IKD
    for r in population.values():
        assert 0 <= int(r["ikd_active"]) <= int(r["wktp"])


def test_babulu_darat_is_anchored_on_the_village_heads_figure(
    population: dict[str, dict[str, str]],
) -> None:
    """Babulu Darat's WKTP is ~11,000 residents (village head, Jan 2025) x Babulu's WKTP /
    population (29,347 / 40,900), the largest desa of Babulu, and it is flagged."""
    bd = population["64.09.03.2001"]
    assert int(bd["wktp"]) == round(11_000 * 29_347 / 40_900)
    assert is_true(bd["wktp_estimated"])
    babulu = [r for r in population.values() if r["code"].startswith("64.09.03.")]
    assert max(babulu, key=lambda r: int(r["wktp"]))["code"] == "64.09.03.2001"


def test_every_estimated_value_is_flagged(population: dict[str, dict[str, str]]) -> None:
    """Desa WKTP/IKD and kecamatan IKD are flagged with an 'estimate' source; school grade-XII
    (SMA/SMK/SLB) and staff counts are flagged; SMP rows have 0 students; every venue's
    location is flagged and every row names its source."""
    for r in population.values():
        assert r["source"]
        if r["level"] == "desa":
            assert is_true(r["wktp_estimated"]) and is_true(r["ikd_active_estimated"])
            assert r["source"].startswith("estimate: ")
        if r["level"] == "kecamatan":
            assert is_true(r["ikd_active_estimated"]) and "estimate" in r["source"]
    for s in rows("schools.csv"):
        assert s["source"] and is_true(s["staff_estimated"])
        if s["jenjang"] == "SMP":
            assert s["students_grade12"] == "0"
        else:
            assert int(s["students_grade12"]) > 0 and is_true(s["students_grade12_estimated"])
    for v in rows("venues.csv"):
        assert v["source"] and is_true(v["coord_estimated"]) and "estimate" in v["source"]
        if int(v["staff"]) > 0:
            assert is_true(v["staff_estimated"])


def test_grade12_students_follow_the_documented_estimate() -> None:
    """The grade-XII total is PPU's 203,661 residents x 1.6 % (one age-year) x 82.01 % (APS
    16–18 Kaltim) x 0.9 (not in madrasah), and a Negeri school gets more than a Swasta one."""
    schools = rows("schools.csv")
    total = sum(int(s["students_grade12"]) for s in schools)
    assert total == round(203_661 * 0.016 * 0.8201 * 0.9)
    upper = [s for s in schools if s["jenjang"] in ("SMA", "SMK")]
    negeri = min(int(s["students_grade12"]) for s in upper if s["status"] == "Negeri")
    swasta = max(int(s["students_grade12"]) for s in upper if s["status"] == "Swasta")
    assert negeri > swasta


def test_each_desa_has_one_kantor_desa_inside_it(desa_shapes: dict[str, BaseGeometry]) -> None:
    """Every desa has exactly one kantor_desa venue, named for its desa type, that lies inside
    (or within 500 m of) its polygon; each kantor camat sits at a kantor desa of its kecamatan."""
    venues = rows("venues.csv")
    kd = [v for v in venues if v["venue_type"] == "kantor_desa"]
    assert Counter(v["desa_code"] for v in kd) == dict.fromkeys(desa_shapes, 1)
    for v in kd:
        off = km_outside(desa_shapes[v["desa_code"]], float(v["lon"]), float(v["lat"]))
        assert off <= SNAP_MAX_KM, v["venue_id"]
        assert v["venue_id"] == f"KD-{v['desa_code']}"
    points = {(v["lat"], v["lon"], v["kecamatan_code"]) for v in kd}
    camat = [v for v in venues if v["venue_type"] == "kantor_camat"]
    assert sorted(v["kecamatan_code"] for v in camat) == sorted(KEC_WKTP)
    assert all((v["lat"], v["lon"], v["kecamatan_code"]) in points for v in camat)


def test_every_school_lies_in_its_desa(desa_shapes: dict[str, BaseGeometry]) -> None:
    """Each school's point lies in the polygon of its desa_code, except the one documented
    snapped school, which lies within 500 m of it and is named in SOURCES.md."""
    sources_md = (PPU / "SOURCES.md").read_text(encoding="utf-8")
    for s in rows("schools.csv"):
        assert s["desa_code"].startswith(s["kecamatan_code"] + ".")
        off = km_outside(desa_shapes[s["desa_code"]], float(s["lon"]), float(s["lat"]))
        if s["npsn"] == SNAPPED_NPSN:
            assert 0 < off <= SNAP_MAX_KM
            assert s["npsn"] in sources_md and "outside" in s["source"]
        else:
            assert off == 0, s["name"]


def test_loader_accepts_the_folder() -> None:
    """planner.io.load reads the folder: 59 areas, the 50 schools plus 60 venues, the
    Dukcapil office as default base, estimate flags carried through."""
    data = load_kabupaten(PPU)
    assert len(data.areas) == 1 + 4 + 54
    assert len(data.venues) == 50 + 60
    assert data.venue(data.meta.default_base_venue).venue_type == "disdukcapil_office"
    assert not data.areas["64.09.01"].wktp_estimated
    assert data.areas["64.09.01.1009"].wktp_estimated


@pytest.mark.skipif(not SRC.is_dir(), reason=f"source folder {SRC} is not present")
def test_build_script_reproduces_the_folder_byte_for_byte(tmp_path: Path) -> None:
    """Re-running scripts/build_ppu_geodata.py on the sources writes exactly the committed
    files, byte for byte (the build is deterministic and the folder is not hand-edited);
    scenario.toml, the office's planning scenario, is written by hand and not built."""
    out = tmp_path / "ppu"
    subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--src", str(SRC), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    built = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    committed = {
        p.relative_to(PPU): p.read_bytes()
        for p in PPU.rglob("*")
        if p.is_file() and p.name != "scenario.toml"
    }
    assert sorted(built) == sorted(committed)
    for name, data in built.items():
        assert data == committed[name], f"{name} differs from a fresh build"
