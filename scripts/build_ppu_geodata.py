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
from collections.abc import Sequence
from pathlib import Path

from ppu_geodata.estimates import population_rows, school_rows, venue_rows
from ppu_geodata.facts import KAB_CODE
from ppu_geodata.readers import (
    place_schools,
    read_desa_points,
    read_layer,
    read_population,
    read_reference_points,
)
from ppu_geodata.records import BuildResult
from ppu_geodata.sources import alt_readme, licenses_md, sources_md
from ppu_geodata.writers import (
    area_toml,
    geojson_text,
    population_csv,
    schools_csv,
    venues_csv,
    write_atomic,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = REPO_ROOT.parent / "shared" / "geodata-src"
DEFAULT_OUT = REPO_ROOT / "geodata" / "ppu"


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
