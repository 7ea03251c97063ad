"""Write a sweep's comparison: `comparison.csv`, `comparison.xlsx` and `comparison.html`.

The CSV keeps stable English column names for scripts (listed in planner.sweep.comparison);
the XLSX and HTML are for people, with Bahasa Indonesia headers by default. The HTML is one
self-contained file (figures as base64 SVG, no CDN, no script) and escapes every text that
comes from data or files. Each file is written to a temporary file and renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.i18n import Lang
from planner.sweep.comparison import ComparisonRow
from planner.sweep.projection import DEFAULT_HORIZON_YEARS
from planner.sweep.report_csv import comparison_csv
from planner.sweep.report_html import comparison_html
from planner.sweep.report_xlsx import comparison_xlsx
from planner.sweep.spec import Question
from planner.sweep.store import write_bytes_atomic, write_text_atomic

__all__ = [
    "CSV_FILE",
    "HTML_FILE",
    "XLSX_FILE",
    "ComparisonFiles",
    "comparison_csv",
    "comparison_html",
    "comparison_xlsx",
    "write_comparison",
]

CSV_FILE = "comparison.csv"
XLSX_FILE = "comparison.xlsx"
HTML_FILE = "comparison.html"


@dataclass(frozen=True)
class ComparisonFiles:
    """The three files written for a sweep."""

    csv: Path
    xlsx: Path
    html: Path


def write_comparison(
    rows: Sequence[ComparisonRow],
    axes: Sequence[str],
    out_dir: Path,
    *,
    name: str,
    lang: Lang = "id",
    horizon_years: int = DEFAULT_HORIZON_YEARS,
    question: Question | None = None,
) -> ComparisonFiles:
    """Write comparison.csv, .xlsx and .html for `rows` into `out_dir` (each atomically, mode
    0644 like every output); the workbook and page open with the answer to `question`."""
    q = question or Question()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = ComparisonFiles(out_dir / CSV_FILE, out_dir / XLSX_FILE, out_dir / HTML_FILE)
    write_text_atomic(files.csv, comparison_csv(rows, axes))
    write_bytes_atomic(files.xlsx, comparison_xlsx(rows, axes, lang, horizon_years, q))
    write_text_atomic(files.html, comparison_html(rows, axes, name, lang, horizon_years, q))
    return files
