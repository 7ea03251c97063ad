"""The maps in a real headless Chromium with the network cut: they draw, and nothing breaks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.plan import Plan
from planner.render import OutputManifest
from planner.render.itinerary import itineraries, team_slugs
from tests.render.conftest import XSS_NAME

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make browser)"),
]


class Tab:
    """A page with the network blocked that records errors, dialogs and failed local loads."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.failed_local: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]
        page.on("dialog", self._dialog)  # type: ignore[attr-defined]
        page.on("requestfailed", self._failed)  # type: ignore[attr-defined]
        page.route("**/*", self._route)  # type: ignore[attr-defined]

    def _dialog(self, d: object) -> None:
        self.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    def _failed(self, r: object) -> None:
        if not r.url.startswith("http"):  # type: ignore[attr-defined]
            self.failed_local.append(r.url)  # type: ignore[attr-defined]

    @staticmethod
    def _route(route: object) -> None:
        if route.request.url.startswith(("http:", "https:")):  # type: ignore[attr-defined]
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _open(browser: object, path: Path, width: int = 1200, height: int = 850) -> Tab:
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    tab = Tab(page)
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-overlay-pane path.ikd-route")
    page.wait_for_timeout(300)
    return tab


def test_overview_map_draws_routes_and_numbered_stops(
    browser: object, rendered: tuple[Path, OutputManifest], plan: Plan, tmp_path: Path
) -> None:
    """map.html offline: a route line per team-day, every numbered stop, layers toggle,
    the markup-like name shows as text in its popup, no script error, no alert."""
    out, _ = rendered
    tab = _open(browser, out / "map.html")
    page = tab.page
    its = itineraries(plan)
    routes = page.locator(".leaflet-overlay-pane path.ikd-route")  # type: ignore[attr-defined]
    assert routes.count() == len(its)
    stops = page.locator(".leaflet-marker-pane .ikd-stop")  # type: ignore[attr-defined]
    assert stops.count() == sum(len(it.visits) for it in its)
    assert page.locator(".leaflet-control-layers").count() == 1  # type: ignore[attr-defined]
    assert page.locator(".ikd-legend").is_visible()  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "map.png"))  # type: ignore[attr-defined]

    # untick one day in the layer control: its route disappears
    page.locator(".leaflet-control-layers").hover()  # type: ignore[attr-defined]
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Sen 04/01")  # type: ignore[attr-defined]
    label.first.locator("input").uncheck()
    assert routes.count() == len(its) - 1
    label.first.locator("input").check()

    # every stop popup shows times and P10–P90; the markup-like name is text, not an image
    page.mouse.move(5, 840)  # type: ignore[attr-defined]
    texts = []
    for i in range(stops.count()):
        stops.nth(i).click(force=True)
        popup = page.locator(".leaflet-popup-content")  # type: ignore[attr-defined]
        popup.wait_for()
        assert popup.locator("img").count() == 0
        texts.append(popup.inner_text())
        if XSS_NAME in texts[-1]:
            page.screenshot(path=str(tmp_path / "map-popup.png"))  # type: ignore[attr-defined]
        page.locator(".leaflet-popup-close-button").click()  # type: ignore[attr-defined]
        popup.wait_for(state="detached")
    assert all("P10–P90" in t and "Tiba" in t for t in texts)
    assert sum(XSS_NAME in t for t in texts) == sum(
        v.venue.name == XSS_NAME for it in its for v in it.visits
    )

    # search finds a venue by name and lists it as text
    page.locator(".search-button").click()  # type: ignore[attr-defined]
    page.locator("input.search-input").type("img src")  # type: ignore[attr-defined]
    tip = page.locator(".search-tip").first  # type: ignore[attr-defined]
    tip.wait_for()
    assert tip.inner_text() == XSS_NAME
    assert tab.errors == [] and tab.dialogs == [] and tab.failed_local == []
    assert (tmp_path / "map.png").stat().st_size > 10_000


def test_route_page_draws_its_day(
    browser: object, rendered: tuple[Path, OutputManifest], plan: Plan, tmp_path: Path
) -> None:
    """route.html offline: one route line and the day's stops numbered 1..n."""
    out, _ = rendered
    it = itineraries(plan)[3]
    path = out / "teams" / team_slugs(plan)[it.team] / it.date.isoformat() / "route.html"
    tab = _open(browser, path)
    page = tab.page
    assert page.locator("path.ikd-route").count() == 1  # type: ignore[attr-defined]
    numbers = page.locator(".leaflet-marker-pane .ikd-stop").all_inner_texts()  # type: ignore[attr-defined]
    assert numbers == [str(n) for n in range(1, len(it.visits) + 1)]
    assert page.locator("details.ikd-top[open]").count() == 1  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "route.png"))  # type: ignore[attr-defined]
    assert tab.errors == [] and tab.dialogs == [] and tab.failed_local == []


def test_route_page_on_a_phone_folds_the_legend(
    browser: object, rendered: tuple[Path, OutputManifest], plan: Plan, tmp_path: Path
) -> None:
    """On a phone-sized screen the legend starts folded so the route stays visible."""
    out, _ = rendered
    it = itineraries(plan)[0]
    path = out / "teams" / team_slugs(plan)[it.team] / it.date.isoformat() / "route.html"
    tab = _open(browser, path, width=390, height=800)
    page = tab.page
    assert page.locator("details.ikd-top").count() == 1  # type: ignore[attr-defined]
    assert page.locator("details.ikd-top[open]").count() == 0  # type: ignore[attr-defined]
    assert page.locator(".leaflet-marker-pane .ikd-stop").count() == len(it.visits)  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "route-phone.png"))  # type: ignore[attr-defined]
    assert tab.errors == [] and tab.dialogs == []


def test_jadwal_fits_a_412px_phone_and_prints_on_one_a4_page(
    browser: object, rendered: tuple[Path, OutputManifest], plan: Plan
) -> None:
    """jadwal.html on a 412 px wide phone: no sideways scroll, the actuals box of every stop
    is on screen; printed, the day fits one A4 portrait page."""
    out, _ = rendered
    for it in itineraries(plan):
        path = out / "teams" / team_slugs(plan)[it.team] / it.date.isoformat() / "jadwal.html"
        page = browser.new_page(viewport={"width": 412, "height": 915})  # type: ignore[attr-defined]
        tab = Tab(page)
        page.goto(path.as_uri())
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client == 412, it
        boxes = page.locator(".write").all()
        assert len(boxes) == len(it.visits) + 1
        for box in boxes:
            b = box.bounding_box()
            assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= 412
        pdf = page.pdf(format="A4")
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1, "pages printed"
        assert tab.errors == [] and tab.dialogs == []
        page.close()


def test_maps_name_places_at_suitable_zoom_levels(
    browser: object, rendered: tuple[Path, OutputManifest], plan: Plan
) -> None:
    """map.html offline: kecamatan names when zoomed out, desa names from zoom 12, venue names
    from zoom 14; a markup-like venue name is shown as text, never as an element."""
    out, _ = rendered
    tab = _open(browser, out / "map.html")
    page = tab.page

    def visible(kind: str) -> list[str]:
        return page.evaluate(  # type: ignore[attr-defined,no-any-return]
            f"""Array.from(document.querySelectorAll('.ikd-label.{kind} span'))
                .filter(e => getComputedStyle(e).display !== 'none').map(e => e.textContent)"""
        )

    def zoom(z: int) -> None:
        page.evaluate(  # type: ignore[attr-defined]
            "z => { for (const k in window) { const v = window[k];"
            " if (v && v instanceof L.Map) { v.setZoom(z, {animate: false}); } } }",
            z,
        )
        page.wait_for_timeout(300)  # type: ignore[attr-defined]

    zoom(10)
    assert "Kecamatan Barat" in visible("kec") and visible("venue") == []
    zoom(12)
    assert "Desa 1" in visible("desa") and "Desa Sentosa & Jaya" in visible("desa")
    zoom(15)
    assert XSS_NAME in visible("venue") and visible("kec") == []
    assert page.locator(".ikd-label img").count() == 0  # type: ignore[attr-defined]
    assert tab.errors == [] and tab.dialogs == []
