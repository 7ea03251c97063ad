"""The figures the build starts from, each with its source, and the assumptions it uses."""

from __future__ import annotations

from fractions import Fraction

KAB_CODE = "64.09"


KAB_NAME = "Penajam Paser Utara"


METRO = "Dukcapil PPU 2025-S1 (Metrotvnews 15 Oct 2025)"


METRO_TITLE = "1.179 ASN Luar Daerah Bertugas di IKN, Status Kependudukan Segera Berubah"


METRO_URL = (
    "https://www.metrotvnews.com/read/b7WCgQyY-1-179-asn-luar-daerah-bertugas-di-ikn-"
    "status-kependudukan-segera-berubah"
)


IKNPOS = "Dukcapil PPU Jan 2025 (IKNPOS Jan 2025)"


IKNPOS_URL = (
    "https://iknpos.id/2025/01/tertinggi-se-kaltim-capaian-ikd-di-kabupaten-penyangga-ikn-"
    "tembus-145-persen/?amp=1"
)


#: Residents with an active IKD, PPU, about January 2025 (IKNPOS, see ikd_facts.md).
IKD_ACTIVE_JAN_2025 = 20_126


#: The share IKNPOS printed with that figure (its denominator is not stated).
IKD_REPORTED_SHARE = Fraction(145, 1000)


#: The BPS 2020 desa polygons in mohdlabib/leafletMAP.
LEAFLET_PATH = (
    "indonesia-district/id64_kalimantan_timur/id6409_penajam_paser_utara/"
    "id6409_penajam_paser_utara.geojson"
)


#: Single-year-of-age share of Indonesia's population near age 17: BPS Long Form SP2020,
#: 22,163,528 people aged 15–19 / 5 ages / 270.20 million (SP2020) = 1.64 %; 1.6 % used.
ONE_AGE_YEAR_SHARE = Fraction(16, 1000)


AGE_15_19_LF2020 = 22_163_528


POPULATION_SP2020 = 270_200_000


#: BPS school participation rate (APS) age 16–18, Kalimantan Timur 2021: 82.01 %.
APS_16_18_KALTIM = Fraction(8201, 10000)


#: Assumed share of upper-secondary students in madrasah aliyah (not in the school list).
MADRASAH_SHARE = Fraction(1, 10)


#: Weights for splitting grade-XII students among SMA/SMK/SLB (assumption).
GRADE12_WEIGHT_NEGERI = Fraction(3, 2)


GRADE12_WEIGHT_SWASTA = Fraction(1)


GRADE12_WEIGHT_SLB = Fraction(1, 20)


#: Teachers and staff per school by jenjang (Negeri); Swasta schools get 0.6 of it (assumption).
STAFF_BY_JENJANG = {"SMA": 35, "SMK": 40, "SLB": 15, "SMP": 25}


STAFF_SWASTA_FACTOR = Fraction(3, 5)


#: Desa weight for splitting kecamatan WKTP: (1 + schools in the desa) x this factor.
KELURAHAN_FACTOR = Fraction(3, 2)


#: How far outside every desa a school may lie and still be snapped to the nearest one (m).
SNAP_MAX_M = 500.0


#: Staff of an office venue (assumption; no staff counts were found).
OFFICE_STAFF = {"disdukcapil_office": 40, "kantor_camat": 25, "kantor_desa": 8}


#: Kecamatan seats: kecamatan code -> (desa name, where the seat comes from).
KECAMATAN_SEATS: dict[str, tuple[str, str]] = {
    "64.09.01": ("Nipah-Nipah", "seat per Wikipedia 'Penajam' (venues_ppu V04)"),
    "64.09.02": ("Waru", "seat assumed: its only kelurahan, same name"),
    "64.09.03": ("Babulu Darat", "seat assumed: same name, largest desa"),
    "64.09.04": ("Tengin Baru", "seat per Wikipedia 'Sepaku' (venues_ppu V05)"),
}
