"""Recognise column names that carry personal data, which no data folder may hold.

The planner needs counts per area and the places of public venues, never a resident's identity.
A column is refused when its name, split into words (`NoKK`, `no-kk`, `No KK` all become
`no kk`), contains one of the phrases below, or spells one without separators (`nokk`).
Digits are dropped (`nik16`, `NIK1` are `nik`). Whole words only: `teknik` does not match
`nik`, and a venue's `name`/`nama` or a school's `alamat` (its public address) are allowed;
so are counts (`wajib_ktp`, `jumlah_nik`), which name a number of people, not a person.
"""

from __future__ import annotations

import re

#: Word sequences that mark personal data (Indonesian and English spellings).
PERSONAL_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "nik",
        "ktp",
        "no ktp",
        "nomor ktp",
        "kk",
        "no kk",
        "nomor kk",
        "no kartu keluarga",
        "nomor kartu keluarga",
        "nama lengkap",
        "nama penduduk",
        "nama warga",
        "nama pemohon",
        "full name",
        "tanggal lahir",
        "tgl lahir",
        "tgl lhr",
        "tanggal lhr",
        "tgllahir",
        "ttl",
        "tempat lahir",
        "date of birth",
        "birth date",
        "birthdate",
        "dob",
        "place of birth",
        "alamat rumah",
        "home address",
        "no hp",
        "nomor hp",
        "hp",
        "handphone",
        "telepon",
        "telp",
        "tlp",
        "phone",
        "whatsapp",
        "wa",
        "no wa",
        "nomor wa",
        "nama kepala keluarga",
        "email",
        "e mail",
    )
)

#: Words that make a column a count or a rate of people (`wajib_ktp`, `jumlah_nik`).
COUNT_WORDS = frozenset(
    ("wajib", "wktp", "jumlah", "jml", "total", "count", "n", "rate", "persen", "pct", "sum")
)

_COMPACT = frozenset("".join(p) for p in PERSONAL_PHRASES)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def name_words(column: str) -> tuple[str, ...]:
    """`"No_KK"` → `("no", "kk")`; `"tanggalLahir"` → `("tanggal", "lahir")`; `"NIK1"` →
    `("nik",)`."""
    spaced = _CAMEL.sub(" ", column.strip())
    words = (re.sub(r"\d+", "", w) for w in _SEPARATORS.split(spaced.lower()))
    return tuple(w for w in words if w)


def is_personal_column(column: str) -> bool:
    """True when `column` names personal data (see the module docstring for the rule)."""
    words = name_words(column)
    if COUNT_WORDS.intersection(words):
        return False
    if "".join(words) in _COMPACT:
        return True
    for phrase in PERSONAL_PHRASES:
        n = len(phrase)
        if any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
            return True
    return False
