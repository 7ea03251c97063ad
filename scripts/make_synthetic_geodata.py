"""Write small synthetic data folders (geodata/README.md format) for the pipeline tests.

Two made-up areas, each from a seeded random generator, so the folders are reproducible and
a test can rebuild and compare them byte for byte:

- `kota_sintetis` (code 99.71, a kota): 3 kecamatan of 4 kelurahan each (no desa), a Car Free
  Day on Sunday mornings and a market; compact (~10 km across);
- `kab_sintetis` (code 98.02, a kabupaten): 5 kecamatan in a column running ~130 km north of
  the Dukcapil office, 3 desa each (the seat of the first is a kelurahan), no public event;
  the far kecamatan cannot be visited on a day trip from the office.

Every figure and shape is invented; codes 99.71 and 98.02 do not exist. Run
`python scripts/make_synthetic_geodata.py` (default output: tests/data/).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from planner.io._population import POPULATION_COLUMNS
from planner.io._venues import SCHOOL_COLUMNS, VENUE_COLUMNS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "tests" / "data"
# The headers are the loader's own column definitions: one definition of the folder format.
VENUE_HEADER = list(VENUE_COLUMNS)
SCHOOL_HEADER = list(SCHOOL_COLUMNS)
POP_HEADER = list(POPULATION_COLUMNS)
NAMES = [
    "Mawar",
    "Melati",
    "Anggrek",
    "Kenanga",
    "Cempaka",
    "Dahlia",
    "Teratai",
    "Seroja",
    "Flamboyan",
    "Kamboja",
    "Tanjung",
    "Bakung",
    "Lili",
    "Asoka",
    "Menteng",
    "Sakura",
    "Kemuning",
    "Cendana",
    "Meranti",
    "Ulin",
    "Bangkirai",
    "Jati",
]


@dataclass(frozen=True)
class Spec:
    """One synthetic area: its code, kind, grid of kecamatan and what venues it has."""

    folder: str
    code: str
    name: str
    seed: int
    kecamatan: int
    desa_per_kecamatan: int
    kec_size: tuple[float, float]  # (width, height) in degrees
    column: bool  # kecamatan stacked north (True) or side by side (False)
    only_kelurahan: bool
    public_event: bool
    population: bool
    origin: tuple[float, float] = (116.30, -1.60)  # lon, lat of the south-west corner
    extra_area: dict[str, str] = field(default_factory=dict)


SPECS = (
    Spec(
        "kota_sintetis",
        "99.71",
        "Sintetis",
        seed=7,
        kecamatan=3,
        desa_per_kecamatan=4,
        kec_size=(0.04, 0.06),
        column=False,
        only_kelurahan=True,
        public_event=True,
        population=True,
    ),
    Spec(
        "kab_sintetis",
        "98.02",
        "Sintetis Utara",
        seed=11,
        kecamatan=5,
        desa_per_kecamatan=3,
        kec_size=(0.20, 0.24),
        column=True,
        only_kelurahan=False,
        public_event=False,
        population=False,
    ),
)


def _r(x: float) -> float:
    return round(float(x), 5)


def _box(x0: float, y0: float, x1: float, y1: float) -> dict[str, object]:
    ring = [[_r(x0), _r(y0)], [_r(x1), _r(y0)], [_r(x1), _r(y1)], [_r(x0), _r(y1)]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _collection(features: Sequence[tuple[dict[str, str], dict[str, object]]]) -> str:
    lines = [
        json.dumps({"type": "Feature", "properties": p, "geometry": g}, ensure_ascii=False)
        for p, g in features
    ]
    return '{\n"type": "FeatureCollection",\n"features": [\n' + ",\n".join(lines) + "\n]\n}\n"


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["true" if v is True else "false" if v is False else v for v in row])
    return buf.getvalue()


def build(spec: Spec) -> dict[str, str]:
    """Every file of the folder, by name."""
    rng = np.random.default_rng(spec.seed)
    lon0, lat0 = spec.origin
    w, h = spec.kec_size
    kab_feats, kec_feats, desa_feats = [], [], []
    pop_rows: list[list[object]] = []
    venues: list[list[object]] = []
    schools: list[list[object]] = []
    kab_wktp = kab_ikd = 0
    names = iter(NAMES)
    npsn = 69_000_000 + spec.seed * 1000
    for k in range(spec.kecamatan):
        kx = lon0 + (0 if spec.column else k * w)
        ky = lat0 + (k * h if spec.column else 0)
        kec_code = f"{spec.code}.{k + 1:02d}"
        kec_name = next(names)
        kec_feats.append(
            (
                {"code": kec_code, "name": kec_name, "parent_code": spec.code},
                _box(kx, ky, kx + w, ky + h),
            )
        )
        kec_wktp = kec_ikd = 0
        n = spec.desa_per_kecamatan
        cols = 2 if n % 2 == 0 else 1
        rows = n // cols
        dw, dh = w / cols, h / rows
        for d in range(n):
            kelurahan = spec.only_kelurahan or (k == 0 and d == 0)
            desa_code = f"{kec_code}.{(1001 if kelurahan else 2001) + d}"
            dx, dy = kx + (d % cols) * dw, ky + (d // cols) * dh
            desa_name = f"{kec_name} {'Kelurahan' if kelurahan else 'Desa'} {d + 1}"
            desa_feats.append(
                (
                    {
                        "code": desa_code,
                        "name": desa_name,
                        "parent_code": kec_code,
                        "desa_type": "kelurahan" if kelurahan else "desa",
                    },
                    _box(dx, dy, dx + dw, dy + dh),
                )
            )
            wktp = int(rng.integers(1500, 6000))
            ikd = int(wktp * rng.uniform(0.08, 0.2))
            kec_wktp += wktp
            kec_ikd += ikd
            pop_rows.append([desa_code, "desa", wktp, True, ikd, True, "synthetic"])

            def point(
                dx: float = dx, dy: float = dy, dw: float = dw, dh: float = dh
            ) -> tuple[float, float]:
                return (
                    _r(dy + dh * rng.uniform(0.3, 0.7)),
                    _r(dx + dw * rng.uniform(0.3, 0.7)),
                )

            lat, lon = point()
            office = "Kantor Lurah" if kelurahan else "Kantor Desa"
            venues.append(
                [
                    f"KD-{desa_code}",
                    "kantor_desa",
                    f"{office} {desa_name}",
                    kec_code,
                    desa_code,
                    lat,
                    lon,
                    True,
                    "Mon-Fri",
                    "08:00",
                    "14:00",
                    int(rng.integers(5, 15)),
                    True,
                    "synthetic",
                ]
            )
            if d == 0:
                lat, lon = point()
                venues.append(
                    [
                        f"KC-{kec_code}",
                        "kantor_camat",
                        f"Kantor Camat {kec_name}",
                        kec_code,
                        desa_code,
                        lat,
                        lon,
                        True,
                        "Mon-Fri",
                        "08:00",
                        "15:00",
                        int(rng.integers(15, 30)),
                        True,
                        "synthetic",
                    ]
                )
                if k == 0:
                    lat, lon = point()
                    venues.append(
                        [
                            "V-DUKCAPIL",
                            "disdukcapil_office",
                            f"Kantor Disdukcapil {spec.name}",
                            kec_code,
                            desa_code,
                            lat,
                            lon,
                            True,
                            "Mon-Fri",
                            "08:00",
                            "16:00",
                            30,
                            True,
                            "synthetic",
                        ]
                    )
                    if spec.public_event:
                        lat, lon = point()
                        venues.append(
                            [
                                "V-CFD",
                                "public_event",
                                f"Car Free Day {spec.name}",
                                kec_code,
                                desa_code,
                                lat,
                                lon,
                                True,
                                "Sun",
                                "06:00",
                                "09:00",
                                0,
                                False,
                                "synthetic",
                            ]
                        )
            if d == 1 and k == spec.kecamatan - 1:
                lat, lon = point()
                venues.append(
                    [
                        f"PASAR-{kec_code}",
                        "market",
                        f"Pasar {kec_name}",
                        kec_code,
                        desa_code,
                        lat,
                        lon,
                        True,
                        "Mon,Thu",
                        "07:00",
                        "11:00",
                        0,
                        False,
                        "synthetic",
                    ]
                )
            if d < 2:
                jenjang = "SMA" if d == 0 else ("SMK" if k % 2 else "SMP")
                lat, lon = point()
                npsn += 1
                schools.append(
                    [
                        npsn,
                        f"{jenjang}N {k + 1} {spec.name}",
                        jenjang,
                        "Negeri",
                        kec_code,
                        desa_code,
                        lat,
                        lon,
                        0 if jenjang == "SMP" else int(rng.integers(60, 220)),
                        True,
                        int(rng.integers(20, 50)),
                        True,
                        False,
                        "synthetic",
                    ]
                )
        pop_rows.append([kec_code, "kecamatan", kec_wktp, True, kec_ikd, True, "synthetic"])
        kab_wktp += kec_wktp
        kab_ikd += kec_ikd
    pop_rows.append([spec.code, "kabupaten", kab_wktp, False, kab_ikd, False, "synthetic"])
    order = {"kabupaten": 0, "kecamatan": 1, "desa": 2}
    pop_rows.sort(key=lambda r: (order[str(r[1])], str(r[0])))
    x1 = lon0 + (w if spec.column else spec.kecamatan * w)
    y1 = lat0 + (spec.kecamatan * h if spec.column else h)
    kab_feats.append(
        (
            {"code": spec.code, "name": spec.name, "parent_code": spec.code[:2]},
            _box(lon0, lat0, x1, y1),
        )
    )
    area = [
        f"# A made-up area for tests: scripts/make_synthetic_geodata.py (seed {spec.seed}).",
        f'code = "{spec.code}"',
        f'name = "{spec.name}"',
        'ikd_as_of = "2025-01"',
        'wktp_as_of = "2025-S1"',
        "target_rate = 0.20",
        "national_target_rate = 0.30",
        'default_base_venue = "V-DUKCAPIL"',
    ]
    if spec.population:
        area.append(f"population = {int(kab_wktp * 1.4)}")
    sources = (
        f"# Sources: {spec.folder} (synthetic test folder)\n\n"
        f"Every figure, name and shape here is made up by scripts/make_synthetic_geodata.py "
        f"(seed {spec.seed}).\nCode {spec.code} does not exist; the rectangles lie in Kalimantan "
        "Timur only so that they fall inside Indonesia.\n"
    )
    return {
        "area.toml": "\n".join(area) + "\n",
        "kabupaten.geojson": _collection(kab_feats),
        "kecamatan.geojson": _collection(kec_feats),
        "desa.geojson": _collection(desa_feats),
        "population.csv": _csv(POP_HEADER, pop_rows),
        "schools.csv": _csv(SCHOOL_HEADER, schools),
        "venues.csv": _csv(VENUE_HEADER, venues),
        "SOURCES.md": sources,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="parent folder to write")
    args = parser.parse_args(argv)
    for spec in SPECS:
        folder = Path(args.out) / spec.folder
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in build(spec).items():
            (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
