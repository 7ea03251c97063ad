"""comparison.csv: stable English column names and raw values, for scripts."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from planner.sweep.comparison import ComparisonRow, columns


def comparison_csv(rows: Sequence[ComparisonRow], axes: Sequence[str]) -> str:
    """CSV text: the columns of planner.sweep.comparison, one line per case."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = columns(axes)
    w.writerow(cols)
    for row in rows:
        cells = row.cells(axes)
        w.writerow(["" if cells[c] is None else cells[c] for c in cols])
    return buf.getvalue()
