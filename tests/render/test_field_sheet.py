"""The team's day package: printable jadwal.html, jadwal.png, pesan.txt and peta.png."""

from __future__ import annotations

import itertools
import re
import struct
from pathlib import Path

from planner.plan import Plan
from planner.render import OutputManifest
from planner.render.field_sheet import _png_blocks, bring_items, day_message, day_sheet_html
from planner.render.itinerary import directions_url, itineraries, team_slugs
from tests.render.conftest import XSS_NAME
from tests.render.pages import tags_of, text_of

Rendered = tuple[Path, OutputManifest]
MAPS_URL = re.compile(
    r"https://www\.google\.com/maps/dir/\?api=1&origin=(-?\d+\.\d+),(-?\d+\.\d+)"
    r"&destination=(-?\d+\.\d+),(-?\d+\.\d+)&travelmode=driving"
)


def _day(out: Path, plan: Plan, i: int) -> Path:
    it = itineraries(plan)[i]
    return out / "teams" / team_slugs(plan)[it.team] / it.date.isoformat()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", head[16:24])
    return w, h


def test_jadwal_lists_stops_times_and_a_write_in_column(rendered: Rendered, plan: Plan) -> None:
    """The printable sheet shows every stop with times and expected range, an empty
    'actual' column, and the checklist of what to bring."""
    out, _ = rendered
    it = itineraries(plan)[0]
    page = (_day(out, plan, 0) / "jadwal.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "Jadwal Tim A — Senin, 4 Januari 2027" in text
    for v in it.visits:
        s = v.stop
        assert v.venue.name in text
        assert f"{s.start}–" in text and s.arrive in text
        assert f"{round(s.expected_activations)} ({round(s.p10)}–{round(s.p90)})" in text
    assert page.count('<div class="write">Aktual</div>') == len(it.visits) + 1
    for item in bring_items("id"):
        assert item in text
    assert "QR" in text and "Power bank" in text and "hotspot" in text.lower()
    assert "@page" in page and "http" not in page.replace("https://www.google.com/maps/dir/", "")


def test_each_leg_links_google_maps_directions(rendered: Rendered, plan: Plan) -> None:
    """One directions link per drive: base→1, 1→2, …, last→base, with exact coordinates."""
    out, _ = rendered
    it = itineraries(plan)[0]
    page = (_day(out, plan, 0) / "jadwal.html").read_text(encoding="utf-8")
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', page)]
    assert all(MAPS_URL.fullmatch(h) for h in hrefs)
    assert it.base is not None
    pts = [(it.base.lat, it.base.lon)] + [(v.venue.lat, v.venue.lon) for v in it.visits]
    pts.append(pts[0])
    assert hrefs == [directions_url(a, b) for a, b in itertools.pairwise(pts)]
    m = MAPS_URL.fullmatch(hrefs[0])
    assert m and float(m.group(3)) == round(it.visits[0].venue.lat, 6)


def test_message_is_plain_text_with_tappable_links(rendered: Rendered, plan: Plan) -> None:
    """pesan.txt: a bold title, one line per stop, raw links (no HTML entities), a closing ask."""
    out, _ = rendered
    it = itineraries(plan)[0]
    msg = (_day(out, plan, 0) / "pesan.txt").read_text(encoding="utf-8")
    assert msg.startswith("*Jadwal kunjungan IKD — Tim A*\n")
    for v in it.visits:
        assert f"{v.stop.stop}. {v.stop.arrive} {v.venue.name}" in msg
    assert len(MAPS_URL.findall(msg)) == len(it.visits) + 1
    assert "— 12:00–13:00 Istirahat siang (kegiatan berhenti) —" in msg
    assert "&amp;" not in msg
    assert "aktivasi aktual" in msg


def test_markup_in_names_is_text_in_the_sheet(rendered: Rendered, plan: Plan) -> None:
    """The `<img …>` venue name is shown as text on the printed sheet, never as an image."""
    out, _ = rendered
    page = (_day(out, plan, 0) / "jadwal.html").read_text(encoding="utf-8")
    assert XSS_NAME not in page
    assert XSS_NAME in text_of(page)
    assert "img" not in tags_of(page)


def test_pictures_are_pngs(rendered: Rendered, plan: Plan) -> None:
    """jadwal.png is a portrait picture a phone shows at full width (1080 px wide, taller
    than wide); peta.png is a real picture of readable size for each day."""
    out, _ = rendered
    for i in range(len(itineraries(plan))):
        w, h = _png_size(_day(out, plan, i) / "jadwal.png")
        assert w == 1080 and h > w
        w, h = _png_size(_day(out, plan, i) / "peta.png")
        assert w >= 700 and h >= 700


def test_english_package(rendered_en: Path, plan: Plan) -> None:
    """With lang="en" the sheet and message are in English."""
    text = text_of((_day(rendered_en, plan, 0) / "jadwal.html").read_text(encoding="utf-8"))
    assert "Schedule Tim A — Monday, 4 January 2027" in text
    assert "Actual" in text and "What to bring" in text and "Lunch break" in text
    msg = (_day(rendered_en, plan, 0) / "pesan.txt").read_text(encoding="utf-8")
    assert "Please report the actual activations" in msg


def test_a_break_inside_a_visit_is_its_own_line(plan: Plan) -> None:
    """Tim A's third stop (11:45–13:15) runs through lunch: the sheet shows 11:45–12:00, the
    lunch line 12:00–13:00, then the rest of the visit 13:00–13:15 (lanjutan)."""
    it = itineraries(plan)[0]
    text = text_of(day_sheet_html(plan, it, "id"))
    first, lunch, rest = (
        text.index("11:45–12:00"),
        text.index("12:00–13:00 Istirahat siang"),
        text.index("13:00–13:15"),
    )
    assert first < lunch < rest and "(lanjutan)" in text[rest:]
    assert "11:45–13:15" not in text


def test_text_in_the_picture_is_large_enough_for_a_phone(plan: Plan) -> None:
    """Every line of jadwal.png is drawn at ≥ 11 pt at 180 dpi (≥ 27 px high on a 1080 px
    wide image), and lines are wrapped so none runs off the picture."""
    blocks = _png_blocks(plan, itineraries(plan)[0], "id")
    assert min(size for text, size, _, _ in blocks if text) >= 11
    assert all(len(text) <= 60 for text, _, _, _ in blocks)


def test_a_stop_at_the_base_gets_no_self_to_self_link(plan: Plan) -> None:
    """An event held at the office's own point: no directions link from a point to itself in
    the sheet or the message, and the route map still opens on the area around it."""
    from planner.render.route_map import route_map_html

    it0 = next(it for it in itineraries(plan) if len(it.visits) == 1)
    assert it0.base is not None
    first = it0.visits[0].venue.id
    venues = tuple(
        v.model_copy(update={"lat": it0.base.lat, "lon": it0.base.lon}) if v.id == first else v
        for v in plan.venues
    )
    at_base = plan.model_copy(update={"venues": venues})
    it = next(i for i in itineraries(at_base) if (i.date, i.team) == (it0.date, it0.team))
    page = day_sheet_html(at_base, it, "id")
    message = day_message(at_base, it, "id")
    for text in (page.replace("&amp;", "&"), message):
        for m in MAPS_URL.finditer(text):
            assert m.group(1, 2) != m.group(3, 4), "a link from a point to itself"
    assert MAPS_URL.findall(message) == [], "the whole day is at the base: no drive at all"
    html = route_map_html(at_base, it, None, "#1f4fd1", "id")
    bounds = re.search(
        r"fitBounds\(\s*\[\[([-\d.]+), ([-\d.]+)\], \[([-\d.]+), ([-\d.]+)\]\]", html
    )
    assert bounds is not None
    south, west, north, east = (float(x) for x in bounds.groups())
    assert north - south >= 0.03 - 1e-9 and east - west >= 0.03 - 1e-9
