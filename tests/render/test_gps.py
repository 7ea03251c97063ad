"""route.gpx and route.kml parse as XML and list the stops in order with arrival times."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from planner.plan import Plan
from planner.render import OutputManifest
from planner.render.gps import GPX_NS, KML_NS, gpx_document, xml_text
from planner.render.itinerary import itineraries, team_slugs
from tests.render.conftest import XSS_NAME

Rendered = tuple[Path, OutputManifest]
G = {"g": GPX_NS}
K = {"k": KML_NS}


def _day_dir(out: Path, plan: Plan, i: int) -> Path:
    it = itineraries(plan)[i]
    return out / "teams" / team_slugs(plan)[it.team] / it.date.isoformat()


def test_gpx_lists_base_then_stops_in_order(rendered: Rendered, plan: Plan) -> None:
    """Waypoints: the base, then each stop `n. HH:MM name` in order; the route returns home."""
    out, _ = rendered
    for i, it in enumerate(itineraries(plan)):
        root = ET.parse(_day_dir(out, plan, i) / "route.gpx").getroot()
        names = [e.text for e in root.findall("g:wpt/g:name", G)]
        assert names[0] is not None and names[0].startswith("B. Basis tim")
        assert names[1:] == [f"{v.stop.stop}. {v.stop.arrive} {v.venue.name}" for v in it.visits]
        cmts = [e.text for e in root.findall("g:wpt/g:cmt", G)][1:]
        assert cmts == [f"Tiba {v.stop.arrive}" for v in it.visits]
        wpts = root.findall("g:wpt", G)[1:]
        for w, v in zip(wpts, it.visits, strict=True):
            assert abs(float(w.attrib["lat"]) - v.venue.lat) < 1e-6
            assert abs(float(w.attrib["lon"]) - v.venue.lon) < 1e-6
        rte = [e.text for e in root.findall("g:rte/g:rtept/g:name", G)]
        assert rte[0] == names[0] and rte[1:-1] == names[1:]
        assert rte[-1] == f"B. Kembali ke basis: {it.base.name if it.base else ''}"


def test_gpx_return_point_says_return_not_depart(rendered: Rendered, plan: Plan) -> None:
    """The route's last point (back at the base) says `Kembali ±HH:MM`, never `Berangkat`."""
    out, _ = rendered
    for i, it in enumerate(itineraries(plan)):
        root = ET.parse(_day_dir(out, plan, i) / "route.gpx").getroot()
        last = root.findall("g:rte/g:rtept", G)[-1]
        cmt = last.find("g:cmt", G)
        assert cmt is not None and cmt.text == f"Kembali ±{it.team_day.return_}"
        assert "Berangkat" not in (last.find("g:name", G).text or "")  # type: ignore[union-attr]


def test_kml_placemarks_in_order_with_escaped_descriptions(rendered: Rendered, plan: Plan) -> None:
    """KML placemarks follow the stops; descriptions (shown as HTML by Google Earth) are escaped."""
    out, _ = rendered
    for i, it in enumerate(itineraries(plan)):
        root = ET.parse(_day_dir(out, plan, i) / "route.kml").getroot()
        marks = root.findall("k:Document/k:Folder/k:Placemark", K)
        names = [m.findtext("k:name", namespaces=K) for m in marks]
        assert names[1:] == [f"{v.stop.stop}. {v.stop.arrive} {v.venue.name}" for v in it.visits]
        line = root.findtext("k:Document/k:Placemark/k:LineString/k:coordinates", namespaces=K)
        assert line is not None and len(line.split()) == len(it.visits) + 2
        for m in marks:
            desc = m.findtext("k:description", namespaces=K) or ""
            assert "<" not in desc
    first = ET.parse(_day_dir(out, plan, 0) / "route.kml").getroot()
    assert XSS_NAME in "".join(first.itertext())  # the name, as plain text
    descs = [
        d.text or ""
        for i in range(len(itineraries(plan)))
        for d in ET.parse(_day_dir(out, plan, i) / "route.kml")
        .getroot()
        .iter(f"{{{KML_NS}}}description")
    ]
    assert any("Desa Sentosa &amp; Jaya" in d for d in descs)  # HTML-escaped for the balloon


def test_control_characters_are_dropped(plan: Plan) -> None:
    """A name with a control character still gives well-formed XML."""
    assert xml_text("a\x00b\x07c\td") == "abc\td"
    it = itineraries(plan)[0]
    venue = it.visits[0].venue.model_copy(update={"name": "Kantor\x01Desa"})
    visit = type(it.visits[0])(it.date, it.team, it.visits[0].stop, venue)
    odd = type(it)(it.team_day, it.base, (visit,))
    root = ET.fromstring(gpx_document(odd, "id"))
    assert root.findall("g:wpt/g:name", G)[1].text == "1. 07:45 KantorDesa"
