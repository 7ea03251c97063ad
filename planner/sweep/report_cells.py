"""How a comparison cell reads for people (XLSX and HTML): headers, numbers, months to a
target. The CSV for scripts keeps raw values (planner.sweep.report_csv); these are shared by
the two writers for people so the workbook and the page say the same thing."""

from __future__ import annotations

from collections.abc import Sequence

from planner.i18n import Lang, has, num, pct, t
from planner.sweep.comparison import Cell, ComparisonRow, columns

#: Columns shown as percentages, and as whole numbers (people).
PERCENT_COLUMNS = {
    "gap",
    "ikd_rate_before",
    "ikd_rate_after",
    "target_rate",
    "national_target_rate",
}
WHOLE_COLUMNS = {"expected_activations", "p10", "p90", "upper_bound", "greedy_baseline"}


def compare_text(lang: Lang, key: str, **params: object) -> str:
    """A text of the comparison (`compare.<key>` in planner.i18n)."""
    return t(lang, f"compare.{key}", **params)


def column_header(col: str, lang: Lang) -> str:
    """Column header; an axis without a label (a new sweep axis) shows its own name."""
    if col == "note":
        return compare_text(lang, "note")
    return t(lang, f"column.{col}") if has(f"column.{col}") else col


def reach_text(row: ComparisonRow, col: str, lang: Lang, years: int) -> str:
    """`2027-05 (5)`, `already reached` or `not within 10 years` for the month columns."""
    s = row.result.summary
    if s is None:
        return ""
    target = s.target_rate if col == "month_target" else row.result.national_target_rate
    if target is None:
        return ""
    n = row.months_to(target)
    if n is None:
        return compare_text(lang, "never", years=years)
    if n == 0:
        return compare_text(lang, "already")
    return f"{row.month_reaching(target)} ({n})"


def cell_text(col: str, value: Cell, lang: Lang) -> str:
    """A cell as text: percentages, whole people, seconds with one decimal."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if col in PERCENT_COLUMNS:
            return pct(lang, value)
        if col in WHOLE_COLUMNS:
            return num(lang, value)
        if col == "solve_seconds":
            return num(lang, value, 1)
        return num(lang, value, 2 if isinstance(value, float) else 0)
    return str(value)


def display_columns(axes: Sequence[str]) -> list[str]:
    """Columns people read: months-to are folded into the month columns, errors are listed
    above the table, and kabupaten and month are in the page's heading or the axes."""
    skip = {"months_to_target", "months_to_national", "error", "plan_month", "kabupaten"}
    return [c for c in columns(axes) if c not in skip]
