"""`schedule.xlsx`: a summary sheet and one sheet per team, readable without explanation.

Dates and times are real spreadsheet dates and times (sortable, filterable); estimated
figures carry a `*` and a note says what "perkiraan aktivasi" and the P10–P90 range mean.
Every text cell from the data goes through `safe_text`, so a name like `=HYPERLINK(...)` is
shown as text and never run as a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.i18n import (
    Lang,
    month_name,
    num,
    reason_label,
    t,
    venue_type_label,
    weekday,
)
from planner.plan import Plan
from planner.render.itinerary import Itinerary, itineraries, team_order, venue_index
from planner.render.schedule import safe_text

_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TOTAL_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12, color="1F4E78")
_ESTIMATE_FONT = Font(italic=True, color="7F6000")
_NOTE_FONT = Font(italic=True, color="595959")
_WRITE_IN_FILL = PatternFill("solid", fgColor="FFF9DB")
_THIN = Side(style="thin", color="BFBFBF")
_TOTAL_BORDER = Border(top=Side(style="medium", color="000000"))
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
_MAX_WIDTH = 48
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class _Col:
    label: str
    number_format: str | None = None
    estimated: bool = False
    write_in: bool = False


def _cell_value(value: object) -> object:
    return safe_text(value) if isinstance(value, str) else value


def _clock(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h) % 24, int(m))


def sheet_titles(team_names: Sequence[str], summary_title: str) -> dict[str, str]:
    """A valid, distinct Excel sheet title (≤ 31 characters, no []:*?/\\) per team."""
    used = {summary_title.casefold()}
    out: dict[str, str] = {}
    for i, name in enumerate(team_names, start=1):
        base = _INVALID_SHEET_CHARS.sub("_", name).strip().strip("'")[:31] or f"Team {i}"
        title, n = base, 2
        while title.casefold() in used:
            suffix = f" ({n})"
            title, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(title.casefold())
        out[name] = title
    return out


def _write_header(ws: Worksheet, row: int, cols: Sequence[_Col]) -> None:
    for j, col in enumerate(cols, start=1):
        c = ws.cell(row=row, column=j, value=col.label + ("*" if col.estimated else ""))
        c.fill = _HEADER_FILL
        c.font = _HEADER_FONT
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _write_row(ws: Worksheet, row: int, cols: Sequence[_Col], values: Sequence[object]) -> None:
    for j, (col, value) in enumerate(zip(cols, values, strict=True), start=1):
        c = ws.cell(row=row, column=j, value=_cell_value(value))
        if col.number_format:
            c.number_format = col.number_format
        if col.estimated:
            c.font = _ESTIMATE_FONT
        if col.write_in:
            c.fill = _WRITE_IN_FILL
            c.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _notes(ws: Worksheet, row: int, lang: Lang) -> int:
    ws.cell(row=row, column=1, value=t(lang, "note_title")).font = _SECTION_FONT
    for key in ("estimated_mark_note", "note_expected", "note_range", "note_estimated"):
        row += 1
        ws.cell(row=row, column=1, value=t(lang, key)).font = _NOTE_FONT
    return row + 1


def _fit_widths(ws: Worksheet, min_width: int = 6) -> None:
    """Column widths from the content written so far (notes are written after, unmeasured)."""
    widths: dict[int, int] = {}
    for r in ws.iter_rows():
        for c in r:
            if c.value is None:
                continue
            if isinstance(c.value, date | time):
                n = 10
            elif isinstance(c.value, float):
                n = len(f"{c.value:.1f}")
            else:
                n = max(len(line) for line in str(c.value).splitlines() or [""])
            widths[c.column] = max(widths.get(c.column, min_width), min(n + 2, _MAX_WIDTH))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w


def _team_sheet(ws: Worksheet, days: Sequence[Itinerary], lang: Lang) -> None:
    cols = [
        _Col(t(lang, "date"), DATE_FORMAT),
        _Col(t(lang, "day")),
        _Col(t(lang, "stop"), "0"),
        _Col(t(lang, "venue")),
        _Col(t(lang, "venue_type")),
        _Col(t(lang, "kecamatan")),
        _Col(t(lang, "desa")),
        _Col(t(lang, "arrive"), TIME_FORMAT),
        _Col(t(lang, "start"), TIME_FORMAT),
        _Col(t(lang, "end"), TIME_FORMAT),
        _Col(t(lang, "travel_min"), "0"),
        _Col(t(lang, "expected"), "0", estimated=True),
        _Col(t(lang, "p10"), "0", estimated=True),
        _Col(t(lang, "p90"), "0", estimated=True),
        _Col(t(lang, "actual"), write_in=True),
        _Col(t(lang, "venue_id")),
        _Col(t(lang, "lat"), "0.000000"),
        _Col(t(lang, "lon"), "0.000000"),
    ]
    _write_header(ws, 1, cols)
    row = 1
    for it in days:
        for v in it.visits:
            row += 1
            s = v.stop
            _write_row(
                ws,
                row,
                cols,
                (
                    v.date,
                    weekday(lang, v.date),
                    s.stop,
                    v.venue.name,
                    venue_type_label(lang, v.venue.type),
                    v.venue.kecamatan,
                    v.venue.desa,
                    _clock(s.arrive),
                    _clock(s.start),
                    _clock(s.end),
                    s.travel_min,
                    s.expected_activations,
                    s.p10,
                    s.p90,
                    None,
                    v.venue.id,
                    v.venue.lat,
                    v.venue.lon,
                ),
            )
    last = row
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32
    if last > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{last}"
    row += 1
    total_cells = {
        1: t(lang, "total"),
        3: sum(len(it.visits) for it in days),
        11: sum(v.stop.travel_min for it in days for v in it.visits),
        12: sum(it.expected for it in days),
    }
    for j, value in total_cells.items():
        c = ws.cell(row=row, column=j, value=value)
        c.font = _TOTAL_FONT
        if j > 1:
            c.number_format = "0"
    for j in range(1, len(cols) + 1):
        ws.cell(row=row, column=j).border = _TOTAL_BORDER
    _fit_widths(ws)
    _notes(ws, row + 2, lang)


def _kv(ws: Worksheet, row: int, label: str, value: Any, fmt: str | None = None) -> int:
    ws.cell(row=row, column=1, value=label).font = Font(bold=True)
    c = ws.cell(row=row, column=2, value=_cell_value(value))
    if fmt:
        c.number_format = fmt
    if label.endswith("*"):
        c.font = _ESTIMATE_FONT
    c.alignment = Alignment(horizontal="left")
    return row + 1


def _summary_sheet(ws: Worksheet, plan: Plan, its: Sequence[Itinerary], lang: Lang) -> None:
    s = plan.summary
    title = f"{t(lang, 'plan_title')} — {plan.kabupaten_name} — {month_name(lang, plan.month)}"
    ws.cell(row=1, column=1, value=_cell_value(title)).font = _TITLE_FONT
    ws.freeze_panes = "A2"
    row = 3
    p_range = f"{num(lang, s.expected_p10)}–{num(lang, s.expected_p90)}"
    range_label = t(lang, "p10_p90")
    range_label = range_label[0].upper() + range_label[1:]
    rows: list[tuple[str, Any, str | None]] = [
        (t(lang, "expected_total") + "*", s.expected_activations, "#,##0"),
        (range_label + "*", p_range, None),
        (t(lang, "upper_bound"), s.upper_bound, "#,##0"),
        (t(lang, "gap"), s.gap, "0.0%"),
        (t(lang, "baseline") + "*", s.baseline_activations, "#,##0"),
        (t(lang, "wktp"), s.wktp, "#,##0"),
        (t(lang, "ikd_before"), s.ikd_active_before, "#,##0"),
        (t(lang, "rate_before"), s.ikd_rate_before, "0.0%"),
        (t(lang, "rate_after") + "*", s.ikd_rate_after, "0.0%"),
        (t(lang, "target_rate"), s.target_rate, "0%"),
        (t(lang, "months_to_target") + "*", s.months_to_target, "0.0"),
        (t(lang, "visits"), s.visits, "0"),
        (t(lang, "team_days"), s.team_days, "0"),
        (t(lang, "staff_days"), s.staff_days, "0"),
        (t(lang, "travel_km"), s.travel_km, "#,##0"),
        (t(lang, "solver_status"), s.solver_status, None),
    ]
    for label, value, fmt in rows:
        row = _kv(ws, row, label, value, fmt)

    row += 1
    ws.cell(row=row, column=1, value=t(lang, "per_team")).font = _SECTION_FONT
    row += 1
    cols = [
        _Col(t(lang, "team")),
        _Col(t(lang, "team_days"), "0"),
        _Col(t(lang, "visits"), "0"),
        _Col(t(lang, "travel_min"), "0"),
        _Col(t(lang, "expected"), "0", estimated=True),
    ]
    _write_header(ws, row, cols)
    for name in team_order(plan):
        days = [it for it in its if it.team == name]
        row += 1
        _write_row(
            ws,
            row,
            cols,
            (
                name,
                len(days),
                sum(len(it.visits) for it in days),
                sum(v.stop.travel_min for it in days for v in it.visits),
                sum(it.expected for it in days),
            ),
        )
    row += 1
    totals = (
        t(lang, "total"),
        len(its),
        sum(len(it.visits) for it in its),
        sum(v.stop.travel_min for it in its for v in it.visits),
        sum(it.expected for it in its),
    )
    _write_row(ws, row, cols, totals)
    for j in range(1, len(cols) + 1):
        ws.cell(row=row, column=j).font = _TOTAL_FONT
        ws.cell(row=row, column=j).border = _TOTAL_BORDER

    row += 2
    ws.cell(row=row, column=1, value=t(lang, "unscheduled_title")).font = _SECTION_FONT
    row += 1
    ucols = [
        _Col(t(lang, "venue")),
        _Col(t(lang, "venue_type")),
        _Col(t(lang, "kecamatan")),
        _Col(t(lang, "desa")),
        _Col(t(lang, "reason")),
        _Col(t(lang, "detail")),
        _Col(t(lang, "venue_id")),
    ]
    _write_header(ws, row, ucols)
    venues = venue_index(plan)
    for u in plan.unscheduled:
        v = venues.get(u.venue_id)
        row += 1
        _write_row(
            ws,
            row,
            ucols,
            (
                v.name if v else u.venue_id,
                venue_type_label(lang, v.type) if v else "",
                v.kecamatan if v else "",
                v.desa if v else "",
                reason_label(lang, u.reason),
                u.detail,
                u.venue_id,
            ),
        )
    _fit_widths(ws)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 36)
    _notes(ws, row + 2, lang)


def schedule_workbook(plan: Plan, lang: Lang) -> bytes:
    """The workbook as .xlsx bytes: the summary sheet first, then one sheet per team."""
    wb = Workbook()
    summary = wb.active
    summary.title = t(lang, "summary_sheet")
    its = itineraries(plan)
    _summary_sheet(summary, plan, its, lang)
    titles = sheet_titles(team_order(plan), summary.title)
    for name in team_order(plan):
        ws = wb.create_sheet(titles[name])
        _team_sheet(ws, [it for it in its if it.team == name], lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
