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


# --- public events a team cannot staff (issue 14, G2) --------------------------------------

#: 130 km north of kab_sintetis's base: a kecamatan capital's weekly event, ~4.4 h away.
_FAR = (
    "V-EXPO,public_event,Expo,98.02.05,98.02.05.2003,-0.42737,116.42074,true,{days},"
    "09:00,11:00,0,false,x"
)
#: Next to the base, in the evening.
_EVENING = (
    "V-PASMALAM,public_event,Pasar Malam,98.02.01,98.02.01.1001,-1.57185,116.43587,true,"
    "Fri,18:00,22:00,0,false,x"
)


def _folder_with(tmp_path: Path, *rows: str) -> Path:
    folder = tmp_path / "kab"
    shutil.copytree(DATA / "kab_sintetis", folder)
    with (folder / "venues.csv").open("a", encoding="utf-8") as f:
        f.writelines(row + "\n" for row in rows)
    return folder


def test_a_far_weekday_event_is_not_fixed_and_the_warning_says_why(tmp_path: Path) -> None:
    """An event 4.4 h from the base on a Monday morning cannot be reached within team hours:
    the default leaves it out and the warning names it, the day and the distance."""
    from planner.scenario_defaults import skipped_events

    data = load_kabupaten(_folder_with(tmp_path, _FAR.format(days="Mon")))
    assert generic_scenario(data).fixed_events == ()
    (note,) = skipped_events(data)
    text = note.text("id")
    assert "Expo (V-EXPO), Senin 09:00–11:00" in text and "km dari basis" in text
    assert "Monday" in note.text("en")


def test_an_evening_event_outside_team_hours_is_not_fixed(tmp_path: Path) -> None:
    """A Friday 18:00–22:00 market next to the office is outside the 08:00–16:00 day."""
    from planner.scenario_defaults import skipped_events

    data = load_kabupaten(_folder_with(tmp_path, _EVENING))
    assert generic_scenario(data).fixed_events == ()
    (note,) = skipped_events(data)
    assert "di luar jam kerja tim 08:00–16:00" in note.text("id")


def test_a_far_weekend_event_does_not_send_a_team_out_at_night(tmp_path: Path) -> None:
    """The same far event on a Saturday would mean leaving before 05:00: not fixed; a Saturday
    event near the base still is."""
    from planner.scenario_defaults import skipped_events

    near = (
        "V-CFD,public_event,CFD,98.02.01,98.02.01.1001,-1.58,116.44,true,Sat,06:00,09:00,0,false,x"
    )
    data = load_kabupaten(_folder_with(tmp_path, _FAR.format(days="Sat"), near))
    assert [e.venue for e in generic_scenario(data).fixed_events] == ["V-CFD"]
    (note,) = skipped_events(data)
    assert note.venue_id == "V-EXPO" and "04:" in note.text("id")


def test_an_event_through_lunch_on_a_working_day_is_not_fixed() -> None:
    """A weekday event 11:00–14:00 runs through the team's lunch: a visit cannot pause in the
    middle of it, so it is not fixed (the solver could not staff it either)."""
    from planner.scenario_defaults import skipped_events

    data = tiny_kabupaten(n_desa=2)
    cfd = data.venue("CFD")
    midday = dataclasses.replace(
        cfd, venue_id="BAZAR", open_days=(2,), open_time=time(11), close_time=time(14)
    )
    data = dataclasses.replace(data, venues=(*data.venues, midday))
    assert [e.venue for e in generic_scenario(data).fixed_events] == ["CFD"]
    assert "istirahat" in skipped_events(data)[0].text("id")


def test_an_unstaffable_fixed_event_names_the_event_and_the_date() -> None:
    """A scenario's own fixed event no team can staff stops before solving, naming the event
    and each date in the reader's language."""
    from planner.solve.staffing import UnstaffedEventError

    data = tiny_kabupaten(n_desa=2)
    sc = Scenario(
        teams=(Team(name="A", base="BASE"),),
        fixed_events=(
            FixedEvent(venue="CFD", weekdays=(2,), start=time(18), end=time(21), officers=2),
        ),
    ).override(time_limit_s=5)
    with pytest.raises(UnstaffedEventError) as caught:
        plan_month(data, sc, month="2027-01")
    text = caught.value.text("id")
    assert "(CFD) pada Rabu, 6 Januari 2027" in text and "dan 1 lagi" in text
    assert "on Wednesday, 6 January 2027" in caught.value.text("en")


@pytest.mark.slow
def test_a_folder_with_ordinary_public_events_plans_with_no_other_option(
    tmp_path: Path,
) -> None:
    """`plan --data DIR` and nothing else on a folder with a far weekday event and an evening
    event: it plans (exit 0) and warns about both events."""
    from typer.testing import CliRunner

    from planner.cli import app

    folder = _folder_with(tmp_path, _FAR.format(days="Mon"), _EVENING)
    res = CliRunner().invoke(
        app,
        [
            "plan",
            "--data",
            str(folder),
            "--month",
            "2027-02",
            "--time-limit",
            "5",
            "--no-maps",
            "--out",
            str(tmp_path / "out"),
            "--db",
            f"sqlite:///{tmp_path}/c.sqlite",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Expo (V-EXPO)" in res.output and "Pasar Malam (V-PASMALAM)" in res.output


def test_data_check_warns_about_an_event_the_default_cannot_staff(tmp_path: Path) -> None:
    """`data check` of a folder without scenario.toml lists the same warning `plan` prints,
    so a folder that "passes" is not a surprise at planning time."""
    from planner.io.check_report import data_check_report, format_report

    folder = _folder_with(tmp_path, _FAR.format(days="Mon"))
    text = format_report(data_check_report(load_kabupaten(folder)), lang="id")
    assert "Expo (V-EXPO), Senin 09:00–11:00, tidak dijadikan acara tetap" in text
    (folder / "scenario.toml").write_text("[[teams]]\nname = 'Satu'\n", encoding="utf-8")
    assert "V-EXPO" not in format_report(data_check_report(load_kabupaten(folder)), lang="id")
