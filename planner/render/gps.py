"""`route.gpx` and `route.kml`: a team-day's stops in order for navigation apps and Google Earth.

Both list the base and the stops in driving order with names and arrival times, plus the
route as a line. Built with xml.etree, so names from data are escaped as XML text. KML
descriptions are shown as HTML by Google Earth, so they are HTML-escaped as well; GPX `desc`
is plain text by the standard. Characters XML 1.0 forbids are dropped. Arrival times are
local clock times (the plan carries no time zone), written as text rather than GPX `<time>`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from planner.i18n import Lang, long_date, num, t, team_label
from planner.plan import PlanVenue
from planner.render.itinerary import Itinerary, Visit
from planner.render.trip_text import back_label

GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """`value` as text XML 1.0 can hold (control characters removed)."""
    return _XML_FORBIDDEN.sub("", str(value))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = xml_text(text)
    return el


def stop_name(v: Visit) -> str:
    """`3. 10:05 SMA Negeri 1`: order, arrival time and venue, as navigation apps list it."""
    return f"{v.stop.stop}. {v.stop.arrive} {v.venue.name}"


def stop_description(v: Visit, lang: Lang) -> str:
    """Times, travel and expected activations of a stop as one line of plain text."""
    s = v.stop
    return (
        f"{t(lang, 'arrive')} {s.arrive} · {t(lang, 'start')} {s.start} · "
        f"{t(lang, 'end')} {s.end} · {t(lang, 'travel_min')}: {num(lang, s.travel_min)} · "
        f"{t(lang, 'expected')} ({t(lang, 'estimated')}): {num(lang, s.expected_activations)} "
        f"({t(lang, 'p10_p90')}: {num(lang, s.p10)}–{num(lang, s.p90)}) · "
        f"{v.venue.desa}, {v.venue.kecamatan}"
    )


def _title(it: Itinerary, lang: Lang) -> str:
    return f"{team_label(lang, it.team)} — {long_date(lang, it.date)}"


def _base_name(base: PlanVenue, lang: Lang) -> str:
    return f"B. {t(lang, 'base')}: {base.name}"


def _to_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def gpx_document(it: Itinerary, lang: Lang) -> bytes:
    """GPX 1.1 with a waypoint per stop (and the base) and the day's route."""
    ET.register_namespace("", GPX_NS)
    root = ET.Element(f"{{{GPX_NS}}}gpx", {"version": "1.1", "creator": "ikd-planner"})
    meta = _sub(root, f"{{{GPX_NS}}}metadata")
    _sub(meta, f"{{{GPX_NS}}}name", _title(it, lang))
    points: list[tuple[float, float, str, str, str]] = []
    td = it.team_day
    if it.base is not None:
        points.append(
            (
                it.base.lat,
                it.base.lon,
                _base_name(it.base, lang),
                f"{t(lang, 'depart')} {td.depart}",
                f"{t(lang, 'depart')} {td.depart} · {t(lang, 'return')} {td.return_}",
            )
        )
    for v in it.visits:
        points.append(
            (
                v.venue.lat,
                v.venue.lon,
                stop_name(v),
                f"{t(lang, 'arrive')} {v.stop.arrive}",
                stop_description(v, lang),
            )
        )
    for lat, lon, name, cmt, desc in points:
        wpt = _sub(root, f"{{{GPX_NS}}}wpt", lat=f"{lat:.6f}", lon=f"{lon:.6f}")
        _sub(wpt, f"{{{GPX_NS}}}name", name)
        _sub(wpt, f"{{{GPX_NS}}}cmt", cmt)
        _sub(wpt, f"{{{GPX_NS}}}desc", desc)
    rte = _sub(root, f"{{{GPX_NS}}}rte")
    _sub(rte, f"{{{GPX_NS}}}name", _title(it, lang))
    route_points = list(points)
    if it.base is not None and it.visits:
        route_points.append(
            (
                it.base.lat,
                it.base.lon,
                f"B. {back_label(it, lang)}: {it.base.name}",
                f"{t(lang, 'return')} ±{td.return_}",
                "",
            )
        )
    for lat, lon, name, cmt, _desc in route_points:
        pt = _sub(rte, f"{{{GPX_NS}}}rtept", lat=f"{lat:.6f}", lon=f"{lon:.6f}")
        _sub(pt, f"{{{GPX_NS}}}name", name)
        _sub(pt, f"{{{GPX_NS}}}cmt", cmt)
    return _to_bytes(root)


def _kml_colour(hex_rgb: str) -> str:
    """`#rrggbb` → KML `aabbggrr` (opaque)."""
    rgb = hex_rgb.lstrip("#")
    return f"ff{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def kml_document(it: Itinerary, colour: str, lang: Lang) -> bytes:
    """KML 2.2: a placemark per stop (and the base) in order and the route as a line."""
    ET.register_namespace("", KML_NS)
    k = f"{{{KML_NS}}}"
    root = ET.Element(f"{k}kml")
    doc = _sub(root, f"{k}Document")
    _sub(doc, f"{k}name", _title(it, lang))
    style = _sub(doc, f"{k}Style", id="route")
    line_style = _sub(style, f"{k}LineStyle")
    _sub(line_style, f"{k}color", _kml_colour(colour))
    _sub(line_style, f"{k}width", "4")
    stop_style = _sub(doc, f"{k}Style", id="stop")
    icon_style = _sub(stop_style, f"{k}IconStyle")
    _sub(icon_style, f"{k}color", _kml_colour(colour))
    folder = _sub(doc, f"{k}Folder")
    _sub(folder, f"{k}name", t(lang, "visits"))
    td = it.team_day
    marks: list[tuple[float, float, str, str]] = []
    if it.base is not None:
        marks.append(
            (
                it.base.lat,
                it.base.lon,
                _base_name(it.base, lang),
                f"{t(lang, 'depart')} {td.depart} · {t(lang, 'return')} {td.return_}",
            )
        )
    marks += [
        (v.venue.lat, v.venue.lon, stop_name(v), stop_description(v, lang)) for v in it.visits
    ]
    for lat, lon, name, desc in marks:
        pm = _sub(folder, f"{k}Placemark")
        _sub(pm, f"{k}name", name)
        _sub(pm, f"{k}description", html.escape(desc))
        _sub(pm, f"{k}styleUrl", "#stop")
        point = _sub(pm, f"{k}Point")
        _sub(point, f"{k}coordinates", f"{lon:.6f},{lat:.6f},0")
    path = it.path()
    if len(path) >= 2:
        pm = _sub(doc, f"{k}Placemark")
        _sub(pm, f"{k}name", f"{t(lang, 'route')} — {_title(it, lang)}")
        _sub(pm, f"{k}styleUrl", "#route")
        ls = _sub(pm, f"{k}LineString")
        _sub(ls, f"{k}tessellate", "1")
        _sub(ls, f"{k}coordinates", " ".join(f"{lon:.6f},{lat:.6f},0" for lat, lon in path))
    return _to_bytes(root)
