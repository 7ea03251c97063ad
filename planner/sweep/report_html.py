"""comparison.html: one self-contained page (figures as base64 SVG, no CDN, no script) that
escapes every text coming from data or files."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from planner.i18n import Lang, failure_label, pct
from planner.projection import DEFAULT_HORIZON_YEARS, YEARLY_COHORT_SHARE_OF_POPULATION
from planner.sweep.answer import answer_lines, loose_gaps, readable_name
from planner.sweep.comparison import ComparisonRow
from planner.sweep.plots import (
    activations_vs_staff_days,
    figure_svg,
    marginal_team_gain,
    rate_projection,
)
from planner.sweep.report_cells import (
    cell_text,
    column_header,
    compare_text,
    display_columns,
    reach_text,
)
from planner.sweep.spec import Question


def _svg_img(svg: str, alt: str) -> str:
    """A figure embedded as a base64 SVG image, with its title as caption and alt text."""
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
    title = esc(compare_text(lang, "title", name=name))
    answer = answer_lines(rows, question or Question(), lang)
    loose = loose_gaps(rows)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        "<p>"
        + esc(
            compare_text(
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
        parts.append(f"<h2>{esc(compare_text(lang, 'answer_title'))}</h2>")
        parts += [f"<p class='answer'>{esc(line)}</p>" for line in answer]
    failed = [r for r in rows if not r.ok]
    if failed:
        parts.append(f"<h2>{esc(compare_text(lang, 'failed'))}</h2><ul>")
        for r in failed:
            why = failure_label(lang, r.result.error or "")
            parts.append(f"<li><b>{esc(readable_name(r, lang))}</b>: {esc(why)}</li>")
        parts.append("</ul>")
    parts.append(f"<h2>{esc(compare_text(lang, 'figures'))}</h2>")
    if ok:
        fig = activations_vs_staff_days(rows, lang)
        parts.append(_svg_img(figure_svg(fig), fig.axes[0].get_title()))
        gain = marginal_team_gain(rows, lang)
        if gain is None:
            parts.append(f"<p class='note'>{esc(compare_text(lang, 'no_gain'))}</p>")
        else:
            parts.append(_svg_img(figure_svg(gain), gain.axes[0].get_title()))
        proj = rate_projection(rows, lang)
        if proj is not None:
            parts.append(_svg_img(figure_svg(proj), proj.axes[0].get_title()))
        parts.append(f"<h3>{esc(compare_text(lang, 'model_title'))}</h3>")
        cohort = pct(lang, YEARLY_COHORT_SHARE_OF_POPULATION, 1)
        parts.append(f"<p class='note'>{compare_text(lang, 'model', cohort=cohort)}</p>")
    else:
        parts.append(f"<p>{esc(compare_text(lang, 'none_solved'))}</p>")
    parts.append(f"<h2>{esc(compare_text(lang, 'table'))}</h2><table><thead><tr>")
    cols = [*display_columns(axes), "note"]
    parts += [f"<th>{esc(column_header(c, lang))}</th>" for c in cols]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        cells = row.cells(axes)
        parts.append(f"<tr class='{'ok' if row.ok else 'failed'}'>")
        for c in cols:
            if c in ("month_target", "month_national"):
                text = reach_text(row, c, lang, horizon_years)
            elif c == "status":
                text = compare_text(lang, "ok" if row.ok else "failed_status")
            elif c == "scenario":
                text = readable_name(row, lang)
            elif c == "note":
                text = compare_text(lang, "loose_gap") if row.result.slug in loose else ""
            else:
                text = cell_text(c, cells[c], lang)
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
    parts.append(f"<p class='note'>{esc(compare_text(lang, 'estimates'))}</p></body></html>")
    return "\n".join(parts)
