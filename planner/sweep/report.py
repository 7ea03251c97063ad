"""Write a sweep's comparison: `comparison.csv`, `comparison.xlsx` and `comparison.html`.

The CSV keeps stable English column names for scripts (listed in planner.sweep.comparison);
the XLSX and HTML are for people, with Bahasa Indonesia headers by default. The HTML is one
self-contained file (figures as base64 SVG, no CDN, no script) and escapes every text that
comes from data or files. Each file is written to a temporary file and renamed, and only
over a comparison ikd-planner wrote (planner.io.atomic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.i18n import Lang
from planner.io.atomic import NotOursError, check_target, write_owned_file
from planner.projection import DEFAULT_HORIZON_YEARS
from planner.sweep.comparison import ComparisonRow
from planner.sweep.report_csv import comparison_csv
from planner.sweep.report_html import comparison_html
from planner.sweep.report_xlsx import comparison_xlsx
from planner.sweep.spec import Question

__all__ = [
    "CSV_FILE",
    "HTML_FILE",
    "XLSX_FILE",
    "ComparisonFiles",
    "NotOursError",
    "check_comparison_target",
    "comparison_csv",
    "comparison_html",
    "comparison_xlsx",
    "write_comparison",
]

CSV_FILE = "comparison.csv"
XLSX_FILE = "comparison.xlsx"
HTML_FILE = "comparison.html"
#: The manifest group of a sweep's comparison files (planner.io.atomic).
COMPARISON_GROUP = "comparison"


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
    0644 like every output); the workbook and page open with the answer to `question`.

    Raises NotOursError (nothing written) when one of them is there and was not written by
    ikd-planner, or was changed since.
    """
    q = question or Question()
    out_dir = Path(out_dir)
    check_comparison_target(out_dir)
    files = ComparisonFiles(out_dir / CSV_FILE, out_dir / XLSX_FILE, out_dir / HTML_FILE)
    csv_text = comparison_csv(rows, axes).encode("utf-8")
    xlsx = comparison_xlsx(rows, axes, lang, horizon_years, q)
    page = comparison_html(rows, axes, name, lang, horizon_years, q).encode("utf-8")
    write_owned_file(out_dir, CSV_FILE, csv_text, COMPARISON_GROUP)
    write_owned_file(out_dir, XLSX_FILE, xlsx, COMPARISON_GROUP)
    write_owned_file(out_dir, HTML_FILE, page, COMPARISON_GROUP)
    return files


def check_comparison_target(out_dir: Path) -> None:
    """Raise NotOursError when the comparison files cannot be written into `out_dir`
    (called before a sweep runs, so the refusal comes before the work)."""
    check_target(Path(out_dir), (CSV_FILE, XLSX_FILE, HTML_FILE), COMPARISON_GROUP)
