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
from matplotlib.patches import Rectangle

from planner.i18n import Lang, break_label, long_date, num, t, team_label, venue_type_label
from planner.plan import Plan
from planner.render.itinerary import DayLine, Itinerary, Leg, day_lines, legs
from planner.render.leaflet import esc
from planner.render.trip_text import back_label, closing_line, opening_line, sleeps_here

_PAGE_CSS = """
@page{size:A4 portrait;margin:12mm}
*{box-sizing:border-box}
body{font:16px/1.4 Arial,Helvetica,sans-serif;color:#111;margin:0 auto;padding:10px;
max-width:190mm;overflow-wrap:anywhere}
h1{font-size:1.3em;margin:0 0 4px}h2{font-size:1.05em;margin:14px 0 4px}
.sub{margin:0 0 10px;color:#333}
ol.day{list-style:none;margin:0;padding:0;border-top:2px solid #555}
ol.day>li{border-bottom:1px solid #999;padding:6px 0;break-inside:avoid}
li.stop,li.back,li.total{display:grid;grid-template-columns:2.2em minmax(0,1fr) 5.2em;
gap:6px;align-items:start}
.no{font-weight:bold;font-size:1.2em;text-align:center}
.when{font-weight:bold}.meta,.route{font-size:.9em;color:#333}
.est{font-style:italic}
.write{border:1.5px solid #555;background:#fffbe6;min-height:3.2em;font-size:.75em;
padding:2px;color:#555;text-align:center}
ol.day>li.break{background:#eef3ea;padding-left:2.6em;font-weight:bold}
li.cont{color:#333}li.back,li.total{background:#f4f4f4}
ul.check{list-style:none;padding:0;margin:0}ul.check li:before{content:"\\2610  "}
.lines div{border-bottom:1px solid #999;height:9mm}
.note{font-size:.8em;color:#444;margin-top:8px}
@media print{body{font-size:10.5pt;padding:0}a{color:#000;text-decoration:none}
.cols{display:flex;gap:12mm}.cols>div{flex:1}}
"""


def one_line(text: str) -> str:
    """Whitespace (newlines, tabs) collapsed so a name cannot break a message's layout."""
    return re.sub(r"\s+", " ", text).strip()


def _title(it: Itinerary, lang: Lang) -> str:
    return f"{t(lang, 'schedule_for')} {team_label(lang, it.team)} — {long_date(lang, it.date)}"


def _subtitle(plan: Plan, it: Itinerary, lang: Lang) -> str:
    td = it.team_day
    where = t(lang, "from_lodging" if td.away else "from_base")
    base = f" {where} {it.base.name}" if it.base is not None else ""
    note = away_note(it, lang)
    return (
        f"{plan.kabupaten_name} · {t(lang, 'officers')}: {td.officers} · "
        f"{t(lang, 'depart')} {td.depart}{base} · {t(lang, 'return')} ±{td.return_}"
    ) + (f" · {note}" if note else "")


def away_note(it: Itinerary, lang: Lang) -> str | None:
    """`Dinas luar: tim menginap di Kantor Camat Sepaku …` on a trip day, with the rule of its
    drives to and from the lodging (outside the visit route, may run past working hours),
    else None."""
    td = it.team_day
    if not td.away:
        return None
    place = it.base.name if it.base is not None else td.base_venue
    return (
        t(lang, "away_note", place=place, cost=num(lang, td.night_cost))
        + ". "
        + t(lang, "transfer.note")
    )


def _sleep(it: Itinerary, lang: Lang) -> str:
    """` (malam ini menginap di sini)` after the return line of a night at the lodging."""
    note = sleeps_here(it, lang)
    return f" {note}" if note else ""


def bring_items(lang: Lang) -> list[str]:
    """The checklist of what a team takes along."""
    return t(lang, "bring_items").split("|")


def _break_text(lang: Lang, line: DayLine) -> str:
    return f"{line.start}–{line.end} {break_label(lang, line.kinds)} ({t(lang, 'break_line')})"


def _stop_html(lang: Lang, line: DayLine, leg: Leg | None) -> str:
    v = line.visit
    assert v is not None
    s = v.stop
    if line.continued:
        return (
            f'<li class="stop cont"><div class="no"></div><div>'
            f'<div class="when">{esc(line.start)}–{esc(line.end)}</div>'
            f"<div>{esc(v.venue.name)} ({esc(t(lang, 'continued'))})</div></div><div></div></li>"
        )
    route = (
        f'<div class="route"><a href="{esc(leg.url)}">{esc(t(lang, "open_route"))}</a> '
        f"({num(lang, s.travel_min)} {esc(t(lang, 'minutes'))})</div>"
        if leg
        else ""
    )
    return (
        f'<li class="stop"><div class="no">{s.stop}</div><div>'
        f'<div class="when">{esc(t(lang, "arrive"))} {esc(s.arrive)} · '
        f"{esc(line.start)}–{esc(line.end)}</div>"
        f"<div><b>{esc(v.venue.name)}</b></div>"
        f'<div class="meta">{esc(venue_type_label(lang, v.venue.type))} · {esc(v.venue.desa)}, '
        f"{esc(v.venue.kecamatan)}</div>"
        f'<div class="est">{esc(t(lang, "expected_short"))}* {num(lang, s.expected_activations)} '
        f"({num(lang, s.p10)}–{num(lang, s.p90)})</div>{route}</div>"
        f'<div class="write">{esc(t(lang, "actual"))}{_recorded(s.actual)}</div></li>'
    )


def _recorded(actual: int | None) -> str:
    """A reported visit's count in its write-in box (a re-plan's kept days), else nothing."""
    return f": <b>{actual}</b>" if actual is not None else ""


def day_sheet_html(plan: Plan, it: Itinerary, lang: Lang) -> str:
    """The team-day's schedule as one self-contained page: readable on a phone (one column,
    no sideways scroll) and printable on one A4 portrait sheet."""
    by_stop = {leg.to_stop: leg for leg in legs(it)}
    items = []
    opening = opening_line(plan, it, lang)
    if opening:
        items.append(f'<li class="break">{esc(opening)}</li>')
    for line in day_lines(it):
        if line.visit is None:
            items.append(f'<li class="break">{esc(_break_text(lang, line))}</li>')
        else:
            leg = None if line.continued else by_stop.get(line.visit.stop.stop)
            items.append(_stop_html(lang, line, leg))
    back = by_stop.get(None)
    if it.base is not None and it.visits:
        route = (
            f'<div class="route"><a href="{esc(back.url)}">{esc(t(lang, "open_route"))}</a> '
            f"({num(lang, it.team_day.return_travel_min)} {esc(t(lang, 'minutes'))})</div>"
            if back is not None
            else ""
        )
        items.append(
            f'<li class="back"><div class="no">B</div><div><div class="when">'
            f"±{esc(it.team_day.return_)}</div>{esc(back_label(it, lang))}: "
            f"{esc(it.base.name)}{_sleep(it, lang)}{route}</div><div></div></li>"
        )
    closing = closing_line(plan, it, lang)
    if closing:
        items.append(f'<li class="break">{esc(closing)}</li>')
    items.append(
        f'<li class="total"><div></div><div><b>{esc(t(lang, "total"))}</b> '
        f'<span class="est">{esc(t(lang, "expected_short"))}* '
        f"<b>{num(lang, it.expected)}</b></span></div>"
        f'<div class="write">{esc(t(lang, "actual"))}</div></li>'
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
        f'<ol class="day">{"".join(items)}</ol>'
        f'<div class="cols"><div><h2>{esc(t(lang, "bring_title"))}</h2>'
        f'<ul class="check">{bring}</ul></div>'
        f'<div><h2>{esc(t(lang, "notes_line"))}</h2><div class="lines">{notes}</div></div></div>'
        f'<p class="note">{foot}</p></body></html>\n'
    )


def day_message(plan: Plan, it: Itinerary, lang: Lang) -> str:
    """The WhatsApp message for the team-day: plain text, `*bold*` title, tappable links,
    breaks on their own line."""
    td = it.team_day
    by_stop = {leg.to_stop: leg for leg in legs(it)}
    lines = [
        f"*{t(lang, 'message_greeting')} — {one_line(team_label(lang, it.team))}*",
        long_date(lang, it.date),
        one_line(_subtitle(plan, it, lang)),
        "",
    ]
    opening = opening_line(plan, it, lang)
    if opening:
        lines.append(one_line(opening))
    for line in day_lines(it):
        v = line.visit
        if v is None:
            lines.append(f"— {_break_text(lang, line)} —")
            continue
        s = v.stop
        if line.continued:
            # Indented and unnumbered: one visit gets one reported count, on its numbered line.
            lines.append(
                f"   {line.start}–{line.end} {one_line(v.venue.name)} ({t(lang, 'continued')})"
            )
            continue
        lines.append(f"{s.stop}. {s.arrive} {one_line(v.venue.name)} ({one_line(v.venue.desa)})")
        lines.append(
            f"   {line.start}–{line.end} · {t(lang, 'expected_short').lower()} "
            f"{num(lang, s.expected_activations)} ({t(lang, 'p10_p90')}: "
            f"{num(lang, s.p10)}–{num(lang, s.p90)})"
        )
        leg = by_stop.get(s.stop)
        if leg:
            lines.append(f"   {t(lang, 'route_link')}: {leg.url}")
    back = by_stop.get(None)
    if it.base is not None and it.visits:
        lines.append(
            f"{back_label(it, lang)} ±{td.return_}: {one_line(it.base.name)}{_sleep(it, lang)}"
        )
        if back is not None:
            lines.append(f"   {t(lang, 'route_link')}: {back.url}")
    closing = closing_line(plan, it, lang)
    if closing:
        lines.append(one_line(closing))
    lines += [
        "",
        f"{t(lang, 'message_total')}: {num(lang, it.expected)} ({t(lang, 'not_official')})",
        f"{t(lang, 'bring_title')}: " + "; ".join(bring_items(lang)),
        t(lang, "message_report"),
    ]
    return "\n".join(lines) + "\n"


#: jadwal.png: 1080 px wide (a phone screen at full resolution), text ≥ 30 px high.
PNG_WIDTH_IN = 6.0
PNG_DPI = 180
_PNG_WRAP = 44


def _png_blocks(plan: Plan, it: Itinerary, lang: Lang) -> list[tuple[str, float, str, str]]:
    """(text, font size pt, weight, background) per printed line of the picture."""
    out: list[tuple[str, float, str, str]] = []

    def add(text: str, size: float, weight: str = "normal", bg: str = "") -> None:
        for part in textwrap.wrap(one_line(text), _PNG_WRAP * 15 // int(size)) or [""]:
            out.append((part, size, weight, bg))

    add(_title(it, lang), 17, "bold")
    add(_subtitle(plan, it, lang), 12)
    out.append(("", 8, "normal", ""))
    opening = opening_line(plan, it, lang)
    if opening:
        add(opening, 13, "bold", "#eef3ea")
    for line in day_lines(it):
        v = line.visit
        if v is None:
            add(f"{line.start}–{line.end}  {break_label(lang, line.kinds)}", 15, "bold", "#eef3ea")
            continue
        s = v.stop
        if line.continued:
            add(f"   {line.start}–{line.end} {v.venue.name} ({t(lang, 'continued')})", 14)
            continue
        add(f"{s.stop}. {line.start}–{line.end}  ({t(lang, 'arrive')} {s.arrive})", 15, "bold")
        add(v.venue.name, 15)
        add(
            f"{t(lang, 'expected_short')}* {num(lang, s.expected_activations)} "
            f"({num(lang, s.p10)}–{num(lang, s.p90)}) · {t(lang, 'actual')}: "
            f"{s.actual if s.actual is not None else '____'}",
            13,
        )
        out.append(("", 6, "normal", ""))
    if it.base is not None:
        back = f"B. ±{it.team_day.return_} {back_label(it, lang)}: {it.base.name}"
        add(back + _sleep(it, lang), 14)
    closing = closing_line(plan, it, lang)
    if closing:
        add(closing, 13, "bold", "#eef3ea")
    add(f"{t(lang, 'total')}: {t(lang, 'expected_short')}* {num(lang, it.expected)}", 15, "bold")
    add(t(lang, "estimated_mark_note"), 11)
    return out


def day_sheet_png(plan: Plan, it: Itinerary, lang: Lang, dpi: int = PNG_DPI) -> bytes:
    """The day's schedule as a tall picture for phones: one column, large text (portrait)."""
    blocks = _png_blocks(plan, it, lang)
    pad = 0.25
    heights = [size * 1.45 / 72 for _, size, _, _ in blocks]
    height = max(2 * pad + sum(heights), PNG_WIDTH_IN * 1.2)
    fig = Figure(figsize=(PNG_WIDTH_IN, height), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    y = height - pad
    for (text, size, weight, bg), h in zip(blocks, heights, strict=True):
        if bg:
            fig.patches.append(
                Rectangle(
                    (0.02, (y - h) / height),
                    0.96,
                    h / height,
                    transform=fig.transFigure,
                    facecolor=bg,
                    edgecolor="none",
                )
            )
        fig.text(
            pad / PNG_WIDTH_IN,
            (y - h / 2) / height,
            text,
            fontsize=size,
            weight=weight,
            va="center",
            parse_math=False,
        )
        y -= h
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
