"""`ikd-planner data init DIR --kode 64.01`: a data folder ready to fill in.

Every file of the format (geodata/README.md) with its header and one example row built from
the kabupaten code: the office replaces the examples with its own rows. The file names, columns
and allowed values come from the loaders' own definitions, so the template cannot drift from
what `load_kabupaten` reads. `BACA_DULU.md` (read me first) lists what to fill; while it is in
the folder, `data check` prints it before the problems it finds. Nothing is ever overwritten.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from planner.domain import Level
from planner.io._meta import AREA_TOML
from planner.io._population import POPULATION_COLUMNS, POPULATION_CSV
from planner.io._venues import SCHOOL_COLUMNS, SCHOOLS_CSV, VENUE_COLUMNS, VENUES_CSV
from planner.io.load import BOUNDARY_FILES, SOURCES_MD

#: The checklist file; its presence marks a folder still being filled in.
CHECKLIST = "BACA_DULU.md"

_KODE = re.compile(r"\d{2}\.\d{2}")


class TemplateError(ValueError):
    """The template cannot be written (bad code, or the folder is not empty)."""


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _geojson(code: str, name: str, parent: str, extra: dict[str, str] | None = None) -> str:
    feature = {
        "type": "Feature",
        "properties": {"code": code, "name": name, "parent_code": parent, **(extra or {})},
        "geometry": None,
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, indent=2) + "\n"


def template_files(kode: str, name: str) -> dict[str, str]:
    """File name → text of the template for kabupaten `kode` (`64.01`) called `name`."""
    if _KODE.fullmatch(kode) is None:
        raise TemplateError(
            f"--kode {kode!r} bukan kode kabupaten Kemendagri seperti '64.09' / "
            f"not a Kemendagri kabupaten code like '64.09'"
        )
    kec, desa = f"{kode}.01", f"{kode}.01.2001"
    files = {
        AREA_TOML: (
            f"# Kabupaten {name}: isi tanggal angka dan target, lihat {CHECKLIST}.\n"
            f'code = "{kode}"\n'
            f'name = "{name}"\n'
            'ikd_as_of = "2025-01"              # bulan angka IKD aktif\n'
            'wktp_as_of = "2025-S1"             # semester angka wajib KTP\n'
            "target_rate = 0.20                  # target IKD kabupaten (bagian dari WKTP)\n"
            "national_target_rate = 0.30\n"
            'default_base_venue = "V-DUKCAPIL"   # venue_id tempat tim berangkat\n'
        ),
        BOUNDARY_FILES[Level.KABUPATEN]: _geojson(kode, name, kode[:2]),
        BOUNDARY_FILES[Level.KECAMATAN]: _geojson(kec, "CONTOH Kecamatan Satu", kode),
        BOUNDARY_FILES[Level.DESA]: _geojson(desa, "CONTOH Desa Satu", kec, {"desa_type": "desa"}),
        POPULATION_CSV: _csv(
            POPULATION_COLUMNS,
            [
                {
                    "code": c,
                    "level": lvl,
                    "wktp": w,
                    "wktp_estimated": "false",
                    "ikd_active": i,
                    "ikd_active_estimated": "false",
                    "source": "CONTOH: Dukcapil",
                }
                for c, lvl, w, i in (
                    (kode, "kabupaten", "1000", "150"),
                    (kec, "kecamatan", "1000", "150"),
                    (desa, "desa", "1000", "150"),
                )
            ],
        ),
        SCHOOLS_CSV: _csv(
            SCHOOL_COLUMNS,
            [
                {
                    "npsn": "12345678",
                    "name": "CONTOH SMA Negeri 1",
                    "jenjang": "SMA",
                    "status": "Negeri",
                    "kecamatan_code": kec,
                    "desa_code": desa,
                    "lat": "",
                    "lon": "",
                    "students_grade12": "120",
                    "students_grade12_estimated": "false",
                    "staff": "40",
                    "staff_estimated": "true",
                    "check_coords": "false",
                    "source": "CONTOH: Dapodik",
                }
            ],
        ),
        VENUES_CSV: _csv(
            VENUE_COLUMNS,
            [
                {
                    "venue_id": "V-DUKCAPIL",
                    "venue_type": "disdukcapil_office",
                    "name": f"Kantor Dinas Dukcapil Kabupaten {name}",
                    "kecamatan_code": kec,
                    "desa_code": desa,
                    "lat": "",
                    "lon": "",
                    "coord_estimated": "false",
                    "open_days": "Mon-Fri",
                    "open_time": "08:00",
                    "close_time": "16:00",
                    "staff": "30",
                    "staff_estimated": "true",
                    "source": "CONTOH",
                },
                {
                    "venue_id": f"KD-{desa}",
                    "venue_type": "kantor_desa",
                    "name": "CONTOH Kantor Desa Satu",
                    "kecamatan_code": kec,
                    "desa_code": desa,
                    "lat": "",
                    "lon": "",
                    "coord_estimated": "false",
                    "open_days": "Mon-Fri",
                    "open_time": "08:00",
                    "close_time": "15:00",
                    "staff": "8",
                    "staff_estimated": "true",
                    "source": "CONTOH",
                },
            ],
        ),
        SOURCES_MD: (
            f"# Sumber data Kabupaten {name}\n\nTulis dari mana setiap angka berasal "
            "(instansi, tanggal, cara perkiraan) dan lisensinya.\n"
        ),
        CHECKLIST: checklist(kode, name),
    }
    return files


def checklist(kode: str, name: str) -> str:
    """What the office fills in, file by file, in Bahasa Indonesia then English."""
    b = BOUNDARY_FILES
    return f"""# Isi folder data Kabupaten {name} ({kode})

Folder ini adalah templat. Setiap berkas sudah punya baris judul (header) dan satu baris
CONTOH. Ganti baris CONTOH dengan data kabupaten Anda, lalu jalankan:

    ikd-planner data check --data <folder ini>

Yang harus diisi (format lengkap: geodata/README.md):

1. `{AREA_TOML}`: tanggal angka WKTP dan IKD, target, dan `default_base_venue`.
2. `{b[Level.KABUPATEN]}`, `{b[Level.KECAMATAN]}`, `{b[Level.DESA]}`: batas wilayah (poligon WGS84)
   dengan properti `code`, `name`, `parent_code` (desa juga `desa_type`). Setiap kecamatan
   dan desa satu fitur. Contoh: ekspor dari QGIS sebagai GeoJSON.
3. `{POPULATION_CSV}`: satu baris per kabupaten, kecamatan dan desa: WKTP dan IKD aktif.
   Angka perkiraan ditandai `true` di kolom `*_estimated`.
4. `{SCHOOLS_CSV}`: SMA/SMK/SLB/SMP dengan NPSN, koordinat (`lat`, `lon`), jumlah siswa
   kelas XII dan staf. Boleh kosong (hanya header).
5. `{VENUES_CSV}`: kantor Dukcapil, kantor camat, kantor desa, acara (CFD) dan pasar, dengan
   koordinat dan jam buka. Acara harus punya lokasinya sendiri, bukan titik kantor.
6. `{SOURCES_MD}`: sumber setiap angka.

Excel: simpan sebagai CSV (pemisah `;` dan koma desimal juga bisa dibaca) atau simpan
langsung sebagai `.xlsx` dengan nama yang sama (mis. `{VENUES_CSV[:-4]}.xlsx`).
Jangan masukkan data pribadi (NIK, nama penduduk): hanya jumlah per wilayah.

Hapus berkas ini setelah semuanya terisi.

---

# Fill in the data folder of Kabupaten {name} ({kode})

This folder is a template: every file has its header and one example (CONTOH) row. Replace
the examples with your kabupaten's rows (format: geodata/README.md), run
`ikd-planner data check --data <this folder>`, and delete this file when everything is filled.
"""


def write_template(folder: Path, kode: str, name: str) -> list[Path]:
    """Write the template into `folder` (created; must not exist or be empty)."""
    files = template_files(kode, name)
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TemplateError(
            f"{folder} sudah ada dan tidak kosong; pilih folder baru / "
            f"{folder} exists and is not empty; choose a new folder"
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, text in files.items():
        path = folder / file_name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
