"""comparison.xlsx: the comparison sheet (numbers kept as numbers) and the month-by-month
projection, with headers in the reader's language."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planner.i18n import Lang
from planner.sweep.comparison import Cell, ComparisonRow, columns
from planner.sweep.projection import DEFAULT_HORIZON_YEARS
from planner.sweep.report_cells import (
    PERCENT_COLUMNS,
    WHOLE_COLUMNS,
    column_header,
    compare_text,
    reach_text,
)


def comparison_xlsx(
    rows: Sequence[ComparisonRow],
    axes: Sequence[str],
    lang: Lang = "id",
    horizon_years: int = DEFAULT_HORIZON_YEARS,
) -> bytes:
    """The workbook: a comparison sheet (numbers as numbers) and a month-by-month projection."""
    wb = Workbook()
    ws = wb.active
    ws.title = compare_text(lang, "sheet")
    cols = [c for c in columns(axes) if c not in ("month_target", "month_national")]
    cols[cols.index("months_to_target") : cols.index("months_to_target")] = ["month_target"]
    cols[cols.index("months_to_national") : cols.index("months_to_national")] = ["month_national"]
    ws.append([column_header(c, lang) for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells = row.cells(axes)
        line: list[Cell] = []
        for c in cols:
            if c in ("month_target", "month_national"):
                line.append(reach_text(row, c, lang, horizon_years) or None)
            elif c == "status":
                line.append(compare_text(lang, "ok" if row.ok else "failed_status"))
            else:
                line.append(cells[c])
        ws.append(line)
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(10, min(40, len(column_header(c, lang)) + 2))
        if c in PERCENT_COLUMNS:
            for cell in ws[letter][1:]:
                cell.number_format = "0.0%"
        elif c in WHOLE_COLUMNS:
            for cell in ws[letter][1:]:
                cell.number_format = "#,##0"
    ws.freeze_panes = "B2"

    solved = [r for r in rows if r.projection is not None]
    if solved:
        ps = wb.create_sheet(compare_text(lang, "proj_sheet"))
        ps.append([compare_text(lang, "proj_month"), *(r.result.name for r in solved)])
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
