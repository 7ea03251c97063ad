"""Scenario model and file: defaults, validation messages naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.io.scenario_file import ScenarioError, load_scenario
from planner.scenario import Scenario, parse_weekdays
from planner.settings import DEFAULT_SCENARIO


def test_default_scenario_file_loads() -> None:
    """The shipped PPU scenario is valid and has the Saturday Car Free Day stand."""
    sc = load_scenario(DEFAULT_SCENARIO)
    assert len(sc.teams) == 2
    assert sc.fixed_events[0].venue == "V-CFD-PENAJAM"
    assert sc.solver.time_limit_s == 60


def test_empty_file_is_a_valid_scenario(tmp_path: Path) -> None:
    """Every field has a default."""
    f = tmp_path / "s.toml"
    f.write_text("")
    assert load_scenario(f) == Scenario()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("month = '2026-13'", "month"),
        ("[[teams]]\nname='A'\nofficers=0", "teams.0.officers"),
        ("[[teams]]\nname='A'\nstart='25:00'", "teams.0.start"),
        ("[solver]\ntime_limit_s=-1", "solver.time_limit_s"),
        ("[demand.p_type]\nschool=1.5", "demand.p_type"),
        ("[[teams]]\nname='A'\nweekdays=['Funday']", "teams.0.weekdays"),
        ("unknown_field = 1", "unknown_field"),
        ("[[teams]]\nname='A'\nstart='10:00'\nend='09:00'", "teams.0"),
        ("[[teams]]\nname='A'\n[[teams]]\nname='A'", ""),
        ("[[fixed_events]]\nvenue='X'\nstart='10:00'\nend='09:00'", "fixed_events.0"),
        ("[[teams]]\nname='A'\nofficers='dua'", "teams.0.officers"),
        ("[visits.service_min]\nschool=0", "visits.service_min"),
        (
            "[[calendar.school_holidays]]\nstart=2027-01-10\nend=2027-01-01",
            "calendar.school_holidays.0",
        ),
    ],
)
def test_bad_values_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    """A bad value is a ScenarioError whose message names the file and the field, in English
    and in Bahasa Indonesia (the default), with none of pydantic's English left in Bahasa."""
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    english, bahasa = exc.value.text("en"), exc.value.text("id")
    assert str(exc.value) == english
    for shown in (english, bahasa):
        assert "bad.toml" in shown and f"'{field}" in shown
    if field:
        assert f"kolom '{field}" in bahasa
    words = bahasa.replace(f"'{field}'", "")
    for slip in ("field", "Input should", "must", "expected", "unknown", "Value error"):
        assert slip not in words, (slip, bahasa)


def test_not_toml_is_a_clear_error(tmp_path: Path) -> None:
    """A file that is not TOML says so with the file name."""
    f = tmp_path / "x.toml"
    f.write_text("teams = [[[")
    with pytest.raises(ScenarioError, match=r"x\.toml: not valid TOML"):
        load_scenario(f)


def test_weekday_syntax() -> None:
    """Ranges, lists and Bahasa names all parse to weekday numbers."""
    assert parse_weekdays("Mon-Fri") == (0, 1, 2, 3, 4)
    assert parse_weekdays(["Senin", "Sabtu"]) == (0, 5)
    assert parse_weekdays("Mon,Wed") == (0, 2)


def test_override_team_count_copies_settings() -> None:
    """--teams 4 adds teams like the last one; fewer teams drop the extras."""
    sc = load_scenario(DEFAULT_SCENARIO)
    four = sc.override(teams=4, time_limit_s=5, seed=3)
    assert [t.name for t in four.teams] == ["Tim 1", "Tim 2", "Tim 3", "Tim 4"]
    assert four.teams[3].officers == sc.teams[1].officers
    assert four.solver.time_limit_s == 5 and four.seed == 3
    assert len(sc.override(teams=1).teams) == 1


def test_scenario_round_trips_through_json() -> None:
    """The scenario written into plan.json validates back to the same scenario."""
    sc = load_scenario(DEFAULT_SCENARIO)
    assert Scenario.model_validate(sc.model_dump(mode="json")) == sc


def test_a_scenario_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """A file saved by a Windows editor with a UTF-8 BOM is read like area.toml is."""
    f = tmp_path / "s.toml"
    f.write_bytes(b"\xef\xbb\xbfname = 'bom'\n")
    assert load_scenario(f).name == "bom"


def test_a_folder_is_not_a_scenario(tmp_path: Path) -> None:
    """Pointing at a directory is one clear sentence, not a traceback."""
    with pytest.raises(ScenarioError, match="is a folder, not a scenario file"):
        load_scenario(tmp_path)


def test_a_fixed_event_ending_before_it_starts_is_refused() -> None:
    """An event 09:00-08:00 is named as such instead of 'cannot be staffed' later."""
    with pytest.raises(ValueError, match="end 08:00 is not after start 09:00"):
        Scenario.model_validate(
            {"fixed_events": [{"venue": "X", "start": "09:00", "end": "08:00"}]}
        )


def test_a_lunch_covering_the_whole_day_is_refused() -> None:
    """A lunch from before start to after end leaves no time for any visit: say so."""
    with pytest.raises(ValueError, match="covers the whole working day"):
        Scenario.model_validate(
            {"teams": [{"name": "A", "lunch": {"start": "07:00", "end": "17:00"}}]}
        )
