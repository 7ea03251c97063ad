"""Write a seeded synthetic large kabupaten in the documented data-folder format.

The month engine's scale benchmark (benchmarks/scale.py) plans it; `ikd-planner plan --data
DIR --scenario DIR.toml` runs it like any kabupaten. Nothing is hand-picked: the layout is a
grid of desa cells over a square of about `--area-km2` km², each desa with its kantor desa and
one school at seeded random points inside its cell, kecamatan as blocks of cells, and counts
drawn from seeded distributions shaped like PPU's (geodata/ppu: WKTP per desa in the low
thousands, IKD around 14 %, 40–250 grade-XII students per SMA/SMK). The Dukcapil office (the
teams' base) sits at the centre.

    .venv/bin/python scripts/make_synthetic_kabupaten.py OUT_DIR [--desa 250] [--schools 250]
        [--area-km2 25000] [--teams 8] [--seed 7]

Writes OUT_DIR/ (area.toml, boundaries, population.csv, schools.csv, venues.csv, SOURCES.md)
and OUT_DIR.toml next to it (a scenario: `--teams` teams, ≤ 5 stops a day, 60-minute visits).
Refuses to write into an existing non-empty folder it did not create.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import shutil
import tempfile
from pathlib import Path

import numpy as np
from shapely.geometry import Polygon, box, mapping
from shapely.ops import unary_union

from planner.io._population import POPULATION_COLUMNS
from planner.io._venues import SCHOOL_COLUMNS, VENUE_COLUMNS

KAB = "98.01"
LAT0, LON0 = -1.0, 116.5  # an inland point of Kalimantan Timur (for realistic latitudes)
KM_PER_DEG_LAT = 111.32


def _box(lon0: float, lat0: float, lon1: float, lat1: float) -> dict[str, object]:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _cell(lat_top: float, lon_left: float, dlat: float, dlon: float, r: int, c: int) -> Polygon:
    return box(
        lon_left + c * dlon, lat_top - (r + 1) * dlat, lon_left + (c + 1) * dlon, lat_top - r * dlat
    )


def _feature(props: dict[str, object], geom: dict[str, object]) -> dict[str, object]:
    return {"type": "Feature", "properties": props, "geometry": geom}


def _write_geojson(path: Path, features: list[dict[str, object]]) -> None:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def build(out: Path, *, n_desa: int, n_schools: int, area_km2: float, seed: int) -> None:
    """Write the data folder into `out` (which must not exist)."""
    rng = np.random.default_rng(seed)
    side = math.ceil(math.sqrt(n_desa))
    cells = [(r, c) for r in range(side) for c in range(side)][:n_desa]
    km = math.sqrt(area_km2)
    dlat = km / KM_PER_DEG_LAT / side
    dlon = km / (KM_PER_DEG_LAT * math.cos(math.radians(LAT0))) / side
    lat_top = LAT0 + dlat * side / 2
    lon_left = LON0 - dlon * side / 2
    # kecamatan: blocks of about 4 × 3 cells
    kb_c, kb_r = 4, 3
    kec_of: dict[tuple[int, int], str] = {}
    kec_cells: dict[str, list[tuple[int, int]]] = {}
    for r, c in cells:
        key = (r // kb_r, c // kb_c)
        code = f"{KAB}.{key[0] * 10 + key[1] + 1:02d}"
        kec_of[(r, c)] = code
        kec_cells.setdefault(code, []).append((r, c))
    out.mkdir(parents=True)
    desa_feats, kec_feats = [], []
    pop_rows: list[list[object]] = []
    venues: list[list[object]] = []
    schools: list[list[object]] = []
    wktp_kec: dict[str, int] = {}
    ikd_kec: dict[str, int] = {}
    n_in_kec: dict[str, int] = {}
    desa_list = []
    for r, c in cells:
        kec = kec_of[(r, c)]
        n_in_kec[kec] = n_in_kec.get(kec, 0) + 1
        code = f"{kec}.{2000 + n_in_kec[kec]}"
        lat1, lat0 = lat_top - r * dlat, lat_top - (r + 1) * dlat
        lon0, lon1 = lon_left + c * dlon, lon_left + (c + 1) * dlon
        desa_feats.append(
            _feature(
                {
                    "code": code,
                    "name": f"Desa {code[-4:]} {kec[-2:]}",
                    "parent_code": kec,
                    "desa_type": "desa",
                },
                _box(lon0, lat0, lon1, lat1),
            )
        )
        wktp = int(np.clip(rng.lognormal(math.log(1800), 0.5), 300, 9000))
        ikd = int(wktp * rng.uniform(0.08, 0.2))
        wktp_kec[kec] = wktp_kec.get(kec, 0) + wktp
        ikd_kec[kec] = ikd_kec.get(kec, 0) + ikd
        pop_rows.append([code, "desa", wktp, "true", ikd, "true", "synthetic (seeded)"])
        desa_list.append((code, kec, lat0, lat1, lon0, lon1))
        lat = rng.uniform(lat0 + 0.15 * dlat, lat1 - 0.15 * dlat)
        lon = rng.uniform(lon0 + 0.15 * dlon, lon1 - 0.15 * dlon)
        venues.append(
            [
                f"KD-{code}",
                "kantor_desa",
                f"Kantor Desa {code[-4:]}",
                kec,
                code,
                round(lat, 6),
                round(lon, 6),
                "true",
                "Mon-Fri",
                "08:00",
                "15:00",
                int(rng.integers(5, 15)),
                "true",
                "synthetic (seeded)",
            ]
        )
    for i in range(n_schools):
        code, kec, lat0, lat1, lon0, lon1 = desa_list[i % len(desa_list)]
        jenjang = str(rng.choice(["SMA", "SMK", "SMP"], p=[0.4, 0.3, 0.3]))
        students = 0 if jenjang == "SMP" else int(rng.integers(40, 250))
        npsn = f"{90000000 + i:08d}"
        schools.append(
            [
                npsn,
                f"{jenjang} Sintetis {i + 1}",
                jenjang,
                "Negeri",
                kec,
                code,
                round(float(rng.uniform(lat0 + 0.1 * dlat, lat1 - 0.1 * dlat)), 6),
                round(float(rng.uniform(lon0 + 0.1 * dlon, lon1 - 0.1 * dlon)), 6),
                students,
                "true",
                int(rng.integers(15, 60)),
                "true",
                "false",
                "synthetic (seeded)",
            ]
        )
    for kec, cl in kec_cells.items():
        block = unary_union([_cell(lat_top, lon_left, dlat, dlon, r, c) for r, c in cl])
        kec_feats.append(
            _feature(
                {"code": kec, "name": f"Kecamatan {kec[-2:]}", "parent_code": KAB},
                mapping(block),
            )
        )
        pop_rows.append(
            [
                kec,
                "kecamatan",
                wktp_kec[kec],
                "true",
                ikd_kec[kec],
                "true",
                "synthetic (sum of desa)",
            ]
        )
    kab = unary_union([_cell(lat_top, lon_left, dlat, dlon, r, c) for r, c in cells])
    _write_geojson(
        out / "kabupaten.geojson",
        [_feature({"code": KAB, "name": "Sintetis Besar", "parent_code": ""}, mapping(kab))],
    )
    _write_geojson(out / "kecamatan.geojson", kec_feats)
    _write_geojson(out / "desa.geojson", desa_feats)
    pop_rows.insert(
        0,
        [
            KAB,
            "kabupaten",
            sum(wktp_kec.values()),
            "true",
            sum(ikd_kec.values()),
            "true",
            "synthetic (sum of kecamatan)",
        ],
    )
    _write_csv(
        out / "population.csv",
        list(POPULATION_COLUMNS),
        pop_rows,
    )
    all_lat = [lat_top - side * dlat, lat_top]
    all_lon = [lon_left, lon_left + side * dlon]
    centre = desa_list[
        min(
            range(len(desa_list)),
            key=lambda k: (
                abs((desa_list[k][2] + desa_list[k][3]) / 2 - sum(all_lat) / 2)
                + abs((desa_list[k][4] + desa_list[k][5]) / 2 - sum(all_lon) / 2)
            ),
        )
    ]
    venues.insert(
        0,
        [
            "V-DUKCAPIL",
            "disdukcapil_office",
            "Kantor Dinas Dukcapil (sintetis)",
            centre[1],
            centre[0],
            round((centre[2] + centre[3]) / 2, 6),
            round((centre[4] + centre[5]) / 2, 6),
            "true",
            "Mon-Fri",
            "08:00",
            "16:00",
            40,
            "true",
            "synthetic (seeded)",
        ],
    )
    _write_csv(
        out / "venues.csv",
        list(VENUE_COLUMNS),
        venues,
    )
    _write_csv(
        out / "schools.csv",
        list(SCHOOL_COLUMNS),
        schools,
    )
    (out / "area.toml").write_text(
        f"# Synthetic large kabupaten (scripts/make_synthetic_kabupaten.py, seed {seed}).\n"
        f'code = "{KAB}"\nname = "Sintetis Besar"\nikd_as_of = "2025-01"\n'
        'wktp_as_of = "2025-S1"\ntarget_rate = 0.20\nnational_target_rate = 0.30\n'
        'default_base_venue = "V-DUKCAPIL"\n',
        encoding="utf-8",
    )
    (out / "SOURCES.md").write_text(
        "# Sources\n\nEverything here is synthetic, drawn by "
        f"`scripts/make_synthetic_kabupaten.py` with seed {seed}: {n_desa} desa on a grid over "
        f"about {area_km2:,.0f} km², one kantor desa per desa, {n_schools} schools, counts "
        "from seeded distributions. No real place or person.\n",
        encoding="utf-8",
    )


def scenario_text(teams: int, stops: int = 5, service_min: int = 60) -> str:
    """The scale benchmark's scenario: `teams` teams, ≤ `stops` stops, visits of `service_min`."""
    kinds = ("school", "school_smp", "kantor_desa", "kantor_camat", "market")
    lines = [
        'name = "synthetic-large"',
        f'description = "{teams} teams, at most {stops} stops a day, {service_min}-minute visits"',
    ]
    for i in range(teams):
        lines += ["[[teams]]", f'name = "Tim {i + 1}"', "officers = 3"]
    lines += ["[visits]", f"max_stops_per_day = {stops}", "[visits.service_min]"]
    lines += [f"{k} = {service_min}" for k in kinds]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--desa", type=int, default=250)
    ap.add_argument("--schools", type=int, default=250)
    ap.add_argument("--area-km2", type=float, default=25_000.0)
    ap.add_argument("--teams", type=int, default=8)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} exists and is not empty: choose a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.tmp-") as tmp:
        staged = Path(tmp) / "data"
        build(
            staged, n_desa=args.desa, n_schools=args.schools, area_km2=args.area_km2, seed=args.seed
        )
        if out.exists():
            out.rmdir()
        shutil.move(str(staged), str(out))
    out.with_suffix(".toml").write_text(scenario_text(args.teams), encoding="utf-8")
    print(f"wrote {out}/ and {out.with_suffix('.toml')}")


if __name__ == "__main__":
    main()
