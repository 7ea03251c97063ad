"""Write a sweep's comparison: `comparison.csv`, `comparison.xlsx` and `comparison.html`.

The CSV keeps stable English column names for scripts (listed in planner.sweep.comparison);
the XLSX and HTML are for people, with Bahasa Indonesia headers by default. The HTML is one
self-contained file (figures as base64 SVG, no CDN, no script) and escapes every text that
comes from data or files. Each file is written to a temporary file and renamed.
"""

from __future__ import annotations

import base64
import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planner.i18n import Lang, has, num, pct, t
from planner.sweep.answer import answer_lines, loose_gaps, readable_name
from planner.sweep.comparison import Cell, ComparisonRow, columns
from planner.sweep.plots import (
    activations_vs_staff_days,
    figure_svg,
    marginal_team_gain,
    rate_projection,
)
from planner.sweep.projection import DEFAULT_HORIZON_YEARS, YEARLY_COHORT_SHARE_OF_WKTP
from planner.sweep.run import write_bytes_atomic, write_text_atomic
from planner.sweep.spec import Question

CSV_FILE = "comparison.csv"
XLSX_FILE = "comparison.xlsx"
HTML_FILE = "comparison.html"

_PERCENT = {
    "gap",
    "ikd_rate_before",
    "ikd_rate_after",
    "target_rate",
    "national_target_rate",
}
_WHOLE = {"expected_activations", "p10", "p90", "upper_bound", "greedy_baseline"}


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


def _t(lang: Lang, key: str, **params: object) -> str:
    return t(lang, f"compare.{key}", **params)


def _head(col: str, lang: Lang) -> str:
    """Column header; an axis without a label (a new sweep axis) shows its own name."""
    if col == "note":
        return _t(lang, "note")
    return t(lang, f"column.{col}") if has(f"column.{col}") else col


def _reach_text(row: ComparisonRow, col: str, lang: Lang, years: int) -> str:
    """`2027-05 (5)`, `already reached` or `not within 10 years` for the month columns."""
    s = row.result.summary
    if s is None:
        return ""
    target = s.target_rate if col == "month_target" else row.result.national_target_rate
    if target is None:
        return ""
    n = row.months_to(target)
    if n is None:
        return _t(lang, "never", years=years)
    if n == 0:
        return _t(lang, "already")
    return f"{row.month_reaching(target)} ({n})"


def _fmt(col: str, value: Cell, lang: Lang) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if col in _PERCENT:
            return pct(lang, value)
        if col in _WHOLE:
            return num(lang, value)
        if col == "solve_seconds":
            return num(lang, value, 1)
        return num(lang, value, 2 if isinstance(value, float) else 0)
    return str(value)


def _display_columns(axes: Sequence[str]) -> list[str]:
    """Columns people read: months-to are folded into the month columns, errors are listed
    above the table, and kabupaten and month are in the page's heading or the axes."""
    skip = {"months_to_target", "months_to_national", "error", "plan_month", "kabupaten"}
    return [c for c in columns(axes) if c not in skip]


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
    ws.title = _t(lang, "sheet")
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
    ws.append([_head(c, lang) for c in cols])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    loose = loose_gaps(rows)
    for row in rows:
        cells = row.cells(axes)
        line: list[Cell] = []
        for c in cols:
            if c in ("month_target", "month_national"):
                line.append(_reach_text(row, c, lang, horizon_years) or None)
            elif c == "status":
                line.append(_t(lang, "ok" if row.ok else "failed_status"))
            elif c == "scenario":
                line.append(readable_name(row, lang))
            elif c == "note":
                line.append(_t(lang, "loose_gap") if row.result.slug in loose else None)
            elif c in axes:
                line.append(_typed(cells[c]))
            else:
                line.append(cells[c])
        ws.append(line)
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        width = 40 if c in ("scenario", "note") else len(_head(c, lang)) + 2
        ws.column_dimensions[letter].width = max(10, min(40, width))
        body = ws[letter][header_row:]
        if c in _PERCENT:
            for cell in body:
                cell.number_format = "0.0%"
        elif c in _WHOLE:
            for cell in body:
                cell.number_format = "#,##0"
    ws.freeze_panes = f"B{header_row + 1}"

    solved = [r for r in rows if r.projection is not None]
    if solved:
        ps = wb.create_sheet(_t(lang, "proj_sheet"))
        ps.append([_t(lang, "proj_month"), *(readable_name(r, lang) for r in solved)])
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


def _svg_img(svg: str, alt: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}">'
        f"<figcaption>{html.escape(alt)}</figcaption></figure>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
figure{margin:1rem 0}img{max-width:100%;height:auto;border:1px solid #ddd}
figcaption{font-size:.85rem;color:#555}
table{border-collapse:collapse;font-size:.8rem}th,td{border:1px solid #ccc;padding:.25rem .4rem}
th{background:#f0f0f0;position:sticky;top:0}td.n{text-align:right}tr.failed td{color:#a00}
.note{font-size:.85rem;color:#444;max-width:60rem}
.answer{font-size:1.1rem;font-weight:bold;max-width:60rem;background:#eef5e9;padding:.4rem .6rem}
"""


def comparison_html(
    rows: Sequence[ComparisonRow],
    axes: Sequence[str],
    name: str,
    lang: Lang = "id",
    horizon_years: int = DEFAULT_HORIZON_YEARS,
    question: Question | None = None,
) -> str:
    """One self-contained page: the answer, the figures, the failures and the table."""
    esc = html.escape
    ok = sum(1 for r in rows if r.ok)
    answer = answer_lines(rows, question or Question(), lang)
    loose = loose_gaps(rows)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(_t(lang, 'title', name=name))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(_t(lang, 'title', name=name))}</h1>",
        "<p>"
        + esc(
            _t(
                lang,
                "intro",
                n=len(rows),
                ok=ok,
                failed=len(rows) - ok,
                when=datetime.now().strftime("%Y-%m-%d %H:%M"),
            )
        )
        + "</p>",
    ]
    if answer:
        parts.append(f"<h2>{esc(_t(lang, 'answer_title'))}</h2>")
        parts += [f"<p class='answer'>{esc(line)}</p>" for line in answer]
    failed = [r for r in rows if not r.ok]
    if failed:
        parts.append(f"<h2>{esc(_t(lang, 'failed'))}</h2><ul>")
        parts += [
            f"<li><b>{esc(readable_name(r, lang))}</b>: {esc(r.result.error or '')}</li>"
            for r in failed
        ]
        parts.append("</ul>")
    parts.append(f"<h2>{esc(_t(lang, 'figures'))}</h2>")
    if ok:
        fig = activations_vs_staff_days(rows, lang)
        parts.append(_svg_img(figure_svg(fig), fig.axes[0].get_title()))
        gain = marginal_team_gain(rows, lang)
        if gain is None:
            parts.append(f"<p class='note'>{esc(_t(lang, 'no_gain'))}</p>")
        else:
            parts.append(_svg_img(figure_svg(gain), gain.axes[0].get_title()))
        proj = rate_projection(rows, lang)
        if proj is not None:
            parts.append(_svg_img(figure_svg(proj), proj.axes[0].get_title()))
        parts.append(f"<h3>{esc(_t(lang, 'model_title'))}</h3>")
        cohort = pct(lang, YEARLY_COHORT_SHARE_OF_WKTP, 2)
        parts.append(f"<p class='note'>{_t(lang, 'model', cohort=cohort)}</p>")
    else:
        parts.append(f"<p>{esc(_t(lang, 'none_solved'))}</p>")
    parts.append(f"<h2>{esc(_t(lang, 'table'))}</h2><table><thead><tr>")
    cols = [*_display_columns(axes), "note"]
    parts += [f"<th>{esc(_head(c, lang))}</th>" for c in cols]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        cells = row.cells(axes)
        parts.append(f"<tr class='{'ok' if row.ok else 'failed'}'>")
        for c in cols:
            if c in ("month_target", "month_national"):
                text = _reach_text(row, c, lang, horizon_years)
            elif c == "status":
                text = _t(lang, "ok" if row.ok else "failed_status")
            elif c == "scenario":
                text = readable_name(row, lang)
            elif c == "note":
                text = _t(lang, "loose_gap") if row.result.slug in loose else ""
            else:
                text = _fmt(c, cells[c], lang)
            cls = " class='n'" if isinstance(cells.get(c), int | float) else ""
            if c == "scenario":
                parts.append(f'<td title="{esc(row.result.name)}">{esc(text)}</td>')
                continue
            if c == "folder" and row.ok:
                href = esc(quote(row.result.slug) + "/")
                parts.append(f'<td><a href="{href}">{esc(text)}</a></td>')
                continue
            parts.append(f"<td{cls}>{esc(text)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    parts.append(f"<p class='note'>{esc(_t(lang, 'estimates'))}</p></body></html>")
    return "\n".join(parts)
