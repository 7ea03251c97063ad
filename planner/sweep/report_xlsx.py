"""comparison.xlsx: the answer on top, the comparison table (numbers kept as numbers) and
the month-by-month projection, with headers in the reader's language."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planner.i18n import Lang
from planner.projection import DEFAULT_HORIZON_YEARS
from planner.sweep.answer import answer_lines, loose_gaps, readable_name
from planner.sweep.comparison import Cell, ComparisonRow, columns
from planner.sweep.report_cells import (
    PERCENT_COLUMNS,
    WHOLE_COLUMNS,
    column_header,
    compare_text,
    reach_text,
)
from planner.sweep.spec import Question


def _typed(value: Cell) -> Cell:
    """An axis value as a number where it is one (`"2"` → 2), so Excel can sort and sum it."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value
    return value


def comparison_xlsx(
    rows: Sequence[ComparisonRow],
    axes: Sequence[str],
    lang: Lang = "id",
    horizon_years: int = DEFAULT_HORIZON_YEARS,
    question: Question | None = None,
) -> bytes:
    """The workbook: the answer on top, a comparison table (numbers as numbers, scenarios in
    words, loose plans flagged) and a month-by-month projection."""
    q = question or Question()
    wb = Workbook()
    ws = wb.active
    ws.title = compare_text(lang, "sheet")
    answer = answer_lines(rows, q, lang)
    for text in answer:
        ws.append([text])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
    if answer:
        ws.append([])
    header_row = ws.max_row + 1 if answer else 1
    cols = [c for c in columns(axes) if c not in ("month_target", "month_national")]
    cols[cols.index("months_to_target") : cols.index("months_to_target")] = ["month_target"]
    cols[cols.index("months_to_national") : cols.index("months_to_national")] = ["month_national"]
    cols.append("note")
    ws.append([column_header(c, lang) for c in cols])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    loose = loose_gaps(rows)
    for row in rows:
        cells = row.cells(axes)
        line: list[Cell] = []
        for c in cols:
            if c in ("month_target", "month_national"):
                line.append(reach_text(row, c, lang, horizon_years) or None)
            elif c == "status":
                line.append(compare_text(lang, "ok" if row.ok else "failed_status"))
            elif c == "scenario":
                line.append(readable_name(row, lang))
            elif c == "note":
                line.append(compare_text(lang, "loose_gap") if row.result.slug in loose else None)
            elif c in axes or c == "officers_per_team":
                line.append(_typed(cells[c]))
            else:
                line.append(cells[c])
        ws.append(line)
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        width = 40 if c in ("scenario", "note") else len(column_header(c, lang)) + 2
        ws.column_dimensions[letter].width = max(10, min(40, width))
        body = ws[letter][header_row:]
        if c in PERCENT_COLUMNS:
            for cell in body:
                cell.number_format = "0.0%"
        elif c in WHOLE_COLUMNS:
            for cell in body:
                cell.number_format = "#,##0"
    ws.freeze_panes = f"B{header_row + 1}"

    solved = [r for r in rows if r.projection is not None]
    if solved:
        ps = wb.create_sheet(compare_text(lang, "proj_sheet"))
        ps.append([compare_text(lang, "proj_month"), *(readable_name(r, lang) for r in solved)])
        for cell in ps[1]:
            cell.font = Font(bold=True)
        months = sorted({m.month for r in solved if r.projection for m in r.projection.months})
        by_row = [
            {m.month: m.rate for m in r.projection.months} if r.projection else {} for r in solved
        ]
        for month in months:
            ps.append([month, *(rates.get(month) for rates in by_row)])
        for col in ps.iter_cols(min_col=2, min_row=2):
            for cell in col:
                cell.number_format = "0.0%"
        ps.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
