"""Itineraries, team order, folder names, colours and labels shared by every renderer."""

from __future__ import annotations

import itertools

from planner.plan import Plan
from planner.render.itinerary import (
    directions_url,
    itineraries,
    legs,
    natural_key,
    slug,
    team_colours,
    team_order,
    team_slugs,
)


def test_itineraries_follow_date_then_scenario_team_order(plan: Plan) -> None:
    """Team-days come by date, then in the scenario's team order (not the plan's order)."""
    its = itineraries(plan)
    assert [(it.date, it.team) for it in its] == sorted(
        [(td.date, td.team) for td in plan.team_days], key=lambda k: (k[0], k[1] == "Tim B")
    )
    assert team_order(plan) == ["Tim A", "Tim B"]
    first = its[0]
    assert first.base is not None and first.path()[0] == first.path()[-1]
    assert len(first.path()) == len(first.visits) + 2


def test_legs_go_from_base_through_stops_and_back(plan: Plan) -> None:
    """A day has one leg per stop plus the drive home; each leg ends where the next starts."""
    it = itineraries(plan)[0]
    ls = legs(it)
    assert [leg.to_stop for leg in ls] == [*[v.stop.stop for v in it.visits], None]
    for a, b in itertools.pairwise(ls):
        assert a.destination == b.origin
    url = directions_url((-1.3, 116.7), (-1.25, 116.75))
    assert url == (
        "https://www.google.com/maps/dir/?api=1&origin=-1.300000,116.700000"
        "&destination=-1.250000,116.750000&travelmode=driving"
    )


def test_team_folders_are_ascii_and_distinct(plan: Plan) -> None:
    """Team folder names are safe ASCII, distinct even when names collapse to the same slug."""
    assert slug("Tim Ñusantara / 1") == "tim-nusantara-1"
    assert slug("../../etc") == "etc"
    odd = plan.model_copy(
        update={"scenario": {"teams": [{"name": "Tim A"}, {"name": "tim-a"}, {"name": "署"}]}}
    )
    slugs = team_slugs(odd)
    assert len(set(slugs.values())) == len(slugs) >= 3
    assert all(s.replace("-", "").isalnum() and s.isascii() for s in slugs.values())
    assert natural_key("Tim 2") < natural_key("Tim 10")
    assert len(set(team_colours(plan).values())) == 2
