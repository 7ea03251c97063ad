"""`map.html`: the month at a glance for the office: where people are unserved, where teams go.

Layers: desa and kecamatan coloured by unactivated residents (estimates marked), every venue
as a dot (clustered where dense; hollow when not scheduled, with the reason in its popup),
the team base, and each team's routes grouped team → day, one colour per team, numbered stops
and arrows in the direction of travel. A legend, layer control, fullscreen button, scale bar
and venue search complete it. The page is self-contained and works offline (tiles excepted).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import folium

from planner import venue_kinds
from planner.domain import KabupatenData
from planner.i18n import (
    Lang,
    is_known_reason,
    long_date,
    month_name,
    num,
    pct,
    reason_label,
    t,
    team_label,
    venue_type_label,
    weekday,
)
from planner.plan import Plan, PlanVenue, Unscheduled
from planner.render.choropleth import (
    NO_DATA_COLOUR,
    AreaShape,
    Classes,
    area_shapes,
    classes_for,
    feature_collection,
)
from planner.render.itinerary import (
    Itinerary,
    Visit,
    itineraries,
    team_colours,
    team_order,
    venue_index,
)
from planner.render.leaflet import (
    Bind,
    DivMarker,
    FeatureGroupSubGroup,
    Legend,
    MarkerCluster,
    PlaceLabels,
    VenueSearch,
    add_route,
    area_labels,
    base_marker,
    esc,
    estimated_mark,
    expected_html,
    legend_block,
    new_map,
    page_html,
    set_lang_attr,
)
from planner.render.trip_map import lodging_marker, nights_by_lodging


def venue_category(venue_type: str) -> str:
    """`school`, `office`, `event` or `other`: the venue's layer and dot colour (its kind's
    `map_layer`; a kind this installation does not know is `other`)."""
    known = venue_kinds.find(venue_type)
    return known.map_layer if known else "other"


def _area_tip(lang: Lang, s: AreaShape, parent: str | None) -> str:
    star = "*" if s.estimated else ""
    head = f"<b>{esc(s.name)}</b>" + (f" ({esc(parent)})" if parent else "")
    if s.area is None:
        return f'<div class="ikd-pop">{head}<br>{esc(t(lang, "no_data"))}</div>'
    a = s.area
    w_star = "*" if a.wktp_estimated else ""
    i_star = "*" if a.ikd_active_estimated else ""
    lines = [
        head,
        f"{esc(t(lang, 'unactivated'))}: <b>{num(lang, a.unactivated)}{star}</b>",
        f"{esc(t(lang, 'wktp'))}: {num(lang, a.wktp)}{w_star} · "
        f"{esc(t(lang, 'ikd_active'))}: {num(lang, a.ikd_active)}{i_star}",
        f"{esc(t(lang, 'ikd_rate'))}: {pct(lang, a.ikd_rate)}{star}",
    ]
    if s.estimated:
        lines.append(f'<span class="est">{esc(t(lang, "estimated_mark_note"))}</span>')
    return '<div class="ikd-pop">' + "<br>".join(lines) + "</div>"


def _choropleth(
    shapes: list[AreaShape], classes: Classes, lang: Lang, parents: dict[str, str]
) -> dict[str, Any]:
    props = [
        {
            "tip": _area_tip(lang, s, parents.get(s.code)),
            "fill": classes.colour(s.unactivated),
        }
        for s in shapes
    ]
    return feature_collection(shapes, props)


def _fill_style(weight: float, colour: str) -> Any:
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return {
            "fillColor": feature["properties"]["fill"],
            "fillOpacity": 0.55,
            "color": colour,
            "weight": weight,
        }

    return style


def _outline_style(feature: dict[str, Any]) -> dict[str, Any]:
    return {"fill": False, "color": "#333333", "weight": 2.5, "opacity": 0.9}


def _add_areas(m: folium.Map, data: KabupatenData, lang: Lang) -> Classes:
    desa = area_shapes(data.desa, data.areas)
    kec = area_shapes(data.kecamatan, data.areas)
    kec_names = {s.code: s.name for s in kec}
    desa_parent = {
        s.code: kec_names.get(s.area.parent_code, "") for s in desa if s.area is not None
    }
    classes = classes_for([s.unactivated for s in desa if s.unactivated is not None])
    kec_classes = classes_for([s.unactivated for s in kec if s.unactivated is not None])
    est = f" ({t(lang, 'estimated')})"
    folium.GeoJson(
        _choropleth(kec, kec_classes, lang, {}),
        name=esc(t(lang, "unactivated_layer_kec") + est),
        style_function=_fill_style(1.5, "#555555"),
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        show=False,
    ).add_to(m)
    folium.GeoJson(
        _choropleth(desa, classes, lang, desa_parent),
        name=esc(t(lang, "unactivated_layer_desa") + est),
        style_function=_fill_style(0.8, "#777777"),
        highlight_function=lambda f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)
    folium.GeoJson(
        feature_collection(kec, [{} for _ in kec]),
        name=esc(t(lang, "kec_outline")),
        style_function=_outline_style,
    ).add_to(m)
    PlaceLabels([*area_labels(kec, "kec"), *area_labels(desa, "desa")]).add_to(m)
    return classes


def _venue_popup(
    lang: Lang, v: PlanVenue, visits: list[Visit], why: Unscheduled | None, colours: dict[str, str]
) -> str:
    lines = [
        f"<b>{esc(v.name)}</b>",
        f"{esc(venue_type_label(lang, v.type))} · {esc(v.desa)}, {esc(v.kecamatan)}",
        f"{esc(t(lang, 'pool'))}: {num(lang, v.pool)}{estimated_mark(lang, v.pool_estimated)}",
    ]
    for vis in visits:
        s = vis.stop
        colour = colours.get(vis.team, "#000")
        lines.append(
            f'{esc(t(lang, "visited_on"))}: <span style="color:{colour}">■</span> '
            f"{esc(vis.team)} #{s.stop} · {esc(long_date(lang, vis.date))} · "
            f"{esc(s.start)}–{esc(s.end)}"
        )
        lines.append(expected_html(lang, s.expected_activations, s.p10, s.p90))
    if why is not None:
        lines.append(
            f'<span class="why">{esc(t(lang, "not_scheduled"))}: '
            f"{esc(reason_label(lang, why.reason))}</span>"
        )
        if why.detail and (lang == "en" or not is_known_reason(why.reason)):
            lines.append(f'<span class="why">{esc(why.detail)}</span>')
    if v.coord_estimated:
        lines.append(f'<span class="est">{esc(t(lang, "coord_estimated"))}</span>')
    return '<div class="ikd-pop">' + "<br>".join(lines) + "</div>"


def _add_venues(
    m: folium.Map, plan: Plan, its: tuple[Itinerary, ...], lang: Lang, colours: dict[str, str]
) -> Any:
    visits: dict[str, list[Visit]] = defaultdict(list)
    for it in its:
        for vis in it.visits:
            visits[vis.venue.id].append(vis)
    why = {u.venue_id: u for u in plan.unscheduled}
    cluster = MarkerCluster(
        name="venues",
        control=False,
        options={"maxClusterRadius": 35, "disableClusteringAtZoom": 14},
    ).add_to(m)
    groups = {
        cat: FeatureGroupSubGroup(cluster, name=esc(t(lang, key)), show=True).add_to(m)
        for cat, key in (("school", "schools"), ("office", "offices"), ("event", "events"))
    }
    groups["other"] = groups["event"]
    bases = {it.team_day.base_venue for it in its if not it.team_day.away}
    for v in plan.venues:
        if v.id in bases:
            continue
        cat = venue_category(v.type)
        state = "unscheduled" if v.id not in visits else cat
        marker = DivMarker(
            [v.lat, v.lon],
            f'<div class="ikd-dot {cat} {state}"></div>',
            (12, 12),
            "ikd-dot-icon",
            title=v.name,
        )
        Bind(popup=_venue_popup(lang, v, visits.get(v.id, []), why.get(v.id), colours)).add_to(
            marker
        )
        marker.add_to(groups[cat])
    return cluster


def _add_routes(
    m: folium.Map, plan: Plan, its: tuple[Itinerary, ...], lang: Lang, colours: dict[str, str]
) -> None:
    for team in team_order(plan):
        days = [it for it in its if it.team == team]
        if not days:
            continue
        colour = colours[team]
        swatch = f'<span style="color:{colour}">&#9632;</span> '
        group = folium.FeatureGroup(
            name=f"{swatch}<b>{esc(team_label(lang, team))}</b> ({esc(t(lang, 'all_days'))})",
            show=True,
        ).add_to(m)
        for it in days:
            d = it.date
            label = (
                f"&emsp;{swatch}{esc(team)} · {esc(weekday(lang, d)[:3])} "
                f"{d.day:02d}/{d.month:02d} ({len(it.visits)} {esc(t(lang, 'stops'))})"
            )
            sub = FeatureGroupSubGroup(group, name=label, show=True).add_to(m)
            tip = (
                f"<b>{esc(team_label(lang, team))}</b> · {esc(long_date(lang, d))}<br>"
                f"{len(it.visits)} {esc(t(lang, 'stops'))} · "
                f'<span class="est">{esc(t(lang, "expected"))}: {num(lang, it.expected)}*</span>'
            )
            add_route(sub, it, colour, lang, tip)


def _legend(plan: Plan, its: tuple[Itinerary, ...], classes: Classes | None, lang: Lang) -> str:
    s = plan.summary
    colours = team_colours(plan)
    title = f"{t(lang, 'map_title')} — {plan.kabupaten_name} — {month_name(lang, plan.month)}"
    head = [
        f"<b>{esc(title)}</b>",
        expected_html(lang, s.expected_activations, s.expected_p10, s.expected_p90) + "*",
        f"{esc(t(lang, 'visits'))}: {num(lang, s.visits)} · {esc(t(lang, 'team_days'))}: "
        f"{num(lang, s.team_days)}",
    ]
    teams = []
    for team in team_order(plan):
        days = [it for it in its if it.team == team]
        n = sum(len(it.visits) for it in days)
        exp = sum(it.expected for it in days)
        teams.append(
            f'<span class="ln" style="background:{colours[team]}"></span>'
            f"{esc(team_label(lang, team))}: {n} {esc(t(lang, 'stops'))}, "
            f'<span class="est">{esc(t(lang, "expected_short"))} {num(lang, exp)}*</span>'
        )
    teams.append(
        '<span class="ikd-stop" style="display:inline-block;background:#555;'
        'vertical-align:middle">1</span> ' + esc(t(lang, "stops_in_order"))
    )
    teams.append(
        '<span class="ikd-base" style="display:inline-block;vertical-align:middle">B</span> '
        + esc(t(lang, "base"))
    )
    venues = [
        f'<span class="ikd-dot school" style="display:inline-block"></span> '
        f"{esc(t(lang, 'schools'))}",
        f'<span class="ikd-dot office" style="display:inline-block"></span> '
        f"{esc(t(lang, 'offices'))}",
        f'<span class="ikd-dot event" style="display:inline-block"></span> '
        f"{esc(t(lang, 'events'))}",
        f'<span class="ikd-dot unscheduled" style="display:inline-block"></span> '
        f"{esc(t(lang, 'unscheduled_venue'))} ({esc(t(lang, 'reason'))}: popup)",
    ]
    blocks = [
        "<br>".join(head),
        legend_block(t(lang, "route"), teams),
        legend_block(t(lang, "venue"), venues, open_=False),
    ]
    if classes is not None:
        rows = [
            f'<span class="sw" style="background:{c}"></span>{num(lang, lo)}–{num(lang, hi)}'
            for lo, hi, c in classes.ranges()
        ]
        rows.append(
            f'<span class="sw" style="background:{NO_DATA_COLOUR}"></span>{esc(t(lang, "no_data"))}'
        )
        blocks.append(legend_block(f"{t(lang, 'unactivated')} ({t(lang, 'estimated')}*)", rows))
    notes = [
        esc(t(lang, "estimated_mark_note")),
        esc(t(lang, "note_range")),
        esc(t(lang, "no_tiles_note")),
    ]
    blocks.append('<div class="note">' + "<br>".join(notes) + "</div>")
    return "".join(blocks)


def overview_map_html(plan: Plan, data: KabupatenData | None, lang: Lang) -> str:
    """The overview map as a self-contained HTML page."""
    its = itineraries(plan)
    colours = team_colours(plan)
    points = [(v.lat, v.lon) for v in plan.venues]
    if data is not None and not data.desa.empty:
        minx, miny, maxx, maxy = data.desa.total_bounds
        points += [(float(miny), float(minx)), (float(maxy), float(maxx))]
    m = new_map(points, lang)
    classes = _add_areas(m, data, lang) if data is not None and not data.desa.empty else None
    cluster = _add_venues(m, plan, its, lang, colours)
    venues = venue_index(plan)
    for base_id in sorted({it.team_day.base_venue for it in its if not it.team_day.away}):
        if base_id in venues:
            base_marker(venues[base_id], lang).add_to(m)
    for lodging, nights in nights_by_lodging(plan).items():
        if lodging in venues:
            lodging_marker(venues[lodging], nights, lang).add_to(m)
    _add_routes(m, plan, its, lang, colours)
    PlaceLabels([(v.lat, v.lon, v.name, "venue") for v in plan.venues]).add_to(m)
    VenueSearch(cluster, t(lang, "search"), t(lang, "search_not_found")).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    Legend(t(lang, "legend"), _legend(plan, its, classes, lang)).add_to(m)
    title = f"{t(lang, 'map_title')} — {plan.kabupaten_name} — {month_name(lang, plan.month)}"
    return set_lang_attr(page_html(m, title), lang)
