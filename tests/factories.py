"""Tiny hand-made kabupaten for engine tests, built in memory (no files)."""

from __future__ import annotations

from datetime import time

import geopandas as gpd
from shapely.geometry import box

from planner.domain import Area, AreaMeta, KabupatenData, Level, Venue

WEEK = (0, 1, 2, 3, 4)


def tiny_kabupaten(
    *, n_desa: int = 4, schools_per_desa: int = 1, with_event: bool = True
) -> KabupatenData:
    """A 1-kecamatan kabupaten near Penajam: desa in a row 0.03° (~3.3 km) apart.

    Each desa has a kantor desa and `schools_per_desa` SMA; the base is the Dukcapil office at
    the west end; an optional Saturday event sits next to the base.
    """
    lon0, lat0 = 116.70, -1.30
    kab_code, kec_code = "99.01", "99.01.01"
    areas: dict[str, Area] = {}
    desa_rows = []
    venues: list[Venue] = [
        Venue(
            "BASE",
            "disdukcapil_office",
            "Kantor Dukcapil",
            kec_code,
            f"{kec_code}.2001",
            lat0,
            lon0,
            True,
            WEEK,
            time(8),
            time(16),
            staff=40,
        )
    ]
    wktp_total = 0
    for i in range(n_desa):
        code = f"{kec_code}.{2001 + i}"
        lon = lon0 + 0.03 * i
        geom = box(lon - 0.015, lat0 - 0.015, lon + 0.015, lat0 + 0.015)
        wktp = 2000 + 500 * i
        wktp_total += wktp
        areas[code] = Area(
            code,
            f"Desa {i + 1}",
            Level.DESA,
            kec_code,
            wktp,
            True,
            int(wktp * 0.14),
            True,
            "desa",
            10.0,
        )
        desa_rows.append(
            {"code": code, "name": f"Desa {i + 1}", "parent_code": kec_code, "geometry": geom}
        )
        venues.append(
            Venue(
                f"KD-{code}",
                "kantor_desa",
                f"Kantor Desa {i + 1}",
                kec_code,
                code,
                lat0 + 0.002,
                lon,
                True,
                WEEK,
                time(8),
                time(15),
                staff=8,
                staff_estimated=True,
            )
        )
        for k in range(schools_per_desa):
            venues.append(
                Venue(
                    f"S{i}{k}",
                    "school_sma",
                    f"SMA {i + 1}.{k + 1}",
                    kec_code,
                    code,
                    lat0 - 0.004 - 0.002 * k,
                    lon + 0.003,
                    False,
                    WEEK,
                    time(7, 30),
                    time(14),
                    students_grade12=150,
                    students_estimated=True,
                    staff=30,
                    staff_estimated=True,
                )
            )
    if with_event:
        venues.append(
            Venue(
                "CFD",
                "public_event",
                "Car Free Day",
                kec_code,
                f"{kec_code}.2001",
                lat0 + 0.001,
                lon0 + 0.001,
                True,
                (5,),
                time(6),
                time(9),
            )
        )
    ikd_total = sum(a.ikd_active for a in areas.values())
    areas[kec_code] = Area(
        kec_code, "Kecamatan Uji", Level.KECAMATAN, kab_code, wktp_total, False, ikd_total, True
    )
    areas[kab_code] = Area(
        kab_code, "Kabupaten Uji", Level.KABUPATEN, "99", wktp_total, False, ikd_total, False
    )
    desa = gpd.GeoDataFrame(desa_rows, crs="EPSG:4326")
    kec = gpd.GeoDataFrame(
        [
            {
                "code": kec_code,
                "name": "Kecamatan Uji",
                "parent_code": kab_code,
                "geometry": desa.union_all(),
            }
        ],
        crs="EPSG:4326",
    )
    kab = gpd.GeoDataFrame(
        [
            {
                "code": kab_code,
                "name": "Kabupaten Uji",
                "parent_code": "99",
                "geometry": desa.union_all(),
            }
        ],
        crs="EPSG:4326",
    )
    meta = AreaMeta(kab_code, "Kabupaten Uji", "2025-01", "2025-S1", 0.20, 0.30, "BASE")
    return KabupatenData(meta, kab, kec, desa, areas, tuple(venues), "tests:tiny")
