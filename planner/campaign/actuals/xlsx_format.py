"""Read the planner's own `schedule.xlsx` with the "Aktual" column filled in by hand.

Columns are found by their header text, not their position (the workbook's layout may move):
the actual column's header contains "aktual"/"actual", the venue id's is "Kode lokasi"/"Venue
id", the date's "Tanggal"/"Date". The team is a "Tim"/"Team" column if there is one, else the
sheet (one sheet per team; its title is the team name, shortened to Excel's 31 characters).
Sheets without these headers (the summary) are skipped; rows with an empty actual are
unreported and skipped, and so is the totals row (no date, no venue id).

A sheet with the CSV report's columns instead (tanggal/tim/kode lokasi/aktivasi, or
date/team/venue_id/activations, any accepted spelling) is read by the CSV report's row reader
(planner.campaign.actuals.csv_format.read_table), so a report kept in Excel imports like its
CSV. Rows are named by the sheet's own row number, as Excel shows it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import load_workbook

from planner.campaign.actuals.csv_format import header_fits, read_table
from planner.campaign.actuals.rows import ReportedVisit
from planner.campaign.actuals.screen import screen_columns, screen_text
from planner.campaign.actuals.values import BadValueError, parse_count, parse_date
from planner.i18n import Message
from planner.io.errors import DataError, Findings

_HEADER_ROWS_SCANNED = 15
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _norm(text: object) -> str:
    return re.sub(r"[^0-9a-z]+", " ", str(text or "").casefold()).strip()


def _role(header: object) -> str | None:
    h = _norm(header)
    if not h:
        return None
    if "aktual" in h or "actual" in h:
        return "activations"
    if h in ("kode lokasi", "venue id", "venue_id", "id lokasi"):
        return "venue_id"
    if h in ("tanggal", "date", "tgl"):
        return "date"
    if h in ("tim", "team"):
        return "team"
    return None


def sheet_team(title: str, teams: Sequence[str]) -> str:
    """The team a sheet belongs to: the team whose sheet title it is, else the title itself."""
    for team in teams:
        short = _INVALID_SHEET_CHARS.sub("_", team).strip().strip("'")[:31]
        if title.casefold() in (team.casefold(), short.casefold()):
            return team
    return title


def read_xlsx_report(
    content: bytes, file: str, findings: Findings, teams: Sequence[str]
) -> list[ReportedVisit]:
    """Every filled-in actual of the workbook; problems name sheet, row and column header."""
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        findings.error(file, None, None, Message.of("actuals.bad_xlsx", detail=str(exc)))
        return []
    out: list[ReportedVisit] = []
    found_sheet = False
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        header_at, roles = _find_header(rows)
        where = f"{file} [{ws.title}]"
        if header_at is None:
            table_at = next(
                (r for r, v in enumerate(rows[:_HEADER_ROWS_SCANNED]) if header_fits(v)), None
            )
            if table_at is not None:  # the CSV report's columns, kept in Excel
                found_sheet = True
                header = [_cell_text(c) for c in rows[table_at]]
                body = [[_cell_text(c) for c in r] for r in rows[table_at + 1 :]]
                out += read_table(header, body, where, findings, first_row=table_at + 2)
            continue
        found_sheet = True
        screen_columns(findings, where, [str(c) for c in rows[header_at] if c is not None])
        labels = {role: str(rows[header_at][i]) for role, i in roles.items()}
        team = sheet_team(ws.title, teams)
        for r in range(header_at + 1, len(rows)):
            values = rows[r]
            if not _screened(where, r + 1, values, rows[header_at], findings):
                continue
            cell = _get(values, roles["activations"])
            day_cell = _get(values, roles["date"])
            if cell is None or str(cell).strip() == "" or day_cell is None:
                continue
            if _is_total_row(day_cell, _get(values, roles["venue_id"])):
                continue
            visit = _visit(where, r + 1, values, roles, labels, team, findings)
            if visit is not None:
                out.append(visit)
    wb.close()
    if not found_sheet:
        findings.error(file, None, None, Message.of("actuals.no_sheet"))
    return out


def _screened(
    where: str, row: int, values: Sequence[object], header: Sequence[object], f: Findings
) -> bool:
    """False (and an error) when a text cell of the row holds a NIK/KK- or phone-like number."""
    for i, v in enumerate(values):
        if isinstance(v, str):
            field = str(header[i]) if i < len(header) and header[i] is not None else None
            if not screen_text(f, where, row, field, v):
                return False
    return True


def _is_total_row(day_cell: object, venue_cell: object) -> bool:
    """The totals row (`Jumlah` under the dates, no venue id): a sum typed there is not a visit."""
    if venue_cell is not None and str(venue_cell).strip():
        return False
    try:
        parse_date(day_cell)
    except BadValueError:
        return True
    return False


def _cell_text(value: object) -> str:
    """A cell as the CSV reader sees it: a date as YYYY-MM-DD, a whole number without `.0`."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _get(values: Sequence[object], i: int | None) -> object:
    if i is None or i >= len(values):
        return None
    return values[i]


def _find_header(rows: list[tuple[object, ...]]) -> tuple[int | None, dict[str, int]]:
    for r, values in enumerate(rows[:_HEADER_ROWS_SCANNED]):
        roles: dict[str, int] = {}
        for i, v in enumerate(values):
            role = _role(v)
            if role and role not in roles:
                roles[role] = i
        if {"activations", "venue_id", "date"} <= roles.keys():
            return r, roles
    return None, {}


def _visit(
    where: str,
    row: int,
    values: Sequence[object],
    roles: dict[str, int],
    labels: dict[str, str],
    sheet_team_name: str,
    findings: Findings,
) -> ReportedVisit | None:
    ok = True
    try:
        day = parse_date(_get(values, roles["date"]))
    except BadValueError as exc:
        findings.errors.append(DataError(where, row, labels["date"], exc.message))
        ok = False
    try:
        count = parse_count(_get(values, roles["activations"]))
    except BadValueError as exc:
        findings.errors.append(DataError(where, row, labels["activations"], exc.message))
        ok = False
    venue = str(_get(values, roles["venue_id"]) or "").strip()
    if not venue:
        findings.error(
            where,
            row,
            labels["activations"],
            Message.of("actuals.not_a_visit_row", column=labels["venue_id"]),
        )
        ok = False
    team = sheet_team_name
    if "team" in roles:
        team = str(_get(values, roles["team"]) or "").strip() or sheet_team_name
    if not ok:
        return None
    return ReportedVisit(
        file=where, row=row, date=day, team=team, venue_id=venue, activations=count
    )
