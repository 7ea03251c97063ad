"""Labels of every rendered file in Bahasa Indonesia (default) and English.

Field teams read these files, so Bahasa Indonesia is the default; `lang="en"` serves
partners and reviewers. Numbers follow the language: `1.234,5` in Indonesian, `1,234.5` in
English. Keys are shared by both tables so a missing translation fails the tests, not a user.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

from planner import venue_kinds

Lang = Literal["id", "en"]
LANGS: Final[tuple[Lang, ...]] = ("id", "en")

_ID: Final[dict[str, str]] = {
    # schedule columns and common words
    "date": "Tanggal",
    "day": "Hari",
    "team": "Tim",
    "stop": "No.",
    "venue": "Lokasi",
    "venue_id": "Kode lokasi",
    "venue_type": "Jenis",
    "kecamatan": "Kecamatan",
    "desa": "Desa/Kel.",
    "lat": "Lintang",
    "lon": "Bujur",
    "arrive": "Tiba",
    "start": "Mulai",
    "end": "Selesai",
    "travel_min": "Perjalanan (menit)",
    "expected": "Perkiraan aktivasi",
    "expected_short": "Perkiraan",
    "p10": "P10",
    "p90": "P90",
    "p10_p90": "rentang P10–P90",
    "actual": "Aktivasi aktual (isi tangan)",
    "actual_short": "Aktual",
    "route_link": "Rute",
    "open_route": "Buka rute",
    "window": "Jam buka",
    "officers": "Petugas",
    "depart": "Berangkat",
    "return": "Kembali",
    "back_to_base": "Kembali ke basis",
    "from_base": "dari basis",
    "base": "Basis tim",
    "total": "Jumlah",
    "visits": "Kunjungan",
    "team_days": "Hari-tim",
    "minutes": "menit",
    "estimated": "perkiraan",
    "estimated_mark_note": "* = angka perkiraan (bukan angka resmi)",
    "coord_estimated": "koordinat perkiraan",
    "pool": "Warga yang bisa dijangkau",
    "fixed": "jadwal tetap",
    "not_scheduled": "Tidak dijadwalkan",
    "reason": "Alasan",
    "visited_on": "Dikunjungi",
    # workbook
    "summary_sheet": "Ringkasan",
    "plan_title": "Rencana kunjungan aktivasi IKD",
    "kabupaten": "Kabupaten",
    "month": "Bulan",
    "expected_total": "Perkiraan aktivasi (bulan ini)",
    "upper_bound": "Batas atas (bukti solver)",
    "gap": "Selisih dari batas atas",
    "baseline": "Pembanding greedy",
    "wktp": "Wajib KTP (WKTP)",
    "ikd_before": "IKD aktif sebelum",
    "rate_before": "Tingkat IKD sebelum",
    "rate_after": "Tingkat IKD sesudah rencana",
    "target_rate": "Target",
    "months_to_target": "Bulan hingga target dengan laju ini",
    "staff_days": "Hari-petugas",
    "travel_km": "Jarak tempuh (km)",
    "solver_status": "Status solver",
    "per_team": "Per tim",
    "unscheduled_title": "Lokasi yang tidak dijadwalkan",
    "detail": "Keterangan",
    "note_title": "Catatan",
    "note_expected": (
        "Perkiraan aktivasi = jumlah warga yang diperkirakan mengaktifkan IKD pada kunjungan itu, "
        "dihitung dari model permintaan (jumlah warga wajib KTP yang belum aktivasi, kesiapan "
        "ponsel, daya layan tim). Ini perkiraan, bukan target per petugas."
    ),
    "note_range": (
        "Rentang P10–P90: dalam 8 dari 10 kemungkinan, hasil nyata berada di antara P10 dan P90."
    ),
    "note_estimated": (
        "Angka per desa dan per sekolah sebagian besar perkiraan (lihat SOURCES.md data); "
        "angka resmi dari Disdukcapil menggantikannya."
    ),
    "note_actual": "Catat aktivasi aktual agar rencana berikutnya lebih tepat.",
    # maps
    "map_title": "Rencana kunjungan IKD",
    "legend": "Legenda",
    "unactivated": "Warga belum aktivasi IKD",
    "unactivated_layer_desa": "Desa: warga belum aktivasi IKD",
    "unactivated_layer_kec": "Kecamatan: warga belum aktivasi IKD",
    "kec_outline": "Batas kecamatan",
    "desa_outline": "Batas desa",
    "ikd_active": "IKD aktif",
    "ikd_rate": "Tingkat IKD",
    "schools": "Sekolah",
    "offices": "Kantor (desa, camat, Dukcapil)",
    "events": "Acara & pasar",
    "scheduled_venue": "dijadwalkan",
    "unscheduled_venue": "tidak dijadwalkan",
    "all_days": "semua hari",
    "route": "Rute",
    "stops_in_order": (
        "angka = urutan kunjungan, panah = arah perjalanan (garis lurus, bukan jalan)"
    ),
    "search": "Cari lokasi…",
    "search_not_found": "Lokasi tidak ditemukan",
    "no_tiles_note": "Tanpa internet peta dasar tidak tampil; batas wilayah dan rute tetap tampil.",
    "stops": "kunjungan",
    # field package
    "schedule_for": "Jadwal",
    "bring_title": "Yang dibawa",
    "bring_items": (
        "Ponsel/tablet pemindai QR (aplikasi IKD)|Power bank (terisi penuh)|"
        "Hotspot data seluler (kuota cukup)|Panduan aktivasi IKD tercetak|Lembar daftar hadir"
    ),
    "notes_line": "Catatan",
    "message_greeting": "Jadwal kunjungan IKD",
    "message_links": "Rute Google Maps per perjalanan",
    "message_total": "Perkiraan aktivasi hari ini",
    "message_report": "Mohon laporkan jumlah aktivasi aktual setiap lokasi.",
    "static_map_title": "Peta rute",
    "fullscreen": "Layar penuh",
    "exit_fullscreen": "Keluar dari layar penuh",
    "no_data": "tidak ada data",
    "north": "U",
    "km": "km",
}

_EN: Final[dict[str, str]] = {
    "date": "Date",
    "day": "Day",
    "team": "Team",
    "stop": "No.",
    "venue": "Venue",
    "venue_id": "Venue id",
    "venue_type": "Type",
    "kecamatan": "Kecamatan",
    "desa": "Desa/Kel.",
    "lat": "Latitude",
    "lon": "Longitude",
    "arrive": "Arrive",
    "start": "Start",
    "end": "End",
    "travel_min": "Travel (min)",
    "expected": "Expected activations",
    "expected_short": "Expected",
    "p10": "P10",
    "p90": "P90",
    "p10_p90": "P10–P90 range",
    "actual": "Actual activations (write in)",
    "actual_short": "Actual",
    "route_link": "Route",
    "open_route": "Open route",
    "window": "Opening hours",
    "officers": "Officers",
    "depart": "Depart",
    "return": "Return",
    "back_to_base": "Back to base",
    "from_base": "from the base",
    "base": "Team base",
    "total": "Total",
    "visits": "Visits",
    "team_days": "Team-days",
    "minutes": "min",
    "estimated": "estimated",
    "estimated_mark_note": "* = estimated figure (not an official count)",
    "coord_estimated": "estimated location",
    "pool": "Residents reachable",
    "fixed": "fixed appointment",
    "not_scheduled": "Not scheduled",
    "reason": "Reason",
    "visited_on": "Visited",
    "summary_sheet": "Summary",
    "plan_title": "IKD activation visit plan",
    "kabupaten": "Kabupaten",
    "month": "Month",
    "expected_total": "Expected activations (this month)",
    "upper_bound": "Upper bound (proven by the solver)",
    "gap": "Gap to the upper bound",
    "baseline": "Greedy baseline",
    "wktp": "Residents required to hold a KTP (WKTP)",
    "ikd_before": "IKD active before",
    "rate_before": "IKD rate before",
    "rate_after": "IKD rate after the plan",
    "target_rate": "Target",
    "months_to_target": "Months to the target at this pace",
    "staff_days": "Officer-days",
    "travel_km": "Distance driven (km)",
    "solver_status": "Solver status",
    "per_team": "Per team",
    "unscheduled_title": "Venues not scheduled",
    "detail": "Detail",
    "note_title": "Notes",
    "note_expected": (
        "Expected activations = the number of residents expected to activate their IKD at that "
        "visit, from the demand model (unactivated residents required to hold a KTP, phone "
        "readiness, team throughput). An estimate, not a quota per officer."
    ),
    "note_range": (
        "P10–P90 range: in 8 out of 10 outcomes the real result lies between P10 and P90."
    ),
    "note_estimated": (
        "Per-desa and per-school figures are mostly estimates (see the data's SOURCES.md); "
        "official figures from Disdukcapil replace them."
    ),
    "note_actual": "Record the actual activations so the next plan is more accurate.",
    "map_title": "IKD visit plan",
    "legend": "Legend",
    "unactivated": "Residents without an activated IKD",
    "unactivated_layer_desa": "Desa: residents without an activated IKD",
    "unactivated_layer_kec": "Kecamatan: residents without an activated IKD",
    "kec_outline": "Kecamatan boundaries",
    "desa_outline": "Desa boundaries",
    "ikd_active": "IKD active",
    "ikd_rate": "IKD rate",
    "schools": "Schools",
    "offices": "Offices (desa, camat, Dukcapil)",
    "events": "Events & markets",
    "scheduled_venue": "scheduled",
    "unscheduled_venue": "not scheduled",
    "all_days": "all days",
    "route": "Route",
    "stops_in_order": (
        "numbers = visit order, arrows = direction of travel (straight lines, not roads)"
    ),
    "search": "Find a venue…",
    "search_not_found": "Venue not found",
    "no_tiles_note": "Offline, the background map is blank; boundaries and routes still show.",
    "stops": "visits",
    "schedule_for": "Schedule",
    "bring_title": "What to bring",
    "bring_items": (
        "QR scanner phone/tablet (IKD app)|Power bank (fully charged)|"
        "Mobile data hotspot (enough quota)|Printed IKD activation guide|Attendance sheet"
    ),
    "notes_line": "Notes",
    "message_greeting": "IKD visit schedule",
    "message_links": "Google Maps route per leg",
    "message_total": "Expected activations today",
    "message_report": "Please report the actual activations at every venue.",
    "static_map_title": "Route map",
    "fullscreen": "Full screen",
    "exit_fullscreen": "Exit full screen",
    "no_data": "no data",
    "north": "N",
    "km": "km",
}

_REASONS: Final[dict[Lang, dict[str, str]]] = {
    "id": {
        "base": "Basis tim: warga datang sendiri, tim berangkat dari sini",
        "never_eligible": "Tutup pada semua hari kerja bulan ini (atau libur sekolah)",
        "beyond_day_trip": "Terlalu jauh untuk pergi, melayani dan pulang dalam satu hari kerja",
        "pool_used_up": "Tidak ada lagi warga siap yang belum aktivasi di sini",
        "lower_value": "Nilainya lebih kecil daripada kunjungan yang dijadwalkan",
    },
    "en": {
        "base": "Team base: residents walk in, teams leave from here",
        "never_eligible": "Closed on every working day of the month (or school holiday)",
        "beyond_day_trip": "Too far to reach, serve and return within a working day",
        "pool_used_up": "No unactivated, ready residents left to reach here",
        "lower_value": "Worth less than the visits scheduled instead",
    },
}

_WEEKDAYS: Final[dict[Lang, tuple[str, ...]]] = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

_MONTHS: Final[dict[Lang, tuple[str, ...]]] = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

LABELS: Final[dict[Lang, dict[str, str]]] = {"id": _ID, "en": _EN}


def check_lang(lang: str) -> Lang:
    """`lang` as a supported language, or ValueError naming the supported ones."""
    if lang == "id":
        return "id"
    if lang == "en":
        return "en"
    raise ValueError(f"unsupported language {lang!r}: use 'id' or 'en'")


def t(lang: Lang, key: str) -> str:
    """The label `key` in `lang` (KeyError for an unknown key: a typo must fail tests)."""
    return LABELS[lang][key]


def team_label(lang: Lang, name: str) -> str:
    """`Tim A` stays `Tim A`; a bare `A` becomes `Tim A` / `Team A`."""
    if name.casefold().startswith(("tim", "team")):
        return name
    return f"{t(lang, 'team')} {name}"


def venue_type_label(lang: Lang, venue_type: str) -> str:
    """Readable venue kind (labels live with the kinds, `planner.venue_kinds`); a kind this
    installation does not know is shown as its id."""
    known = venue_kinds.find(venue_type)
    return known.label(lang) if known else venue_type


def reason_label(lang: Lang, reason: str) -> str:
    """Readable reason a venue was not scheduled; an unknown code is shown as it is."""
    return _REASONS[lang].get(reason, reason)


def is_known_reason(reason: str) -> bool:
    """True where `reason` has a translated label."""
    return reason in _REASONS["id"]


def weekday(lang: Lang, d: date) -> str:
    """Weekday name of `d`."""
    return _WEEKDAYS[lang][d.weekday()]


def long_date(lang: Lang, d: date) -> str:
    """`Senin, 4 Januari 2027` / `Monday, 4 January 2027`."""
    return f"{weekday(lang, d)}, {d.day} {_MONTHS[lang][d.month - 1]} {d.year}"


def month_name(lang: Lang, month: str) -> str:
    """`2027-01` → `Januari 2027`; anything else is returned unchanged."""
    try:
        year, mon = (int(x) for x in month.split("-"))
        return f"{_MONTHS[lang][mon - 1]} {year}"
    except (ValueError, IndexError):
        return month


def num(lang: Lang, x: float, decimals: int = 0) -> str:
    """`x` with thousands separators: `1.234,5` (id) or `1,234.5` (en)."""
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def pct(lang: Lang, share: float, decimals: int = 1) -> str:
    """A share 0–1 as a percentage: `14,5%` (id) or `14.5%` (en)."""
    return num(lang, 100 * share, decimals) + "%"
