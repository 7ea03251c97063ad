"""`route.html`: one team's day alone, for the phone in the car.

Only that day's route, its numbered stops and the base, over the outlines of the desa it
passes through, with the day's schedule in the legend. Small (well under 1 MB) and
self-contained, so it opens from a WhatsApp attachment with no signal.
"""

from __future__ import annotations

from typing import Any

import folium

from planner.domain import KabupatenData
from planner.i18n import Lang, long_date, num, t, team_label
from planner.plan import Plan
from planner.render.choropleth import area_shapes, feature_collection
from planner.render.itinerary import Itinerary
from planner.render.leaflet import (
    Legend,
    PlaceLabels,
    add_route,
    area_labels,
    base_marker,
    esc,
    legend_block,
    new_map,
    page_html,
    set_lang_attr,
)

#: Desa within this margin (degrees, ~5 km) of the route's bounding box are drawn.
CONTEXT_MARGIN_DEG = 0.05


def _desa_outlines(m: folium.Map, it: Itinerary, data: KabupatenData, lang: Lang) -> None:
    lats = [p[0] for p in it.path()]
    lons = [p[1] for p in it.path()]
    if not lats:
        return
    near = data.desa.cx[
        min(lons) - CONTEXT_MARGIN_DEG : max(lons) + CONTEXT_MARGIN_DEG,
        min(lats) - CONTEXT_MARGIN_DEG : max(lats) + CONTEXT_MARGIN_DEG,
    ]
    shapes = area_shapes(near, data.areas)
    if not shapes:
        return
    PlaceLabels(area_labels(shapes, "desa")).add_to(m)
    props = [{"tip": f"<b>{esc(s.name)}</b>"} for s in shapes]

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return {"fillColor": "#fff7bc", "fillOpacity": 0.25, "color": "#777777", "weight": 1}

    folium.GeoJson(
        feature_collection(shapes, props),
        name=esc(t(lang, "desa_outline")),
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)


def _legend(plan: Plan, it: Itinerary, colour: str, lang: Lang) -> str:
    td = it.team_day
    head = [
        f'<b><span style="color:{colour}">&#9632;</span> {esc(team_label(lang, it.team))}</b>',
        esc(long_date(lang, it.date)),
        f"{esc(t(lang, 'officers'))}: {td.officers} · {esc(t(lang, 'depart'))} "
        f"{esc(td.depart)} · {esc(t(lang, 'return'))} {esc(td.return_)}",
        f'<span class="est">{esc(t(lang, "expected"))}: <b>{num(lang, it.expected)}</b>*</span>',
    ]
    if it.base is not None:
        head.append(
            '<span class="ikd-base" style="display:inline-block;vertical-align:middle">B</span> '
            f"{esc(t(lang, 'base'))}: {esc(it.base.name)}"
        )
    rows = []
    for v in it.visits:
        s = v.stop
        rows.append(
            f"<tr><td><b>{s.stop}</b></td><td>{esc(s.arrive)}</td><td>{esc(v.venue.name)}<br>"
            f"<small>{esc(s.start)}–{esc(s.end)} · {esc(t(lang, 'expected_short'))} "
            f"{num(lang, s.expected_activations)}*</small></td></tr>"
        )
    table = (
        f"<table><tr><th>{esc(t(lang, 'stop'))}</th><th>{esc(t(lang, 'arrive'))}</th>"
        f"<th>{esc(t(lang, 'venue'))}</th></tr>{''.join(rows)}</table>"
    )
    notes = f'<div class="note">{esc(t(lang, "stops_in_order"))}<br>'
    notes += f"{esc(t(lang, 'estimated_mark_note'))}<br>{esc(t(lang, 'note_range'))}</div>"
    return "<br>".join(head) + legend_block(t(lang, "schedule_for"), [table]) + notes


def route_map_html(
    plan: Plan, it: Itinerary, data: KabupatenData | None, colour: str, lang: Lang
) -> str:
    """One team-day's route map as a self-contained HTML page."""
    m = new_map(it.path(), lang)
    if data is not None and not data.desa.empty:
        _desa_outlines(m, it, data, lang)
    route = folium.FeatureGroup(
        name=f'<span style="color:{colour}">&#9632;</span> {esc(t(lang, "route"))}', show=True
    ).add_to(m)
    tip = f"<b>{esc(team_label(lang, it.team))}</b> · {esc(long_date(lang, it.date))}"
    add_route(route, it, colour, lang, tip)
    if it.base is not None:
        base_marker(it.base, lang).add_to(m)
    names = [(v.venue.lat, v.venue.lon, v.venue.name, "venue") for v in it.visits]
    if it.base is not None:
        names.append((it.base.lat, it.base.lon, it.base.name, "venue"))
    PlaceLabels(names).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    Legend(t(lang, "legend"), _legend(plan, it, colour, lang)).add_to(m)
    title = f"{t(lang, 'route')} {it.team} — {long_date(lang, it.date)}"
    return set_lang_attr(page_html(m, title), lang)
