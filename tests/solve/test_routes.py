"""Day routes: break handling, timing, and completeness of the enumeration."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np

from planner.candidates import Slot, Window
from planner.solve.routes import DayContext, advance, enumerate_routes, time_route

LUNCH = ((720, 780),)


def test_advance_pauses_for_breaks() -> None:
    """Work that reaches lunch resumes after it; work starting in a break starts at its end."""
    assert advance(600, 60, LUNCH) == 660
    assert advance(690, 60, LUNCH) == 810  # 30 min before lunch, 30 after
    assert advance(730, 10, LUNCH) == 790
    assert advance(800, 10, LUNCH) == 810


def _ctx(n: int, end: int = 960) -> tuple[DayContext, np.ndarray, list[str]]:
    rng = np.random.default_rng(3)
    pts = rng.uniform(0, 60, size=(n + 1, 2))
    minutes = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    ids = ["BASE"] + [f"V{i}" for i in range(1, n + 1)]
    slot = Slot(0, "A", date(2026, 11, 2), 3, "BASE", 480, end, LUNCH)
    windows = {i: Window(450 + 30 * (i % 3), 900) for i in range(1, n + 1)}
    service = {i: 60 + 30 * (i % 4) for i in range(1, n + 1)}
    return DayContext(slot, 0, windows, service), minutes, ids


def test_enumeration_finds_every_feasible_venue_set() -> None:
    """Every subset of ≤3 venues that some order makes feasible is enumerated, and no other."""
    ctx, minutes, ids = _ctx(7)
    routes = enumerate_routes(ctx, minutes, ids, max_stops=3)
    found = {frozenset(r.venue_ids) for r in routes}
    brute = set()
    for k in (1, 2, 3):
        for combo in itertools.permutations(range(1, 8), k):
            if time_route(list(combo), ctx, minutes, ids) is not None:
                brute.add(frozenset(ids[i] for i in combo))
    assert found == brute
    assert any(len(s) == 3 for s in found)


def test_routes_respect_windows_and_end_of_day() -> None:
    """Every enumerated route starts visits inside windows and is home by the end of the day."""
    ctx, minutes, ids = _ctx(7, end=840)
    for r in enumerate_routes(ctx, minutes, ids, max_stops=3):
        assert r.return_ <= 840
        for s in r.stops:
            w = ctx.windows[ids.index(s.venue_id)]
            assert w.open <= s.start and s.end <= w.close


def test_the_first_arrival_follows_the_departure() -> None:
    """A team that waits for a venue to open leaves later, so it arrives at departure + drive;
    a fixed-event slot (from midnight) shows a 05:55 departure and a 06:00 arrival, not 00:05."""
    minutes = np.array([[0.0, 5.0], [5.0, 0.0]])
    ids = ["BASE", "CFD"]
    slot = Slot(0, "A", date(2027, 1, 2), 2, "BASE", 0, 960, (), fixed_only=True)
    ctx = DayContext(slot, 0, {1: Window(360, 540)}, {1: 180})
    r = time_route([1], ctx, minutes, ids)
    assert r is not None and (r.depart, r.stops[0].arrive, r.stops[0].start) == (355, 360, 360)
    ctx2, minutes2, ids2 = _ctx(3)
    for route in enumerate_routes(ctx2, minutes2, ids2, max_stops=3):
        first = route.stops[0]
        assert first.arrive == advance(route.depart, first.travel_min, LUNCH) <= first.start
