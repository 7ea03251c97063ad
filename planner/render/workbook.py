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
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planner.i18n import (
    Lang,
    break_label,
    is_known_reason,
    month_name,
    num,
    reason_label,
    solver_status_label,
    t,
    team_label,
    venue_type_label,
    weekday,
)
from planner.plan import Plan, Transfer
from planner.render.itinerary import (
    Itinerary,
    day_lines,
    itineraries,
    team_order,
    venue_index,
)
from planner.render.schedule import safe_text
from planner.render.trip_text import back_label, sleeps_here, transfer_text

_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TOTAL_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12, color="1F4E78")
_ESTIMATE_FONT = Font(italic=True, color="7F6000")
_NOTE_FONT = Font(italic=True, color="595959")
_WRITE_IN_FILL = PatternFill("solid", fgColor="FFF9DB")
_BREAK_FILL = PatternFill("solid", fgColor="EEF3EA")
_BACK_FILL = PatternFill("solid", fgColor="F2F2F2")
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


class Formula(str):
    """A formula this module writes (sums of the actuals); never data text."""


def _cell_value(value: object) -> object:
    if isinstance(value, Formula):
        return str(value)
    return safe_text(value) if isinstance(value, str) else value


def _clock(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h) % 24, int(m))


def sheet_titles(
    team_names: Sequence[str], summary_title: str, reserved: Sequence[str] = ()
) -> dict[str, str]:
    """A valid, distinct Excel sheet title (≤ 31 characters, no []:*?/\\) per team."""
    used = {summary_title.casefold(), *(r.casefold() for r in reserved)}
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


def _write_row(
    ws: Worksheet, row: int, cols: Sequence[_Col], values: Sequence[object], plain: bool = False
) -> None:
    """One row; `plain` rows (breaks, drives back) get no estimate or write-in styling."""
    for j, (col, value) in enumerate(zip(cols, values, strict=True), start=1):
        c = ws.cell(row=row, column=j, value=_cell_value(value))
        if col.number_format:
            c.number_format = col.number_format
        if plain:
            if value is not None and j == 4:
                c.font = _NOTE_FONT
            continue
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


def _quote_sheet(title: str) -> str:
    """A sheet title as a formula reference: `'Tim A'` (quotes inside doubled)."""
    return "'" + title.replace("'", "''") + "'"


def _header_footer_text(text: str) -> str:
    """Data text for an Excel header/footer, where `&` starts a code."""
    return text.replace("&", "&&")


def page_setup(ws: Worksheet, plan: Plan, lang: Lang, part: str, last_col: int) -> None:
    """Print settings: A4 landscape, one page wide, header row repeated on every page, and a
    header and footer naming the kabupaten, the month, the team (or sheet) and the page."""
    print_setup(
        ws,
        plan.kabupaten_name,
        f"{t(lang, 'plan_title')} — {month_name(lang, plan.month)}",
        part,
        last_col,
        lang,
    )


def print_setup(
    ws: Worksheet, place: str, title: str, part: str, last_col: int, lang: Lang
) -> None:
    """The print settings of every workbook the planner writes (schedule, progress): A4
    landscape, one page wide, a header naming `place`, `title` and the sheet (`part`), a
    footer with the page number."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.left.text = _header_footer_text(place)
    ws.oddHeader.center.text = _header_footer_text(title)
    ws.oddHeader.right.text = _header_footer_text(part)
    ws.oddFooter.left.text = _header_footer_text(f"{place} · {part}")
    ws.oddFooter.right.text = t(lang, "page_of")
    ws.print_area = f"A1:{get_column_letter(last_col)}{max(ws.max_row, 1)}"


def _team_columns(lang: Lang) -> list[_Col]:
    return [
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
        _Col(t(lang, "actual"), "0", write_in=True),
        _Col(t(lang, "venue_id")),
        _Col(t(lang, "lat"), "0.000000"),
        _Col(t(lang, "lon"), "0.000000"),
        _Col(t(lang, "sleeps_at")),
    ]


#: Team sheets: columns printed (through the actuals) and where the sums are.
_PRINTED_COLS = 15
_KEC_COL, _TRAVEL_COL, _EXPECTED_COL, _ACTUAL_COL = 6, 11, 12, 15


def actual_header(lang: Lang) -> str:
    """The header of the hand-written actuals column (`Aktual` / `Actual`): the ledger finds
    that column of a filled-in schedule.xlsx by this text."""
    return t(lang, "actual")


@dataclass(frozen=True)
class TeamTotals:
    """Where a team sheet's totals are, for formulas on other sheets."""

    title: str
    total_row: int
    first_row: int


def _team_sheet(
    ws: Worksheet, plan: Plan, team: str, days: Sequence[Itinerary], lang: Lang
) -> TeamTotals:
    """One row per visit (the ledger reads them back), a line per break and per drive back
    to the base, and a total row whose actuals cell sums what is written in by hand."""
    cols = _team_columns(lang)
    _write_header(ws, 1, cols)
    row = 1
    for it in days:
        if it.team_day.transfer_before is not None:
            row += 1
            _transfer_row(ws, row, cols, plan, it.team_day.transfer_before, lang, "before")
        for line in day_lines(it):
            row += 1
            v = line.visit
            if v is None:
                _write_row(
                    ws,
                    row,
                    cols,
                    (
                        it.date,
                        weekday(lang, it.date),
                        None,
                        f"{break_label(lang, line.kinds)} ({t(lang, 'break_line')})",
                        *([None] * 4),
                        _clock(line.start),
                        _clock(line.end),
                        *([None] * 9),
                    ),
                    plain=True,
                )
                _shade(ws, row, len(cols), _BREAK_FILL)
                continue
            if line.continued:
                _write_row(
                    ws,
                    row,
                    cols,
                    (
                        v.date,
                        weekday(lang, v.date),
                        None,
                        f"{v.venue.name} ({t(lang, 'continued')})",
                        *([None] * 4),
                        _clock(line.start),
                        _clock(line.end),
                        *([None] * 9),
                    ),
                    plain=True,
                )
                continue
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
                    _clock(line.start),
                    _clock(line.end),
                    round(s.travel_min, 1),
                    round(s.expected_activations, 1),
                    round(s.p10, 1),
                    round(s.p90, 1),
                    s.actual,
                    v.venue.id,
                    v.venue.lat,
                    v.venue.lon,
                    (it.base.name if it.base is not None else v.base) if v.away else None,
                ),
            )
        if it.base is not None and it.visits:
            row += 1
            _write_row(
                ws,
                row,
                cols,
                (
                    it.date,
                    weekday(lang, it.date),
                    None,
                    f"{back_label(it, lang)}: {it.base.name}" + _sleep_note(it, lang),
                    *([None] * 3),
                    _clock(it.team_day.return_),
                    *([None] * 2),
                    round(it.team_day.return_travel_min, 1),
                    *([None] * 8),
                ),
                plain=True,
            )
            _shade(ws, row, len(cols), _BACK_FILL)
        if it.team_day.transfer_after is not None:
            row += 1
            _transfer_row(ws, row, cols, plan, it.team_day.transfer_after, lang, "home")
    last = row
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32
    if last > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{last}"
    row += 1
    actual_col = get_column_letter(_ACTUAL_COL)
    total_cells: dict[int, object] = {
        1: t(lang, "total"),
        3: sum(len(it.visits) for it in days),
        _TRAVEL_COL: round(sum(_travel_min(it) for it in days), 1),
        _EXPECTED_COL: round(sum(it.expected for it in days), 1),
        _ACTUAL_COL: Formula(f"=SUM({actual_col}2:{actual_col}{max(last, 2)})"),
    }
    for j, value in total_cells.items():
        c = ws.cell(row=row, column=j, value=value)
        c.font = _TOTAL_FONT
        if j > 1:
            c.number_format = "0"
    for j in range(1, len(cols) + 1):
        ws.cell(row=row, column=j).border = _TOTAL_BORDER
    _fit_widths(ws)
    ws.column_dimensions[get_column_letter(_ACTUAL_COL)].width = 10
    _notes(ws, row + 2, lang)
    _actual_validation(ws, f"{actual_col}2:{actual_col}{max(last, 2)}", lang)
    page_setup(ws, plan, lang, team_label(lang, team), _PRINTED_COLS)
    ws.print_title_rows = "1:1"
    return TeamTotals(ws.title, row, 2)


def _travel_min(it: Itinerary) -> float:
    """Driving minutes of a team-day, the drive back to the base and the trip drives recorded
    on it (planner.trips) included."""
    td = it.team_day
    return (
        sum(v.stop.travel_min for v in it.visits)
        + td.return_travel_min
        + sum(x.travel_min for x in td.transfers)
    )


def _sleep_note(it: Itinerary, lang: Lang) -> str:
    note = sleeps_here(it, lang)
    return f" {note}" if note else ""


def _transfer_row(
    ws: Worksheet, row: int, cols: list[_Col], plan: Plan, tr: Transfer, lang: Lang, kind: str
) -> None:
    """A trip's drive to or from the lodging as its own shaded line, dated the day it is
    driven, with its minutes in the travel column (so the sheet's total counts it)."""
    _write_row(
        ws,
        row,
        cols,
        (
            tr.date,
            weekday(lang, tr.date),
            None,
            transfer_text(plan, lang, tr, kind),
            *([None] * 4),
            _clock(tr.depart),
            _clock(tr.arrive),
            round(tr.travel_min, 1),
            *([None] * 8),
        ),
        plain=True,
    )
    _shade(ws, row, len(cols), _BACK_FILL)


def _shade(ws: Worksheet, row: int, n_cols: int, fill: PatternFill) -> None:
    for j in range(1, n_cols + 1):
        ws.cell(row=row, column=j).fill = fill


def _actual_validation(ws: Worksheet, cells: str, lang: Lang) -> None:
    """Only a whole number ≥ 0 can be typed into the actuals column."""
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    dv.error = t(lang, "actual_invalid")
    dv.errorTitle = t(lang, "actual")
    dv.showErrorMessage = True
    dv.add(cells)
    ws.add_data_validation(dv)


def _kv(ws: Worksheet, row: int, label: str, value: Any, fmt: str | None = None) -> int:
    ws.cell(row=row, column=1, value=label).font = Font(bold=True)
    c = ws.cell(row=row, column=2, value=_cell_value(value))
    if fmt:
        c.number_format = fmt
    if label.endswith("*"):
        c.font = _ESTIMATE_FONT
    c.alignment = Alignment(horizontal="left")
    return row + 1


def _summary_sheet(
    ws: Worksheet,
    plan: Plan,
    its: Sequence[Itinerary],
    lang: Lang,
    totals: dict[str, TeamTotals],
) -> None:
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
        (t(lang, "per_officer_day") + "*", s.activations_per_officer_day, "0.0"),
        (t(lang, "travel_km"), s.travel_km, "#,##0"),
        *(
            [
                (t(lang, "nights_away"), s.nights_away, "0"),
                (t(lang, "night_cost"), s.night_cost, "#,##0"),
                (t(lang, "trip_activations") + "*", s.trip_activations, "#,##0"),
                (t(lang, "per_million_rp") + "*", s.activations_per_million_rp, "0.0"),
                (t(lang, "transfer_km"), s.transfer_km, "#,##0"),
            ]
            if s.nights_away
            else []
        ),
        *(
            [(t(lang, "floor_cost") + "*", s.floor_cost, "#,##0")]
            if s.floor_cost is not None
            else []
        ),
        (t(lang, "solver_status"), solver_status_label(lang, s.solver_status), None),
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
        _Col(t(lang, "actual"), "0"),
    ]
    _write_header(ws, row, cols)
    header_row = row
    actual = get_column_letter(_ACTUAL_COL)
    for name in team_order(plan):
        days = [it for it in its if it.team == name]
        row += 1
        tt = totals.get(name)
        _write_row(
            ws,
            row,
            cols,
            (
                name,
                len(days),
                sum(len(it.visits) for it in days),
                round(sum(_travel_min(it) for it in days), 1),
                round(sum(it.expected for it in days), 1),
                Formula(f"={_quote_sheet(tt.title)}!{actual}{tt.total_row}") if tt else None,
            ),
        )
    row += 1
    totals_row = (
        t(lang, "total"),
        len(its),
        sum(len(it.visits) for it in its),
        round(sum(_travel_min(it) for it in its), 1),
        round(sum(it.expected for it in its), 1),
        Formula(f"=SUM(F{header_row + 1}:F{row - 1})"),
    )
    _write_row(ws, row, cols, totals_row)
    for j in range(1, len(cols) + 1):
        ws.cell(row=row, column=j).font = _TOTAL_FONT
        ws.cell(row=row, column=j).border = _TOTAL_BORDER

    row += 2
    ws.cell(row=row, column=1, value=t(lang, "unscheduled_title")).font = _SECTION_FONT
    row += 1
    # the reason says it all where it is a known one; free text is shown only otherwise
    details = {u.venue_id: "" if is_known_reason(u.reason) else u.detail for u in plan.unscheduled}
    with_detail = any(details.values())
    ucols = [
        _Col(t(lang, "venue")),
        _Col(t(lang, "venue_type")),
        _Col(t(lang, "kecamatan")),
        _Col(t(lang, "desa")),
        _Col(t(lang, "reason")),
        *([_Col(t(lang, "detail"))] if with_detail else []),
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
                *([details[u.venue_id]] if with_detail else []),
                u.venue_id,
            ),
        )
    _fit_widths(ws)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 36)
    _notes(ws, row + 2, lang)
    page_setup(ws, plan, lang, t(lang, "summary_sheet"), len(ucols))
    ws.page_setup.orientation = "portrait"


def _coverage_sheet(
    ws: Worksheet,
    plan: Plan,
    its: Sequence[Itinerary],
    lang: Lang,
    totals: dict[str, TeamTotals],
) -> None:
    """Per kecamatan: venues, venues visited, visits, expected and (once written in) actual
    activations, so a manager sees which kecamatan the month reaches and which it leaves out."""
    cols = [
        _Col(t(lang, "kecamatan")),
        _Col(t(lang, "venues_total"), "0"),
        _Col(t(lang, "venues_visited"), "0"),
        _Col(t(lang, "visits"), "0"),
        _Col(t(lang, "team_days"), "0"),
        _Col(t(lang, "pool"), "#,##0", estimated=True),
        _Col(t(lang, "expected"), "#,##0", estimated=True),
        _Col(t(lang, "actual"), "#,##0"),
        _Col(t(lang, "ready"), "#,##0", estimated=True),
        _Col(t(lang, "share"), "0.0%", estimated=True),
        _Col(t(lang, "share_to_date"), "0.0%", estimated=True),
        _Col(t(lang, "floor"), "0.0%"),
    ]
    _write_header(ws, 1, cols)
    kecamatan = sorted({v.kecamatan for v in plan.venues}, key=str.casefold)
    cover = {c.kecamatan: c for c in plan.coverage}
    actual = get_column_letter(_ACTUAL_COL)
    kec = get_column_letter(_KEC_COL)
    row = 1
    for name in kecamatan:
        row += 1
        here = [v for v in plan.venues if v.kecamatan == name]
        visits = [v for it in its for v in it.visits if v.venue.kecamatan == name]
        days = {(it.date, it.team) for it in its for v in it.visits if v.venue.kecamatan == name}
        sums = [
            f"SUMIFS({_quote_sheet(tt.title)}!${actual}${tt.first_row}:${actual}"
            f"${tt.total_row - 1},{_quote_sheet(tt.title)}!${kec}${tt.first_row}:${kec}"
            f'${tt.total_row - 1},"="&$A{row})'
            for tt in totals.values()
        ]
        _write_row(
            ws,
            row,
            cols,
            (
                name,
                len(here),
                len({v.venue.id for v in visits}),
                len(visits),
                len(days),
                round(sum(v.pool for v in here), 1),
                round(sum(v.stop.expected_activations for v in visits), 1),
                Formula("=" + "+".join(sums)) if sums else None,
                *(
                    (c.ready, c.share, c.share_to_date, c.floor)
                    if (c := cover.get(name)) is not None
                    else (None, None, None, None)
                ),
            ),
        )
    row += 1
    first, last = 2, row - 1
    _write_row(
        ws,
        row,
        cols,
        (
            t(lang, "total"),
            len(plan.venues),
            len({v.venue.id for it in its for v in it.visits}),
            sum(len(it.visits) for it in its),
            len(its),
            round(sum(v.pool for v in plan.venues), 1),
            round(sum(it.expected for it in its), 1),
            Formula(f"=SUM(H{first}:H{max(last, first)})"),
            round(sum(c.ready for c in plan.coverage), 1) if plan.coverage else None,
            None,
            None,
            None,
        ),
    )
    for j in range(1, len(cols) + 1):
        ws.cell(row=row, column=j).font = _TOTAL_FONT
        ws.cell(row=row, column=j).border = _TOTAL_BORDER
    ws.freeze_panes = "A2"
    _fit_widths(ws)
    _notes(ws, row + 2, lang)
    page_setup(ws, plan, lang, t(lang, "coverage_sheet"), len(cols))
    ws.print_title_rows = "1:1"


#: Terms a manager meets in the workbook and the summary, explained in the glossary sheet.
GLOSSARY_TERMS: tuple[str, ...] = (
    "ikd",
    "wktp",
    "expected",
    "range",
    "estimated",
    "actual",
    "upper_bound",
    "gap",
    "baseline",
    "quality",
    "team_day",
    "staff_day",
    "base",
    "trip",
    "break",
)


def _glossary_sheet(ws: Worksheet, plan: Plan, lang: Lang) -> None:
    cols = [_Col(t(lang, "term")), _Col(t(lang, "meaning"))]
    _write_header(ws, 1, cols)
    trips = any(td.away for td in plan.team_days)
    terms = [k for k in GLOSSARY_TERMS if k != "trip" or trips]  # dinas luar only if planned
    for i, key in enumerate(terms, start=2):
        _write_row(
            ws,
            i,
            cols,
            (t(lang, f"glossary.{key}.term"), t(lang, f"glossary.{key}.meaning")),
        )
        ws.cell(row=i, column=1).font = Font(bold=True)
        ws.cell(row=i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=i, column=1).alignment = Alignment(vertical="top")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "A2"
    page_setup(ws, plan, lang, t(lang, "glossary_sheet"), 2)
    ws.print_title_rows = "1:1"


def schedule_workbook(plan: Plan, lang: Lang) -> bytes:
    """The workbook as .xlsx bytes: summary, one sheet per team, per kecamatan, glossary.

    Every sheet prints on A4 landscape one page wide with its header row repeated; the
    actuals written in by hand add up in each team sheet, the summary and the kecamatan
    sheet (formulas that Excel and LibreOffice compute on opening).
    """
    wb = Workbook()
    summary = wb.active
    summary.title = t(lang, "summary_sheet")
    its = itineraries(plan)
    titles = sheet_titles(
        team_order(plan),
        summary.title,
        reserved=(t(lang, "coverage_sheet"), t(lang, "glossary_sheet")),
    )
    totals: dict[str, TeamTotals] = {}
    for name in team_order(plan):
        ws = wb.create_sheet(titles[name])
        totals[name] = _team_sheet(ws, plan, name, [it for it in its if it.team == name], lang)
    _summary_sheet(summary, plan, its, lang, totals)
    _coverage_sheet(wb.create_sheet(t(lang, "coverage_sheet")), plan, its, lang, totals)
    _glossary_sheet(wb.create_sheet(t(lang, "glossary_sheet")), plan, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
