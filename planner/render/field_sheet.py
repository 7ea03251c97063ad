"""The day sheet a team carries: `jadwal.html` (print), `jadwal.png` (phone), `pesan.txt` (chat).

One page per team-day: stops in order with times, expected activations (P10–P90), an empty
column to write the actual activations by hand, a Google Maps directions link per drive, and
what to bring. The text message carries the same links so the driver can tap them. Names are
HTML-escaped in the page, shown as literal text in the picture (no mathtext), and collapsed to
one line in the message.
"""

from __future__ import annotations

import io
import re
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from planner.i18n import Lang, long_date, num, t, team_label, venue_type_label
from planner.plan import Plan
from planner.render.itinerary import Itinerary, legs
from planner.render.leaflet import esc

_PAGE_CSS = """
@page{size:A4 landscape;margin:10mm}
body{font:10.5pt/1.35 Arial,Helvetica,sans-serif;color:#111;margin:0 auto;max-width:277mm}
h1{font-size:15pt;margin:0 0 2px}h2{font-size:11pt;margin:8px 0 3px}
.sub{margin:0 0 6px;color:#333}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #555;padding:3px 5px;vertical-align:top;text-align:left}
th{background:#e8eef7}
td.n{text-align:center;font-weight:bold;width:8mm}td.t{white-space:nowrap}
td.write{width:34mm;background:#fffbe6}
small{color:#444}.est{font-style:italic}
tr.back td,tr.total td{background:#f4f4f4}
.cols{display:flex;gap:14mm}.cols>div{flex:1}
ul.check{list-style:none;padding:0;margin:0}ul.check li:before{content:"\\2610  "}
.lines div{border-bottom:1px solid #999;height:7mm}
.note{font-size:8.5pt;color:#444;margin-top:6px}
@media print{a{color:#000;text-decoration:none}}
"""


def one_line(text: str) -> str:
    """Whitespace (newlines, tabs) collapsed so a name cannot break a message's layout."""
    return re.sub(r"\s+", " ", text).strip()


def _title(it: Itinerary, lang: Lang) -> str:
    return f"{t(lang, 'schedule_for')} {team_label(lang, it.team)} — {long_date(lang, it.date)}"


def _subtitle(plan: Plan, it: Itinerary, lang: Lang) -> str:
    td = it.team_day
    base = f" {t(lang, 'from_base')} {it.base.name}" if it.base is not None else ""
    return (
        f"{plan.kabupaten_name} · {t(lang, 'officers')}: {td.officers} · "
        f"{t(lang, 'depart')} {td.depart}{base} · {t(lang, 'return')} ±{td.return_}"
    )


def bring_items(lang: Lang) -> list[str]:
    """The checklist of what a team takes along."""
    return t(lang, "bring_items").split("|")


def day_sheet_html(plan: Plan, it: Itinerary, lang: Lang) -> str:
    """A printable one-page schedule for the team-day (self-contained HTML)."""
    by_stop = {leg.to_stop: leg for leg in legs(it)}
    rows = []
    for v in it.visits:
        s = v.stop
        leg = by_stop.get(s.stop)
        link = (
            f'<a href="{esc(leg.url)}">{esc(t(lang, "open_route"))}</a><br>'
            f"<small>{num(lang, s.travel_min)} {esc(t(lang, 'minutes'))}</small>"
            if leg
            else ""
        )
        rows.append(
            f'<tr><td class="n">{s.stop}</td>'
            f"<td><b>{esc(v.venue.name)}</b><br><small>"
            f"{esc(venue_type_label(lang, v.venue.type))} · {esc(v.venue.desa)}, "
            f"{esc(v.venue.kecamatan)}</small></td>"
            f'<td class="t">{esc(s.arrive)}</td><td class="t">{esc(s.start)}–{esc(s.end)}</td>'
            f'<td class="est">{num(lang, s.expected_activations)} '
            f"<small>({num(lang, s.p10)}–{num(lang, s.p90)})</small></td>"
            f'<td class="write"></td><td>{link}</td></tr>'
        )
    back = by_stop.get(None)
    if it.base is not None and back is not None:
        rows.append(
            f'<tr class="back"><td class="n">B</td><td>{esc(t(lang, "back_to_base"))}: '
            f'{esc(it.base.name)}</td><td class="t">±{esc(it.team_day.return_)}</td><td></td>'
            f'<td></td><td></td><td><a href="{esc(back.url)}">{esc(t(lang, "open_route"))}</a>'
            f"<br><small>{num(lang, it.team_day.return_travel_min)} "
            f"{esc(t(lang, 'minutes'))}</small></td></tr>"
        )
    rows.append(
        f'<tr class="total"><td></td><td><b>{esc(t(lang, "total"))}</b></td><td></td><td></td>'
        f'<td class="est"><b>{num(lang, it.expected)}</b></td><td class="write"></td><td></td></tr>'
    )
    head = (
        f"<tr><th>{esc(t(lang, 'stop'))}</th><th>{esc(t(lang, 'venue'))}</th>"
        f"<th>{esc(t(lang, 'arrive'))}</th><th>{esc(t(lang, 'start'))}–{esc(t(lang, 'end'))}</th>"
        f"<th>{esc(t(lang, 'expected'))}* <small>({esc(t(lang, 'p10_p90'))})</small></th>"
        f"<th>{esc(t(lang, 'actual'))}</th><th>{esc(t(lang, 'route_link'))}</th></tr>"
    )
    bring = "".join(f"<li>{esc(item)}</li>" for item in bring_items(lang))
    notes = "".join("<div></div>" for _ in range(3))
    foot = " ".join(
        esc(t(lang, k))
        for k in ("estimated_mark_note", "note_expected", "note_range", "note_actual")
    )
    title = _title(it, lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_PAGE_CSS}</style></head><body>"
        f'<h1>{esc(title)}</h1><p class="sub">{esc(_subtitle(plan, it, lang))}</p>'
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        f'<div class="cols"><div><h2>{esc(t(lang, "bring_title"))}</h2>'
        f'<ul class="check">{bring}</ul></div>'
        f'<div><h2>{esc(t(lang, "notes_line"))}</h2><div class="lines">{notes}</div></div></div>'
        f'<p class="note">{foot}</p></body></html>\n'
    )


def day_message(plan: Plan, it: Itinerary, lang: Lang) -> str:
    """The WhatsApp message for the team-day: plain text, `*bold*` title, tappable links."""
    td = it.team_day
    by_stop = {leg.to_stop: leg for leg in legs(it)}
    lines = [
        f"*{t(lang, 'message_greeting')} — {one_line(team_label(lang, it.team))}*",
        long_date(lang, it.date),
        one_line(_subtitle(plan, it, lang)),
        "",
    ]
    for v in it.visits:
        s = v.stop
        lines.append(f"{s.stop}. {s.arrive} {one_line(v.venue.name)} ({one_line(v.venue.desa)})")
        lines.append(
            f"   {s.start}–{s.end} · {t(lang, 'expected_short').lower()} "
            f"{num(lang, s.expected_activations)} ({t(lang, 'p10_p90')}: "
            f"{num(lang, s.p10)}–{num(lang, s.p90)})"
        )
        leg = by_stop.get(s.stop)
        if leg:
            lines.append(f"   {t(lang, 'route_link')}: {leg.url}")
    back = by_stop.get(None)
    if it.base is not None and back is not None:
        lines.append(f"{t(lang, 'back_to_base')} ±{td.return_}: {one_line(it.base.name)}")
        lines.append(f"   {t(lang, 'route_link')}: {back.url}")
    lines += [
        "",
        f"{t(lang, 'message_total')}: {num(lang, it.expected)} ({t(lang, 'estimated')})",
        f"{t(lang, 'bring_title')}: " + "; ".join(bring_items(lang)),
        t(lang, "message_report"),
    ]
    return "\n".join(lines) + "\n"


def day_sheet_png(plan: Plan, it: Itinerary, lang: Lang, dpi: int = 110) -> bytes:
    """The day's schedule as a picture (a table), for phones that cannot print."""
    header = [
        t(lang, "stop"),
        t(lang, "arrive"),
        t(lang, "venue"),
        f"{t(lang, 'start')}–{t(lang, 'end')}",
        f"{t(lang, 'expected_short')}* (P10–P90)",
        t(lang, "actual_short"),
    ]
    body = [
        [
            str(v.stop.stop),
            v.stop.arrive,
            textwrap.fill(one_line(v.venue.name), 42),
            f"{v.stop.start}–{v.stop.end}",
            f"{num(lang, v.stop.expected_activations)} "
            f"({num(lang, v.stop.p10)}–{num(lang, v.stop.p90)})",
            "",
        ]
        for v in it.visits
    ]
    if it.base is not None:
        body.append(["B", f"±{it.team_day.return_}", t(lang, "back_to_base"), "", "", ""])
    body.append(["", "", t(lang, "total"), "", num(lang, it.expected), ""])
    lines_per_row = [max(cell.count("\n") + 1 for cell in row) for row in body]
    height = 1.5 + 0.32 * (1 + sum(lines_per_row))
    fig = Figure(figsize=(10.5, height), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.text(
        0.02,
        1 - 0.32 / height,
        _title(it, lang),
        fontsize=13,
        weight="bold",
        va="top",
        parse_math=False,
    )
    fig.text(
        0.02, 1 - 0.62 / height, _subtitle(plan, it, lang), fontsize=9, va="top", parse_math=False
    )
    ax = fig.add_axes((0.02, 0.45 / height, 0.96, 1 - 1.3 / height))
    ax.axis("off")
    table = ax.table(
        cellText=body,
        colLabels=header,
        colWidths=[0.05, 0.08, 0.43, 0.13, 0.19, 0.12],
        loc="upper center",
        cellLoc="left",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    unit = 1 / (1 + sum(lines_per_row))
    for (r, c), cell in table.get_celld().items():
        cell.get_text().set_parse_math(False)
        cell.PAD = 0.04
        n_lines = 1 if r == 0 else lines_per_row[r - 1]
        cell.set_height(unit * n_lines)
        if r == 0:
            cell.set_facecolor("#e8eef7")
            cell.get_text().set_fontweight("bold")
        elif c == 5 and r <= len(it.visits):
            cell.set_facecolor("#fffbe6")
    fig.text(
        0.02,
        0.2 / height,
        t(lang, "estimated_mark_note") + " · " + t(lang, "note_range"),
        fontsize=7.5,
        style="italic",
        color="#444444",
        parse_math=False,
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
