"""Folium building blocks shared by the overview map and the per-day route maps.

Safety: names come from data files. Folium's own Popup and Tooltip paste their text raw into a
JavaScript template literal (markup runs, a backtick breaks out), so popups and tooltips here
are bound by `Bind`, which passes HTML we escaped ourselves as a JSON string. Layer names and
DivIcon HTML are escaped the same way. Offline: markers are DivIcons (no marker images), the
layers are vectors, and `page_html` inlines the pinned Leaflet assets.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import folium
import folium.plugins
from branca.element import MacroElement
from folium.plugins import Search
from folium.template import Template

from planner.i18n import Lang, long_date, num, t, team_label, venue_type_label
from planner.plan import PlanVenue
from planner.render.itinerary import Itinerary, Visit
from planner.render.offline import inline_assets

#: folium's vector layers and plugins have untyped constructors; we call them through these.
PolyLine: Any = folium.PolyLine
PolyLineTextPath: Any = folium.plugins.PolyLineTextPath
Fullscreen: Any = folium.plugins.Fullscreen
MarkerCluster: Any = folium.plugins.MarkerCluster
FeatureGroupSubGroup: Any = folium.plugins.FeatureGroupSubGroup

OSM_TILES = "OpenStreetMap"
#: The smallest extent a map opens on (degrees, about 3 km).
MIN_EXTENT_DEG = 0.03
STOP_ICON_PX = 24

CSS = """
.ikd-stop{width:24px;height:24px;border-radius:50%;color:#fff;font:bold 13px/24px
 Arial,Helvetica,sans-serif;text-align:center;border:2px solid #fff;box-shadow:0 0 3px #000;
 box-sizing:border-box;line-height:20px}
.ikd-base{width:22px;height:22px;background:#111;color:#fff;border:2px solid #fff;
 box-shadow:0 0 3px #000;font:bold 12px/18px Arial,sans-serif;text-align:center;
 box-sizing:border-box}
.ikd-dot{width:12px;height:12px;border-radius:50%;border:2px solid #333;box-sizing:border-box}
.ikd-dot.school{background:#4575b4}.ikd-dot.office{background:#1a9850}
.ikd-dot.event{background:#f46d43}.ikd-dot.other{background:#999}
.ikd-dot.unscheduled{background:#fff;border:2px solid #777}
.ikd-legend{background:rgba(255,255,255,.94);padding:6px 9px;font:12px/1.35 Arial,sans-serif;
 max-width:290px;max-height:70vh;overflow:auto;border-radius:5px;box-shadow:0 0 6px #777}
.ikd-legend summary{font-weight:bold;cursor:pointer}
.ikd-legend .sw{display:inline-block;width:14px;height:10px;margin-right:5px;
 vertical-align:middle;border:1px solid #888}
.ikd-legend .ln{display:inline-block;width:22px;height:4px;margin-right:5px;
 vertical-align:middle}
.ikd-legend .note{color:#555;font-style:italic;margin-top:4px}
.ikd-legend table{border-collapse:collapse}.ikd-legend td{padding:1px 4px;vertical-align:top}
.ikd-pop{font:12px/1.4 Arial,sans-serif}.ikd-pop b{font-size:13px}
.ikd-pop .est{color:#7f6000;font-style:italic}
.ikd-pop .why{color:#8a1c1c}
.ikd-label{pointer-events:none}
.ikd-label span{display:none;position:absolute;transform:translate(-50%,-50%);
 white-space:nowrap;font:600 11px/1.1 Arial,Helvetica,sans-serif;color:#222;
 text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}
.ikd-label.kec span{font-size:13px;text-transform:uppercase;letter-spacing:.5px;color:#333}
.ikd-label.venue span{font-weight:normal;font-size:10.5px;color:#333;transform:translate(8px,-50%)}
.ikd-z-far .ikd-label.kec span,.ikd-z-mid .ikd-label.kec span,.ikd-z-mid .ikd-label.desa span,
.ikd-z-near .ikd-label.desa span,.ikd-z-near .ikd-label.venue span{display:block}
"""

#: Zoom levels of the labels: kecamatan below NEAR_ZOOM_MIN, desa from MID_ZOOM_MIN, venue
#: names from NEAR_ZOOM_MIN (a kabupaten fits about zoom 10, a desa about 14).
MID_ZOOM_MIN = 12
NEAR_ZOOM_MIN = 14


def esc(value: object) -> str:
    """Text from data as HTML text (quotes escaped too, so it is safe in attributes)."""
    return html.escape(str(value), quote=True)


class Bind(MacroElement):
    """Binds a popup and/or tooltip to its parent layer from trusted HTML (escaped by us).

    The HTML reaches the page as a JSON string (jinja's `tojson` also escapes `<`, `>`, `&`
    and `'`), never pasted into script, so no name can end the script or a template literal.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- if this.popup %}
            {{ this._parent.get_name() }}.bindPopup({{ this.popup|tojson }}, {maxWidth: 320});
        {%- endif %}
        {%- if this.tooltip %}
            {{ this._parent.get_name() }}.bindTooltip({{ this.tooltip|tojson }},
                {sticky: {{ this.sticky|tojson }} });
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self, popup: str | None = None, tooltip: str | None = None, sticky: bool = False
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Bind"
        self.popup = popup
        self.tooltip = tooltip
        self.sticky = sticky


class Legend(MacroElement):
    """A map control holding trusted (escaped) legend HTML; stays visible in fullscreen.

    It folds into its title on narrow screens (phones) so it does not hide the route.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }} });
            {{ this.get_name() }}.onAdd = function (map) {
                var div = L.DomUtil.create('div', 'ikd-legend');
                div.innerHTML = {{ this.html|tojson }};
                var top = div.querySelector('details.ikd-top');
                if (top && window.innerWidth < 700) { top.open = false; }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, html_text: str, position: str = "bottomright") -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Legend"
        self.html = (
            f'<details class="ikd-top" open><summary>{esc(title)}</summary>{html_text}</details>'
        )
        self.position = position


class PageStyle(MacroElement):
    """Our CSS in the page header (stop numbers, venue dots, legend, popups)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str = CSS) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PageStyle"
        self.css = css


class PlaceLabels(MacroElement):
    """Permanent place names on the map: kecamatan when zoomed out, desa in between, venue
    names when zoomed in (the map's container gets `ikd-z-far|mid|near` on every zoom).

    Names are set with `textContent` from a JSON array, so no name can become markup; the
    labels are not interactive, so they never hide a stop's popup.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var labels = {{ this.labels|tojson }};
            labels.forEach(function (l) {
                var span = document.createElement('span');
                span.textContent = l[2];
                L.marker([l[0], l[1]], {
                    interactive: false, keyboard: false,
                    icon: L.divIcon({html: span, className: 'ikd-label ' + l[3], iconSize: null})
                }).addTo(map);
            });
            function zoomClass() {
                var z = map.getZoom(), c = map.getContainer().classList;
                c.remove('ikd-z-far', 'ikd-z-mid', 'ikd-z-near');
                c.add(z >= {{ this.near }} ? 'ikd-z-near' : z >= {{ this.mid }} ? 'ikd-z-mid'
                    : 'ikd-z-far');
            }
            map.on('zoomend', zoomClass);
            map.whenReady(zoomClass);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: Iterable[tuple[float, float, str, str]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PlaceLabels"
        self.labels = [
            [round(lat, 6), round(lon, 6), text, kind] for lat, lon, text, kind in labels
        ]
        self.mid = MID_ZOOM_MIN
        self.near = NEAR_ZOOM_MIN


def area_labels(shapes: Iterable[Any], kind: str) -> list[tuple[float, float, str, str]]:
    """A label inside each area (its representative point, always within the polygon)."""
    out = []
    for s in shapes:
        p = s.geometry.representative_point()
        out.append((float(p.y), float(p.x), str(s.name), kind))
    return out


class VenueSearch(Search):
    """folium's Search, but result names are shown as text (leaflet-search uses innerHTML)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.Search({
                layer: {{ this.layer.get_name() }},
                propertyName: 'title',
                collapsed: {{ this.collapsed|tojson }},
                textPlaceholder: {{ this.placeholder|tojson }},
                textErr: {{ this.not_found|tojson }},
                position: {{ this.position|tojson }},
                initial: false,
                zoom: 16,
                hideMarkerOnCollapse: true,
                buildTip: function (text, val) {
                    var li = L.DomUtil.create('li', '');
                    li.textContent = text;
                    return li;
                }
            });
            {{ this.get_name() }}.on('search:locationfound', function (e) {
                if (e.layer && e.layer._popup) { e.layer.openPopup(); }
            });
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, layer: Any, placeholder: str, not_found: str) -> None:
        super().__init__(layer, placeholder=placeholder, collapsed=True, position="topleft")  # type: ignore[no-untyped-call]
        self._name = "VenueSearch"
        self.not_found = not_found


class DivMarker(folium.Marker):
    """A marker created with its DivIcon already set.

    folium adds a marker with Leaflet's default image icon and swaps the icon afterwards,
    which makes the browser fetch `marker-icon.png` (absent offline). Here the icon is part
    of the marker's options from the start, so no image is ever requested.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.marker(
                {{ this.location|tojson }},
                {
                    ...{{ this.options|tojavascript }},
                    icon: L.divIcon({{ this.div_options|tojavascript }})
                }
            ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        location: Sequence[float],
        html_text: str,
        size: tuple[int, int],
        class_name: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(location, **kwargs)
        self._name = "DivMarker"
        self.div_options = {
            "html": html_text,
            "iconSize": list(size),
            "iconAnchor": [size[0] // 2, size[1] // 2],
            "className": class_name,
        }


def new_map(points: Sequence[tuple[float, float]], lang: Lang) -> folium.Map:
    """A map fitted to `points` (lat, lon) with OSM tiles, a scale bar and our CSS.

    Tiles only show with a connection; everything we draw is vector data in the page.
    """
    m = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_start=11)
    folium.TileLayer(OSM_TILES, name="OpenStreetMap", control=False).add_to(m)
    PageStyle().add_to(m)
    if points:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        # at least MIN_EXTENT_DEG across, so a day whose stops sit at the base (an event at
        # the office) still shows its surroundings instead of one dot on an empty map
        pad_lat = max(0.005, (MIN_EXTENT_DEG - (max(lats) - min(lats))) / 2)
        pad_lon = max(0.005, (MIN_EXTENT_DEG - (max(lons) - min(lons))) / 2)
        m.fit_bounds(
            [
                [min(lats) - pad_lat, min(lons) - pad_lon],
                [max(lats) + pad_lat, max(lons) + pad_lon],
            ]
        )
    Fullscreen(
        position="topleft",
        title=t(lang, "fullscreen"),
        title_cancel=t(lang, "exit_fullscreen"),
        force_separate_button=True,
    ).add_to(m)
    return m


def page_html(m: folium.Map, title: str) -> str:
    """The map as one self-contained HTML page (no external scripts or styles)."""
    page: str = m.get_root().render()
    page = page.replace("<head>", f"<head>\n<title>{esc(title)}</title>", 1)
    page = page.replace("<html>", '<html lang="id">', 1)
    return inline_assets(page)


def set_lang_attr(page: str, lang: Lang) -> str:
    """Set the page's `lang` attribute (screen readers, hyphenation)."""
    return page.replace('<html lang="id">', f'<html lang="{lang}">', 1)


def estimated_mark(lang: Lang, estimated: bool) -> str:
    """` (perkiraan)` in the popup style for estimated figures, else nothing."""
    return f' <span class="est">({esc(t(lang, "estimated"))})</span>' if estimated else ""


def expected_html(lang: Lang, expected: float, p10: float, p90: float) -> str:
    """`Perkiraan aktivasi: 27 (P10–P90: 16–38)`, marked as an estimate."""
    return (
        f'<span class="est">{esc(t(lang, "expected"))}: <b>{num(lang, expected)}</b> '
        f"({esc(t(lang, 'p10_p90'))}: {num(lang, p10)}–{num(lang, p90)})</span>"
    )


def stop_popup(lang: Lang, v: Visit, colour: str) -> str:
    """Popup of a numbered stop: venue, team, date, times, travel, expected (P10–P90)."""
    s = v.stop
    venue = v.venue
    lines = [
        f'<b><span style="color:{colour}">{s.stop}.</span> {esc(venue.name)}</b>',
        f"{esc(venue_type_label(lang, venue.type))} · {esc(venue.desa)}, {esc(venue.kecamatan)}",
        f"{esc(team_label(lang, v.team))} · {esc(long_date(lang, v.date))}",
        f"{esc(t(lang, 'arrive'))} {esc(s.arrive)} · {esc(t(lang, 'start'))} {esc(s.start)} · "
        f"{esc(t(lang, 'end'))} {esc(s.end)}",
        f"{esc(t(lang, 'travel_min'))}: {num(lang, s.travel_min)}",
        expected_html(lang, s.expected_activations, s.p10, s.p90),
    ]
    if s.fixed:
        lines.append(f"<i>{esc(t(lang, 'fixed'))}</i>")
    if venue.coord_estimated:
        lines.append(f'<span class="est">{esc(t(lang, "coord_estimated"))}</span>')
    return '<div class="ikd-pop">' + "<br>".join(lines) + "</div>"


def stop_marker(location: Sequence[float], number: int, colour: str) -> DivMarker:
    """A round marker with the stop number in the team colour (no images needed)."""
    return DivMarker(
        location,
        f'<div class="ikd-stop" style="background:{esc(colour)}">{int(number)}</div>',
        (STOP_ICON_PX, STOP_ICON_PX),
        "ikd-stop-icon",
        z_index_offset=1000,
    )


def base_marker(base: PlanVenue, lang: Lang) -> DivMarker:
    """The team base as a black square `B`, with a popup naming it."""
    marker = DivMarker(
        [base.lat, base.lon],
        '<div class="ikd-base">B</div>',
        (22, 22),
        "ikd-base-icon",
        z_index_offset=500,
    )
    pop = f'<div class="ikd-pop"><b>{esc(t(lang, "base"))}</b><br>{esc(base.name)}</div>'
    Bind(popup=pop, tooltip=f"{esc(t(lang, 'base'))}: {esc(base.name)}").add_to(marker)
    return marker


def add_route(parent: Any, it: Itinerary, colour: str, lang: Lang, tooltip: str) -> None:
    """The day's route on `parent`: a haloed line with direction arrows and numbered stops."""
    path = it.path()
    if len(path) >= 2:
        PolyLine(path, color="#ffffff", weight=8, opacity=0.8, interactive=False).add_to(parent)
        line = PolyLine(path, color=colour, weight=4, opacity=0.95, class_name="ikd-route")
        line.add_child(Bind(tooltip=tooltip, sticky=True))
        line.add_to(parent)
        PolyLineTextPath(
            line,
            "    ►    ",
            repeat=True,
            offset=5,
            attributes={"fill": colour, "font-size": "15", "font-weight": "bold"},
        ).add_to(parent)
    for v in it.visits:
        marker = stop_marker([v.venue.lat, v.venue.lon], v.stop.stop, colour)
        Bind(
            popup=stop_popup(lang, v, colour),
            tooltip=f"{v.stop.stop}. {esc(v.venue.name)} · {esc(v.stop.start)}–{esc(v.stop.end)}",
        ).add_to(marker)
        marker.add_to(parent)


def legend_block(title: str, rows: Iterable[str], open_: bool = True) -> str:
    """A collapsible legend section (`rows` are trusted HTML)."""
    body = "<br>".join(rows)
    return f"<details{' open' if open_ else ''}><summary>{esc(title)}</summary>{body}</details>"
