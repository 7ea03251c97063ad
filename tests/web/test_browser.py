"""The web app in a real headless Chromium against a real server (`ikd-planner serve`, uvicorn)
on a loopback port, with every request to anywhere else blocked: the main flows at phone
(412 px) and desktop sizes, and a server restart that loses nothing."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

from tests.web.conftest import MONTH, PASSWORD, XSS_NAME, Site, make_site

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
PHONE = {"width": 412, "height": 860}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make browser)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    site: Site
    port: int
    proc: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        exe = Path(sys.executable).parent / "ikd-planner"
        cfg = self.site.cfg
        self.proc = subprocess.Popen(
            [
                str(exe),
                "serve",
                "--port",
                str(self.port),
                "--db",
                cfg.db_url,
                "--data",
                str(cfg.data_dir),
                "--scenario",
                str(cfg.scenario),
                "--work",
                str(cfg.work_dir),
            ],
            cwd=self.site.root,
            stdout=subprocess.DEVNULL,
            stderr=self._log(),
        )
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                if httpx.get(self.url + "/login", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    def _log(self) -> IO[bytes]:
        self.log = (self.site.root / "serve.log").open("ab")
        return self.log

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
            self.proc = None
            if self.log is not None:
                self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(make_site(tmp_path_factory.mktemp("served")), free_port())
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Tab:
    """A page that may reach only the test server; records script errors, CSP reports, alerts."""

    def __init__(self, browser: object, server: Server, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.server = server
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _console(self, msg: object) -> None:
        if msg.type == "error" and "Content Security Policy" in msg.text:  # type: ignore[attr-defined]
            self.errors.append(msg.text)  # type: ignore[attr-defined]

    def _dialog(self, d: object) -> None:
        self.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(self.server.url + "/"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    def go(self, path: str) -> object:
        return self.page.goto(self.server.url + path)

    def login(self, name: str, password: str = PASSWORD) -> None:
        self.go("/login")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.server.url + "/")

    def clean(self) -> bool:
        return not self.errors and not self.dialogs and not self.blocked

    def close(self) -> None:
        self.context.close()


def test_office_day_plan_report_restart(browser: object, server: Server, tmp_path: Path) -> None:
    """Desktop: the manager plans a month and watches it solve, sees the result, downloads the
    schedule; the markup-named venue is text. Phone: Tim 1's leader opens the day, sees the
    map, enters actuals; the dashboard's rate moves. After a server restart the sessions, the
    plan and the actuals are all still there. No script error, CSP report, alert or
    off-site request anywhere."""
    boss = Tab(browser, server, DESKTOP)
    boss.login("boss")
    page = boss.page
    rate0 = page.inner_text("#kab-rate")
    boss.go("/plan")
    page.fill("input[name=month]", MONTH)
    page.fill("input[name=time_limit]", "3")
    page.click("#start-plan")
    page.wait_for_url(re.compile(r".*/plan/jobs/\d+$"))
    page.wait_for_selector("#job-bar")  # live progress while it solves
    page.wait_for_selector("#result", timeout=60_000)  # the page reloads itself when done
    assert "P10" in page.inner_text("#result") or "P10" in page.content()
    page.screenshot(path=str(tmp_path / "result.png"))
    page.click("text=" + ("Lihat jadwal"))
    page.wait_for_selector("#dl-xlsx")
    assert page.locator("td.venue", has_text=XSS_NAME).count() >= 1
    assert page.locator("main img").count() == 0
    with page.expect_download() as dl:
        page.click("#dl-xlsx")
    saved = tmp_path / "schedule.xlsx"
    dl.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"

    leader = Tab(browser, server, PHONE)
    leader.login("tl1")
    lp = leader.page
    leader.go("/day")
    lp.wait_for_selector(".leaflet-marker-pane .ikd-stop")
    n_stops = lp.locator("ol.stops li").count()
    assert n_stops >= 1 and lp.locator(".ikd-stop").count() == n_stops
    assert lp.get_attribute("#wa", "href").startswith("https://wa.me/?text=")
    width = lp.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, "the day page scrolls sideways on a phone"
    for box in lp.locator("#actuals-form label.count input").all():
        box.fill("12")
    lp.click("#save-actuals")
    lp.wait_for_selector("#saved")
    assert lp.locator("ol.stops .ok").count() == n_stops
    lp.screenshot(path=str(tmp_path / "day-phone.png"), full_page=True)
    # someone else's team: refused
    resp = leader.go("/schedule?team=Tim%202")
    assert resp.status == 403  # type: ignore[attr-defined]

    boss.go("/")
    rate1 = page.inner_text("#kab-rate")
    assert rate1 != rate0
    page.wait_for_selector("#dash-map path.ikd-kec")

    server.stop()
    server.start()
    boss.go("/")  # the same browser session, a new server process
    assert page.inner_text("#kab-rate") == rate1
    leader.go("/day")
    assert lp.locator("ol.stops .ok").count() == n_stops
    boss.go("/schedule")
    assert page.locator("#dl-xlsx").count() == 1
    assert boss.clean(), (boss.errors, boss.dialogs, boss.blocked)
    assert leader.clean(), (leader.errors, leader.dialogs, leader.blocked)
    boss.close()
    leader.close()


def test_viewer_reads_only_and_a_form_without_csrf_is_refused(
    browser: object, server: Server
) -> None:
    """A viewer has no Plan/Import pages and no actuals form; a manager's form whose CSRF
    field was removed is refused with the error page, and nothing starts."""
    look = Tab(browser, server, PHONE)
    look.login("look")
    page = look.page
    assert page.locator("nav a[href='/plan']").count() == 0
    assert look.go("/plan").status == 403  # type: ignore[attr-defined]
    look.go("/schedule")
    assert page.locator("#actuals-form").count() == 0
    look.close()

    boss = Tab(browser, server, DESKTOP)
    boss.login("boss")
    boss.go("/plan")
    jobs = boss.page.locator("a[href^='/plan/jobs/']").count()
    boss.page.evaluate("document.querySelector('form[action=\"/plan\"] input[name=csrf]').remove()")
    boss.page.click("#start-plan")
    boss.page.wait_for_load_state()
    assert boss.page.locator("p.error").count() == 1
    boss.go("/plan")
    assert boss.page.locator("a[href^='/plan/jobs/']").count() == jobs
    assert boss.clean()
    boss.close()
    _ = os


def test_manager_runs_a_staffing_sweep(browser: object, server: Server, tmp_path: Path) -> None:
    """Desktop: the manager opens Scenarios from the menu, asks for 1 and 2 teams (2 s per
    plan, one worker process), watches the progress (across a reload), reads the comparison,
    opens one case's plan and downloads comparison.xlsx. The name typed in stays text. A
    second sweep started just before a server restart finishes, and the page shows it."""
    boss = Tab(browser, server, DESKTOP)
    boss.login("boss")
    page = boss.page
    page.click("nav a[href='/scenarios']")
    page.wait_for_selector("#sweep-form")
    page.fill("input[name=name]", XSS_NAME)
    page.fill("input[name=months]", MONTH)
    page.fill("input[name=teams]", "1, 2")
    page.fill("input[name=time_limit]", "2")
    page.fill("input[name=workers]", "1")
    page.click("#start-sweep")
    page.wait_for_url(re.compile(r".*/scenarios/\d+$"))
    page.wait_for_selector("#job-bar, #comparison")  # live progress while it runs
    page.reload()  # the sweep goes on; the page picks it up again
    page.wait_for_selector("#comparison tbody tr:nth-child(2) a", timeout=120_000)
    assert page.locator("#job-status.status-done").count() == 1
    assert XSS_NAME in page.inner_text("h1") and page.locator("main img").count() == 0
    assert page.locator("#comparison thead th", has_text="P10").count() == 1
    page.screenshot(path=str(tmp_path / "sweep.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("a[href$='/download/comparison.xlsx']")
    saved = tmp_path / "comparison.xlsx"
    dl.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    page.click("#comparison tbody tr:nth-child(2) a")
    page.wait_for_selector("#case table.summary")
    assert page.locator("#case a[href$='/download/schedule.xlsx']").count() == 1

    # a sweep goes on while the server restarts (its worker is a process of its own)
    boss.go("/scenarios")
    page.fill("input[name=months]", MONTH)
    page.fill("input[name=teams]", "1, 2, 3")
    page.fill("input[name=time_limit]", "3")
    page.fill("input[name=workers]", "1")
    page.click("#start-sweep")
    page.wait_for_url(re.compile(r".*/scenarios/\d+$"))
    page.wait_for_selector("#job-status.status-running", timeout=60_000)
    server.stop()
    server.start()
    page.reload()
    page.wait_for_selector("#comparison tbody tr:nth-child(3) a", timeout=120_000)
    assert page.locator("#job-status.status-done").count() == 1
    assert boss.clean(), (boss.errors, boss.dialogs, boss.blocked)
    boss.close()


SMALL_PHONE = {"width": 360, "height": 740}


def _scrolls_sideways(page: object) -> bool:
    """True when the page itself scrolls sideways (a table scrolling in its own box is fine)."""
    return bool(
        page.evaluate(  # type: ignore[attr-defined]
            "document.scrollingElement.scrollWidth > window.innerWidth"
        )
    )


def _controls_off_screen(page: object, selector: str) -> list[str]:
    """The form controls of `selector` not wholly on screen across, or too small to tap (a
    checkbox is tapped by its label)."""
    return list(
        page.evaluate(  # type: ignore[attr-defined]
            """sel => [...document.querySelectorAll(sel + ' input:not([type=hidden]), '
                    + sel + ' button, ' + sel + ' select')]
                .map(e => [e.name || e.id, (e.type === 'checkbox' && e.closest('label') || e)
                                            .getBoundingClientRect()])
                .filter(([, r]) => r.left < 0 || r.right > window.innerWidth
                                 || (r.height < 32 && r.width < 32))
                .map(([n]) => n)""",
            selector,
        )
    )


def test_scenarios_page_and_its_comparison_fit_a_small_phone(
    browser: object, server: Server, tmp_path: Path
) -> None:
    """At 360 × 740 the Scenarios page and a finished comparison do not scroll sideways (the
    comparison table scrolls inside its own box), and every control of the form is on screen
    and big enough to tap: a manager can start a sweep from a phone."""
    boss = Tab(browser, server, SMALL_PHONE)
    boss.login("boss")
    page = boss.page
    boss.go("/scenarios")
    page.wait_for_selector("#sweep-form")
    assert not _scrolls_sideways(page), "the Scenarios page scrolls sideways at 360 px"
    assert _controls_off_screen(page, "#sweep-form") == []
    page.fill("input[name=months]", MONTH)
    page.fill("input[name=teams]", "1, 2")
    page.fill("input[name=time_limit]", "2")
    page.fill("input[name=workers]", "1")
    page.click("#start-sweep")
    page.wait_for_url(re.compile(r".*/scenarios/\d+$"))
    page.wait_for_selector("#comparison tbody tr:nth-child(2) a", timeout=120_000)
    page.screenshot(path=str(tmp_path / "comparison-360.png"), full_page=True)
    assert not _scrolls_sideways(page), "the comparison page scrolls sideways at 360 px"
    box = page.locator("#comparison table").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.evaluate("document.querySelector('#comparison table').scrollLeft = 1e6")
    case_link = page.locator("#comparison tbody tr:nth-child(2) a")
    link_box = case_link.bounding_box()  # the case column stays while the figures scroll
    assert link_box is not None and box["x"] <= link_box["x"] < box["x"] + 120
    case_link.click()
    page.wait_for_selector("#case table.summary")
    assert not _scrolls_sideways(page), "a case's page scrolls sideways at 360 px"
    said = page.inner_text("#case")
    assert "Basis tim" in said and "residents come here" not in said  # reasons in Bahasa
    boss.go("/scenarios")
    assert page.locator("#sweep-jobs a").count() >= 1
    assert not _scrolls_sideways(page), "the list of sweeps pushes the page sideways at 360 px"
    assert boss.clean(), (boss.errors, boss.dialogs, boss.blocked)
    boss.close()
