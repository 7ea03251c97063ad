"""route.html: one team-day alone, small enough to send, safe and offline."""

from __future__ import annotations

from pathlib import Path

from planner.plan import Plan
from planner.render import OutputManifest
from planner.render.itinerary import itineraries, team_slugs
from planner.render.offline import external_refs
from tests.render.conftest import XSS_NAME
from tests.render.pages import legend_html, popups, stop_numbers, tags_of, text_of

Rendered = tuple[Path, OutputManifest]


def test_each_route_page_shows_that_day_only(rendered: Rendered, plan: Plan) -> None:
    """Every team-day page numbers exactly its own stops 1..n, in driving order."""
    out, _ = rendered
    slugs = team_slugs(plan)
    for it in itineraries(plan):
        page = (out / "teams" / slugs[it.team] / it.date.isoformat() / "route.html").read_text(
            encoding="utf-8"
        )
        assert stop_numbers(page) == list(range(1, len(it.visits) + 1))
        pops = [text_of(p) for p in popups(page) if "Tiba" in text_of(p)]
        assert [p.split("\n")[0] for p in pops] == [
            f"{v.stop.stop}. {v.venue.name}" for v in it.visits
        ]
        legend = text_of(legend_html(page))
        assert it.team in legend and "Perkiraan aktivasi" in legend
        for v in it.visits:
            assert v.stop.arrive in legend


def test_route_pages_are_small_offline_and_escaped(rendered: Rendered) -> None:
    """Each route.html is under 1 MB, fetches nothing, and shows markup-like names as text."""
    out, manifest = rendered
    pages = [f for f in manifest.files if f.name == "route.html"]
    assert pages
    for rel in pages:
        assert manifest.size_of(rel) < 1_000_000
        page = (out / rel).read_text(encoding="utf-8")
        assert external_refs(page) == []
        assert XSS_NAME not in page
        for pop in popups(page):
            assert "img" not in tags_of(pop)
