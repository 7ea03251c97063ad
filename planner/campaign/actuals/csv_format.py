"""Read a CSV report: `date,team,venue_id,activations[,officers,hours,note]`.

Also the `;`-separated, decimal-comma file Excel writes on an Indonesian-locale machine, and
Indonesian column names (tanggal, tim, kode_lokasi, aktivasi, petugas, jam, catatan).
Rows with an empty count are skipped (not yet reported).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from planner.campaign.actuals.rows import ReportedVisit
from planner.campaign.actuals.screen import screen_columns, screen_text
from planner.campaign.actuals.values import (
    BadValueError,
    parse_count,
    parse_date,
    parse_decimal,
)
from planner.i18n import Message
from planner.io.errors import DataError, Findings

REQUIRED = ("date", "team", "venue_id", "activations")
OPTIONAL = ("officers", "hours", "note")
ALIASES = {
    "tanggal": "date",
    "tgl": "date",
    "tim": "team",
    "kode_lokasi": "venue_id",
    "venue": "venue_id",
    "id_lokasi": "venue_id",
    "aktivasi": "activations",
    "aktual": "activations",
    "jumlah_aktivasi": "activations",
    "aktivasi_aktual": "activations",
    "petugas": "officers",
    "jumlah_petugas": "officers",
    "jam": "hours",
    "catatan": "note",
    "keterangan": "note",
    "notes": "note",
}


def column_key(name: str) -> str:
    """`Kode Lokasi` → `kode_lokasi` → `venue_id` (canonical column name)."""
    key = re.sub(r"[^0-9a-z]+", "_", name.strip().casefold()).strip("_")
    return ALIASES.get(key, key)


def delimiter_of(text: str) -> str:
    """`;` when the header line has more semicolons than commas (Excel, Indonesian locale)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def looks_like_csv(text: str) -> bool:
    """True when the first non-empty line is a header naming the required columns."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    keys = {column_key(c) for c in re.split(r"[;,\t]", first)}
    return {"date", "venue_id", "activations"} <= keys


def read_csv_report(text: str, file: str, findings: Findings) -> list[ReportedVisit]:
    """Every reported row of a CSV report; problems go to `findings` (row = data row, 1-based)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        findings.error(
            file,
            None,
            None,
            Message.of("actuals.bad_csv", line=str(reader.line_num), detail=str(exc)),
        )
        return []
    start = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if start is None:
        findings.error(file, None, None, Message.of("actuals.empty"))
        return []
    body = [[c.strip() for c in r] for r in rows[start + 1 :]]
    return read_table([c.strip() for c in rows[start]], body, file, findings, first_row=1)


def header_fits(header: Sequence[object]) -> bool:
    """True when `header` (a table's first row) names the CSV report's required columns, in any
    accepted spelling (tanggal/tim/kode lokasi/aktivasi, date/team/venue_id/activations …)."""
    keys = {column_key(str(c)) for c in header if c is not None}
    return {"date", "venue_id", "activations"} <= keys


def read_table(
    header: list[str], body: Sequence[Sequence[str]], file: str, findings: Findings, first_row: int
) -> list[ReportedVisit]:
    """The reported visits of a table with the CSV report's columns (a CSV file, or a sheet of
    an .xlsx report with the same columns); `first_row` is the number of body's first row
    (1 for a CSV's first data row, as documented; the sheet's own row number for .xlsx)."""
    screen_columns(findings, file, header)
    keys = [column_key(c) for c in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        findings.error(
            file,
            None,
            ", ".join(missing),
            Message.of("actuals.missing_columns", need=", ".join(REQUIRED)),
        )
        return []
    where = {k: keys.index(k) for k in (*REQUIRED, *OPTIONAL) if k in keys}
    out: list[ReportedVisit] = []
    for n, raw in enumerate(body, start=first_row):
        cells = {k: (raw[i].strip() if i < len(raw) else "") for k, i in where.items()}
        if not any(cells.values()) or not cells["activations"]:
            continue
        visit = _visit(file, n, cells, findings)
        if visit is not None:
            out.append(visit)
    return out


def _visit(file: str, n: int, cells: dict[str, str], findings: Findings) -> ReportedVisit | None:
    ok = True
    for f in ("team", "venue_id"):
        if not cells[f]:
            findings.error(file, n, f, Message.of("actuals.empty_cell"))
            ok = False
    try:
        day = parse_date(cells["date"])
    except BadValueError as exc:
        findings.errors.append(DataError(file, n, "date", exc.message))
        ok = False
    try:
        count = parse_count(cells["activations"])
    except BadValueError as exc:
        findings.errors.append(DataError(file, n, "activations", exc.message))
        ok = False
    officers: int | None = None
    hours: float | None = None
    if cells.get("officers"):
        try:
            officers = parse_count(cells["officers"])
        except BadValueError as exc:
            findings.errors.append(DataError(file, n, "officers", exc.message))
            ok = False
    if cells.get("hours"):
        try:
            hours = parse_decimal(cells["hours"])
        except BadValueError as exc:
            findings.errors.append(DataError(file, n, "hours", exc.message))
            ok = False
    note = cells.get("note") or None
    if note is not None and not screen_text(findings, file, n, "note", note):
        ok = False
    if not ok:
        return None
    return ReportedVisit(
        file=file,
        row=n,
        date=day,
        team=cells["team"],
        venue_id=cells["venue_id"],
        activations=count,
        officers=officers,
        hours=hours,
        note=note,
    )
