"""Load and validate one kabupaten data folder (format: geodata/README.md).

`load_kabupaten` is the only code in the project that reads data files. It reads every file,
collects every problem (each naming file, row and field), and either returns a validated
`KabupatenData` with the non-fatal warnings or raises one `DataValidationError` listing all
problems. It only ever opens files for reading, so a folder is never changed, even when it is
refused.

Order: area.toml, the three boundary files, population.csv (+ population_actual.csv), schools
and venues. A check that needs another file is skipped when that file had errors of its own
(see `cross_checks`). Real figures of population_actual.csv are applied only to a clean
population.csv and clean boundary files.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from planner.domain import Area, KabupatenData, Level, Venue
from planner.i18n import Message
from planner.io._boundaries import BoundaryLayer, read_layer
from planner.io._csv import read_table
from planner.io._meta import AREA_TOML, read_area_toml
from planner.io._population import (
    ACTUAL_COLUMNS,
    ACTUAL_CSV,
    POPULATION_COLUMNS,
    POPULATION_CSV,
    Counts,
    apply_actual,
    parse_actual,
    parse_population,
)
from planner.io._venues import (
    SCHOOL_COLUMNS,
    SCHOOLS_CSV,
    VENUE_COLUMNS,
    VENUES_CSV,
    parse_schools,
    parse_venues,
)
from planner.io.cross_checks import Places, check_hierarchy, check_population_codes, check_sums
from planner.io.errors import Findings
from planner.io.personal_screen import screen_folder
from planner.io.size_guard import check_size

BOUNDARY_FILES: dict[Level, str] = {
    Level.KABUPATEN: "kabupaten.geojson",
    Level.KECAMATAN: "kecamatan.geojson",
    Level.DESA: "desa.geojson",
}
SOURCES_MD = "SOURCES.md"


def load_kabupaten(data_dir: Path) -> KabupatenData:
    """Read and validate the folder `data_dir`; raise `DataValidationError` on any problem.

    Schools become venues `S<npsn>` with the default school window (see `_venues`); the
    returned `warnings` list repaired geometries, points outside the outline, sums that do
    not add up and the like, one message each.
    """
    data_dir = Path(data_dir)
    f = Findings()
    if not data_dir.is_dir():
        f.error(str(data_dir), None, None, Message.of("err.not_folder"))
        f.raise_if_errors()
    check_size(data_dir, f)
    f.raise_if_errors()
    meta = read_area_toml(data_dir, f)
    kab_code = meta.code if meta is not None else None

    layers: dict[Level, BoundaryLayer | None] = {}
    for level, file in BOUNDARY_FILES.items():
        before = f.error_count(file)
        layer = read_layer(data_dir / file, level, f)
        layers[level] = layer if f.error_count(file) == before else None
    check_hierarchy(
        kab_code, layers[Level.KABUPATEN], layers[Level.KECAMATAN], layers[Level.DESA], f
    )

    areas, ikd_as_of = _read_areas(data_dir, layers, kab_code, f)
    if meta is not None and ikd_as_of:
        # a newer official kabupaten figure: the campaign ledger counts from its date
        meta = dataclasses.replace(meta, ikd_as_of=ikd_as_of)

    kab_layer = layers[Level.KABUPATEN]
    kec_layer, desa_layer = layers[Level.KECAMATAN], layers[Level.DESA]
    places = Places(
        kecamatan=kec_layer.by_code() if kec_layer is not None else None,
        desa=desa_layer.by_code() if desa_layer is not None else None,
        outline=kab_layer.features[0].geometry if kab_layer is not None else None,
    )
    seen_ids: dict[str, Message] = {}
    venues: list[Venue] = []
    schools_table = read_table(data_dir / SCHOOLS_CSV, SCHOOL_COLUMNS, f, blank_means_empty=True)
    if schools_table is not None:
        venues += parse_schools(schools_table, places, seen_ids, f)
    before = f.error_count(VENUES_CSV)
    venues_table = read_table(data_dir / VENUES_CSV, VENUE_COLUMNS, f)
    if venues_table is not None:
        venues += parse_venues(venues_table, places, seen_ids, f)
    venues_clean = venues_table is not None and f.error_count(VENUES_CSV) == before
    if meta is not None and venues_clean and meta.default_base_venue not in seen_ids:
        f.error(
            AREA_TOML,
            None,
            "default_base_venue",
            Message.of("err.base_not_venue", value=repr(meta.default_base_venue), file=VENUES_CSV),
        )
    if meta is not None:
        _warn_venues_at_the_base(venues, meta.default_base_venue, f)
    known = {POPULATION_CSV, ACTUAL_CSV, SCHOOLS_CSV, VENUES_CSV, *BOUNDARY_FILES.values()}
    screen_folder(data_dir, f, header_checked=known)
    if not (data_dir / SOURCES_MD).is_file():
        f.warn(SOURCES_MD, None, None, Message.of("warn.sources_missing"))

    f.raise_if_errors()
    assert meta is not None and kab_layer is not None
    assert kec_layer is not None and desa_layer is not None
    return KabupatenData(
        meta=meta,
        kabupaten=kab_layer.frame,
        kecamatan=kec_layer.frame,
        desa=desa_layer.frame,
        areas=areas,
        venues=tuple(venues),
        source_dir=str(data_dir.resolve()),
        warnings=f.warning_texts(),
    )


def _warn_venues_at_the_base(venues: list[Venue], base_id: str, f: Findings) -> None:
    """A venue at exactly the base's point (an event placed at the office for want of its
    own location) is kept, but the office is told: its day has no drive and one map point."""
    base = next((v for v in venues if v.venue_id == base_id), None)
    if base is None:
        return
    for v in venues:
        if v.venue_id != base.venue_id and (v.lat, v.lon) == (base.lat, base.lon):
            f.warn(
                SCHOOLS_CSV if v.kind.is_school else VENUES_CSV,
                None,
                "lat",
                Message.of("warn.at_base", venue=v.venue_id, base=base.venue_id),
            )


def _read_areas(
    data_dir: Path,
    layers: dict[Level, BoundaryLayer | None],
    kab_code: str | None,
    f: Findings,
) -> tuple[dict[str, Area], str | None]:
    """Population counts joined to the boundary features, real figures applied; {} when a
    file they need had errors (those errors are in `f`). Also the `as_of` of a real kabupaten
    IKD-active figure in population_actual.csv, if one is given."""
    before = f.error_count(POPULATION_CSV)
    table = read_table(data_dir / POPULATION_CSV, POPULATION_COLUMNS, f)
    counts: dict[str, Counts] = {}
    if table is not None:
        counts = parse_population(table, f)
        listed = {r["code"] for r in table}
        check_population_codes(counts, listed, layers, kab_code, f)
    actual_table = read_table(data_dir / ACTUAL_CSV, ACTUAL_COLUMNS, f, optional_file=True)
    actual = parse_actual(actual_table, f) if actual_table is not None else []
    kab, kec, desa = layers[Level.KABUPATEN], layers[Level.KECAMATAN], layers[Level.DESA]
    clean = table is not None and f.error_count(POPULATION_CSV) == before
    if not clean or kab is None or kec is None or desa is None:
        return {}, None
    children: dict[str, tuple[str, ...]] = {}
    for layer in (kec, desa):
        for feat in layer.features:
            children[feat.parent_code] = (*children.get(feat.parent_code, ()), feat.code)
    top_down = [kab.features[0].code, *(feat.code for feat in kec.features)]
    counts = apply_actual(counts, children, top_down, actual, f)

    features = {**kab.by_code(), **kec.by_code(), **desa.by_code()}
    areas: dict[str, Area] = {}
    for code, c in counts.items():
        area_feat = features.get(code)
        if area_feat is None:
            continue
        parent = area_feat.parent_code or (code[:2] if c.level == Level.KABUPATEN else "")
        areas[code] = Area(
            code=code,
            name=area_feat.name,
            level=c.level,
            parent_code=parent,
            wktp=c.wktp,
            wktp_estimated=c.wktp_estimated,
            ikd_active=c.ikd_active,
            ikd_active_estimated=c.ikd_active_estimated,
            desa_type=area_feat.desa_type,
            area_km2=round(area_feat.area_km2, 3),
        )
    check_sums(areas, f)
    kab_as_of = next(
        (a.as_of for a in actual if a.code == kab_code and a.ikd_active is not None and a.as_of),
        None,
    )
    return areas, kab_as_of
