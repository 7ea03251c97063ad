"""planner.io.personal_screen: no file of a data folder may carry personal data, whatever its
name, encoding, place or shape; refusals name the file, the column and the row."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planner.io.errors import Findings
from planner.io.personal_screen import mobile_shaped, nik_shaped, screen_file
from tests.io.conftest import KAB_MINI, folder_hash, load_errors, read_rows, write_rows

NIK = "6409014505900001"  # region 640901, born 05-05-1990 (day + 40: a woman), number 0001


@pytest.mark.parametrize(
    "column",
    ["no_ktp", "NoKTP", "ktp", "TTL", "tgl_lhr", "nik16", "NIK1", "whatsapp", "no_wa"],
)
def test_personal_column_names_are_refused_in_a_subfolder(mini: Path, column: str) -> None:
    """Spellings of NIK, KTP, birth date and WhatsApp are caught, even in a subfolder."""
    (mini / "arsip").mkdir()
    (mini / "arsip" / "lama.csv").write_text(f"desa,{column}\nSatu,x\n", encoding="utf-8")
    errors = load_errors(mini)
    assert [(e.file, e.field) for e in errors] == [("arsip/lama.csv", column)]


def test_a_column_of_nik_shaped_numbers_is_refused_whatever_its_name(mini: Path) -> None:
    """16-digit NIK-shaped values in an innocent column of venues.csv: file, column, row."""
    rows = read_rows(mini / "venues.csv")
    for r in rows:
        r["keterangan"] = ""
    rows[2]["keterangan"] = NIK
    write_rows(mini / "venues.csv", rows)
    [e] = load_errors(mini)
    assert (e.file, e.row, e.field) == ("venues.csv", 3, "keterangan")
    assert "NIK" in str(e.message)


def test_phone_numbers_are_refused(mini: Path) -> None:
    """A column of mobile numbers (0812-…, +62 8…) is personal data, whatever its name."""
    (mini / "kontak.csv").write_text(
        "desa,petugas\nSatu,0812-3456-7890\nDua,+62 813 1234 5678\n", encoding="utf-8"
    )
    [e] = load_errors(mini)
    assert (e.file, e.row, e.field) == ("kontak.csv", 1, "petugas")


def test_a_non_utf8_semicolon_file_with_another_extension_is_screened(mini: Path) -> None:
    """A Windows-1252 `;` export named .dat is read and its personal column refused."""
    (mini / "warga.dat").write_bytes("nama_penduduk;desa\nAndré;Satu\nBudi;Dua\n".encode("cp1252"))
    assert [(e.file, e.field) for e in load_errors(mini)] == [("warga.dat", "nama_penduduk")]


def test_a_workbook_is_screened_sheet_by_sheet(mini: Path) -> None:
    """An .xlsx is screened by header and values, naming the sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["desa", "nomor"])
    ws.append(["Satu", NIK])
    wb.save(mini / "rekap.xlsx")
    [e] = load_errors(mini)
    assert (e.file, e.row, e.field) == ("rekap.xlsx [Data]", 2, "nomor")  # Excel's row


def test_nik_in_free_text_is_refused(mini: Path) -> None:
    """A note that is not a table is screened line by line for identity numbers."""
    (mini / "catatan.txt").write_text(f"hubungi kepala desa\nNIK {NIK}\n", encoding="utf-8")
    [e] = load_errors(mini)
    assert (e.file, e.row) == ("catatan.txt", 2)


def test_codes_and_counts_are_not_personal_data(tmp_path: Path) -> None:
    """Desa codes, NPSN, counts and coordinates pass: the rule is the shape of a NIK."""
    f = tmp_path / "ok.csv"
    f.write_text(
        "code,npsn,wajib_ktp,lat,lon\n64.09.01.1001,30402537,1234,-1.2345678,116.7654321\n"
        "6409011001,69941234,99,-1.3,116.8\n",
        encoding="utf-8",
    )
    findings = Findings()
    screen_file(f, findings)
    assert findings.errors == []


def _nik(region: int, day: int, month: int, year: int, serial: int) -> str:
    return f"{region:06d}{day:02d}{month:02d}{year % 100:02d}{serial:04d}"


@given(
    region=st.integers(110101, 949999),
    day=st.integers(1, 28) | st.integers(41, 68),
    month=st.integers(1, 12),
    year=st.integers(1940, 2010),
    serial=st.integers(1, 9999),
    sep=st.sampled_from(["", " ", "."]),
)
def test_every_nik_shape_is_recognised(
    region: int, day: int, month: int, year: int, serial: int, sep: str
) -> None:
    """Any NIK (plain or written in groups) is recognised."""
    n = _nik(region, day, month, year, serial)
    written = sep.join((n[:6], n[6:12], n[12:])) if sep else n
    assert nik_shaped(written)


@given(st.integers(0, 10**15 - 1))
def test_shorter_numbers_are_not_niks(n: int) -> None:
    """Numbers of 15 digits or fewer (codes, counts, NPSN) are never NIK-shaped."""
    assert not nik_shaped(str(n))


def test_mobile_numbers_are_recognised() -> None:
    """08…, 628… and +62 8… numbers, with or without separators; landline-length codes not."""
    for text in ("081234567890", "0812-3456-789", "+62 812 3456 7890", "6281234567890"):
        assert mobile_shaped(text), text
    for text in ("0542 21234", "64.09.01.1001", "2027-01-05", "08:00"):
        assert not mobile_shaped(text), text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    column=st.sampled_from(["NoKTP", "tgl_lhr", "nik16", "whatsapp", "isi"]),
    where=st.sampled_from(["x.csv", "sub/x.txt", "sub/deep/x.tsv"]),
    value=st.sampled_from([NIK, "0812 3456 7890"]),
    encoding=st.sampled_from(
        ["utf-8", "utf-8-sig", "cp1252", "utf-16"]
    ),  # utf-16: Excel's "Unicode text",
)
def test_a_refused_folder_is_unchanged(column: str, where: str, value: str, encoding: str) -> None:
    """Whatever personal data is planted where, the load refuses and changes nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "kab"
        shutil.copytree(KAB_MINI, folder)
        target = folder / where
        target.parent.mkdir(parents=True, exist_ok=True)
        sep = "\t" if where.endswith(".tsv") else ","
        target.write_bytes(f"desa{sep}{column}\nSatu{sep}{value}\n".encode(encoding))
        before = folder_hash(folder)
        errors = load_errors(folder)
        assert any(e.file == where for e in errors)
        assert folder_hash(folder) == before
