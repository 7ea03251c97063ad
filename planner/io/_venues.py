"""Turn the rows of `schools.csv` and `venues.csv` into `Venue`s.

Schools become venues with id `S<npsn>` and the kind whose `jenjang` matches (see
`planner.venue_kinds`); a venues.csv row takes any other registered kind. Schools have no window
column: they get the default visit window below, Monday–Friday 07:30–14:00 local time. That is
the planner's assumption of when classes are on and grade-XII students and teachers can be
reached, inside the five-day school week of Permendikbud 23/2017 (8 hours a day). School
coordinates come from the
national school register, so `coord_estimated` is False; a doubtful one is marked with
`check_coords`. Venues of venues.csv carry their own window, coordinates flag and staff.
"""

from __future__ import annotations

from datetime import time

from planner import venue_kinds
from planner.domain import Venue
from planner.i18n import Message
from planner.io._cells import (
    NPSN_PATTERN,
    parse_bool,
    parse_count,
    parse_days,
    parse_degrees,
    parse_hhmm,
    parse_text,
    shown,
)
from planner.io._csv import Row, Table
from planner.io.cross_checks import Places
from planner.io.errors import Findings

SCHOOLS_CSV = "schools.csv"
VENUES_CSV = "venues.csv"

SCHOOL_COLUMNS = (
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
VENUE_COLUMNS = (
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

#: Default visit window of a school: Monday–Friday (0–4), 07:30–14:00 local time.
SCHOOL_OPEN_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4)
SCHOOL_OPEN_TIME = time(7, 30)
SCHOOL_CLOSE_TIME = time(14, 0)

SCHOOL_STATUSES = ("Negeri", "Swasta")


def jenjang_kinds() -> dict[str, str]:
    """Jenjang of schools.csv (upper case) → venue kind id, from the registered kinds."""
    return {k.jenjang: k.id for k in venue_kinds.all_kinds() if k.jenjang is not None}


def venue_file_kinds() -> tuple[str, ...]:
    """The `venue_type` values venues.csv accepts: every registered kind that is not a school."""
    return tuple(k.id for k in venue_kinds.all_kinds() if not k.is_school)


def _place(f: Findings, file: str, r: Row, places: Places) -> tuple[str, str, float, float] | None:
    """kecamatan_code, desa_code, lat, lon of a row, checked; None after reporting."""
    kec = parse_text(f, file, r.number, "kecamatan_code", r["kecamatan_code"])
    desa = parse_text(f, file, r.number, "desa_code", r["desa_code"])
    lat = parse_degrees(f, file, r.number, "lat", r["lat"])
    lon = parse_degrees(f, file, r.number, "lon", r["lon"])
    if kec is None or desa is None:
        return None
    codes_ok = places.check_codes(f, file, r.number, kec, desa)
    if lat is None or lon is None:
        return None
    if not places.check_point(f, file, r.number, lat, lon, kec) or not codes_ok:
        return None
    return kec, desa, lat, lon


def _new_id(
    f: Findings, file: str, row: int, col: str, venue_id: str, seen_ids: dict[str, Message]
) -> bool:
    """Record `venue_id`; report and return False when an earlier row already used it."""
    if venue_id in seen_ids:
        f.error(
            file, row, col, Message.of("err.repeats_venue", id=venue_id, first=seen_ids[venue_id])
        )
        return False
    seen_ids[venue_id] = Message.of("io.at_row", file=file, row=str(row))
    return True


def parse_schools(
    table: Table, places: Places, seen_ids: dict[str, Message], f: Findings
) -> list[Venue]:
    """Schools as venues; bad rows are reported and left out. `seen_ids` collects the venue
    ids used so far (id → where), shared with `parse_venues` to keep ids unique."""
    file = table.file
    out: list[Venue] = []
    for r in table:
        before = f.error_count()
        npsn = r["npsn"]
        if NPSN_PATTERN.fullmatch(npsn) is None:
            f.error(file, r.number, "npsn", Message.of("err.not_npsn", value=shown(npsn)))
        name = parse_text(f, file, r.number, "name", r["name"])
        jenjang = jenjang_kinds()
        kind = jenjang.get(r["jenjang"].upper())
        if kind is None:
            f.error(
                file,
                r.number,
                "jenjang",
                Message.of("err.not_jenjang", value=shown(r["jenjang"]), choices="/".join(jenjang)),
            )
        if r["status"].capitalize() not in SCHOOL_STATUSES:
            f.error(
                file, r.number, "status", Message.of("err.not_status", value=shown(r["status"]))
            )
        students = parse_count(f, file, r.number, "students_grade12", r["students_grade12"])
        students_est = parse_bool(
            f, file, r.number, "students_grade12_estimated", r["students_grade12_estimated"]
        )
        staff = parse_count(f, file, r.number, "staff", r["staff"])
        staff_est = parse_bool(f, file, r.number, "staff_estimated", r["staff_estimated"])
        check = parse_bool(f, file, r.number, "check_coords", r["check_coords"])
        place = _place(f, file, r, places)
        if (
            f.error_count() != before
            or name is None
            or kind is None
            or students is None
            or students_est is None
            or staff is None
            or staff_est is None
            or check is None
            or place is None
        ):
            continue
        if not venue_kinds.kind(kind).students and students > 0:
            jj = r["jenjang"].upper()
            f.warn(
                file,
                r.number,
                "students_grade12",
                Message.of("warn.no_grade12", jenjang=jj, students=students),
            )
            students = 0
        if not _new_id(f, file, r.number, "npsn", f"S{npsn}", seen_ids):
            continue
        kec, desa, lat, lon = place
        out.append(
            Venue(
                venue_id=f"S{npsn}",
                venue_type=kind,
                name=name,
                kecamatan_code=kec,
                desa_code=desa,
                lat=lat,
                lon=lon,
                coord_estimated=False,
                open_days=SCHOOL_OPEN_DAYS,
                open_time=SCHOOL_OPEN_TIME,
                close_time=SCHOOL_CLOSE_TIME,
                students_grade12=students,
                students_estimated=students_est,
                staff=staff,
                staff_estimated=staff_est,
                check_coords=check,
                source=r["source"],
            )
        )
    return out


def parse_venues(
    table: Table, places: Places, seen_ids: dict[str, Message], f: Findings
) -> list[Venue]:
    """Offices, events and markets as venues; bad rows are reported and left out."""
    file = table.file
    out: list[Venue] = []
    for r in table:
        before = f.error_count()
        venue_id = parse_text(f, file, r.number, "venue_id", r["venue_id"])
        type_text = r["venue_type"].lower()
        accepted = venue_file_kinds()
        kind = type_text if type_text in accepted else None
        if kind is None:
            f.error(
                file,
                r.number,
                "venue_type",
                Message.of(
                    "err.not_venue_type", value=shown(r["venue_type"]), choices=", ".join(accepted)
                ),
            )
        name = parse_text(f, file, r.number, "name", r["name"])
        coord_est = parse_bool(f, file, r.number, "coord_estimated", r["coord_estimated"])
        days = parse_days(f, file, r.number, "open_days", r["open_days"])
        opens = parse_hhmm(f, file, r.number, "open_time", r["open_time"])
        closes = parse_hhmm(f, file, r.number, "close_time", r["close_time"])
        if opens is not None and closes is not None and closes <= opens:
            f.error(
                file,
                r.number,
                "close_time",
                Message.of(
                    "err.close_before_open", closes=f"{closes:%H:%M}", opens=f"{opens:%H:%M}"
                ),
            )
        staff = parse_count(f, file, r.number, "staff", r["staff"])
        staff_est = parse_bool(f, file, r.number, "staff_estimated", r["staff_estimated"])
        place = _place(f, file, r, places)
        if (
            f.error_count() != before
            or venue_id is None
            or kind is None
            or name is None
            or coord_est is None
            or days is None
            or opens is None
            or closes is None
            or staff is None
            or staff_est is None
            or place is None
        ):
            continue
        if not _new_id(f, file, r.number, "venue_id", venue_id, seen_ids):
            continue
        kec, desa, lat, lon = place
        out.append(
            Venue(
                venue_id=venue_id,
                venue_type=kind,
                name=name,
                kecamatan_code=kec,
                desa_code=desa,
                lat=lat,
                lon=lon,
                coord_estimated=coord_est,
                open_days=days,
                open_time=opens,
                close_time=closes,
                staff=staff,
                staff_estimated=staff_est,
                source=r["source"],
            )
        )
    return out
