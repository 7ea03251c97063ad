"""map.html as an office user sees it: layers per team and day, stops, popups, legend, safety."""

from __future__ import annotations

from pathlib import Path

from planner.domain import KabupatenData
from planner.plan import Plan
from planner.render import OutputManifest
from planner.render.itinerary import itineraries, team_order
from planner.render.offline import external_refs
from tests.render.conftest import AMP_NAME, JS_NAME, XSS_NAME
from tests.render.pages import (
    geojson_layers,
    legend_html,
    overlay_names,
    popups,
    stop_numbers,
    tags_of,
    text_of,
    tooltips,
)

Rendered = tuple[Path, OutputManifest]


def _page(rendered: Rendered) -> str:
    return (rendered[0] / "map.html").read_text(encoding="utf-8")


def test_a_layer_per_team_and_per_day(rendered: Rendered, plan: Plan) -> None:
    """The layer control lists each team, then each of its days (with its visit count)."""
    names = overlay_names(_page(rendered))
    for team in team_order(plan):
        team_idx = next(i for i, n in enumerate(names) if n.startswith(f"■ {team}"))
        days = [it for it in itineraries(plan) if it.team == team]
        for k, it in enumerate(days, start=1):
            label = names[team_idx + k]
            assert team in label and f"{it.date.day:02d}/{it.date.month:02d}" in label
            assert f"({len(it.visits)} kunjungan)" in label


def test_stops_are_numbered_in_driving_order(rendered: Rendered, plan: Plan) -> None:
    """Stop markers read 1..n for each day, and their popups name the venues in plan order."""
    page = _page(rendered)
    its = [it for team in team_order(plan) for it in itineraries(plan) if it.team == team]
    expected = [v.stop.stop for it in its for v in it.visits]
    assert stop_numbers(page) == expected
    stop_pops = [text_of(p) for p in popups(page) if "Tiba" in text_of(p)]
    names = [v.venue.name for it in its for v in it.visits]
    assert len(stop_pops) == len(names)
    for pop, name, n in zip(stop_pops, names, expected, strict=True):
        assert pop.startswith(f"{n}. {name}")


def test_stop_popups_show_times_and_p10_p90(rendered: Rendered, plan: Plan) -> None:
    """A stop popup shows date, arrive/start/end times and expected activations with P10–P90."""
    page = _page(rendered)
    first = itineraries(plan)[0].visits[0]
    pop = next(text_of(p) for p in popups(page) if text_of(p).startswith(f"1. {first.venue.name}"))
    s = first.stop
    assert f"Tiba {s.arrive}" in pop and f"Mulai {s.start}" in pop and f"Selesai {s.end}" in pop
    assert "Senin, 4 Januari 2027" in pop
    assert f"Perkiraan aktivasi: {round(s.expected_activations)}" in pop
    assert f"rentang P10–P90: {round(s.p10)}–{round(s.p90)}" in pop


def test_unscheduled_venues_show_their_reason(rendered: Rendered, plan: Plan) -> None:
    """A venue the plan skips says so, with the translated reason."""
    texts = [text_of(p) for p in popups(_page(rendered))]
    far = next(t for t in texts if t.startswith("SMA Terpencil"))
    assert "Tidak dijadwalkan: Terlalu jauh" in far
    event = next(t for t in texts if t.startswith("-Car Free Day"))
    assert "Tutup pada semua hari kerja" in event


def test_legend_explains_teams_choropleth_and_estimates(rendered: Rendered, plan: Plan) -> None:
    """The legend names every team, the choropleth classes as estimates, and P10–P90."""
    legend = text_of(legend_html(_page(rendered)))
    for team in team_order(plan):
        assert team in legend
    assert "Warga belum aktivasi IKD (perkiraan*)" in legend
    assert "* = angka perkiraan" in legend
    assert "P10–P90" in legend


def test_desa_tooltips_mark_estimated_counts(rendered: Rendered, kab_data: KabupatenData) -> None:
    """Desa tooltips give unactivated residents; estimated figures carry `*` and a note."""
    layers = geojson_layers(_page(rendered))
    desa = next(lay for lay in layers if any(f["id"] == "99.02.01.2001" for f in lay["features"]))
    tips = {f["id"]: text_of(f["properties"]["tip"]) for f in desa["features"]}
    assert set(tips) == set(kab_data.desa["code"])
    for code, tip in tips.items():
        area = kab_data.areas[code]
        figure = f"{area.unactivated:,}".replace(",", ".")
        assert f"Warga belum aktivasi IKD: {figure}*" in tip
        assert "* = angka perkiraan" in tip
    assert "Kecamatan <b>Timur</b>" in tips["99.02.02.2003"]


def test_english_labels(rendered_en: Path) -> None:
    """With lang="en" the map speaks English."""
    page = (rendered_en / "map.html").read_text(encoding="utf-8")
    legend = text_of(legend_html(page))
    assert "Residents without an activated IKD (estimated*)" in legend
    assert any("Expected activations" in text_of(p) for p in popups(page))
    assert '<html lang="en">' in page


def test_names_from_data_appear_as_text_never_markup(rendered: Rendered) -> None:
    """A venue called `<img src=x onerror=...>` shows as that text; no element is created."""
    page = _page(rendered)
    assert XSS_NAME not in page
    frags = popups(page) + tooltips(page) + overlay_names(page)
    shown = [f for f in frags if XSS_NAME in text_of(f)]
    assert shown, "the name should be visible as text"
    for f in frags:
        assert "img" not in tags_of(f)
    assert any(AMP_NAME in text_of(f) for f in frags)
    assert any(JS_NAME in text_of(f) for f in frags)


def test_no_external_scripts_or_styles(rendered: Rendered) -> None:
    """The page loads no script or stylesheet from the network (tiles aside)."""
    page = _page(rendered)
    assert external_refs(page) == []
    assert "<script src=" not in page and 'rel="stylesheet"' not in page
    assert "L.map(" in page and "L.Control.Search" in page and "markerClusterGroup" in page
