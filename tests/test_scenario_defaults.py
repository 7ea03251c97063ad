"""The scenario a data folder plans with when none is given, and the check that a scenario
fits the data (planner.scenario_defaults, planner.scenario_check, io.scenario_file)."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import time
from pathlib import Path

import pytest

from planner.domain import Venue
from planner.io.load import load_kabupaten
from planner.io.scenario_file import scenario_for_folder
from planner.pipeline import plan_month
from planner.scenario import FixedEvent, Scenario, Team
from planner.scenario_check import ScenarioDataError, check_scenario_fits
from planner.scenario_defaults import GENERIC_TEAMS, generic_scenario
from planner.settings import DEFAULT_DATA_DIR
from tests.factories import tiny_kabupaten

DATA = Path(__file__).parent / "data"


def test_generic_default_comes_from_the_folder() -> None:
    """Without scenario.toml: teams leave from area.toml's base, and the public event of
    venues.csv is a fixed event on its own open days and hours."""
    data = load_kabupaten(DATA / "kota_sintetis")
    sc, source = scenario_for_folder(data)
    assert "generic default" in source
    assert len(sc.teams) == GENERIC_TEAMS
    assert {t.base for t in sc.teams} == {"V-DUKCAPIL"}
    (ev,) = sc.fixed_events
    assert (ev.venue, ev.weekdays, ev.start, ev.end) == ("V-CFD", (6,), time(6), time(9))


def test_generic_default_has_no_event_where_the_data_has_none() -> None:
    """A kabupaten without a public event gets no fixed event."""
    assert generic_scenario(load_kabupaten(DATA / "kab_sintetis")).fixed_events == ()


def test_generic_default_never_fixes_more_events_at_once_than_teams() -> None:
    """Three Saturday-morning events and two teams: two are fixed, the third stays an ordinary
    venue, so the default month can always be staffed."""
    data = tiny_kabupaten(n_desa=3)
    cfd = data.venue("CFD")
    extra = tuple(
        dataclasses.replace(cfd, venue_id=f"CFD{i}", lon=cfd.lon + 0.01 * i) for i in (2, 3)
    )
    data = dataclasses.replace(data, venues=(*data.venues, *extra))
    sc = generic_scenario(data)
    assert [e.venue for e in sc.fixed_events] == ["CFD", "CFD2"]
    plan = plan_month(data, sc.override(time_limit_s=4), month="2027-01")
    assert plan.summary.visits > 0


def test_folder_scenario_toml_wins(tmp_path: Path) -> None:
    """A folder with its own scenario.toml plans with it (PPU's is the CFD scenario)."""
    data = load_kabupaten(DEFAULT_DATA_DIR)
    sc, source = scenario_for_folder(data)
    assert source.endswith("scenario.toml")
    assert sc.fixed_events[0].venue == "V-CFD-PENAJAM"
    folder = tmp_path / "kota"
    shutil.copytree(DATA / "kota_sintetis", folder)
    (folder / "scenario.toml").write_text("[[teams]]\nname = 'Satu'\n", encoding="utf-8")
    sc, _ = scenario_for_folder(load_kabupaten(folder))
    assert [t.name for t in sc.teams] == ["Satu"] and sc.fixed_events == ()


def test_a_venue_the_data_lacks_names_field_file_and_closest_ids() -> None:
    """PPU's CFD stand against another folder: the message names the scenario field, the
    folder's venues.csv, and lists existing ids with the closest first."""
    data = load_kabupaten(DATA / "kota_sintetis")
    sc = Scenario(
        teams=(Team(name="A", base="V-DUKCAPL"),),
        fixed_events=(FixedEvent(venue="V-CFD-PENAJAM"),),
    )
    with pytest.raises(ScenarioDataError) as exc:
        check_scenario_fits(sc, data)
    lines = str(exc.value).splitlines()
    assert len(lines) == 2
    assert "teams.0.base" in lines[0] and "closest first: V-DUKCAPIL," in lines[0]
    assert "fixed_events.0.venue" in lines[1] and "venues.csv" in lines[1]
    assert "closest first: V-CFD," in lines[1]


def test_plan_month_refuses_a_scenario_for_another_folder() -> None:
    """plan_month (CLI, notebooks, sweeps) stops before solving on an unknown venue."""
    data = tiny_kabupaten(n_desa=2)
    sc = Scenario(fixed_events=(FixedEvent(venue="V-CFD-PENAJAM"),))
    with pytest.raises(ScenarioDataError, match=r"fixed_events\.0\.venue"):
        plan_month(data, sc, month="2027-01")


def test_unknown_team_of_a_fixed_event_lists_the_teams() -> None:
    """A fixed event naming a team the scenario lacks lists the teams, closest first."""
    with pytest.raises(ValueError, match="closest first: Tim 2, Tim 1"):
        Scenario(
            teams=(Team(name="Tim 1"), Team(name="Tim 2")),
            fixed_events=(FixedEvent(venue="CFD", team="Tim 22"),),
        )


def test_generic_default_leaves_other_venue_types_alone() -> None:
    """Only public_event venues become fixed events (a market on the same days does not)."""
    data = tiny_kabupaten(n_desa=2, with_event=False)
    market = Venue(
        "PASAR",
        "market",
        "Pasar",
        "99.01.01",
        "99.01.01.2001",
        -1.3,
        116.7,
        True,
        (5,),
        time(6),
        time(9),
    )
    data = dataclasses.replace(data, venues=(*data.venues, market))
    assert generic_scenario(data).fixed_events == ()
