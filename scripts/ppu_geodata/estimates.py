"""Estimate every figure no source gives (WKTP/IKD per desa, grade XII and staff per school,
office locations), with exact fractions and largest-remainder rounding so re-runs match."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from shapely.geometry import Point

from ppu_geodata.facts import (
    APS_16_18_KALTIM,
    GRADE12_WEIGHT_NEGERI,
    GRADE12_WEIGHT_SLB,
    GRADE12_WEIGHT_SWASTA,
    IKD_ACTIVE_JAN_2025,
    IKNPOS,
    KAB_CODE,
    KAB_NAME,
    KECAMATAN_SEATS,
    KELURAHAN_FACTOR,
    MADRASAH_SHARE,
    METRO,
    OFFICE_STAFF,
    ONE_AGE_YEAR_SHARE,
    STAFF_BY_JENJANG,
    STAFF_SWASTA_FACTOR,
)
from ppu_geodata.readers import geodesic_m
from ppu_geodata.records import Area, PopRow, PopulationFacts, School, SchoolRow, VenueRow


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
        else "location estimate: Penajam seat point (Wikipedia 'Penajam', venues_ppu V04), "
        "the same point as V-DUKCAPIL (venues_ppu V02 gives no coordinate)"
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
